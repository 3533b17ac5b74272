#!/usr/bin/env bash
# REST benchmark, end to end: builds the server, starts it (and its embedded PostgreSQL) pinned to CPU 0,
# fills it with the generated dataset, runs the two REST targets at exactly 64 connections with the load
# pinned to CPU 1, prints the numbers and stops everything.
#
#   load-tests/rest.sh                      # from the repository root
#
# Environment (all optional): PORT=8191 TENANTS=10 CASES=10000 CONNECTIONS=64 WARMUP=15 DURATION=30
#   SCENARIOS="list create-task"   which scenarios to run (also: search, see load-tests/search.sh)
#   SKIP_BUILD=1   use the jar and load tools already built
#   REUSE=1   keep the data directory and dataset of a previous run (skips building the dataset)
#   JFR=1     record a JFR profile of each measured window into load-tests/target/rest-<scenario>.jfr
#   SERVER_CPU=0 LOAD_CPU=1   the CPUs to pin to
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-8191}
TENANTS=${TENANTS:-10}
CASES=${CASES:-10000}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-30}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
WORK=$ROOT/load-tests/target/rest
DATA=$WORK/data
CREDENTIALS=$WORK/credentials.csv
BASE=http://localhost:$PORT

if [[ "${REUSE:-0}" != 1 ]]; then
  rm -rf "$WORK"
fi
mkdir -p "$WORK"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building the server and the load tools"
  mvn -B -q -DskipTests package
  mvn -B -q -f load-tests/pom.xml compile
fi

echo "== starting the server on CPU $SERVER_CPU (port $PORT, data in $DATA)"
SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_DATA_DIR=$DATA \
SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=1000 SWITCHBOARD_LIMITS_LOGIN_PER_MINUTE=1000 \
SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
  taskset -c "$SERVER_CPU" java -jar target/switchboard.jar > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "$BASE/health/ready" > /dev/null && break
  kill -0 $SERVER_PID 2>/dev/null || { echo "server failed to start; see $WORK/server.log"; exit 1; }
  sleep 1
done

run() { # main class, arguments
  taskset -c "$LOAD_CPU" mvn -B -q -f load-tests/pom.xml exec:java -Dexec.mainClass="$1" -Dexec.args="$2"
}

if [[ ! -s "$CREDENTIALS" ]]; then
  echo "== generating the dataset: $TENANTS tenants x $CASES cases"
  run dev.switchboard.load.dataset.DatasetGenerator \
      "--base-url $BASE --data-dir $DATA --tenants $TENANTS --cases $CASES --out $CREDENTIALS"
fi

status=0
bench() { # scenario, min req/s, max p99 ms
  echo "== $1: $CONNECTIONS connections, warm-up $WARMUP s, measured $DURATION s"
  local jfr=""
  [[ "${JFR:-0}" == 1 ]] && jfr="--jfr $ROOT/load-tests/target/rest-$1.jfr"
  run dev.switchboard.load.rest.RestBench "--base-url $BASE --credentials $CREDENTIALS --scenario $1 \
      --connections $CONNECTIONS --warmup $WARMUP --duration $DURATION --min-rps $2 --max-p99 $3 \
      --server-pid $SERVER_PID --pg-data $DATA/postgres $jfr" || status=1
}
for scenario in ${SCENARIOS:-list create-task}; do
  case $scenario in
    list) bench list 3900 20 ;;
    create-task) bench create-task 4000 30 ;;
    search) bench search 0 30 ;;
    *) echo "unknown scenario $scenario"; status=1 ;;
  esac
done
echo "== done (server log: $WORK/server.log)"
exit $status
