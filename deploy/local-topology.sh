#!/usr/bin/env bash
# Starts the topology of docker-compose.yml as local processes, for machines without a container engine:
# PostgreSQL, a Kafka broker (KRaft) from the Maven artifact, two server nodes with the compose file's environment,
# and Prometheus when a `prometheus` binary is on the PATH. Then checks it end to end:
#   - both nodes answer /health/ready;
#   - a task created over REST on node 1 reaches a WebSocket subscriber of `org` on node 2 (through Kafka);
#   - a secret stored through node 1 is decrypted by node 2 (one shared SWITCHBOARD_SECRETS_KEY).
# Exits 0 when every check passes, non-zero otherwise; stops everything it started in either case.
#
# Needs JDK 17+ and Maven; PostgreSQL's initdb/postgres are used from the PATH when there, otherwise the ones
# embedded in the server jar. Builds target/switchboard.jar when it is missing.
#
# Usage: deploy/local-topology.sh [--keep]   (--keep: leave the topology running until Ctrl-C)
# TOPOLOGY_EMBEDDED_POSTGRES=1 uses the jar's PostgreSQL even when one is installed.
# Ports (override through the environment): TOPOLOGY_PG_PORT 55432, TOPOLOGY_KAFKA_PORT 59092,
# TOPOLOGY_CONTROLLER_PORT 59093, TOPOLOGY_NODE1_PORT 18080, TOPOLOGY_NODE2_PORT 18081, TOPOLOGY_PROMETHEUS_PORT 19090.
# Everything it writes (data, logs) goes to target/local-topology/; the logs stay there after it exits.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/deploy/local-topology
WORK=$ROOT/target/local-topology
JAR=$ROOT/target/switchboard.jar
COMPOSE=$ROOT/docker-compose.yml

PG_PORT=${TOPOLOGY_PG_PORT:-55432}
KAFKA_PORT=${TOPOLOGY_KAFKA_PORT:-59092}
CONTROLLER_PORT=${TOPOLOGY_CONTROLLER_PORT:-59093}
NODE1_PORT=${TOPOLOGY_NODE1_PORT:-18080}
NODE2_PORT=${TOPOLOGY_NODE2_PORT:-18081}
PROMETHEUS_PORT=${TOPOLOGY_PROMETHEUS_PORT:-19090}
NODE_JAVA_OPTS=${TOPOLOGY_NODE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}
KEEP=false
[[ "${1:-}" == "--keep" ]] && KEEP=true

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
STARTED=$SECONDS
PIDS=()      # every process this script started, in start order
NAMES=()

say() { printf '[%3ds] %s\n' $((SECONDS - STARTED)) "$*"; }
fail() { say "FAIL $*" >&2; exit 1; }

# Stops what was started, newest first: the nodes before Kafka and PostgreSQL, so they shut down cleanly.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        local pid=${PIDS[i]}
        kill -0 "$pid" 2>/dev/null || continue
        # PostgreSQL: SIGINT is its fast shutdown. Everyone else: SIGTERM.
        if [[ ${NAMES[i]} == postgres ]]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then
            say "${NAMES[i]} did not stop within 30 s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    ((${#PIDS[@]} > 0)) && say "stopped everything this script started; logs in ${WORK#"$ROOT"/}/"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs "$@" in the background with its output in $WORK/<name>.log and remembers it for cleanup.
start() {
    local name=$1
    shift
    "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    NAMES+=("$name")
}

pid_of() {
    for i in "${!NAMES[@]}"; do [[ ${NAMES[i]} == "$1" ]] && echo "${PIDS[i]}"; done
}

# wait_until <name> <seconds> <command...>: polls the command; fails when the process <name> exits or time runs out.
wait_until() {
    local name=$1 limit=$2
    shift 2
    local deadline=$((SECONDS + limit)) pid
    pid=$(pid_of "$name")
    until "$@"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$WORK/$name.log" >&2; fail "$name exited; see ${WORK#"$ROOT"/}/$name.log"; }
        ((SECONDS < deadline)) || { tail -n 20 "$WORK/$name.log" >&2; fail "$name not ready within $limit s"; }
        sleep 0.5
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port_free() { ! port_open "$1" || fail "port $1 is in use (set ${2} to another port)"; }

# The status code of GET http://127.0.0.1:<port><path>, with bash alone (no curl needed).
http_status() {
    local line
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ line _ <&3 || true
    exec 3<&- 3>&-
    echo "${line:-0}"
}

ready() { [[ $(http_status "$1" /health/ready 2>/dev/null) == 200 ]]; }

# The server settings the compose file gives every node (the x-switchboard-env block), one KEY=value a line;
# ${NAME:-default} takes NAME from this environment when set, as compose does.
compose_env() {
    local line key value in_block=false
    while IFS= read -r line; do
        if [[ $line == x-switchboard-env:* ]]; then in_block=true; continue; fi
        $in_block || continue
        [[ -z $line || $line != " "* ]] && break
        [[ $line =~ ^[[:space:]]+(SWITCHBOARD_[A-Z0-9_]+):[[:space:]]*(.*)$ ]] || continue
        key=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        value=${value%\"}
        value=${value#\"}
        if [[ $value =~ ^\$\{([A-Z0-9_]+):-(.*)\}$ ]]; then
            local from=${BASH_REMATCH[1]} default=${BASH_REMATCH[2]}
            value=${!from:-$default}
        fi
        echo "$key=$value"
    done <"$COMPOSE"
}

# PostgreSQL's binaries: from the PATH (or the usual Debian/Ubuntu place), else the ones embedded in the server jar.
postgres_bin() {
    if [[ -z ${TOPOLOGY_EMBEDDED_POSTGRES:-} ]] && command -v initdb >/dev/null && command -v postgres >/dev/null; then
        dirname "$(command -v postgres)"
        return
    fi
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -z ${TOPOLOGY_EMBEDDED_POSTGRES:-} && -x $dir/initdb && -x $dir/postgres ]] && { echo "$dir"; return; }
    done
    local os arch bundle
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) fail "no PostgreSQL binaries for $(uname -s)" ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x86_64 ;; aarch64 | arm64) arch=arm_64 ;; *) fail "no PostgreSQL binaries for $(uname -m)" ;; esac
    bundle=$("${JAVA%java}jar" tf "$JAR" | grep -E "^postgres-$os-$arch\.txz$" | head -n 1 || true)
    [[ -n $bundle ]] || fail "no initdb on the PATH and no postgres-$os-$arch.txz in the server jar"
    mkdir -p "$WORK/postgres-bin"
    (cd "$WORK/postgres-bin" && "${JAVA%java}jar" xf "$JAR" "$bundle" && tar -xJf "$bundle" && rm -f "$bundle")
    echo "$WORK/postgres-bin/bin"
}

