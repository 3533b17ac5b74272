#!/usr/bin/env bash
# Timeline benchmark, end to end: builds and starts the server (and its embedded PostgreSQL) pinned to CPU 0,
# generates the dataset and measures with the load client pinned to CPU 1, prints the numbers and the query
# plans, stops everything.
#   load-tests/timeline.sh                      # 5,000,000 rows, one record with 100,000, 2,000 samples
#   ROWS=300000 CONTACTS=201 SAMPLES=200 load-tests/timeline.sh   # a short proof run
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-5000000}
CONTACTS=${CONTACTS:-1001}
SAMPLES=${SAMPLES:-2000}
PORT=${PORT:-8171}
DATA=$(pwd)/load-tests/target/timeline-data
LOG=$(pwd)/load-tests/target/timeline-server.log

mvn -B -q -DskipTests package
mkdir -p load-tests/target && rm -rf "$DATA"
SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_DATA_DIR=$DATA taskset -c 0 java -jar target/switchboard.jar > "$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/health/ready" > /dev/null && break
  sleep 1
done
PG_PORT=$(grep -o 'embedded postgresql started \[port: [0-9]*' "$LOG" | grep -o '[0-9]*$' | head -1)
run() {
  (cd load-tests && taskset -c 1 mvn -B -q compile exec:java -Dexec.mainClass=dev.switchboard.load.timeline.TimelineBench \
    -Dexec.args="$*")
}
run generate "http://localhost:$PORT" "$PG_PORT" "$ROWS" "$CONTACTS"
run measure "http://localhost:$PORT" "$PG_PORT" "$SAMPLES"
