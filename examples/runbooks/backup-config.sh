#!/bin/sh
# Archive a configuration directory: backup-config.sh CONFIG_DIR ARCHIVE
# Arguments arrive as separate argv elements and are only ever used quoted.
set -eu
config_dir=$1
archive=$2
[ -d "$config_dir" ] || { echo "no such directory: $config_dir" >&2; exit 2; }
mkdir -p -- "$(dirname -- "$archive")"
tar -czf "$archive" -C "$config_dir" .
echo "archived $(tar -tzf "$archive" | wc -l) entries of $config_dir"
echo "::output archive=$archive"
