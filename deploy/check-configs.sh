#!/usr/bin/env bash
# Validates the deployment configs with the real tools, where they are installed:
#   promtool check config + promtool test rules   (Debian: apt-get install prometheus)
#   amtool check-config                           (Debian: apt-get install prometheus-alertmanager)
#   docker compose config (v2) or docker-compose config (v1, Debian: docker-compose)
# A missing tool is skipped with a message; any check that runs and fails makes the script
# exit non-zero. Needs no Docker engine. The offline cross-checks of docker-compose.yml are in
# windowops/src/test/java/io/windowops/deploy/DockerComposeTest.java (mvn test).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=0
ran=0
skipped=0

check() {
  local what=$1
  shift
  echo "--- $what: $*"
  if "$@"; then
    echo "PASS: $what"
    ran=$((ran + 1))
  else
    echo "FAIL: $what"
    ran=$((ran + 1))
    failed=$((failed + 1))
  fi
}

skip() {
  echo "SKIP: $1"
  skipped=$((skipped + 1))
}

if command -v promtool >/dev/null 2>&1; then
  echo "promtool: $(promtool --version 2>&1 | head -1)"
  check "Prometheus config and rule files" promtool check config deploy/prometheus/prometheus.yml
  for t in deploy/prometheus/tests/*.test.yml; do
    check "Prometheus rule unit tests ($t)" promtool test rules "$t"
  done
else
  skip "promtool not installed (Debian: apt-get install prometheus); Prometheus config not checked"
fi

if command -v amtool >/dev/null 2>&1; then
  echo "amtool: $(amtool --version 2>&1 | head -1)"
  check "Alertmanager config" amtool check-config deploy/alertmanager/alertmanager.yml
else
  skip "amtool not installed (Debian: apt-get install prometheus-alertmanager); Alertmanager config not checked"
fi

# Schema and interpolation of the compose file; neither command contacts a Docker engine.
if docker compose version >/dev/null 2>&1; then
  check "Compose file (docker compose v2)" docker compose -f docker-compose.yml config --quiet
elif command -v docker-compose >/dev/null 2>&1; then
  check "Compose file (docker-compose v1 schema)" docker-compose -f docker-compose.yml config --quiet
else
  skip "neither docker compose v2 nor docker-compose v1 installed; compose schema not checked"
fi

echo "check-configs: $ran run, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
