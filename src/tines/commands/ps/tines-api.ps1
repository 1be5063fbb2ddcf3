& {
    {{SECRETS}}
    try {
        {{TOKEN}}
        {{KEY}}
        # The credential to create, with the token as its value.
        $body = {{BODY}} | ConvertTo-Json -Depth 5 -Compress
        # Send it with the API key as a Bearer token; print the answer, whatever its status.
        $r = Invoke-WebRequest -Uri {{URL}} `
            -Method Post -Authentication Bearer -Token $key -SkipHttpErrorCheck `
            -Headers @{ Accept = 'application/json' } -ContentType 'application/json' `
            -Body ([Text.Encoding]::UTF8.GetBytes($body))
        'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription
        ''
        $r.Content
    } finally {
        # Drop both secrets from memory.
        Remove-Variable plain, t, token, key
    }
}
