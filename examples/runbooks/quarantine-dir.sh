#!/bin/sh
# Move a directory's contents aside and leave it empty: quarantine-dir.sh DIR QUARANTINE_DIR
# (e.g. a cache that failed digest verification). The contents stay under QUARANTINE_DIR for
# the investigation and for the compensation (restore-dir.sh), nothing is deleted.
set -eu
dir=$1
quarantine=$2
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 2; }
[ ! -e "$quarantine" ] || { echo "quarantine already exists: $quarantine" >&2; exit 3; }
mkdir -p -- "$(dirname -- "$quarantine")"
mv -- "$dir" "$quarantine"
mkdir -p -- "$dir"
files=$(find "$quarantine" -xdev -type f | wc -l | tr -d ' ')
echo "moved $files files from $dir to $quarantine; $dir is empty"
echo "::output quarantine=$quarantine"
echo "::output files=$files"
