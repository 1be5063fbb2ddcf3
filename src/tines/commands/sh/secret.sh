# secret NAME PROMPT: reads a secret into NAME at a hidden prompt: never on a command line, never
# in the history (read and printf are shell builtins).
secret() {
  printf "%s (typing is hidden): " "$2" >&2
  stty -echo 2>/dev/null; IFS= read -r "$1"; stty echo 2>/dev/null; printf "\n" >&2
}
