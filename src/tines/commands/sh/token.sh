# Check the token as the page does, byte by byte (the same in every shell): blank space and
# quotation marks around it go; what can never be a token is refused, and nothing is sent;
# what only looks unusual is said, and the command goes on.
export LC_ALL=C
# The quotation marks the page removes, in pairs (o1 opens, c1 closes), as UTF-8.
{{QUOTE_VARS}}
# The blank characters outside ASCII (UTF-8), which the page trims and refuses too.
{{BLANK_VARS}}
t=$jira_token
while :; do
  # ASCII blank space at either end, or a pair of quotation marks around it, goes;
  case "$t" in
    [[:space:][:cntrl:]]*) t=${t#?}; continue;;
    *[[:space:][:cntrl:]]) t=${t%?}; continue;;
{{QUOTE_CASES}}
  esac
  # then a blank character outside ASCII at either end; again, until nothing changes.
  for b in $blanks; do
    case "$t" in "$b"*) t=${t#"$b"}; continue 2;; *"$b") t=${t%"$b"}; continue 2;; esac
  done
  break
done
# The token each Jira takes: Jira Cloud an API token, Data Center a personal access token.
kind="Jira API token"
long="{{WHY_LONG}}"
[ "$jira" = cloud ] || kind="Jira personal access token"
[ "$jira" = cloud ] || long="{{WHY_LONG_PAT}}"
# not_token WHY: refuse, and stop.
not_token() { echo "That is not a $kind: $1. Nothing was sent." >&2; exit 1; }
# Far longer than a token, counted in characters (bytes that do not continue one): unread.
[ ${#jira_token} -le {{MAX_CHARS}} ] ||
  [ "$(printf "%s" "$jira_token" | tr -d "\200-\277" | wc -c)" -le {{MAX_CHARS}} ] ||
  not_token "$long"
# email TEXT: true when TEXT is shaped like an email address.
email() { case "$1" in @*|*@*@*|*@.*|*.) return 1;; ?*@*.*) return 0;; esac; return 1; }
case "$t" in
  "") not_token "{{WHY_EMPTY}}";;
  {{HEADER_GLOBS}})
    not_token "{{WHY_HEADER}}";;
  *[[:space:][:cntrl:]]*)
    not_token "{{WHY_BLANK}}";;
  {{OTHER_PRODUCT_GLOB}})
    not_token "{{WHY_OTHER_PRODUCT}}";;
  *:?*) ! email "${t%%:*}" || not_token "{{WHY_EMAIL_TOKEN}}"
    # Data Center: base64 has no colon, so a name and a secret joined by one are refused.
    [ "$jira" = cloud ] || [ -z "${t%%:*}" ] ||
      not_token "{{WHY_USER_SECRET}}";;
esac
for b in $blanks; do
  case "$t" in *"$b"*)
    not_token "{{WHY_BLANK}}";; esac
done
! email "$t" || not_token "{{WHY_EMAIL}}"
# note WHAT: say what only looks unusual, and go on.
note() { echo "Note: $1. Going on." >&2; }
# A personal access token: {{PAT_CHARS}} base64 characters (a {{PAT_ID}}-digit id, ":", a secret).
{{PAT_SHAPE}}
if [ "$jira" != cloud ]; then
  # Data Center: a Jira Cloud token is refused; a token of another shape is said.
  case "$t" in {{CURRENT}}*)
    not_token "{{WHY_CLOUD_TOKEN}}";; esac
  case "$pat$t" in
    y*) ;;
    *[!A-Za-z0-9+/]*|[!MNO]*)
      note "{{NOTE_PAT_OTHER}}";;
    *) if [ ${#t} -lt {{PAT_CHARS}} ]; then
         note "{{NOTE_PAT_SHORT}}"
       elif [ ${#t} -gt {{PAT_CHARS}} ]; then
         note "{{NOTE_PAT_LONG}}"
       else
         note "{{NOTE_PAT_SHAPE}}"
       fi;;
  esac
else
  [ -z "$pat" ] ||
    not_token "{{WHY_PAT}}"
  # An old token: {{LEGACY_LENGTH}} letters and digits; all of them stopped working on one day.
  legacy=
  case "$t" in
    {{CURRENT}}*) ;;
    {{LEGACY_GLOB}}) case "$t" in *[!A-Za-z0-9]*) ;; *) legacy=y;; esac;;
  esac
  [ -z "$legacy" ] || [ "$(date +%Y%m%d)" -lt {{LEGACY_END}} ] ||
    not_token "{{WHY_LEGACY}}"
  # crc TEXT: the CRC-32 of TEXT in hex, as zlib computes it (gzip ends with it).
  crc() {
    printf "%s" "$1" | gzip -c | tail -c 8 | od -An -tx1 -N4 |
      { read -r a b c d; printf "%s%s%s%s" "$d" "$c" "$b" "$a" | tr a-f A-F; }
  }
  # A current token: {{CURRENT}}, then {{BODY_CHARS}}, "=", and the CRC-32 of all that in 8 hex.
  odd=
  case "$t" in
    {{CURRENT}}*=*) signed=${t%=*}= sum=${t##*=}; x=[0-9A-F]
      case "${signed%=}" in *[!{{BODY_CHARS}}]*) odd=altered;; esac
      case "$sum" in {{CHECKSUM_GLOB}}) ;; *) odd=altered;; esac
      [ -n "$odd" ] || [ "$(crc "$signed")" = "$sum" ] || odd=altered;;
    {{CURRENT}}*) odd=altered;;
    *) odd=other;;
  esac
  case "$legacy$odd" in
    yother) note "{{NOTE_LEGACY}}";;
    altered) note "{{NOTE_ALTERED}}";;
    other) note "{{NOTE_OTHER}}";;
  esac
fi
# In the settings of curl and in JSON the token stands between double quotes: escape \ and ".
case "$t" in *[\\\"]*) t=$(printf "%s" "$t" | sed "s/[\\\"]/\\\\&/g");; esac
jira_token=$t
