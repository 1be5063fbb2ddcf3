tines_url={{URL}} \
jira={{JIRA}} \
body={{BODY}} \
sh -c '
{{SECRET}}
secret tines_key "Tines API key"
secret jira_token {{TOKEN_PROMPT}}
{{TOKEN}}
{{KEY}}
# send: curl reads its settings, the API key among them, on standard input, written by
# printf (a shell builtin), and the body on descriptor 3.
send() {
  {
    printf "url = \"%s\"\nrequest = \"POST\"\n" "$tines_url"
    printf "header = \"Authorization: Bearer %s\"\n" "$tines_key"
    printf "header = \"%s\"\n" "Content-Type: application/json" "Accept: application/json"
    printf "data-binary = \"@/dev/fd/3\"\n"
  } | curl --silent --show-error --include --config -
}
# Send the body above with the token as its "value"; a line break after the answer.
printf "{\"value\":\"%s\",%s\n" "$jira_token" "${body#?}" | send 3<&0; echo'
