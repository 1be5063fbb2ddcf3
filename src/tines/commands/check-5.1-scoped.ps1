    # A token with scopes: look up the site cloud id (no token sent), then ask the API
    # gateway who the token belongs to.
    $script:status = 0
    $info = Show-Answer {{TENANT_INFO_URL}} `
        @{ Accept = 'application/json' }
    $cloudId = ($info | ConvertFrom-Json).cloudId
    if ($cloudId -match '^[0-9a-fA-F-]{36}$') {
        $base = {{GATEWAY}} + $cloudId
        $null = Show-Answer ($base + {{MYSELF}}) $h
    } else { $script:status = 0 }
