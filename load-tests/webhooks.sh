#!/usr/bin/env bash
# Webhook ingestion benchmark, end to end, with one command (from anywhere):
#
#   load-tests/webhooks.sh [levels] [levelSeconds] [startRate] [step]      (defaults: 6 20 500 500)
#
# Builds the server, starts it with its embedded PostgreSQL pinned to CPU 0 (PostgreSQL is its child process and
# inherits the pinning), runs the WebhookBurst Gatling simulation pinned to CPU 1 (signed Resend and Meta
# deliveries at rising open-model rates, 10% duplicates), then waits for the inbox to drain and prints the
# processing lag per provider. Everything it started is stopped on exit. PORT (8161) and JAVA_OPTS may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
LEVELS=${1:-6}
LEVEL_SECONDS=${2:-20}
START_RATE=${3:-500}
STEP=${4:-500}
PORT=${PORT:-8161}
META_SECRET=load-test-meta-app-secret
DATA=$(mktemp -d /tmp/switchboard-webhooks-bench.XXXXXX)

mvn -B -q -DskipTests package
SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR="$DATA" \
SWITCHBOARD_WEBHOOKS_META_APP_SECRET=$META_SECRET SWITCHBOARD_WEBHOOKS_META_VERIFY_TOKEN=load-test \
SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=1000 \
SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
    taskset -c 0 java ${JAVA_OPTS:-} -jar target/switchboard.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$DATA"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then echo "the server exited:"; tail -20 "$DATA/server.log"; exit 1; fi
    sleep 1
done
PG_PORT=$(grep -o 'embedded postgresql started \[port: [0-9]*' "$DATA/server.log" | grep -o '[0-9]*$' | head -1)

status=0
taskset -c 1 mvn -B -q -f load-tests/pom.xml gatling:test -Dgatling.simulationClass=dev.switchboard.load.WebhookBurst \
    -DbaseUrl="http://127.0.0.1:$PORT" -DmetaAppSecret=$META_SECRET -Dlevels="$LEVELS" -DlevelSeconds="$LEVEL_SECONDS" \
    -DstartRate="$START_RATE" -Dstep="$STEP" || status=$?

echo "--- inbox after the burst (processing lag = processed_at - received_at) ---"
taskset -c 1 mvn -B -q -f load-tests/pom.xml compile exec:java -Dexec.mainClass=dev.switchboard.load.webhooks.InboxReport \
    -Dexec.args="jdbc:postgresql://localhost:$PG_PORT/switchboard?user=postgres 180"
exit $status
