#!/usr/bin/env bash
# The indexer against a real PostgreSQL server (issue 17): installs Debian's `postgresql` when absent, starts a
# throwaway cluster owned by the postgres user in a temporary folder on a free loopback port, creates a database,
# runs the indexer's test files with DATABASE_URL pointing at it, and stops the server and deletes the cluster on
# exit, also when a test fails. Runs from CI (.ci/run, as root on a fresh machine) and by hand: .ci/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  apt-get install -y postgresql || (apt-get update && apt-get install -y postgresql)
fi
# The newest installed major version's server programs (Debian keeps them off PATH).
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user (the package creates it).
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cluster=$(mktemp -d /tmp/govchain-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$cluster"
stop_server() {
  as_postgres "$bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_server EXIT

# A free port on 127.0.0.1, chosen by the kernel.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_postgres "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 --no-sync >/dev/null
# Only loopback TCP, no Unix socket in a shared folder, no durability a throwaway run does not need.
as_postgres "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cluster -c fsync=off" start
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres govchain_index
echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$port (cluster $cluster)"

DATABASE_URL="postgres://postgres@127.0.0.1:$port/govchain_index" npx hardhat test mocha test/indexer/*.test.ts
