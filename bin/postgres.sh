# A throwaway PostgreSQL cluster on a Unix socket in a temporary directory.
# start_postgres sets PG_URL; stop_postgres stops the server and removes everything.
PG_BINDIR="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  if [ ! -x "$PG_BINDIR/initdb" ]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql." >&2
    return 1
  fi
  PG_DIR="$(mktemp -d /tmp/wijkactie-pg.XXXXXX)"
  PG_PORT="${PG_PORT:-$((20000 + RANDOM % 20000))}"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
  fi
  pg_as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
    "-k $PG_DIR -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:${PG_PORT}/wijkactie"
  export PG_URL PG_DIR PG_PORT
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
