& {
    # Switch on TLS 1.2, which Atlassian requires and older .NET Framework defaults leave off.
    $tls = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    [Net.ServicePointManager]::SecurityProtocol = $tls
    {{PROMPT}}
    {{TOKEN}}
    # The Basic header, built from the token as the check left it (Data Center: the token as
    # Bearer); dropped at the end.
    $auth = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(
        $cred.UserName + ':' + $plain))
    if ($route -ceq 'data-center') { $auth = 'Bearer ' + $plain }
    # Ask-Jira URI [-Open]: every question to Jira goes through this one request, with the
    # header above, or -Open without it, never following a redirect. An error answer is
    # caught; each answer returns.
    function Ask-Jira($uri, [switch]$Open) {
        $headers = @{ Accept = 'application/json' }
        if (-not $Open) { $headers.Authorization = $auth }
        try {
            $w = Invoke-WebRequest -UseBasicParsing -Uri $uri -Headers $headers `
                -MaximumRedirection 0
            $resp = $w.BaseResponse
            $body = $w.Content
        } catch {
            $resp = $_.Exception.Response
            if ($resp -eq $null) { throw }
            $body = (New-Object System.IO.StreamReader($resp.GetResponseStream())).ReadToEnd()
            if (-not $body -and $_.ErrorDetails) { $body = $_.ErrorDetails.Message }
        }
        [pscustomobject]@{ StatusCode = [int]$resp.StatusCode; Headers = $resp.Headers
            Content = $body; Response = $resp }
    }
    # Show-Answer R: print an answer as curl --include does (status line, headers, a blank
    # line, the body), with Write-Host, so that what a step returns is not printed twice.
    function Show-Answer($r) {
        if (-not $r) { return }
        Write-Host ('HTTP/' + $r.Response.ProtocolVersion + ' ' + $r.StatusCode + ' ' +
            $r.Response.StatusDescription)
        foreach ($k in $r.Headers.AllKeys) { Write-Host ($k + ': ' + $r.Headers[$k]) }
        Write-Host ''
        Write-Host $r.Content
        Write-Host ''
    }
    {{ROUTE_STEPS}}
    # After a 200: which of the permissions a Tines story needs the account has, same place.
    $want = {{PERMISSIONS}}
    if ($r -and $r.StatusCode -eq 200) {
        Show-Answer (Ask-Jira ($base + {{PERMISSIONS_PATH}} + $want))
    }
    # Drop the token from memory.
    Remove-Variable auth, plain, t, cred
}
