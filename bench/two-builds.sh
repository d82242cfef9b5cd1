#!/usr/bin/env bash
# Runs the same workloads against two (or more) builds of Strata on this machine, alternating
# between them for several rounds so that drift of the machine hits all alike, and prints each
# build's median, the spread of its rounds and its ratio to the first: how a change moved
# throughput and latency, and the server's CPU time per request (cpu_us/op), which a machine
# shared with other work disturbs far less than throughput.
#   bench/two-builds.sh BASE_CHECKOUT [THIS_CHECKOUT [MORE_CHECKOUTS...]]
#       e.g. a worktree of the commit before the change; THIS defaults to this checkout. More
#       checkouts bisect a range in one run: each is compared with BASE.
#   ROUNDS=3 WORKLOADS="get put" CONNECTIONS="16 64" bench/two-builds.sh ../strata-before
set -euo pipefail
checkouts=("$(cd "$1" && pwd)")
cd "$(dirname "$0")/.."
if [[ $# -eq 1 ]]; then
  checkouts+=("$(pwd)")
else
  for checkout in "${@:2}"; do checkouts+=("$(cd "$checkout" && pwd)"); done
fi

WORKLOADS=${WORKLOADS:-"get put"}
CONNECTIONS=${CONNECTIONS:-"16"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
KEYS=${KEYS:-10000}
ITEM_BYTES=${ITEM_BYTES:-1000}
CLIENT=${CLIENT:-raw}

for checkout in "${checkouts[@]}"; do
  (cd "$checkout" && ./mvnw -q -B -DskipTests package -pl service -am >&2)
done
./mvnw -q -B -DskipTests package -pl bench/loadgen -am >&2

source bench/lib.sh

machine_line
names=()
for i in "${!checkouts[@]}"; do
  checkout=${checkouts[$i]}
  name=$([[ $i == 0 ]] && echo base || echo "$(git -C "$checkout" rev-parse --short HEAD)")
  [[ ${#checkouts[@]} == 2 && $i == 1 ]] && name=this
  names+=("$name")
  echo "# $name: $checkout ($(git -C "$checkout" rev-parse --short HEAD))" \
    "$([[ -n $(git -C "$checkout" status --porcelain) ]] && echo '+ uncommitted changes')"
done
results="$work/results.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!checkouts[@]}"; do
    build=${names[$i]}
    data="$work/$i-$round"
    start_strata "${checkouts[$i]}" "$data"
    server=${pids[-1]}
    strata_loadgen "$strata_port" "$data" --workload load --client sdk > /dev/null
    for workload in $WORKLOADS; do
      for connections in $CONNECTIONS; do
        # The server's CPU time per request, from a few seconds into the measured period to its
        # end: unlike throughput, it hardly moves when other work shares the machine.
        strata_loadgen "$strata_port" "$data" --label "$build" --workload "$workload" \
          --connections "$connections" --client "$CLIENT" > "$work/run.out" &
        sleep $((WARMUP + 4))
        cpu_from=$(cpu_seconds "$server") wall_from=$(date +%s.%N)
        wait $!
        cpu_to=$(cpu_seconds "$server") wall_to=$(date +%s.%N)
        tail -1 "$work/run.out" | python3 -c "import json,sys; r=json.load(sys.stdin); r.update(build='$build', workload='$workload', connections=$connections, round=$round, cpuMicrosPerOp=1e6 * ($cpu_to - $cpu_from) / (r['opsPerSecond'] * ($wall_to - $wall_from))); print(json.dumps(r))" \
          >> "$results"
      done
    done
    stop_last
  done
done
python3 - "$results" "${names[@]}" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
names = sys.argv[2:]
print(f"{'workload':8} {'conn':>4} {'build':8} {'ops/s (median)':>15} {'runs':>30} {'p50_ms':>8} {'p99_ms':>8} {'p99.9_ms':>8} {'ratio':>7} {'cpu_us/op':>9} {'ratio':>7}")
for key in sorted({(r['workload'], r['connections']) for r in rows}):
    base = base_cpu = None
    for build in names:
        runs = [r for r in rows if (r['workload'], r['connections']) == key and r['build'] == build]
        ops = statistics.median(r['opsPerSecond'] for r in runs)
        base = base or ops
        each = ' '.join('%.0f' % r['opsPerSecond'] for r in runs)
        p50, p99, p999, cpu = (statistics.median(r[k] for r in runs) for k in ('p50Ms', 'p99Ms', 'p999Ms', 'cpuMicrosPerOp'))
        base_cpu = base_cpu or cpu
        print(f"{key[0]:8} {key[1]:>4} {build:8} {ops:15.0f} {each:>30} {p50:8.3f} {p99:8.3f} {p999:8.3f} {ops / base:6.3f}x {cpu:9.1f} {cpu / base_cpu:6.3f}x")
PY
