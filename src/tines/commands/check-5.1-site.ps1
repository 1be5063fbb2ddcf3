    # Ask the site who the token belongs to.
    $base = {{SITE}}
    $null = Show-Answer ($base + {{MYSELF}}) $h
    # After a 401 there (what a token with scopes gets): look up the site cloud id, no token
    # sent, and ask the API gateway the same question.
    if ($script:status -eq 401) {
        $info = Show-Answer {{TENANT_INFO_URL}} `
            @{ Accept = 'application/json' }
        $cloudId = ($info | ConvertFrom-Json).cloudId
        if ($cloudId -match '^[0-9a-fA-F-]{36}$') {
            $base = {{GATEWAY}} + $cloudId
            $null = Show-Answer ($base + {{MYSELF}}) $h
        } else { $script:status = 0 }
    }
