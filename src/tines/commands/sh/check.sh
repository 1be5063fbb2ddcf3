site={{SITE}} \
{{EMAIL_LINE}}route={{ROUTE}} \
jira={{JIRA}} \
sh -c '
{{SECRET}}
secret jira_token {{TOKEN_PROMPT}}
{{TOKEN}}
# shown: print each answer whole, for the page to read back.
shown() { printf "%s\n\n" "$answer"; }
cloud_id=
{{ROUTE_STEPS}}
# After a 200: which of the permissions a Tines story needs the account has, same place.
want={{PERMISSIONS}}
case "$status" in *" 200"*)
  ask "$base{{PERMISSIONS_PATH}}$want";; esac'
