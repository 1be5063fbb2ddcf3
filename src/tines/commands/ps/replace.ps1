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
        # Cloud names an account by its accountId and the credential its account_id, with the
        # email as username; Data Center names a user by its key (or name) and the credential
        # its user_key, with the user name as username.
        $dataCenter = $route -ceq 'data-center'
        $idKey = if ($dataCenter) { 'user_key' } else { 'account_id' }
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
        # The same site: the credential's metadata.domain (letter case and final dots aside, as
        # the page reads it) is the site typed; on Data Center its metadata.base_url (letter
        # case and final slashes aside). Its stories must not be pointed at another site.
        $siteHost = $site.Substring(8)
        $oldSite = ([string]$c.metadata.domain).Trim().TrimEnd('.')
        if ($dataCenter) {
            $siteHost = $site
            $oldSite = ([string]$c.metadata.base_url).Trim().TrimEnd('/')
        }
        if ($oldSite -and $oldSite -ne $siteHost) {
            Write-Host ('Credential ' + $c.id + ' is for ' + $oldSite + ', not ' + $siteHost +
                ': replace the token of the credential for ' + $siteHost +
                ', or correct the site: nothing was changed.')
            return
        }
        # Whose is the new token? The account the page verified; without it, Jira is asked the
        # way the page asks, gateway included.
        if (-not $accountId) {
            $cred = [pscredential]::new($(if ($email) { $email } else { 'token' }),
                [Net.NetworkCredential]::new('', $plain).SecurePassword)
            # Show-Answer R: nothing of Jira's answers is printed here.
            function Show-Answer($r) {}
            {{ASK}}
            {{ROUTE_STEPS}}
            # The new token's account, from the answer Jira gave.
            if ($r -and [int]$r.StatusCode -eq 200) {
                try {
                    $me = $r.Content | ConvertFrom-Json
                    $accountId = if ($dataCenter) { $me.key } else { $me.accountId }
                    if ($dataCenter -and -not $accountId) { $accountId = $me.name }
                    $accountName = $me.name
                } catch {}
            }
            if (-not $accountId) {
                $code = if ($r) { [int]$r.StatusCode } else { 'none' }
                $who = if ($dataCenter) { '' } else { ' as ' + $email }
                Write-Host ('Jira did not accept the new token' + $who + ' (HTTP ' + $code +
                    '): nothing was changed.')
                return
            }
        }
        # Refuse unless the credential is the same Jira account: its metadata id, or without
        # one its username (letter case aside), against the new token.
        $user = if ($dataCenter) { $accountName } else { $email }
        $old = $c.metadata.$idKey
        if ($old -and $old -cne $accountId) {
            Write-Host ('Credential ' + $c.id + ' is Jira account ' + $old +
                ', the new token account ' + $accountId + ': nothing was changed.')
            return
        }
        if (-not $old -and $c.metadata.username -ne $user) {
            Write-Host ('Credential ' + $c.id + ' has no ' + $idKey + ' and its username is ' +
                $c.metadata.username + ', not ' + $user + ': nothing was changed.')
            return
        }
        # Every field, with the token as its value (a PUT nulls what it leaves out).
        $body = {{BODY}}
        # The account in the metadata, so the next replacement compares it.
        $body.metadata[$idKey] = $accountId
        if ($dataCenter -and $user) { $body.metadata.username = $user }
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
