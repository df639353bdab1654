# Sourced by .ci/run (set -euo pipefail): a throwaway PostgreSQL cluster for the store and
# worker tests. Installs Debian's postgresql if missing, initialises a cluster under /tmp as
# the `postgres` user (initdb refuses root), starts it on 127.0.0.1 and exports
# VIGIL_TEST_POSTGRES, which the tests read (each test creates its own database in it).
# Run it by hand (`source .ci/services/10-postgres.sh`) to get the same server locally.
vigil_pg_sudo=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then vigil_pg_sudo="sudo"; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  $vigil_pg_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $vigil_pg_sudo apt-get install -y -qq postgresql >/dev/null
fi
vigil_pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
vigil_pg_port=${VIGIL_PG_PORT:-55432}
vigil_pg_dir=$(mktemp -d /tmp/vigil-pg.XXXXXX)
chmod 755 "$vigil_pg_dir"
vigil_pg_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then
    "$@"
  else
    $vigil_pg_sudo -u postgres "$@"
  fi
}
chown postgres "$vigil_pg_dir" 2>/dev/null || $vigil_pg_sudo chown postgres "$vigil_pg_dir"
vigil_pg_as_postgres "$vigil_pg_bin/initdb" -D "$vigil_pg_dir/data" -A trust -U vigil \
  --encoding=UTF8 --locale=C.UTF-8 >/dev/null
vigil_pg_as_postgres "$vigil_pg_bin/pg_ctl" -D "$vigil_pg_dir/data" -l "$vigil_pg_dir/log" \
  -o "-p $vigil_pg_port -k $vigil_pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" \
  -w start >/dev/null
export VIGIL_TEST_POSTGRES="postgres://vigil@127.0.0.1:$vigil_pg_port/postgres"
echo "postgres: cluster in $vigil_pg_dir on port $vigil_pg_port (stop: runuser -u postgres -- $vigil_pg_bin/pg_ctl -D $vigil_pg_dir/data stop)"
