& {
    {{PROMPT}}
    {{TOKEN}}
    # Sign in with the token as the check left it.
    $cred = [pscredential]::new($cred.UserName,
        [Net.NetworkCredential]::new('', $plain).SecurePassword)
    # Show-Answer R: print an answer as curl --include does: status line, headers, a blank
    # line, the body.
    function Show-Answer($r) {
        if (-not $r) { return }
        'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription
        foreach ($h in $r.Headers.GetEnumerator()) { $h.Key + ': ' + ($h.Value -join ', ') }
        ''
        $r.Content
        ''
    }
    {{ASK}}
    {{ROUTE_STEPS}}
    # After a 200: which of the permissions a Tines story needs the account has, same place.
    # Data Center names every permission, unasked.
    $want = {{PERMISSIONS}}
    $path = {{PERMISSIONS_PATH}}
    if ($route -ceq 'data-center') { $path = {{DC_PERMISSIONS}}; $want = '' }
    if ($r -and [int]$r.StatusCode -eq 200) {
        Show-Answer (Ask-Jira ($base + $path + $want))
    }
    # Drop the token from memory.
    Remove-Variable plain, t, cred
}
