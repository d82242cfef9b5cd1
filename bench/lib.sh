# Shared by the bench scripts: free ports, a work directory cleaned up on exit, starting a Strata
# build and waiting for it, and the load generator. Source it from a script that has cd'ed to the
# repository root.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# start_strata CHECKOUT DATA_DIR: starts that checkout's ./strata on free ports and waits for it;
# its API port is then in $strata_port.
start_strata() {
  local checkout=$1 data=$2
  strata_port=$(free_port)
  (cd "$checkout" && STRATA_DATA_DIR="$data" STRATA_PORT=$strata_port \
    STRATA_METRICS_PORT=$(free_port) STRATA_ADMIN_PORT=$(free_port) STRATA_HOST=127.0.0.1 \
    exec ./strata) > "$data.log" 2>&1 &
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
}
