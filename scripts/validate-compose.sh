#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose v1 (Debian's 1.29, the older and stricter of the two
# versions the file must satisfy; installed with apt-get when missing) and, when present, Compose v2.
# No Docker engine needed.   scripts/validate-compose.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APT_LOG=$(mktemp /tmp/validate-compose.XXXXXX)
trap 'rm -f "$APT_LOG"' EXIT

install_compose_v1() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "docker-compose not found: installing Debian's docker-compose"
  # A fresh machine or CI image has empty package lists; only then is the update needed.
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose \
      >"$APT_LOG" 2>&1; then
    $sudo apt-get update >>"$APT_LOG" 2>&1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose \
      >>"$APT_LOG" 2>&1 || { tail -n 20 "$APT_LOG" >&2; exit 1; }
  fi
}

command -v docker-compose >/dev/null || install_compose_v1

cd "$ROOT"
# Compose v2 ignores `version:` with a warning and v1 accepts it, so neither would catch it.
if grep -qE '^version:' docker-compose.yml; then
  echo "docker-compose.yml: drop the top-level version: key (obsolete in Compose v2)" >&2
  exit 1
fi
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml is valid for docker-compose $(docker-compose version --short)"
# `docker compose` may be missing, or be the kit's shim for v1 (already checked above).
v2=$(docker compose version 2>/dev/null || true)
if [ -n "$v2" ] && [[ "$v2" != *"version 1."* ]]; then
  docker compose -f docker-compose.yml config -q
  echo "docker-compose.yml is valid for ${v2%%$'\n'*}"
fi
