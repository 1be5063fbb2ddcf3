# Ask-Jira URI [-Open]: every question to Jira goes through this one request,
# signed in with the token (Basic with the email; Data Center: Bearer), or
# -Open without it. Each answer returns, whatever its status.
function Ask-Jira($uri, [switch]$Open) {
    $signIn = @{ Authentication = 'Basic'; Credential = $cred }
    if ($route -ceq 'data-center') {
        $signIn = @{ Authentication = 'Bearer'; Token = $cred.Password }
    }
    if ($Open) { $signIn = @{} }
    Invoke-WebRequest -Uri $uri @signIn -SkipHttpErrorCheck `
        -Headers @{ Accept = 'application/json' }
}
