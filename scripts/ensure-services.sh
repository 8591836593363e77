#!/usr/bin/env bash
# Makes sure the PostgreSQL and the Redis the suite uses answer; starts the local servers if they do not.
set -euo pipefail
url="${COMPTOIR_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
postgres_answers() {
  if pg_isready -q -d "$url" 2>/dev/null; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 30); do
      pg_isready -q -d "$url" 2>/dev/null && return 0
      sleep 1
    done
  fi
  return 1
}
if ! postgres_answers; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL at $url does not answer; CI needs it" >&2
    exit 1
  fi
  echo "warning: PostgreSQL at $url does not answer; its tests will be skipped" >&2
fi

# Redis, for the shared rate limiter's tests.
redis_url="${COMPTOIR_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
redis_ping() { command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -u "$redis_url" ping 2>/dev/null)" = "PONG" ]; }
if ! redis_ping && command -v redis-server >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 || true
  for _ in $(seq 1 10); do redis_ping && break; sleep 1; done
fi
if ! redis_ping; then
  if [ "${CI:-}" = "true" ]; then
    echo "Redis at $redis_url does not answer; CI needs it" >&2
    exit 1
  fi
  echo "warning: Redis at $redis_url does not answer; its tests will be skipped" >&2
fi
