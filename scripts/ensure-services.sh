#!/usr/bin/env bash
# Makes sure the PostgreSQL the suite uses answers; starts the local cluster if it does not.
set -euo pipefail
url="${COMPTOIR_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
if pg_isready -q -d "$url" 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do
    pg_isready -q -d "$url" 2>/dev/null && exit 0
    sleep 1
  done
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL at $url does not answer; CI needs it" >&2
  exit 1
fi
echo "warning: PostgreSQL at $url does not answer; its tests will be skipped" >&2
