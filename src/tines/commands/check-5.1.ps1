& {
    # Switch on TLS 1.2, which Atlassian requires and older .NET Framework defaults leave off.
    $tls = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    [Net.ServicePointManager]::SecurityProtocol = $tls
    # Ask Jira; print the answer as curl --include does (status line, headers, a blank line,
    # the body), an error answer too; keep its status and return the body.
    function Show-Answer($uri, $headers) {
        try {
            $r = Invoke-WebRequest -UseBasicParsing -Uri $uri -Headers $headers `
                -MaximumRedirection 0
            $resp = $r.BaseResponse
            $body = $r.Content
        } catch {
            $resp = $_.Exception.Response
            if ($resp -eq $null) { throw }
            $body = (New-Object System.IO.StreamReader($resp.GetResponseStream())).ReadToEnd()
            if (-not $body -and $_.ErrorDetails) { $body = $_.ErrorDetails.Message }
        }
        Write-Host ('HTTP/' + $resp.ProtocolVersion + ' ' + [int]$resp.StatusCode + ' ' +
            $resp.StatusDescription)
        foreach ($k in $resp.Headers.AllKeys) { Write-Host ($k + ': ' + $resp.Headers[$k]) }
        Write-Host ''
        Write-Host $body
        Write-Host ''
        $script:status = [int]$resp.StatusCode
        return $body
    }
    # Ask for the API token once, at a hidden prompt (the password field).
    $cred = Get-Credential -UserName {{EMAIL}} `
        -Message 'Paste the Jira API token as the password'
    # The Basic header, built from what was typed there; dropped at the end.
    $auth = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(
        $cred.UserName + ':' + $cred.GetNetworkCredential().Password))
    $h = @{ Authorization = $auth; Accept = 'application/json' }
{{ROUTE_STEPS}}
    # After a 200: which of the permissions a Tines story needs the account has, same place.
    $want = {{PERMISSIONS}}
    if ($script:status -eq 200) {
        $null = Show-Answer ($base + {{PERMISSIONS_PATH}} + $want) $h
    }
    # Drop the token from memory.
    Remove-Variable auth, cred, h
}
