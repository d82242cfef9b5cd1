# Shared by the bench scripts: free ports, a work directory cleaned up on exit, starting a Strata
# build and waiting for it, and the load generator. Source it from a script that has cd'ed to the
# repository root.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# start_strata CHECKOUT DATA_DIR: starts that checkout's ./strata on free ports and waits for it;
# its API port is then in $strata_port, its metrics port in $strata_metrics_port and its process
# id in ${pids[-1]}. STRATA_JAVA_OPTS passes JVM options through.
start_strata() {
  local checkout=$1 data=$2
  strata_port=$(free_port)
  strata_metrics_port=$(free_port)
  (cd "$checkout" && STRATA_DATA_DIR="$data" STRATA_PORT=$strata_port \
    STRATA_METRICS_PORT=$strata_metrics_port STRATA_ADMIN_PORT=$(free_port) \
    STRATA_HOST=127.0.0.1 exec ./strata) > "$data.log" 2>&1 &
  pids+=($!)
  wait_for "https://localhost:$strata_port/healthz" || { tail -20 "$data.log" >&2; return 1; }
}

# wait_for URL...: waits up to three minutes until every URL answers (a start on a machine busy
# with other builds can take more than one).
wait_for() {
  for _ in $(seq 1 360); do
    local ready=1 url
    for url in "$@"; do curl -skf "$url" >/dev/null 2>&1 || curl -s "$url" >/dev/null 2>&1 || ready=0; done
    [[ $ready == 1 ]] && return 0
    sleep 0.5
  done
  echo "not ready: $*" >&2
  return 1
}

# stop_last: stops the server started last.
stop_last() {
  local pid=${pids[-1]}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset 'pids[-1]'
}

loadgen() {
  java -cp "bench/loadgen/target/strata-loadgen-0.1.0-SNAPSHOT.jar:bench/loadgen/target/lib/*" \
    io.strata.bench.LoadGenerator --keys "$KEYS" --item-bytes "$ITEM_BYTES" \
    --warmup "$WARMUP" --duration "$DURATION" "$@"
}

# strata_loadgen PORT DATA_DIR ARGS...: the load generator against a Strata started above.
strata_loadgen() {
  local port=$1 data=$2
  shift 2
  loadgen --endpoint "https://localhost:$port" --credentials "$data/first-tenant.json" \
    --ca-cert "$data/tls/cert.pem" "$@"
}

machine_line() {
  echo "# $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "# warm-up ${WARMUP}s, measured ${DURATION}s, $KEYS keys of ${ITEM_BYTES}-byte payloads, $CLIENT client"
  echo "# load average at start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg) (above $(nproc): busy)"
}

# metric PORT NAME: the sum of a Prometheus metric's series on Strata's metrics port.
metric() {
  curl -s "http://127.0.0.1:$1/metrics" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 { sum += $2 } END { printf "%.0f\n", sum }'
}

# cpu_seconds PID: the CPU time the process has used so far (user and system).
cpu_seconds() {
  awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / tick }' "/proc/$1/stat"
}

# rss_mb PID: the process's resident memory in MB.
rss_mb() { awk '/VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }
