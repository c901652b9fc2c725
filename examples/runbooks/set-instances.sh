#!/bin/sh
# Set how many instances a supervisor keeps running: set-instances.sh CONTROL_FILE COUNT
# The supervisor (systemd path unit, orchestrator hook) watches CONTROL_FILE; the previous count
# is recorded as an output so the compensation can put it back.
set -eu
file=$1
count=$2
previous=0
[ -f "$file" ] && previous=$(cat "$file")
mkdir -p -- "$(dirname -- "$file")"
printf '%s\n' "$count" > "$file.new"
mv -- "$file.new" "$file"
echo "instances of $file: $previous -> $count"
echo "::output previousCount=$previous"
echo "::output count=$count"
