#!/usr/bin/env bash
# Switchboard vs the reference server (load-tests/reference), end to end with one command, side by side in one run:
# builds the server, starts it with its embedded PostgreSQL pinned to CPU 0, starts the reference server (Node.js) on
# the same PostgreSQL, also pinned to CPU 0, and runs dev.switchboard.load.pipeline.PipelineBench pinned to CPU 1:
#   a. task creation at 64 connections (POST /api/v1/tasks vs the reference's POST /tasks), alternating, medians,
#      with Switchboard's consumer-lag gauge sampled from /metrics every 250 ms;
#   b. signed tenant-webhook intake (/webhooks/in/{slug}/{hookId} vs POST /webhooks/{tenant}), the same way, then
#      Switchboard alone at half its measured rate for STEADY seconds and its processing lag (received -> processed).
# Prints the numbers, stops everything it started and exits non-zero when a target is missed.
#
#   load-tests/pipeline.sh                                    # from anywhere; defaults below
#   WARMUP=2 DURATION=5 RUNS=1 CONNECTIONS=8 STEADY=5 load-tests/pipeline.sh     # a smoke run
#
# Environment (all optional): WARMUP=60 DURATION=60 RUNS=3 CONNECTIONS=64 TENANTS=8 SUBSCRIBERS=1 (sockets per tenant
#   and server) STEADY=30 STEADY_FRACTION=0.5 PARTS=tasks,webhooks SETTLE_MAX=120 DRAIN_MAX=120 IDLE_CPU=0.15
#   METRICS_INTERVAL=1000 MIN_TASK_RATIO=1.25 MIN_WEBHOOK_RATIO=2 MAX_CONSUMER_LAG=1
#   PORT=8195 REF_PORT=8295 SERVER_CPU=0 LOAD_CPU=1 SKIP_BUILD=1 (reuse target/switchboard.jar) SERVER_JAR SERVER_JAVA_OPTS
#   SWITCHBOARD_* variables reach the server (e.g. SWITCHBOARD_ACCESS_LOG_LEVEL=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-8195}
REF_PORT=${REF_PORT:-8295}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
WORK=$ROOT/load-tests/target/pipeline
DATA=$WORK/data
# Test values only: the reference verifies HS256 tokens and webhook HMACs with these; nothing else uses them.
JWT_SECRET=pipeline-test-jwt-secret-not-a-real-secret
WEBHOOK_SECRET=pipeline-test-webhook-secret-not-a-real-secret

SERVER_PID=""
REF_PID=""
cleanup() {
  if [[ -n "$REF_PID" ]] && kill -0 "$REF_PID" 2>/dev/null; then
    kill "$REF_PID" 2>/dev/null || true
    wait "$REF_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  # The embedded PostgreSQL is not the JVM's child once started: stop it if the server did not (e.g. it crashed).
  local pg
  pg=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$pg" ]] && kill -0 "$pg" 2>/dev/null; then
    kill -INT "$pg" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pg" 2>/dev/null || break; sleep 1; done
  fi
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK"

echo "== building the server and the load tools"
SERVER_JAR=${SERVER_JAR:-target/switchboard.jar}
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$SERVER_JAR" ]]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q -f load-tests/pom.xml compile

echo "== starting switchboard on CPU $SERVER_CPU (port $PORT, data in $DATA)"
SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR=$DATA \
SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=1000 SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL=6h \
SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
SWITCHBOARD_HTTP_CORS_ORIGINS="http://127.0.0.1:$PORT" \
  taskset -c "$SERVER_CPU" java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "switchboard did not start:"; tail -30 "$WORK/server.log"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null || { echo "switchboard not ready after 120 s"; exit 1; }
PG_PORT=$(sed -n 4p "$DATA/postgres/postmaster.pid")
echo "switchboard pid $SERVER_PID, embedded postgresql pid $(head -1 "$DATA/postgres/postmaster.pid") port $PG_PORT"

echo "== starting the reference server on CPU $SERVER_CPU (port $REF_PORT, same postgresql)"
REF_DB_URL="postgresql://postgres@localhost:$PG_PORT/switchboard" REF_PORT=$REF_PORT REF_HOST=127.0.0.1 \
REF_JWT_SECRET=$JWT_SECRET REF_WEBHOOK_SECRET=$WEBHOOK_SECRET \
  taskset -c "$SERVER_CPU" load-tests/reference/start.sh > "$WORK/reference.log" 2>&1 &
REF_PID=$!
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$REF_PORT/health" > /dev/null 2>&1 && break
  kill -0 "$REF_PID" 2>/dev/null || { echo "the reference server did not start:"; tail -30 "$WORK/reference.log"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$REF_PORT/health" > /dev/null || { echo "reference not ready after 180 s"; exit 1; }
echo "reference pid $REF_PID"

echo "== measuring on CPU $LOAD_CPU"
set +e
taskset -c "$LOAD_CPU" mvn -B -q -f load-tests/pom.xml exec:java -Dexec.mainClass=dev.switchboard.load.pipeline.PipelineBench \
  -Dexec.args="--switchboard http://127.0.0.1:$PORT --reference http://127.0.0.1:$REF_PORT \
    --switchboard-pid $SERVER_PID --reference-pid $REF_PID --pg-data $DATA/postgres \
    --jwt-secret $JWT_SECRET --webhook-secret $WEBHOOK_SECRET \
    --connections ${CONNECTIONS:-64} --warmup ${WARMUP:-60} --duration ${DURATION:-60} --runs ${RUNS:-3} \
    --tenants ${TENANTS:-8} --subscribers ${SUBSCRIBERS:-1} --parts ${PARTS:-tasks,webhooks} \
    --steady ${STEADY:-30} --steady-fraction ${STEADY_FRACTION:-0.5} --settle-max ${SETTLE_MAX:-120} \
    --drain-max ${DRAIN_MAX:-120} --idle-cpu ${IDLE_CPU:-0.15} --metrics-interval ${METRICS_INTERVAL:-1000} \
    --min-task-ratio ${MIN_TASK_RATIO:-1.25} --min-webhook-ratio ${MIN_WEBHOOK_RATIO:-2} \
    --max-consumer-lag ${MAX_CONSUMER_LAG:-1}" 2>&1 | tee "$WORK/result.txt"
status=${PIPESTATUS[0]}
set -e
echo "== done (logs: $WORK/server.log, $WORK/reference.log; output: $WORK/result.txt)"
exit "$status"
