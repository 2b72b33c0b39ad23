#!/usr/bin/env bash
# A dev server for working on the UI: its own seeded database under /tmp, port 3201.
# Usage: bash scripts/dev-server.sh   (idempotent: exits if one already answers)
set -eu
PORT=${PORT:-3201}
if curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then echo "dev server already on $PORT"; exit 0; fi
export DATABASE_URL=${DATABASE_URL:-file:/tmp/loupe-dev/loupe.db} LOUPE_API_KEY=${LOUPE_API_KEY:-dev-key-0123456789abcdef} NEXT_TELEMETRY_DISABLED=1
# Sign in as dev@loupe.test / dev-password-1 (created on first run).
export LOUPE_ADMIN_EMAIL=${LOUPE_ADMIN_EMAIL:-dev@loupe.test} LOUPE_ADMIN_PASSWORD=${LOUPE_ADMIN_PASSWORD:-dev-password-1}
npx tsx scripts/prepare-db.ts
nohup npx next dev -p "$PORT" > /tmp/loupe-dev-server.log 2>&1 &
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && { echo "dev server on http://127.0.0.1:$PORT (log /tmp/loupe-dev-server.log)"; exit 0; }; sleep 1; done
echo "dev server did not come up; see /tmp/loupe-dev-server.log"; exit 1
