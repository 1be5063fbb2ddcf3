# Refuse what is not a Tines API key: empty, or a character a Bearer token never has (RFC 6750,
# section 2.1). Nothing is sent.
case "$tines_key" in ""|*[!{{KEY_CHARS}}]*)
  echo "That is not a Tines API key (it is empty, or has spaces or quotes): nothing was sent." >&2
  exit 1;;
esac
