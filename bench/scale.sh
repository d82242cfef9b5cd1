#!/usr/bin/env bash
# Strata as its tables grow: for each size in SIZES, a fresh server and a table of that many items
# of ITEM_BYTES, loaded through BatchWriteItem, then every workload against it. Prints one line
# per workload and size (JSON lines in $OUT too), and the server's RSS and disk use per size.
#   bench/scale.sh                                    10k items: a few minutes
#   SIZES="10000 1000000" bench/scale.sh              adds 1M items (1 GB; about 10 more minutes)
#   SIZES="10000 1000000 10000000" bench/scale.sh     adds 10M items (10 GB on disk)
# Workloads per size: load (items/s, MB/s), get with uniform keys (the working set is the whole
# table: from 1M items on it exceeds the item cache, 64 MB per tenant), query (a 100-item
# partition), scan (1 and 4 segments, MB/s), get with Zipf keys (the item cache's hit ratio) and a
# Zipf mix with 10% puts (what invalidation costs the hit ratio and the latency).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-10000}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
ITEM_BYTES=${ITEM_BYTES:-1000}
CLIENT=${CLIENT:-raw}
KEYS=$SIZES
OUT=${OUT:-bench/target/scale.jsonl}

./mvnw -q -B -DskipTests package -pl service,bench/loadgen -am >&2
source bench/lib.sh
mkdir -p "$(dirname "$OUT")"
: > "$OUT"

machine_line
printf '%-9s %-22s %12s %9s %9s %9s %9s %7s\n' items workload ops/s MB/s p50_ms p99_ms p99.9_ms hit%
for size in $SIZES; do
  data="$work/strata-$size"
  start_strata . "$data"
  server=${pids[-1]}
  # run LABEL LOADGEN_ARGS...: one workload; prints its line, with the cache hit ratio over it
  run() {
    local label=$1 hits misses result
    shift
    hits=$(metric "$strata_metrics_port" ddb_cache_hits_total)
    misses=$(metric "$strata_metrics_port" ddb_cache_misses_total)
    result=$(KEYS=$size strata_loadgen "$strata_port" "$data" --label "$label" \
      --connections "$CONNECTIONS" "$@" | tail -1)
    hits=$(($(metric "$strata_metrics_port" ddb_cache_hits_total) - hits))
    misses=$(($(metric "$strata_metrics_port" ddb_cache_misses_total) - misses))
    python3 - "$size" "$label" "$result" "$hits" "$misses" "$OUT" <<'PY'
import json, sys
size, label, result, hits, misses, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
result.update(items=int(size), label=label, cacheHits=hits, cacheMisses=misses)
hit = f"{100 * hits / (hits + misses):6.1f}" if hits + misses else "     -"
mb = f"{result['megabytesPerSecond']:9.1f}" if result['megabytesPerSecond'] else "        -"
print(f"{size:>9} {label:22} {result['opsPerSecond']:12.0f} {mb} {result['p50Ms']:9.3f} {result['p99Ms']:9.3f} {result['p999Ms']:9.3f} {hit}"
      + ("" if not result['errors'] else f"  errors {result['errors']}"))
open(out, 'a').write(json.dumps(result) + "\n")
PY
  }
  run load --workload load --client "$CLIENT"
  run get-uniform --workload get --client "$CLIENT"
  run query-100 --workload query --client sdk
  run scan-1-segment --workload scan --segments 1 --client sdk
  run scan-4-segments --workload scan --segments 4 --client sdk
  run get-zipf --workload get --keys-pattern zipf --client "$CLIENT"
  run mix-zipf-10%-puts --workload mix --write-percent 10 --keys-pattern zipf --client "$CLIENT"
  echo "$size items: RSS $(rss_mb "$server") MB, disk $(du -sm "$data" | cut -f1) MB"
  stop_last
done
