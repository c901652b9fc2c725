#!/bin/sh
# Put the previous secret back: restore-secret.sh FILE (undoes rotate-secret.sh).
set -eu
file=$1
[ -f "$file.previous" ] || { echo "no previous secret kept for $file" >&2; exit 2; }
mv -- "$file.previous" "$file"
echo "restored the previous secret of $file"
