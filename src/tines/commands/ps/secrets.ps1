# Read both secrets at hidden prompts: the Tines API key, then the {{TOKEN_NAME}}.
$key = Read-Host -AsSecureString -Prompt 'Tines API key'
$token = Read-Host -AsSecureString -Prompt {{TOKEN_PROMPT}}
$plain = [Net.NetworkCredential]::new('', $token).Password
# Cloud or Data Center: the token's check differs.
$jira = {{JIRA}}
