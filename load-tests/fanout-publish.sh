#!/usr/bin/env bash
# Realtime fan-out through the publish API, Switchboard vs the reference server (load-tests/reference), side by side
# in one run: builds the server, starts it with its embedded PostgreSQL pinned to CPU 0, starts the reference server
# (Node.js, Fastify + ws) on the same PostgreSQL, also pinned to CPU 0, and runs dev.switchboard.load.fanout.FanoutBench
# with source=publish pinned to CPU 1:
#   - presence: 1,000 distinct users join, each subscribed to presence, until everyone sees everyone (Switchboard
#     only: the reference has no presence);
#   - at 100 and 1,000 subscribers: POST /api/v1/realtime/publish (broadcast frames on org) vs the reference's
#     POST /publish, every target rate on both, alternating; per-delivery latency p50/p99/max, deliveries/s and server
#     CPU per delivery, with the ratios (COMPARE lines, then the BEST of each side);
#   - with slow=1, a slow consumer among the largest subscriber count (Switchboard only): closed with 4008? others' p99?
# Stops everything it started.
#
#   load-tests/fanout-publish.sh [key=value ...]
#   load-tests/fanout-publish.sh subscribers=100,1000 deliveries=50000,100000,200000,400000 slow=1
#   SKIP_BUILD=1 load-tests/fanout-publish.sh subscribers=20 deliveries=2000 warmup=1 seconds=2 presence=20   # smoke
#
# Arguments go to FanoutBench (see its usage: run it with a bad argument); this script sets port, serverPid, dbPid,
# source=publish, reference, referencePid, jwtSecret and defaults idle=0 (later arguments win).
# Environment: PORT (8152), REF_PORT (8252), SERVER_CPU (0), LOAD_CPU (1), SKIP_BUILD=1 (reuse target/switchboard.jar),
#   SERVER_JAR, SERVER_JAVA_OPTS; SWITCHBOARD_* variables reach the server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-8152}
REF_PORT=${REF_PORT:-8252}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
WORK=$ROOT/load-tests/target/fanout-publish
DATA=$WORK/data
# Test value only: the reference verifies HS256 tokens with it; nothing else uses it.
JWT_SECRET=fanout-test-jwt-secret-not-a-real-secret
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

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
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "${SERVER_JAR:-target/switchboard.jar}" ]]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q -f load-tests/pom.xml compile

# One core: one event loop. Tokens outlive the run; the publish rate limit (100/s per organization by default) is
# raised so the target rates are reachable; the WebSocket client sends Origin http://127.0.0.1:PORT, which the
# CORS handler must allow.
echo "== starting switchboard on CPU $SERVER_CPU (port $PORT, data in $DATA)"
SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_DATA_DIR=$DATA \
SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL=6h SWITCHBOARD_REALTIME_MAX_CONNECTIONS_PER_USER=20 \
SWITCHBOARD_REALTIME_PUBLISHES_PER_SECOND=100000 \
SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=100 SWITCHBOARD_HTTP_CORS_ORIGINS="http://127.0.0.1:$PORT" \
  taskset -c "$SERVER_CPU" java ${SERVER_JAVA_OPTS:-} -jar "${SERVER_JAR:-target/switchboard.jar}" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "switchboard did not start:"; tail -30 "$WORK/server.log"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null || { echo "switchboard not ready after 120 s"; exit 1; }
DB_PID=$(head -1 "$DATA/postgres/postmaster.pid")
PG_PORT=$(sed -n 4p "$DATA/postgres/postmaster.pid")
echo "switchboard pid $SERVER_PID, embedded postgresql pid $DB_PID port $PG_PORT"

# The reference needs a database only to start (its schema); its /publish never touches it.
echo "== starting the reference server on CPU $SERVER_CPU (port $REF_PORT, same postgresql)"
REF_DB_URL="postgresql://postgres@localhost:$PG_PORT/switchboard" REF_PORT=$REF_PORT REF_HOST=127.0.0.1 \
REF_JWT_SECRET=$JWT_SECRET REF_WEBHOOK_SECRET=unused-in-this-benchmark \
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
taskset -c "$LOAD_CPU" mvn -B -q -f load-tests/pom.xml exec:java -Dexec.mainClass=dev.switchboard.load.fanout.FanoutBench \
  -Dexec.args="port=$PORT serverPid=$SERVER_PID dbPid=$DB_PID source=publish idle=0 \
    reference=127.0.0.1:$REF_PORT referencePid=$REF_PID jwtSecret=$JWT_SECRET $*" 2>&1 | tee "$WORK/result.txt"
status=${PIPESTATUS[0]}
set -e
echo "== done (logs: $WORK/server.log, $WORK/reference.log; output: $WORK/result.txt)"
exit "$status"
