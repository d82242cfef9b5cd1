#!/usr/bin/env bash
# Runs the same workloads against Strata, Amazon's DynamoDB Local (in memory and on disk) and
# dynalite (LevelDB on disk) on this machine, one after the other, and prints each result, its
# ratio to Strata and the server's CPU share over the measured run (100% is one core).
#   bench/side-by-side.sh                                all targets and workloads, 16 connections
#   TARGETS="strata dynamodb-local" WORKLOADS="get put" CONNECTIONS="1 16" bench/side-by-side.sh
#   KEYS=1000000 bench/side-by-side.sh                   the same on tables of a million items
# dynalite is installed from npm into bench/target/dynalite on first use (needs node and npm).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=${TARGETS:-"strata dynamodb-local dynamodb-local-disk dynalite"}
WORKLOADS=${WORKLOADS:-"get put mix query"}
CONNECTIONS=${CONNECTIONS:-"16"}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
KEYS=${KEYS:-10000}
ITEM_BYTES=${ITEM_BYTES:-1000}
# raw: requests signed up front and replayed over plain HTTP/1.1 connections (cheap for the
# client, so the servers get the CPU); sdk: the AWS SDK signs and sends every request. Query always
# uses the SDK.
CLIENT=${CLIENT:-raw}
DYNALITE_VERSION=4.0.0

./mvnw -q -B -DskipTests package -pl service,bench/loadgen -am >&2

source bench/lib.sh

# start TARGET: starts it on a free port; sets $endpoint and $server (its process id) and the
# load generator's arguments for it in $target_args.
start() {
  local port local_home=bench/dynamodb-local/target/dynamodb-local
  case $1 in
    strata)
      start_strata . "$work/strata"
      endpoint="https://localhost:$strata_port"
      target_args=(--credentials "$work/strata/first-tenant.json" --ca-cert "$work/strata/tls/cert.pem")
      ;;
    dynamodb-local | dynamodb-local-disk)
      port=$(free_port)
      local storage=(-inMemory)
      [[ $1 == dynamodb-local-disk ]] && mkdir -p "$work/$1" && storage=(-dbPath "$work/$1")
      java -Djava.library.path="$local_home/native" -cp "$local_home/lib/*" \
        com.amazonaws.services.dynamodbv2.local.main.ServerRunner "${storage[@]}" -port "$port" \
        > "$work/$1.log" 2>&1 &
      pids+=($!)
      endpoint="http://localhost:$port"
      target_args=()
      wait_for "$endpoint"
      ;;
    dynalite)
      local dynalite=bench/target/dynalite/node_modules/.bin/dynalite
      if [[ ! -x $dynalite ]]; then
        npm install --silent --no-audit --no-fund --prefix bench/target/dynalite \
          "dynalite@$DYNALITE_VERSION" >&2
      fi
      port=$(free_port)
      mkdir -p "$work/dynalite"
      "$dynalite" --port "$port" --path "$work/dynalite" > "$work/dynalite.log" 2>&1 &
      pids+=($!)
      endpoint="http://localhost:$port"
      target_args=()
      wait_for "$endpoint"
      ;;
    *) echo "unknown target $1" >&2; exit 1 ;;
  esac
  server=${pids[-1]}
}

machine_line
printf '%-7s %-4s %-20s %12s %10s %10s %10s %8s %6s\n' \
  workload conn target ops/s p50_ms p99_ms p99.9_ms vs_strata cpu%
results="$work/results.jsonl"
for target in $TARGETS; do
  start "$target"
  # the table is loaded first, so that no workload's CPU share includes loading it
  loadgen --label "$target" --endpoint "$endpoint" "${target_args[@]}" --workload load \
    --client sdk > /dev/null
  for workload in $WORKLOADS; do
    client=$CLIENT
    [[ $workload == query ]] && client=sdk
    for connections in $CONNECTIONS; do
      before=$(cpu_seconds "$server")
      result=$(loadgen --label "$target" --endpoint "$endpoint" "${target_args[@]}" \
        --workload "$workload" --connections "$connections" --client "$client" | tail -1)
      # the server's CPU over warm-up and measured run, as a share of one core
      cpu=$(python3 -c "print(100 * ($(cpu_seconds "$server") - $before) / ($WARMUP + $DURATION))")
      python3 -c "import json,sys; r=json.loads(sys.argv[1]); r.update(workload='$workload', connections=$connections, cpuPercent=$cpu); print(json.dumps(r))" \
        "$result" >> "$results"
    done
  done
  stop_last
done
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
strata = {(r['workload'], r['connections']): r for r in rows if r['target'] == 'strata'}
for r in rows:
    base = strata.get((r['workload'], r['connections']))
    ratio = f"{r['opsPerSecond'] / base['opsPerSecond']:7.2f}x" if base else "       -"
    cpu = r['cpuPercent']
    print(f"{r['workload']:7} {r['connections']:>4} {r['target']:20} {r['opsPerSecond']:12.0f} {r['p50Ms']:10.3f} {r['p99Ms']:10.3f} {r['p999Ms']:10.3f} {ratio} {cpu:6.0f}"
          + ("" if not r['errors'] else f"  errors {r['errors']}"))
PY
