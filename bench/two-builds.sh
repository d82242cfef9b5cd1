#!/usr/bin/env bash
# Runs the same workloads against two builds of Strata on this machine, alternating between them
# for several rounds so that drift of the machine hits both alike, and prints each build's median
# and the ratio: how a change moved throughput and latency.
#   bench/two-builds.sh BASE_CHECKOUT [THIS_CHECKOUT]   e.g. a worktree of the commit before
#                                                       the change; THIS defaults to this one
#   ROUNDS=3 WORKLOADS="get put" CONNECTIONS="16 64" bench/two-builds.sh ../strata-before
set -euo pipefail
base=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
this=$(cd "${2:-.}" && pwd)

WORKLOADS=${WORKLOADS:-"get put"}
CONNECTIONS=${CONNECTIONS:-"16"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
KEYS=${KEYS:-10000}
ITEM_BYTES=${ITEM_BYTES:-1000}
CLIENT=${CLIENT:-raw}

for checkout in "$base" "$this"; do
  (cd "$checkout" && ./mvnw -q -B -DskipTests package -pl service -am >&2)
done
./mvnw -q -B -DskipTests package -pl bench/loadgen -am >&2

source bench/lib.sh

machine_line
echo "# base: $base ($(git -C "$base" rev-parse --short HEAD)), this: $this ($(git -C "$this" rev-parse --short HEAD))" \
  "$([[ -n $(git -C "$this" status --porcelain) ]] && echo '+ uncommitted changes')"
results="$work/results.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  for build in base this; do
    checkout=$([[ $build == base ]] && echo "$base" || echo "$this")
    data="$work/$build-$round"
    start_strata "$checkout" "$data"
    for workload in $WORKLOADS; do
      for connections in $CONNECTIONS; do
        strata_loadgen "$strata_port" "$data" --label "$build" --workload "$workload" \
          --connections "$connections" --client "$CLIENT" | tail -1 \
          | python3 -c "import json,sys; r=json.load(sys.stdin); r.update(build='$build', workload='$workload', connections=$connections, round=$round); print(json.dumps(r))" \
          >> "$results"
      done
    done
    stop_last
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"{'workload':8} {'conn':>4} {'build':5} {'ops/s (median)':>15} {'runs':>30} {'p50_ms':>8} {'p99_ms':>8}")
for key in sorted({(r['workload'], r['connections']) for r in rows}):
    medians = {}
    for build in ('base', 'this'):
        runs = [r for r in rows if (r['workload'], r['connections']) == key and r['build'] == build]
        ops = statistics.median(r['opsPerSecond'] for r in runs)
        medians[build] = ops
        each = ' '.join('%.0f' % r['opsPerSecond'] for r in runs)
        p50 = statistics.median(r['p50Ms'] for r in runs)
        p99 = statistics.median(r['p99Ms'] for r in runs)
        print(f"{key[0]:8} {key[1]:>4} {build:5} {ops:15.0f} {each:>30} {p50:8.3f} {p99:8.3f}")
    print(f"{'':8} {'':>4} {'ratio':5} {medians['this'] / medians['base']:14.3f}x")
PY
