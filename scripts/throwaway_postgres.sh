#!/usr/bin/env bash
# Runs a command (the test suite) against a PostgreSQL cluster of its own, then removes it:
#   scripts/throwaway_postgres.sh .venv/bin/python -m pytest -q
# The cluster lives in a temporary directory (data and socket), listens on 127.0.0.1 only,
# trusts local connections and skips fsync: it holds nothing worth keeping. Debian's server
# binaries are used; as root they are installed when missing (like `make chromium`). Where no
# cluster can be had, the command runs without DATABASE_URL, on SQLite, and conftest.py skips
# the tests marked `concurrency` and says so.
set -uo pipefail

say() { echo "throwaway_postgres: $*" >&2; }

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin="$(server_bin)"
if [ ! -x "$bin/initdb" ] && [ "$(id -u)" = "0" ]; then
  say "installing Debian's postgresql package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin="$(server_bin)"
fi
if [ ! -x "$bin/initdb" ] || { [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; }; then
  say "no PostgreSQL server binaries (run 'sudo apt-get install postgresql'):"
  say "running on SQLite, the concurrency tests will be skipped"
  exec "$@"
fi

# initdb refuses to run as root: root runs the cluster as Debian's postgres user.
as=()
[ "$(id -u)" = "0" ] && as=(runuser -u postgres --)
dir="$(mktemp -d -t comptoir-pg.XXXXXX)"
[ "$(id -u)" = "0" ] && chown postgres: "$dir"
pg() { (cd "$dir" && "${as[@]}" "$bin/$1" "${@:2}"); }

cleanup() {
  trap - EXIT INT TERM
  [ -f "$dir/data/postmaster.pid" ] && pg pg_ctl stop -D "$dir/data" -m immediate -s >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
pg initdb -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; say "initdb failed"; exit 1; }
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
pg pg_ctl start -D "$dir/data" -l "$dir/server.log" -w -s \
  || { cat "$dir/server.log" >&2; say "the server did not start"; exit 1; }

say "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port, in $dir"
DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres" "$@"
