# Check the token as the page does: blank space and quotation marks around it
# go; what can never be a token is refused, and nothing is sent; what only
# looks unusual is said.
{{BLANK_CLASS}}
{{QUOTED}}
$t = $plain
do {
    $was = $t
    $t = $t -creplace ('^' + $blank + '+|' + $blank + '+$'), ''
    if ($t -cmatch $quoted) { $t = $t.Substring(1, $t.Length - 2) }
} while ($t -cne $was)
# Cloud takes an API token, Data Center a personal access token: each is checked as such.
$cloud = $jira -ceq 'cloud'
# Far longer than a token, counted in characters as the page counts them.
$why = $null
$chars = $plain.Length - [regex]::Matches($plain, '[\uDC00-\uDFFF]').Count
$long = {{WHY_LONG}}
if (-not $cloud) { $long = {{WHY_LONG_PAT}} }
if ($chars -gt {{MAX_CHARS}}) { $why = $long }
$rules = @(
{{REFUSALS}}
)
# Cloud refuses a personal access token; Data Center a Cloud token, and a name and a
# secret joined by a colon (base64 has none).
$pat = {{PAT_REGEX}}
if ($cloud) {
    $rules += , @($pat, {{WHY_PAT}})
} else {
    $rules += , @({{CURRENT_REGEX}}, {{WHY_CLOUD_TOKEN}})
    $rules += , @('^[^:]+:.', {{WHY_USER_SECRET}})
}
foreach ($rule in $rules) { if (-not $why -and $t -cmatch $rule[0]) { $why = $rule[1] } }
# An old token: {{LEGACY_LENGTH}} letters and digits; all of them stopped on a known day.
$legacy = $cloud -and $t -cmatch {{LEGACY}}
$today = Get-Date -Format 'yyyyMMdd'
if (-not $why -and $legacy -and $today -ge '{{LEGACY_END}}') {
    $why = {{WHY_LEGACY}}
}
if ($why) {
    Write-Host ('That is not a {{KIND}}: ' + $why + '. Nothing was sent.')
    return
}
# Get-Crc32 TEXT: the CRC-32 of TEXT (zlib's, which gzip keeps in its last 8
# bytes) as 8 hex digits.
function Get-Crc32($text) {
    $bytes = [Text.Encoding]::UTF8.GetBytes($text)
    $ms = [IO.MemoryStream]::new()
    $mode = [IO.Compression.CompressionMode]::Compress
    $gz = [IO.Compression.GZipStream]::new($ms, $mode)
    $gz.Write($bytes, 0, $bytes.Length)
    $gz.Close()
    $b = $ms.ToArray()
    '{0:X2}{1:X2}{2:X2}{3:X2}' -f $b[-5], $b[-6], $b[-7], $b[-8]
}
# A current token: {{CURRENT}}, then {{BODY_CHARS}}, "=", and the CRC-32 of all
# that as 8 hex digits.
# A personal access token: {{PAT_CHARS}} base64 characters (a {{PAT_ID}}-digit id, ":", a secret).
$at = $t.LastIndexOf('=')
$odd = if (-not $cloud) {
    if ($t -cmatch $pat) {
        $null
    } elseif ($t -cnotmatch '^[MNO][A-Za-z0-9+/]*$') {
        {{NOTE_PAT_OTHER}}
    } elseif ($t.Length -lt {{PAT_CHARS}}) {
        {{NOTE_PAT_SHORT}}
    } elseif ($t.Length -gt {{PAT_CHARS}}) {
        {{NOTE_PAT_LONG}}
    } else {
        {{NOTE_PAT_SHAPE}}
    }
} elseif ($t -cnotmatch {{CURRENT_REGEX}}) {
    # Cloud: an old token, or another shape; or a current one whose checksum fails.
    if ($legacy) {
        {{NOTE_LEGACY}}
    } else {
        {{NOTE_OTHER}}
    }
} elseif ($at -lt 0 -or $t.Substring(0, $at) -cnotmatch {{BODY_REGEX}} -or
    $t.Substring($at + 1) -cnotmatch {{CHECKSUM_REGEX}} -or
    (Get-Crc32 $t.Substring(0, $at + 1)) -cne $t.Substring($at + 1)) {
    {{NOTE_ALTERED}}
}
if ($odd) { Write-Host ('Note: ' + $odd + '. Going on.') }
$plain = $t
