#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for running the store tests against PostgreSQL on a developer machine.
#   scripts/start-postgres.sh [PORT]        start (default port 55452), print the export line
#   scripts/start-postgres.sh stop [PORT]   stop it and delete its data folder
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (like .ci/run).
set -euo pipefail
if [ "${1:-}" = "stop" ]; then STOP=1; shift; else STOP=0; fi
PORT=${1:-55452}
PGDATA=/tmp/ts-pg-dev-$PORT
PGBIN=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")
if [ ! -x "$PGBIN/initdb" ]; then
  echo "找不到 PostgreSQL（initdb）：Debian/Ubuntu 上运行 apt-get install postgresql" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
CTL=$PGBIN/pg_ctl
[ -x "$CTL" ] || CTL=$(command -v pg_ctl)
if [ "$STOP" = 1 ]; then
  as_pg "$CTL" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
  echo "已停止并删除 $PGDATA"
  exit 0
fi
if [ ! -d "$PGDATA" ]; then
  mkdir -p "$PGDATA"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PGDATA"
  fi
  as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
fi
as_pg "$CTL" -D "$PGDATA" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" -w -l "$PGDATA/log" start >/dev/null
CREATEDB=$PGBIN/createdb
[ -x "$CREATEDB" ] || CREATEDB=/usr/lib/postgresql/$(ls /usr/lib/postgresql | tail -1)/bin/createdb
as_pg "$CREATEDB" -h 127.0.0.1 -p "$PORT" -U postgres talentseek_test 2>/dev/null || true
echo "export TALENTSEEK_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/talentseek_test"
