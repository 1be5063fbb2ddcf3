    # Ask the site who the token belongs to.
    $base = {{SITE}}
    $r = Ask-Jira ($base + {{MYSELF}})
    Show-Answer $r
    # After a 401 there (what a token with scopes gets): look up the site cloud id, no token
    # sent, and ask the API gateway the same question.
    if ([int]$r.StatusCode -eq 401) {
        $info = Invoke-WebRequest -SkipHttpErrorCheck `
            -Uri {{TENANT_INFO_URL}}
        Show-Answer $info
        $cloudId = ($info.Content | ConvertFrom-Json).cloudId
        if ($cloudId -match '^[0-9a-fA-F-]{36}$') {
            $base = {{GATEWAY}} + $cloudId
            $r = Ask-Jira ($base + {{MYSELF}})
            Show-Answer $r
        }
    }
