    # A token with scopes: look up the site cloud id (no token sent), then ask the API
    # gateway who the token belongs to.
    $r = $null
    $info = Invoke-WebRequest -SkipHttpErrorCheck `
        -Uri {{TENANT_INFO_URL}}
    Show-Answer $info
    $cloudId = ($info.Content | ConvertFrom-Json).cloudId
    if ($cloudId -match '^[0-9a-fA-F-]{36}$') {
        $base = {{GATEWAY}} + $cloudId
        $r = Ask-Jira ($base + {{MYSELF}})
        Show-Answer $r
    }
