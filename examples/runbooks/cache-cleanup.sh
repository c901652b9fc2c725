#!/bin/sh
# Delete regular files older than N days under a directory: cache-cleanup.sh DIR DAYS
# Reports the number of files and bytes freed as outputs.
set -eu
dir=$1
days=$2
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
# -printf before -delete: each size is recorded, then the file removed.
find "$dir" -xdev -type f -mtime +"$days" -printf '%s\n' -delete > "$list"
files=$(wc -l < "$list" | tr -d ' ')
bytes=$(awk '{ s += $1 } END { print s + 0 }' "$list")
echo "deleted $files files older than $days days under $dir, freeing $bytes bytes"
echo "::output filesDeleted=$files"
echo "::output bytesFreed=$bytes"
