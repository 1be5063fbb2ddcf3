# Where Jira answers who the token belongs to: Cloud at {{MYSELF}},
# Data Center at {{DC_MYSELF}}.
$myself = {{MYSELF}}
if ($route -ceq 'data-center') { $myself = {{DC_MYSELF}} }
# The route, as the page takes it: ask the site who the token belongs to.
# After a plain 401 there (what a token with scopes gets; not a CAPTCHA, not a
# password, not Data Center's sign-in from a host not Atlassian's), or at once
# for a token with scopes, look up the site cloud id (no token sent) and ask
# the API gateway the same question. Data Center: one question, below its base.
$base = $site
$r = $null
if ($route -cne 'scoped') {
    $r = Ask-Jira ($base + $myself)
    Show-Answer $r
}
$dc = $r -and $site -cnotmatch {{ATLASSIAN_REGEX}} -and
    ($r.Headers['{{USER_HEADER}}'] -or $r.Headers['{{REASON_HEADER}}'])
if ($route -ceq 'scoped' -or ($route -ceq 'site' -and -not $dc -and
        [int]$r.StatusCode -eq 401 -and
        -not ($r.Headers['{{DENIED_HEADER}}'] -match 'captcha') -and
        $r.Content -notmatch {{PASSWORD}})) {
    # The cloud id: the one known, or the one the site names.
    if (-not $cloudId) {
        $info = Ask-Jira ($site + {{TENANT_INFO}}) -Open
        Show-Answer $info
        try { $cloudId = ($info.Content | ConvertFrom-Json).cloudId }
        catch { $cloudId = $null }
    }
    # Only a cloud id of the right shape goes into the address.
    $r = $null
    if ($cloudId -cmatch {{CLOUD_ID_REGEX}}) {
        $base = {{GATEWAY}} + $cloudId
        $r = Ask-Jira ($base + {{MYSELF}})
        Show-Answer $r
    }
}
