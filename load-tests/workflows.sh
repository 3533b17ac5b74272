#!/usr/bin/env bash
# Workflow sweeper and job benchmark: clock-trigger lag (due time -> run start, p50/p99) and workflow runs per
# second at COUNT reminders due at once, with one and then two server nodes (job workers + sweepers) over one
# database. Servers (and their embedded PostgreSQL) pinned to CPU 0, the load tool to CPU 1.
#
#   load-tests/workflows.sh [COUNT=10000] [NODES="1 2"] [LEAD_SECONDS=30]
#   SERVER_JAR=other.jar load-tests/workflows.sh 10000 1      # another build (e.g. the previous commit's) instead
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"
NODES="${2:-1 2}"
LEAD="${3:-30}"
PORT1=8181
PORT2=8182
PIDS=()

stop_all() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap stop_all EXIT

wait_ready() {
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "server on port $1 did not become ready" >&2
  return 1
}

JAR="${SERVER_JAR:-target/switchboard.jar}"
[ -f "$JAR" ] || mvn -B -q -DskipTests package
mvn -B -q -f load-tests/pom.xml compile

for nodes in $NODES; do
  data="$(mktemp -d /tmp/switchboard-wfbench-XXXXXX)"
  log1="$data/node1.log"
  SWITCHBOARD_DATA_DIR="$data/pg" SWITCHBOARD_HTTP_PORT=$PORT1 taskset -c 0 java -jar "$JAR" >"$log1" 2>&1 &
  PIDS+=($!)
  wait_ready $PORT1
  pgport="$(grep -o 'embedded postgresql started \[port: [0-9]*' "$log1" | grep -o '[0-9]*$' | head -1)"
  if [ "$nodes" = "2" ]; then
    SWITCHBOARD_DB_URL="postgresql://postgres@localhost:$pgport/switchboard" SWITCHBOARD_HTTP_PORT=$PORT2 \
      taskset -c 0 java -jar "$JAR" >"$data/node2.log" 2>&1 &
    PIDS+=($!)
    wait_ready $PORT2
  fi
  echo "== $nodes node(s), $COUNT reminders =="
  taskset -c 1 mvn -B -q -f load-tests/pom.xml exec:java -Dexec.mainClass=dev.switchboard.load.workflows.ReminderLagBench \
    -Dexec.args="http://127.0.0.1:$PORT1 jdbc:postgresql://localhost:$pgport/switchboard?user=postgres $COUNT $LEAD"
  stop_all
  rm -rf "$data"
done
