# ask URL [open]: ask Jira as email and token, or on Data Center with the token as Bearer (open:
# neither); keep the whole answer (status line, headers, body) and its status line, then show it
# or not. curl reads its settings on standard input, written by printf (a shell builtin).
ask() {
  answer=$({
    case "$2/$route" in
      open/*) ;;
      */data-center) printf "header = \"Authorization: Bearer %s\"\n" "$jira_token";;
      *) printf "user = \"%s:%s\"\n" "$email" "$jira_token";;
    esac
    printf "header = \"Accept: application/json\"\nurl = \"%s\"\n" "$1"
  } | curl --silent --show-error --include --config -)
  status=$(printf "%s\n" "$answer" | sed -n 1p)
  shown
}
# Where Jira answers who the token belongs to: Cloud at {{MYSELF}},
# Data Center at {{DC_MYSELF}}.
myself={{MYSELF}}
[ "$route" != data-center ] || myself={{DC_MYSELF}}
# The route, as the page takes it: ask the site who the token belongs to. After a plain 401 there
# (what a token with scopes gets; not a CAPTCHA, not a password, not the sign-in headers of Data
# Center from a host not of Atlassian), or at once for a token with scopes, look up the site cloud
# id (no token sent) and ask the API gateway the same question. Data Center: one question, below
# its base.
base=$site status= answer=
[ "$route" = scoped ] || ask "$base$myself"
dc=0
case "$site" in {{ATLASSIAN_GLOBS}}) ;; *)
  dc=$(printf "%s\n" "$answer" | grep -ci -e "^{{USER_HEADER}}:" -e "^{{REASON_HEADER}}:");;
esac
case "$route $status" in scoped*|site*" 401"*)
  if [ "$dc" = 0 ] && ! printf "%s\n" "$answer" |
      grep -qi -e "^{{DENIED_HEADER}}:.*captcha" \
        -e "{{PASSWORD}}"; then
    [ -n "$cloud_id" ] || { ask "$site{{TENANT_INFO}}" open
      cloud_id=$(printf "%s" "$answer" | sed -n "s/.*\"cloudId\" *: *\"\([^\"]*\)\".*/\1/p"); }
    # Only a cloud id of the right shape goes into the address.
    x=[0-9a-fA-F]
    case "$cloud_id" in
      {{CLOUD_ID_GLOB}})
        base="{{GATEWAY}}$cloud_id"; ask "$base{{MYSELF}}";;
      *) status=;;
    esac
  fi;;
esac
