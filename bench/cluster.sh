#!/usr/bin/env bash
# Runs a 3-node Strata cluster (one Raft group) on this machine next to a single node, and prints
# PutItem through the leader and eventually consistent GetItem spread over the three nodes (one
# load generator per node, CONNECTIONS/3 connections each, run together), beside the same
# workloads against the single node.
#   bench/cluster.sh
#   CONNECTIONS=16 WARMUP=5 DURATION=10 bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-16}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
KEYS=${KEYS:-10000}
ITEM_BYTES=${ITEM_BYTES:-1000}
CLIENT=${CLIENT:-raw}

./mvnw -q -B -DskipTests package -pl service,bench/loadgen -am >&2

source bench/lib.sh

# start_member INDEX: starts node n<INDEX> of the cluster on its API port ports[INDEX] and a free
# metrics port, then in metrics_ports[INDEX].
declare -A ports metrics_ports
master_key="bench:$(head -c 32 /dev/urandom | base64)"
peers=""
declare -A raft_ports
# Each member's Raft and API port: followers forward writes to the leader's API port, over HTTPS
# that trusts only the certificate a member serves itself, so all three serve one certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/cluster-key.pem" -out "$work/cluster-cert.pem" 2>/dev/null
for i in 1 2 3; do
  raft_ports[$i]=$(free_port)
  ports[$i]=$(free_port)
  peers+="${peers:+,}n$i@127.0.0.1:${raft_ports[$i]}/${ports[$i]}"
done
start_member() {
  local i=$1 data="$work/n$1"
  # The load generator trusts <data>/tls/cert.pem, where a member keeps a certificate it made.
  mkdir -p "$data/tls"
  cp "$work/cluster-cert.pem" "$data/tls/cert.pem"
  metrics_ports[$i]=$(free_port)
  STRATA_DATA_DIR="$data" STRATA_PORT=${ports[$i]} STRATA_METRICS_PORT=${metrics_ports[$i]} \
    STRATA_ADMIN_PORT=$(free_port) STRATA_HOST=127.0.0.1 STRATA_NODE_ID=n$i \
    STRATA_PEERS="$peers" STRATA_MASTER_KEY="$master_key" STRATA_TLS_CERT="$work/cluster-cert.pem" \
    STRATA_TLS_KEY="$work/cluster-key.pem" ./strata > "$data.log" 2>&1 &
  pids+=($!)
}
for i in 1 2 3; do start_member "$i"; done
for i in 1 2 3; do wait_for "https://localhost:${ports[$i]}/healthz"; done
leader=""
for _ in $(seq 1 120); do
  for i in 1 2 3; do
    if [[ -f "$work/n$i/first-tenant.json" ]] && grep -q "n$i leads the Raft group" "$work/n$i.log"; then
      leader=$i
    fi
  done
  [[ -n $leader ]] && break
  sleep 0.5
done
[[ -n $leader ]] || { echo "no leader" >&2; exit 1; }
for i in 1 2 3; do
  until [[ -f "$work/n$i/first-tenant.json" ]]; do sleep 0.5; done
done

start_strata . "$work/single"

member_loadgen() {
  local i=$1
  shift
  strata_loadgen "${ports[$i]}" "$work/n$i" "$@"
}

machine_line
printf '%-7s %-4s %-16s %12s %10s %10s %10s\n' workload conn target ops/s p50_ms p99_ms p99.9_ms
report() {
  python3 -c '
import json, sys
workload, connections = sys.argv[1], sys.argv[2]
for line in sys.argv[3:]:
    r = json.loads(line)
    target, ops, p50, p99, p999, errors = (r[k] for k in ("target", "opsPerSecond", "p50Ms", "p99Ms", "p999Ms", "errors"))
    print(f"{workload:7} {connections:>4} {target:16} {ops:12.0f} {p50:10.3f} {p99:10.3f} {p999:10.3f}"
          + ("" if not errors else f"  errors {errors}"))
' "$@"
}

# Writes go to the leader (a follower would forward them); it also creates and fills the table
# the reads use.
report put "$CONNECTIONS" \
  "$(member_loadgen "$leader" --label "cluster-leader" --workload put --connections "$CONNECTIONS" --client "$CLIENT" | tail -1)" \
  "$(strata_loadgen "$strata_port" "$work/single" --label single --workload put --connections "$CONNECTIONS" --client "$CLIENT" | tail -1)"

per_node=$(( (CONNECTIONS + 2) / 3 ))
outputs=()
for i in 1 2 3; do
  member_loadgen "$i" --label "cluster-n$i" --workload get --connections "$per_node" --client "$CLIENT" \
    > "$work/get-n$i.out" &
  outputs+=($!)
done
for pid in "${outputs[@]}"; do wait "$pid"; done
report get "$per_node×3" "$(tail -1 "$work/get-n1.out")" "$(tail -1 "$work/get-n2.out")" "$(tail -1 "$work/get-n3.out")"
report get "$CONNECTIONS" \
  "$(strata_loadgen "$strata_port" "$work/single" --label single --workload get --connections "$CONNECTIONS" --client "$CLIENT" | tail -1)"
# Writes per fsync: the leader's writer ops over its commits (one fsync of LMDB each; the Raft
# log's own fsyncs batch the same entries).
curl -s "http://127.0.0.1:${metrics_ports[$leader]}/metrics" |
  awk '/^ddb_writer_ops_total/ {ops=$2} /^ddb_writer_commits_total/ {commits=$2}
       END {if (commits > 0) printf "# leader: %d writes in %d commits, %.1f writes per fsync\n", ops, commits, ops/commits}'

