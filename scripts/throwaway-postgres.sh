# Sourced by .ci/run and scripts/test-postgres.sh: a throwaway PostgreSQL cluster on 127.0.0.1, in a
# temporary folder, run by a user that is not root (PostgreSQL refuses to run as root). It exports
# PERS_MOCK_TEST_PG_URL (a superuser URL the tests make their own role and schemas with), and the
# caller stops it with stop_throwaway_postgres (from a trap on EXIT, so a failure stops it too).

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_USER=${PG_USER:-pgtest}
PG_PORT=${PG_PORT:-55439}
PG_DIR=

start_throwaway_postgres() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; }
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" || return 1
    run_as=(runuser -u "$PG_USER" --)
  fi
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pers-mock-pg.XXXXXX") || return 1
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$PG_DIR"
  "${run_as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-k $PG_DIR -h 127.0.0.1 -p $PG_PORT -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_RUN_AS=("${run_as[@]}")
  export PERS_MOCK_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_throwaway_postgres() {
  [ -n "$PG_DIR" ] || return 0
  "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}
