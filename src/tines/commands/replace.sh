tines_url={{URL}} \
team_id={{TEAM_ID}} \
name={{NAME}} \
email={{EMAIL}} \
account_id={{ACCOUNT_ID}} \
myself_url={{MYSELF_URL}} \
cloud_lookup={{CLOUD_LOOKUP}} \
body={{BODY}} \
sh -c '
# Needs jq to read the JSON answers of Tines and Jira: without it, stop before any prompt.
command -v jq >/dev/null || { echo "This command needs jq (https://jqlang.org):" \
  "nothing was changed." >&2; exit 1; }
# Read the Tines API key and the new Jira API token at hidden prompts: never on a command line.
printf "Tines API key (typing is hidden): " >&2
stty -echo 2>/dev/null; IFS= read -r tines_key; stty echo 2>/dev/null
printf "\nNew Jira API token (typing is hidden): " >&2
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
# Answers go to a folder of their own, removed at the end; none holds a secret.
dir=$(mktemp -d) || exit 1
trap "rm -rf \"\$dir\"" EXIT
# refuse WHY: say why nothing was changed, and stop.
refuse() { printf "%s: nothing was changed.\n" "$*" >&2; exit 1; }
# tines METHOD URL [curl options]: ask Tines. curl reads its settings, the API key among
# them, on standard input, written by printf (a shell builtin).
tines() {
  method=$1 url=$2; shift 2
  {
    printf "url = \"%s\"\nrequest = \"%s\"\n" "$url" "$method"
    printf "header = \"Authorization: Bearer %s\"\n" "$tines_key"
    printf "header = \"%s\"\n" "Content-Type: application/json" "Accept: application/json"
  } | curl --silent --show-error --config - "$@"
}
# Find the credential: its exact name among the team credentials, page after page.
page=1
: > "$dir/found"
while [ -n "$page" ]; do
  status=$(tines GET "$tines_url?team_id=$team_id&per_page=100&page=$page" \
    --output "$dir/answer" --write-out "%{http_code}")
  if [ "$status" != 200 ]; then
    cat "$dir/answer" >&2; echo >&2
    refuse "Tines answered $status to the list of credentials"
  fi
  jq -c --arg name "$name" ".user_credentials[] | select(.name == \$name)" \
    "$dir/answer" >> "$dir/found" || refuse "That list is not the one Tines sends"
  # The next page from meta.next_page: only a later page number, never a link to follow.
  next=$(jq -r "if .meta.next_page then .meta.next_page_number // (.meta.next_page
    | capture(\"[?&]page=(?<p>[0-9]+)\").p) else empty end" "$dir/answer")
  case "$next" in
    ""|*[!0-9]*) page="";;
    *) if [ "$next" -gt "$page" ]; then page=$next; else page=""; fi;;
  esac
done
# Exactly one credential of that name, or no change.
count=$(jq -s length "$dir/found")
ids=$(jq -rs "map(.id | tostring) | join(\", \")" "$dir/found")
[ "$count" != 0 ] ||
  refuse "No credential is named \"$name\" in team $team_id (the name must match exactly)"
[ "$count" = 1 ] ||
  refuse "$count credentials are named \"$name\" in team $team_id (ids $ids): keep one name"
id=$(jq -rs ".[0].id" "$dir/found")
# Whose is the new token? The account id the page verified; without it, ask Jira /myself.
if [ -z "$account_id" ]; then
  if [ -n "$cloud_lookup" ]; then
    cloud_id=$(curl --silent --show-error "$cloud_lookup" | jq -r ".cloudId // empty")
    case "$cloud_id" in ""|*[!0-9a-fA-F-]*) refuse "No cloud id at $cloud_lookup";; esac
    myself_url="{{GATEWAY}}$cloud_id{{MYSELF}}"
  fi
  status=$({
    printf "user = \"%s:%s\"\n" "$email" "$jira_token"
    printf "header = \"Accept: application/json\"\nurl = \"%s\"\n" "$myself_url"
  } | curl --silent --show-error --config - --output "$dir/answer" --write-out "%{http_code}")
  account_id=$(jq -r ".accountId // empty" "$dir/answer" 2>/dev/null)
  [ "$status" = 200 ] && [ -n "$account_id" ] ||
    refuse "Jira did not accept the new token as $email (HTTP $status)"
fi
# Refuse unless the credential is the same Jira account: its metadata account_id, or
# without one its username (letter case aside, as Atlassian reads an email), against the new token.
old_account=$(jq -rs ".[0].metadata.account_id // empty" "$dir/found")
old_username=$(jq -rs ".[0].metadata.username // empty" "$dir/found")
lower() { printf "%s" "$1" | tr "[:upper:]" "[:lower:]"; }
if [ -n "$old_account" ]; then
  [ "$old_account" = "$account_id" ] ||
    refuse "Credential $id is Jira account $old_account, the new token account $account_id"
elif [ "$(lower "$old_username")" != "$(lower "$email")" ]; then
  refuse "Credential $id has no account_id and its username is $old_username, not $email"
fi
# The body above, with the account id in its metadata (so the next replacement compares it),
# keeping the recipients of expiry emails set in Tines (a PUT nulls the rest).
rest=$(printf "%s" "$body" | jq -c --slurpfile found "$dir/found" --arg account "$account_id" \
  ".metadata.account_id = \$account | . + (\$found[0]
  | {credential_notification_recipient_user_ids} | with_entries(select(.value)))")
# Send it with the token as its "value", on descriptor 3; print the answer, never the token.
printf "{\"value\":\"%s\",%s\n" "$jira_token" "${rest#?}" |
  tines PUT "$tines_url/$id" --include --fail-with-body --data-binary @/dev/fd/3 3<&0 ||
  { echo; refuse "Tines did not accept the change (its answer is above)"; }
echo'
