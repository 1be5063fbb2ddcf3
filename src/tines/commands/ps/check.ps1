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
    $want = {{PERMISSIONS}}
    if ($r -and [int]$r.StatusCode -eq 200) {
        Show-Answer (Ask-Jira ($base + {{PERMISSIONS_PATH}} + $want))
    }
    # Drop the token from memory.
    Remove-Variable plain, t, cred
}
