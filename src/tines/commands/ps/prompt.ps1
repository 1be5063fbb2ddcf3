# The values typed into the page.
$site = {{SITE}}
$route = {{ROUTE}}
$jira = {{JIRA}}
$cloudId = ''
# Ask for the {{TOKEN_NAME}} once, at a hidden prompt (the password field).
$cred = Get-Credential -UserName {{EMAIL}} `
    -Message {{TOKEN_MESSAGE}}
$plain = $cred.GetNetworkCredential().Password
