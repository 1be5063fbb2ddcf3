# Ask-Jira URI [-Open]: every question to Jira goes through this one request,
# signed in with the token, or -Open without it. Each answer returns, whatever
# its status.
function Ask-Jira($uri, [switch]$Open) {
    $signIn = @{ Authentication = 'Basic'; Credential = $cred }
    if ($Open) { $signIn = @{} }
    Invoke-WebRequest -Uri $uri @signIn -SkipHttpErrorCheck `
        -Headers @{ Accept = 'application/json' }
}
