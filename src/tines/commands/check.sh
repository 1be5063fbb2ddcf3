site={{SITE}} \
email={{EMAIL}} \
sh -c '
# Read the API token at a hidden prompt: never on a command line, never in history.
printf "Jira API token for %s (typing is hidden): " "$email" >&2
stty -echo 2>/dev/null; IFS= read -r jira_token; stty echo 2>/dev/null; printf "\n" >&2
# Refuse what is not a token (empty, spaces, quotes, other signs): nothing is sent.
case "$jira_token" in ""|*[!A-Za-z0-9_=-]*)
  echo "That is not an API token (it is empty, or has spaces, quotes or other" \
    "characters tokens never have): nothing was sent." >&2
  exit 1;;
esac
# show URL: ask Jira as email and token, print the whole answer, keep its status line.
# curl reads them in a config on standard input, written by printf (a shell builtin).
show() {
  answer=$({
    printf "user = \"%s:%s\"\n" "$email" "$jira_token"
    printf "header = \"Accept: application/json\"\nurl = \"%s\"\n" "$1"
  } | curl --silent --show-error --include --config -)
  printf "%s\n\n" "$answer"
  status=$(printf "%s\n" "$answer" | sed -n 1p)
}
{{ROUTE_STEPS}}
# After a 200: which of the permissions a Tines story needs the account has, same place.
want={{PERMISSIONS}}
case "$status" in *" 200"*)
  show "$base{{PERMISSIONS_PATH}}$want";; esac'
