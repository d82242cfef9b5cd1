#!/usr/bin/env bash
# Runs the same workloads against Strata and Amazon's DynamoDB Local on this machine, one after
# the other, and prints both results with their ratio.
#   bench/side-by-side.sh                      all workloads, 16 connections
#   WORKLOADS="get put" CONNECTIONS="1 16" WARMUP=5 DURATION=10 bench/side-by-side.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WORKLOADS=${WORKLOADS:-"get put mix query"}
CONNECTIONS=${CONNECTIONS:-"16"}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
KEYS=${KEYS:-10000}
ITEM_BYTES=${ITEM_BYTES:-1000}
# raw: presigned requests replayed over plain HTTP/1.1 connections (cheap for the client, so the
# servers get the CPU); sdk: the AWS SDK signs and sends every request. Query always uses the SDK.
CLIENT=${CLIENT:-raw}

./mvnw -q -B -DskipTests package -pl service,bench/loadgen -am >&2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

strata_port=$(free_port)
STRATA_DATA_DIR="$work/strata" STRATA_PORT=$strata_port STRATA_METRICS_PORT=$(free_port) \
  STRATA_ADMIN_PORT=$(free_port) STRATA_HOST=127.0.0.1 ./strata > "$work/strata.log" 2>&1 &
pids+=($!)

local_port=$(free_port)
local_home=bench/dynamodb-local/target/dynamodb-local
java -Djava.library.path="$local_home/native" -cp "$local_home/lib/*" \
  com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory -port "$local_port" \
  > "$work/dynamodb-local.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -skf "https://localhost:$strata_port/healthz" >/dev/null \
    && curl -s "http://localhost:$local_port" >/dev/null; then break; fi
  sleep 0.5
done

loadgen() {
  java -cp "bench/loadgen/target/strata-loadgen-0.1.0-SNAPSHOT.jar:bench/loadgen/target/lib/*" \
    io.strata.bench.LoadGenerator --keys "$KEYS" --item-bytes "$ITEM_BYTES" \
    --warmup "$WARMUP" --duration "$DURATION" "$@"
}

echo "# $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "# warm-up ${WARMUP}s, measured ${DURATION}s, $KEYS keys of ${ITEM_BYTES}-byte payloads, $CLIENT client"
printf '%-7s %-4s %-12s %12s %10s %10s %10s\n' workload conn target ops/s p50_ms p99_ms p99.9_ms
for workload in $WORKLOADS; do
  client=$CLIENT
  [[ $workload == query ]] && client=sdk
  for connections in $CONNECTIONS; do
    strata=$(loadgen --label strata --endpoint "https://localhost:$strata_port" \
      --credentials "$work/strata/first-tenant.json" --ca-cert "$work/strata/tls/cert.pem" \
      --workload "$workload" --connections "$connections" --client "$client" | tail -1)
    local=$(loadgen --label dynamodb-local --endpoint "http://localhost:$local_port" \
      --workload "$workload" --connections "$connections" --client "$client" | tail -1)
    python3 - "$workload" "$connections" "$strata" "$local" <<'PY'
import json, sys
workload, connections, strata, local = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
for r in (strata, local):
    print(f"{workload:7} {connections:>4} {r['target']:12} {r['opsPerSecond']:12.0f} {r['p50Ms']:10.3f} {r['p99Ms']:10.3f} {r['p999Ms']:10.3f}"
          + ("" if not r['errors'] else f"  errors {r['errors']}"))
ratio = strata['opsPerSecond'] / max(local['opsPerSecond'], 1e-9)
print(f"{'':7} {'':>4} {'ratio':12} {ratio:11.1f}x {strata['p50Ms']/max(local['p50Ms'],1e-9):9.2f}x {strata['p99Ms']/max(local['p99Ms'],1e-9):9.2f}x")
PY
  done
done
