& {
    # Ask for the API token once, at a hidden prompt (the password field).
    $cred = Get-Credential -UserName {{EMAIL}} `
        -Message 'Paste the Jira API token as the password'
    # Print an answer as curl --include does: status line, headers, a blank line, the body.
    function Show-Answer($r) {
        'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription
        foreach ($h in $r.Headers.GetEnumerator()) { $h.Key + ': ' + ($h.Value -join ', ') }
        ''
        $r.Content
        ''
    }
    # Every question that carries the token goes through this one request.
    function Ask-Jira($uri) {
        Invoke-WebRequest -Uri $uri -Authentication Basic -Credential $cred `
            -Headers @{ Accept = 'application/json' } -SkipHttpErrorCheck
    }
{{ROUTE_STEPS}}
    # After a 200: which of the permissions a Tines story needs the account has, same place.
    $want = {{PERMISSIONS}}
    if ($r -and [int]$r.StatusCode -eq 200) {
        Show-Answer (Ask-Jira ($base + {{PERMISSIONS_PATH}} + $want))
    }
}
