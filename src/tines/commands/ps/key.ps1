# Refuse what is not a Tines API key: empty, or a character a Bearer token
# never has (RFC 6750, section 2.1). Nothing is sent.
if ([Net.NetworkCredential]::new('', $key).Password -cnotmatch {{KEY_REGEX}}) {
    Write-Host ('That is not a Tines API key (it is empty, or has spaces or ' +
        'quotes): nothing was sent.')
    return
}
