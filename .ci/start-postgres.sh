#!/usr/bin/env bash
# The project's own copy of ../shared/ci/start-postgres.sh, used when that is not present.
# Start a throwaway PostgreSQL server on 127.0.0.1, as root, non-interactively (Debian 12).
# Idempotent: a second run finds the server up and only re-checks it.
# Prints the connection URL of a database owned by role "lantern" on its last line.
# Env: PGDATA (default /tmp/lantern-pg/data), PGPORT (5432), PGDB (lantern_test).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=${PGDATA:-/tmp/lantern-pg/data}
SOCKDIR=${SOCKDIR:-/tmp/lantern-pg/sock}
PGPORT=${PGPORT:-5432}
PGDB=${PGDB:-lantern_test}
mkdir -p "$PGDATA" "$SOCKDIR"
chown -R postgres:postgres "$(dirname "$PGDATA")" "$SOCKDIR"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $SOCKDIR -c max_connections=200" start >/dev/null
fi
psql_admin() { runuser -u postgres -- "$PGBIN/psql" -h "$SOCKDIR" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='lantern') THEN CREATE ROLE lantern LOGIN PASSWORD 'lantern'; END IF; END \$\$;"
psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$PGDB'" | grep -q 1 || \
  runuser -u postgres -- "$PGBIN/createdb" -h "$SOCKDIR" -p "$PGPORT" -U postgres -O lantern "$PGDB"
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"
echo "postgres://lantern:lantern@127.0.0.1:$PGPORT/$PGDB"
# Stop: runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop
