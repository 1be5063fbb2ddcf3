# The values typed into the page.
$site = {{SITE}}
$route = {{ROUTE}}
$cloudId = ''
# Ask for the API token once, at a hidden prompt (the password field).
$cred = Get-Credential -UserName {{EMAIL}} `
    -Message 'Paste the Jira API token as the password'
$plain = $cred.GetNetworkCredential().Password