# ---------------------------------------------------------------------------------------------------------------
say "local topology of docker-compose.yml, under ${WORK#"$ROOT"/}/"
for pair in "$PG_PORT TOPOLOGY_PG_PORT" "$KAFKA_PORT TOPOLOGY_KAFKA_PORT" "$CONTROLLER_PORT TOPOLOGY_CONTROLLER_PORT" \
    "$NODE1_PORT TOPOLOGY_NODE1_PORT" "$NODE2_PORT TOPOLOGY_NODE2_PORT"; do
    port_free $pair
done
mkdir -p "$WORK"
find "$WORK" -mindepth 1 -maxdepth 1 ! -name kafka-libs -exec rm -rf {} +

if [[ ! -f $JAR ]]; then
    say "building target/switchboard.jar (mvn -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) || fail "the build failed"
fi
if [[ ! -f $WORK/kafka-libs/.complete ]]; then
    say "fetching the Kafka broker's class path (org.apache.kafka:kafka_2.13, deploy/local-topology/pom.xml)"
    rm -rf "$WORK/kafka-libs"
    mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$WORK/kafka-libs" -DincludeScope=runtime \
        || fail "cannot fetch the Kafka broker"
    touch "$WORK/kafka-libs/.complete"
fi

# --- PostgreSQL (compose: postgres) ------------------------------------------------------------------------------
# Same database, user and password as the compose file.
NODE_ENV=$(compose_env)
DB_URL=$(grep '^SWITCHBOARD_DB_URL=' <<<"$NODE_ENV" | cut -d= -f2-)
[[ $DB_URL =~ ^postgresql://([^:]+):([^@]+)@[^/]+/(.+)$ ]] || fail "cannot read SWITCHBOARD_DB_URL from docker-compose.yml"
DB_USER=${BASH_REMATCH[1]} DB_PASSWORD=${BASH_REMATCH[2]} DB_NAME=${BASH_REMATCH[3]}
PG_BIN=$(postgres_bin)
# PostgreSQL refuses to run as root; as root (containers, CI) it runs in a user namespace, as the embedded one does.
AS_PG=()
[[ $(id -u) == 0 ]] && AS_PG=(unshare -U)
say "postgres: initdb with $("$PG_BIN/postgres" --version)"
printf '%s\n' "$DB_PASSWORD" >"$WORK/pg-password"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/postgres" -U "$DB_USER" --pwfile="$WORK/pg-password" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; fail "initdb failed"; }
rm -f "$WORK/pg-password"
echo "CREATE DATABASE $DB_NAME;" | "${AS_PG[@]}" "$PG_BIN/postgres" --single -D "$WORK/postgres" postgres >"$WORK/createdb.log" 2>&1 \
    || { cat "$WORK/createdb.log" >&2; fail "cannot create database $DB_NAME"; }
start postgres "${AS_PG[@]}" "$PG_BIN/postgres" -D "$WORK/postgres" -p "$PG_PORT" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c max_connections=100
wait_until postgres 60 port_open "$PG_PORT"
say "postgres: ready on 127.0.0.1:$PG_PORT (database $DB_NAME, user $DB_USER)"

# --- Kafka (compose: kafka) --------------------------------------------------------------------------------------
mkdir -p "$WORK/kafka"
cat >"$WORK/kafka/server.properties" <<EOF
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
log.dirs=$WORK/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
KAFKA_JAVA=("$JAVA" -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$HERE/log4j2.properties"
    -cp "$WORK/kafka-libs/*")
CLUSTER_ID=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
"${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/kafka/server.properties" \
    >"$WORK/kafka-format.log" 2>&1 || { cat "$WORK/kafka-format.log" >&2; fail "cannot format the Kafka log directory"; }
start kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$WORK/kafka/server.properties"
wait_until kafka 90 port_open "$KAFKA_PORT"
say "kafka: broker and controller (KRaft) on 127.0.0.1:$KAFKA_PORT"

# --- two server nodes (compose: switchboard, switchboard-2) ------------------------------------------------------
# The compose file's environment with its host names replaced by this machine's ports; each node gets its own
# data directory, as each container gets its own volume.
start_node() {
    local n=$1 port=$2 dir="$WORK/node-$1"
    mkdir -p "$dir/data"
    local env=(PATH="$PATH" HOME="${HOME:-$dir}")
    local line
    while IFS= read -r line; do
        line=${line//@postgres:5432\//@127.0.0.1:$PG_PORT\/}
        line=${line//=kafka:9092/=127.0.0.1:$KAFKA_PORT}
        env+=("$line")
    done <<<"$NODE_ENV"
    env+=(SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_KAFKA_NODE_ID="switchboard-$n"
        SWITCHBOARD_DATA_DIR="$dir/data" SWITCHBOARD_CONFIG="$ROOT/config/switchboard.json")
    # shellcheck disable=SC2086 # NODE_JAVA_OPTS holds several options
    start "node-$n" env -i "${env[@]}" "$JAVA" $NODE_JAVA_OPTS -jar "$JAR"
}
start_node 1 "$NODE1_PORT"
wait_until node-1 240 ready "$NODE1_PORT"
say "node 1: ready on 127.0.0.1:$NODE1_PORT (migrated the schema)"
# compose starts the second node once the first is healthy
start_node 2 "$NODE2_PORT"
wait_until node-2 240 ready "$NODE2_PORT"
say "node 2: ready on 127.0.0.1:$NODE2_PORT"

# --- Prometheus (compose: prometheus), when available -----------------------------------------------------------
PROMETHEUS=false
if command -v prometheus >/dev/null; then
    port_free "$PROMETHEUS_PORT" TOPOLOGY_PROMETHEUS_PORT
    sed -e 's/scrape_interval: .*/scrape_interval: 2s/' \
        -e "s/\"switchboard:8080\", \"switchboard-2:8080\"/\"127.0.0.1:$NODE1_PORT\", \"127.0.0.1:$NODE2_PORT\"/" \
        "$ROOT/config/prometheus.yml" >"$WORK/prometheus.yml"
    start prometheus prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus" \
        --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
    wait_until prometheus 60 port_open "$PROMETHEUS_PORT"
    PROMETHEUS=true
    say "prometheus: scraping both nodes every 2 s on 127.0.0.1:$PROMETHEUS_PORT"
else
    say "prometheus: no prometheus binary on the PATH, skipped (compose runs prom/prometheus with config/prometheus.yml)"
fi

# --- end to end --------------------------------------------------------------------------------------------------
say "checking end to end"
"$JAVA" -cp "$JAR" "$HERE/TopologyCheck.java" "http://127.0.0.1:$NODE1_PORT" "http://127.0.0.1:$NODE2_PORT" \
    || fail "end-to-end check (node logs: ${WORK#"$ROOT"/}/node-1.log, node-2.log)"
if $PROMETHEUS; then
    up_targets() {
        local body
        body=$(exec 3<>"/dev/tcp/127.0.0.1/$PROMETHEUS_PORT" &&
            printf 'GET /api/v1/query?query=up HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && cat <&3)
        [[ $(grep -o '"value":\[[^]]*,"1"\]' <<<"$body" | wc -l) -ge 2 ]]
    }
    wait_until prometheus 30 up_targets
    say "prometheus: both nodes up"
fi
say "PASS: the compose topology runs (postgres, kafka, 2 nodes$($PROMETHEUS && echo ', prometheus'))"

if $KEEP; then
    say "running until Ctrl-C: node 1 http://127.0.0.1:$NODE1_PORT, node 2 http://127.0.0.1:$NODE2_PORT"
    wait
fi
