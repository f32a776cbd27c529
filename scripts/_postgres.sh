# Sourced by scripts/test: start a throwaway PostgreSQL server on 127.0.0.1 for the feedback-store
# tests and export MODERATION_TEST_POSTGRES_URL; the server is stopped and its files removed when the
# calling script exits. In CI (CI=true, root) a missing server is installed from Debian's
# `postgresql` package; elsewhere, without a server, the PostgreSQL tests skip (in CI they fail).

_moderation_pg_start() {
  if [ -n "${MODERATION_TEST_POSTGRES_URL:-}" ]; then return 0; fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -z "$bindir" ] && [ "${CI:-}" = "true" ] && [ "$(id -u)" = 0 ]; then
    echo "postgres: installing Debian's postgresql package (CI) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  fi
  if [ -z "$bindir" ]; then
    echo "postgres: no server installed; the PostgreSQL feedback tests will skip" >&2
    return 0
  fi
  local dir port run=""
  dir=$(mktemp -d /tmp/moderation-pg.XXXXXX) || return 1
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir" || return 1
    run="runuser -u postgres --"
  fi
  $run "$bindir/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  $run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  # shellcheck disable=SC2064  # expand now: the values are fixed for this run
  trap "$run '$bindir/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
  $run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres moderation_test || return 1
  export MODERATION_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/moderation_test"
  echo "postgres: test server on 127.0.0.1:$port" >&2
}

_moderation_pg_start || echo "postgres: could not start a test server; the PostgreSQL feedback tests will skip (fail in CI)" >&2
