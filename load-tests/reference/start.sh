#!/usr/bin/env bash
# Installs the reference server's dependencies (npm ci, from package-lock.json; skipped when node_modules already
# matches it) and runs the server in the foreground. The process that runs this script becomes the server (exec),
# so a caller's `taskset -c 0 load-tests/reference/start.sh &` pins it and `$!` is the server's pid.
#
#   REF_DB_URL=postgresql://postgres@localhost:5432/switchboard \
#   REF_JWT_SECRET=... REF_WEBHOOK_SECRET=... REF_PORT=8290 load-tests/reference/start.sh
#
# Environment: see server.js (REF_DB_URL, REF_JWT_SECRET, REF_WEBHOOK_SECRET required; REF_PORT, REF_HOST,
# REF_POOL_SIZE, REF_APP_ROLE, REF_TENANT_CLAIM optional). The schema is created idempotently at start.
set -euo pipefail
cd "$(dirname "$0")"

for name in REF_DB_URL REF_JWT_SECRET REF_WEBHOOK_SECRET; do
  if [[ -z "${!name:-}" ]]; then
    echo "start.sh: $name must be set (see load-tests/reference/README.md)" >&2
    exit 2
  fi
done

# npm writes node_modules/.package-lock.json on install: when it is newer than package-lock.json the tree is current.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

exec node server.js
