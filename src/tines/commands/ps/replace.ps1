& {
    {{SECRETS}}
    try {
        {{TOKEN}}
        {{KEY}}
        # The values typed into the page.
        $url = {{URL}}
        $name = {{NAME}}
        $site = {{SITE}}
        $email = {{EMAIL}}
        $route = {{ROUTE}}
        $cloudId = {{CLOUD_ID}}
        $accountId = {{ACCOUNT_ID}}
        $accountName = {{ACCOUNT_NAME}}
        # Ask-Tines URI: ask Tines with the API key as a Bearer token; every answer returns,
        # whatever its status.
        function Ask-Tines($uri) {
            Invoke-WebRequest -Uri $uri -Authentication Bearer -Token $key -SkipHttpErrorCheck `
                -Headers @{ Accept = 'application/json' }
        }
        # Find the credential: its exact name among the team credentials, page after page.
        $found = @()
        $page = 1
        while ($page) {
            $r = Ask-Tines ($url + '?team_id=' + {{TEAM_ID}} + '&per_page=100&page=' + $page)
            if ([int]$r.StatusCode -ne 200) {
                $r.Content
                Write-Host ('Tines answered ' + [int]$r.StatusCode +
                    ' to the list of credentials: nothing was changed.')
                return
            }
            $list = $r.Content | ConvertFrom-Json
            $found += @($list.user_credentials | Where-Object { $_.name -ceq $name })
            # The next page from meta.next_page: only a later page number, never a link.
            $next = $list.meta.next_page_number
            if (-not $next -and $list.meta.next_page -match '[?&]page=(\d+)') {
                $next = $Matches[1]
            }
            $page = if ($list.meta.next_page -and [int]$next -gt $page) { [int]$next } else { 0 }
        }
        # Exactly one credential of that name, or no change.
        if ($found.Count -eq 0) {
            Write-Host ('No credential is named "' + $name + '" in team ' + {{TEAM_ID}} +
                ' (the name must match exactly): nothing was changed.')
            return
        }
        if ($found.Count -gt 1) {
            Write-Host ([string]$found.Count + ' credentials are named "' + $name + '" in team ' +
                {{TEAM_ID}} + ' (ids ' + ($found.id -join ', ') + '): keep one name: nothing was changed.')
            return
        }
        $c = $found[0]
        # The same site: the credential's metadata.{{SITE_KEY}}, trimmed as the page reads it, is
        # the site typed. Its stories must not be pointed at another site.
        $siteHost = {{SITE_HOST}}
        $oldSite = ([string]$c.metadata.{{SITE_KEY}}).Trim().TrimEnd('{{SITE_END}}')
        if ($oldSite -and $oldSite -ne $siteHost) {
            Write-Host ('Credential ' + $c.id + ' is for ' + $oldSite + ', not ' + $siteHost +
                ': replace the token of the credential for ' + $siteHost +
                ', or correct the site: nothing was changed.')
            return
        }
        # Whose is the new token? The account the page verified; without it, Jira is asked the
        # way the page asks, gateway included.
        if (-not $accountId) {
            $cred = [pscredential]::new({{CRED_USER}},
                [Net.NetworkCredential]::new('', $plain).SecurePassword)
            # Show-Answer R: nothing of Jira's answers is printed here.
            function Show-Answer($r) {}
            {{ASK}}
            {{ROUTE_STEPS}}
            if ($r -and [int]$r.StatusCode -eq 200) {
                {{READ_ACCOUNT}}
            }
            if (-not $accountId) {
                $code = if ($r) { [int]$r.StatusCode } else { 'none' }
                Write-Host ({{NOT_ACCEPTED}} + ' (HTTP ' + $code +
                    '): nothing was changed.')
                return
            }
        }
        # Refuse unless the credential is the same Jira account: its metadata {{ID_KEY}}, or
        # without one its username (letter case aside), against the new token.
        $old = $c.metadata.{{ID_KEY}}
        if ($old -and $old -cne $accountId) {
            Write-Host ('Credential ' + $c.id + ' is Jira account ' + $old +
                ', the new token account ' + $accountId + ': nothing was changed.')
            return
        }
        if (-not $old -and $c.metadata.username -ne {{USER}}) {
            Write-Host ('Credential ' + $c.id + ' has no {{ID_KEY}} and its username is ' +
                $c.metadata.username + ', not ' + {{USER}} + ': nothing was changed.')
            return
        }
        # Every field, with the token as its value (a PUT nulls what it leaves out).
        $body = {{BODY}}
        # The {{ID_KEY}} in the metadata, so the next replacement compares it.
        $body.metadata.{{ID_KEY}} = $accountId{{AND_USERNAME}}
        # Keep the recipients of expiry emails set in Tines.
        if ($c.credential_notification_recipient_user_ids) {
            $body.credential_notification_recipient_user_ids = @(
                $c.credential_notification_recipient_user_ids)
        }
        $json = $body | ConvertTo-Json -Depth 5 -Compress
        # Send it with the API key as a Bearer token; print the answer, whatever its status,
        # and say so when Tines refused it.
        $r = Invoke-WebRequest -Uri ($url + '/' + $c.id) `
            -Method Put -Authentication Bearer -Token $key -SkipHttpErrorCheck `
            -Headers @{ Accept = 'application/json' } -ContentType 'application/json' `
            -Body ([Text.Encoding]::UTF8.GetBytes($json))
        'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription
        ''
        $r.Content
        if ([int]$r.StatusCode -ge 300) {
            Write-Host ('Tines did not accept the change (its answer is above): ' +
                'nothing was changed.')
        }
    } finally {
        # Drop both secrets from memory.
        Remove-Variable plain, t, token, key
    }
}
