# A token with scopes: look up the site cloud id (no token sent), then ask the API gateway
# who the token belongs to.
info=$(curl --silent --show-error --include "$site{{TENANT_INFO}}")
printf "%s\n\n" "$info"
cloud_id=$(printf "%s" "$info" | sed -n "s/.*\"cloudId\" *: *\"\([0-9a-fA-F-]*\)\".*/\1/p")
[ -n "$cloud_id" ] || exit 0
base="{{GATEWAY}}$cloud_id"
show "$base{{MYSELF}}"
