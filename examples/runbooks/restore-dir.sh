#!/bin/sh
# Compensation of quarantine-dir.sh: put the quarantined contents back: restore-dir.sh DIR QUARANTINE_DIR
set -eu
dir=$1
quarantine=$2
if [ ! -d "$quarantine" ]; then
  echo "nothing to restore: $quarantine does not exist"
  exit 0
fi
rm -rf -- "$dir"
mv -- "$quarantine" "$dir"
echo "restored $dir from $quarantine"
