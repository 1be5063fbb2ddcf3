tines_url={{URL}} \
team_id={{TEAM_ID}} \
name={{NAME}} \
site={{SITE}} \
email={{EMAIL}} \
route={{ROUTE}} \
cloud_id={{CLOUD_ID}} \
account_id={{ACCOUNT_ID}} \
account_name={{ACCOUNT_NAME}} \
jira={{JIRA}} \
body={{BODY}} \
sh -c '
# Needs jq to read the JSON answers of Tines and Jira: without it, stop before any prompt.
command -v jq >/dev/null || { echo "This command needs jq (https://jqlang.org):" \
  "nothing was changed." >&2; exit 1; }
{{SECRET}}
secret tines_key "Tines API key"
secret jira_token {{TOKEN_PROMPT}}
{{TOKEN}}
{{KEY}}
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
# lower TEXT: TEXT in lower case (ASCII letters, as Atlassian compares an email).
lower() { printf "%s" "$1" | tr "[:upper:]" "[:lower:]"; }
# The same site: the metadata.domain of the credential (letter case and final dots aside, as
# the page reads it) is the site typed; on Data Center its metadata.base_url (letter case and
# final slashes aside) is the base typed. Its stories must not be pointed at another site.
host=${site#https://} key=domain end=.
[ "$route" != data-center ] || host=$site key=base_url end=/
old_site=$(jq -rs --arg key "$key" --arg trail "[$end]+\$" ".[0].metadata[\$key] // empty
  | tostring | sub(\"^[[:space:]]+\"; \"\") | sub(\"[[:space:]]+$\"; \"\") | sub(\$trail; \"\")" \
  "$dir/found") || refuse "The credential Tines sent has a Metadata this command cannot read"
[ -z "$old_site" ] || [ "$(lower "$old_site")" = "$(lower "$host")" ] ||
  refuse "Credential $id is for $old_site, not $host: replace the token of the credential" \
  "for $host, or correct the site"
# Whose is the new token? The account the page verified; without it, Jira is asked the way the
# page asks, gateway included.
# shown: nothing Jira answers is printed here.
shown() { :; }
# Cloud names an account by its accountId and the credential its account_id, with the email
# as username; Data Center names a user by its key (or its name) and the credential its
# user_key, with the user name as username.
id_key=account_id new_id=".accountId" user=$email who=" as $email"
[ "$route" != data-center ] || id_key=user_key new_id=".key // .name" user=$account_name who=
if [ -z "$account_id" ]; then
  {{ROUTE_STEPS}}
  case "$status" in *" 200"*) me=$(printf "%s\n" "$answer" | tr -d "\r" | sed "1,/^$/d")
    account_id=$(printf "%s" "$me" | jq -r "$new_id // empty" 2>/dev/null)
    user=${email:-$(printf "%s" "$me" | jq -r ".name // empty" 2>/dev/null)};; esac
  code=${status#* } code=${code%% *}
  [ -n "$account_id" ] || refuse "Jira did not accept the new token$who (HTTP ${code:-none})"
fi
# Refuse unless the credential is the same Jira account: its metadata id, or without one its
# username (letter case aside, as Atlassian reads an email), against the new token.
# A Metadata that cannot be read stops the command: nothing is compared with nothing.
unread="The credential Tines sent has a Metadata this command cannot read"
old_account=$(jq -rs --arg key "$id_key" ".[0].metadata[\$key] // empty" "$dir/found") ||
  refuse "$unread"
old_username=$(jq -rs ".[0].metadata.username // empty" "$dir/found") || refuse "$unread"
if [ -n "$old_account" ]; then
  [ "$old_account" = "$account_id" ] ||
    refuse "Credential $id is Jira account $old_account, the new token account $account_id"
elif [ "$(lower "$old_username")" != "$(lower "$user")" ]; then
  refuse "Credential $id has no $id_key and its username is $old_username, not $user"
fi
# The body above, with the account in its metadata (so the next replacement compares it),
# keeping the recipients of expiry emails set in Tines (a PUT nulls the rest).
rest=$(printf "%s" "$body" | jq -c --slurpfile found "$dir/found" --arg key "$id_key" \
  --arg account "$account_id" --arg user "$user" ".metadata[\$key] = \$account
  | if \$key == \"user_key\" and \$user != \"\" then .metadata.username = \$user else . end
  | . + (\$found[0] | {credential_notification_recipient_user_ids}
    | with_entries(select(.value)))") || refuse "$unread"
# Send it with the token as its "value", on descriptor 3; print the answer, never the token.
printf "{\"value\":\"%s\",%s\n" "$jira_token" "${rest#?}" |
  tines PUT "$tines_url/$id" --include --fail-with-body --data-binary @/dev/fd/3 3<&0 ||
  { echo; refuse "Tines did not accept the change (its answer is above)"; }
echo'
