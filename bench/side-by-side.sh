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

source bench/lib.sh

start_strata . "$work/strata"

local_port=$(free_port)
local_home=bench/dynamodb-local/target/dynamodb-local
java -Djava.library.path="$local_home/native" -cp "$local_home/lib/*" \
  com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory -port "$local_port" \
  > "$work/dynamodb-local.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$local_port"

machine_line
printf '%-7s %-4s %-12s %12s %10s %10s %10s\n' workload conn target ops/s p50_ms p99_ms p99.9_ms
for workload in $WORKLOADS; do
  client=$CLIENT
  [[ $workload == query ]] && client=sdk
  for connections in $CONNECTIONS; do
    strata=$(strata_loadgen "$strata_port" "$work/strata" --label strata \
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
