tines_url={{URL}} \
body={{BODY}} \
sh -c '
# Read the Tines API key and the Jira API token at hidden prompts: never on a command line.
printf "Tines API key (typing is hidden): " >&2
stty -echo 2>/dev/null; IFS= read -r tines_key; stty echo 2>/dev/null
printf "\nJira API token (typing is hidden): " >&2
stty -echo 2>/dev/null; IFS= read -r jira_token; stty echo 2>/dev/null; printf "\n" >&2
# Refuse what is not a token or a key (empty, spaces, quotes, other signs): nothing is sent.
case "$jira_token" in ""|*[!A-Za-z0-9_=-]*)
  echo "That is not an API token (it is empty, or has spaces, quotes or other" \
    "characters tokens never have): nothing was sent." >&2
  exit 1;;
esac
case "$tines_key" in ""|*[!A-Za-z0-9_=.~+/-]*)
  echo "That is not a Tines API key (it is empty, or has spaces or quotes): nothing was sent." >&2
  exit 1;;
esac
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
