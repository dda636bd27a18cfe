#!/usr/bin/env bash
# Runs the tests on the PostgreSQL store (the `postgres` vitest project) against a throwaway
# cluster, started here and stopped at the end whatever happens. Arguments go to vitest, e.g.
#   scripts/test-postgres.sh test/postgres/replicas.test.ts
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh
trap stop_throwaway_postgres EXIT
start_throwaway_postgres || exit 1
node scripts/build-if-stale.mjs && npx vitest run --project postgres "$@"
