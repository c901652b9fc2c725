#!/bin/sh
# Evidence about a directory, for an incident's diagnosis: capture-dir.sh DIR
# Prints its size, file count, the newest files and the largest ones; records files and bytes.
set -eu
dir=$1
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 2; }
files=$(find "$dir" -xdev -type f | wc -l | tr -d ' ')
bytes=$(find "$dir" -xdev -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "$dir: $files files, $bytes bytes"
echo "newest files:"
find "$dir" -xdev -type f -printf '%TY-%Tm-%TdT%TH:%TM  %s  %p\n' | sort -r | head -n 10
echo "largest files:"
find "$dir" -xdev -type f -printf '%s  %p\n' | sort -rn | head -n 10
echo "::output files=$files"
echo "::output bytes=$bytes"
