#!/usr/bin/env bash
# Task creation, two builds side by side: both jars run at once on SERVER_CPU (each with its own embedded
# PostgreSQL under load-tests/target/side-by-side), and bursts of POST /api/v1/tasks from a Node.js closed-loop
# client on LOAD_CPU alternate between them (A B, then B A, ...). Each burst prints its requests per second, p50/p99
# and the server CPU per request (the JVM and every process of its PostgreSQL, from /proc) over exactly the burst.
# Alternating short bursts puts both builds in the same minutes of a shared machine, which moves whole runs by 30 %.
#
#   load-tests/side-by-side.sh NEW.jar OLD.jar                 # from the repository root
#   ROUNDS=6 SECONDS_PER_BURST=15 WARMUP_BURSTS=3 CONNECTIONS=64 SERVER_CPU=0 LOAD_CPU=1 (defaults)
#
# Needs JDK 17+, Node.js 18+, python3 (to register the organizations), curl and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 2 && -f "$1" && -f "$2" ]] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
ROUNDS=${ROUNDS:-6}; BURST=${SECONDS_PER_BURST:-15}; WARMUP_BURSTS=${WARMUP_BURSTS:-3}; CONNECTIONS=${CONNECTIONS:-64}
SERVER_CPU=${SERVER_CPU:-0}; LOAD_CPU=${LOAD_CPU:-1}
WORK=load-tests/target/side-by-side; mkdir -p "$WORK"
declare -A JAR=([A]=$(realpath "$1") [B]=$(realpath "$2")) PORT=([A]=8311 [B]=8312) PID=()

stop() { for s in A B; do [[ -n "${PID[$s]:-}" ]] && kill "${PID[$s]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

for s in A B; do
  rm -rf "$WORK/data-$s"
  SWITCHBOARD_HTTP_PORT=${PORT[$s]} SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR="$WORK/data-$s" \
  SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE=1000 SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL=6h \
  SWITCHBOARD_LIMITS_USER_REQUESTS=10000000 SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS=10000000 \
    taskset -c "$SERVER_CPU" java -jar "${JAR[$s]}" > "$WORK/server-$s.log" 2>&1 &
  PID[$s]=$!
done
for s in A B; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:${PORT[$s]}/health/ready" > /dev/null 2>&1 && break; sleep 1; done
  curl -fs "http://127.0.0.1:${PORT[$s]}/health/ready" > /dev/null || { echo "server $s did not start:"; tail -20 "$WORK/server-$s.log"; exit 1; }
  # eight organizations, their admins' tokens
  python3 - "${PORT[$s]}" "$WORK/tokens-$s.json" <<'PY'
import json, sys, time, http.client
port, out, tokens = int(sys.argv[1]), sys.argv[2], []
c = http.client.HTTPConnection('127.0.0.1', port)
for i in range(8):
    stamp = time.time_ns()
    c.request('POST', '/api/v1/auth/register', body=json.dumps({"organizationName": "Side %d %d" % (i, stamp),
              "email": "side%d-%d@example.test" % (i, stamp), "password": "correct horse battery", "fullName": "Ann Admin"}),
              headers={'Content-Type': 'application/json'})
    r = c.getresponse(); body = r.read()
    assert r.status in (200, 201), (r.status, body)
    tokens.append(json.loads(body)['accessToken'])
open(out, 'w').write(json.dumps(tokens))
PY
done

ticks() { # the server's JVM and every process of its PostgreSQL, in clock ticks
  local pm total=0
  pm=$(head -1 "$WORK/data-$1/postgres/postmaster.pid")
  for p in "${PID[$1]}" "$pm" $(ps --ppid "$pm" -o pid=); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
burst() { # side seconds -> one line
  local t0 t1 out n hz
  hz=$(getconf CLK_TCK)
  t0=$(ticks "$1")
  out=$(taskset -c "$LOAD_CPU" node load-tests/scripts/task-burst.js "${PORT[$1]}" "$WORK/tokens-$1.json" "$2" "$CONNECTIONS")
  t1=$(ticks "$1")
  read -r n errors p50 p99 <<< "$out"
  echo "$1 $(basename "${JAR[$1]}") requests=$n rate=$((n / $2))/s p50=${p50}ms p99=${p99}ms errors=$errors cpu_ms_per_request=$(awk -v d=$((t1 - t0)) -v n="$n" -v hz="$hz" 'BEGIN { printf "%.3f", n ? d * 1000 / hz / n : 0 }')"
}

echo "warm-up: $WARMUP_BURSTS bursts of 30 s each"
for _ in $(seq 1 "$WARMUP_BURSTS"); do burst A 30 > /dev/null; burst B 30 > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then order="A B"; else order="B A"; fi
  for s in $order; do burst "$s" "$BURST"; sleep 3; done
done | tee "$WORK/result.txt"
echo "medians:"
for s in A B; do
  grep "^$s " "$WORK/result.txt" | sed 's/.*cpu_ms_per_request=//' | sort -n | awk -v s="$s" '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%s cpu_ms_per_request median %.3f over %d bursts\n", s, m, NR}'
done
