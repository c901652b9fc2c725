#!/bin/sh
# Evidence for a digest failure: verify-digests.sh DIR
# Checks every file listed in DIR/SHA256SUMS (sha256sum format) and lists the ones that do not
# match. Exits 0 either way: finding corruption is the diagnosis, not a failure of the step.
set -eu
dir=$1
[ -f "$dir/SHA256SUMS" ] || { echo "no manifest: $dir/SHA256SUMS" >&2; exit 2; }
cd -- "$dir"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
sha256sum --check --quiet SHA256SUMS > "$report" 2>&1 || true
failed=$(grep -c ': FAILED' "$report" || true)
checked=$(grep -c . SHA256SUMS || true)
echo "checked $checked files in $dir, $failed digest mismatches"
cat "$report"
echo "::output checked=$checked"
echo "::output mismatches=$failed"
