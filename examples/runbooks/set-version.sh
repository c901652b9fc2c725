#!/bin/sh
# Switch an installation to a version: set-version.sh INSTALL_DIR VERSION
# The installation keeps one directory per version under releases/ and a VERSION file naming
# the active one; the previous version is recorded as an output for the rollback.
set -eu
install_dir=$1
version=$2
mkdir -p -- "$install_dir/releases/$version"
previous=none
[ -f "$install_dir/VERSION" ] && previous=$(cat "$install_dir/VERSION")
printf '%s\n' "$version" > "$install_dir/VERSION.new"
mv -- "$install_dir/VERSION.new" "$install_dir/VERSION"
echo "switched $install_dir from $previous to $version"
echo "::output previousVersion=$previous"
echo "::output version=$version"
