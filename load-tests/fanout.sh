#!/usr/bin/env bash
# Realtime fan-out benchmark, end to end: builds the server, starts it (and its embedded PostgreSQL) pinned
# to CPU 0 with a fresh data directory, runs the load client pinned to CPU 1, prints the numbers, stops the server.
#
#   load-tests/fanout.sh [key=value ...]     e.g. load-tests/fanout.sh subscribers=100 deliveries=20000 presence=0 idle=0
#   load-tests/fanout.sh source=publish ...  deliveries from POST /api/v1/realtime/publish instead of REST writes
#   (side by side with the reference server's /publish: load-tests/fanout-publish.sh)
#
# Arguments go to dev.switchboard.load.fanout.FanoutBench (run it with a bad argument to see them all).
# Environment: PORT (8151), SKIP_BUILD=1 to reuse target/switchboard.jar, SERVER_JAR (another build), SERVER_JAVA_OPTS (extra server JVM flags,
# e.g. JFR: -XX:StartFlightRecording=filename=/tmp/fanout.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8151}"
DATA_DIR="$(mktemp -d /tmp/switchboard-fanout.XXXXXX)"
LOG="target/fanout-server.log"
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q -f load-tests/pom.xml compile

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

# One core: one event loop. Tokens outlive the run; 20 sockets per user make 20,000 idle sockets of 1,000 users;
# the WebSocket client sends Origin http://127.0.0.1:PORT, which the CORS handler must allow; the publish API's
# per-organization rate limit (100/s by default) is raised so source=publish reaches its target rates.
SWITCHBOARD_HTTP_PORT="$PORT" SWITCHBOARD_DATA_DIR="$DATA_DIR/data" \
SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL=2h SWITCHBOARD_REALTIME_MAX_CONNECTIONS_PER_USER=20 \
SWITCHBOARD_REALTIME_PUBLISHES_PER_SECOND=100000 \
SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=100 SWITCHBOARD_HTTP_CORS_ORIGINS="http://127.0.0.1:$PORT" \
  taskset -c 0 java ${SERVER_JAVA_OPTS:-} -jar "${SERVER_JAR:-target/switchboard.jar}" >"$LOG" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server did not start:"; tail -50 "$LOG"; exit 1; }
  sleep 1
done
# the embedded PostgreSQL daemonizes (its parent is init, not the JVM) but inherits the CPU 0 pinning
DB_PID="$(head -1 "$DATA_DIR/data/postgres/postmaster.pid" 2>/dev/null || echo 0)"
echo "server pid $SERVER_PID on port $PORT, postgres pid $DB_PID (server log: $LOG)"

taskset -c 1 mvn -B -q -f load-tests/pom.xml exec:java -Dexec.mainClass=dev.switchboard.load.fanout.FanoutBench \
  -Dexec.args="port=$PORT serverPid=$SERVER_PID dbPid=$DB_PID $*"
