#!/bin/sh
# Replace a secret file with the value in $NEW_SECRET, keeping the old file as FILE.previous.
# The value never goes to stdout; the executor would redact it anyway.
set -eu
file=$1
[ -n "${NEW_SECRET:-}" ] || { echo "NEW_SECRET is empty" >&2; exit 2; }
umask 077
if [ -f "$file" ]; then
  cp -p -- "$file" "$file.previous"
fi
printf '%s\n' "$NEW_SECRET" > "$file.new"
mv -- "$file.new" "$file"
echo "rotated $file (previous kept as $file.previous)"
echo "::output previousSecretFile=$file.previous"
