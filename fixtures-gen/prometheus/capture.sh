#!/usr/bin/env bash
# Captures real Prometheus HTTP API answers into test/fixtures/prometheus/ for the unit tests
# of the decoder: backfills the generated six-node cluster (cluster.ts) with promtool, starts a
# throwaway Prometheus on a loopback port with a temporary TSDB, runs a few requests with curl,
# and stops it again (also on failure). The Prometheus also scrapes itself every second (one
# active target, one dropped by relabelling: targets, metadata) and evaluates
# capture-rules.yml every second (rules and alerts in every state); the script waits until a
# scrape has happened, an alert is pending and the failing rule has failed.
#
# Needs: the Debian package `prometheus` (prometheus, promtool), curl, npx tsx.
# Usage: bash fixtures-gen/prometheus/capture.sh [PORT]     (default port 19390)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/test/fixtures/prometheus"
PORT=${1:-19390}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ovskit-prom-capture-XXXXXX")
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
START=1767225600            # fixtures-gen/prometheus/cluster.ts DEFAULT_START
END=$((START + 7200))

(cd "$ROOT" && npx --no-install tsx fixtures-gen/prometheus/cluster.ts "$START" 120) > "$WORK/cluster.om"
mkdir -p "$WORK/data"
promtool tsdb create-blocks-from openmetrics "$WORK/cluster.om" "$WORK/data" > /dev/null
cp "$ROOT/fixtures-gen/prometheus/capture-rules.yml" "$WORK/rules.yml"
cat > "$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1h
rule_files: [ "rules.yml" ]
scrape_configs:
  - job_name: prometheus
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs: [ { targets: [ "127.0.0.1:$PORT" ] } ]
  - job_name: dropped
    static_configs: [ { targets: [ "127.0.0.1:1" ] } ]
    relabel_configs: [ { action: drop, source_labels: [ __address__ ], regex: ".*:1" } ]
EOF
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" > "$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/-/ready" > /dev/null && break; sleep 0.2; done
# until: a scrape happened, an alert is pending, the failing rule failed (at most 30 s)
for _ in $(seq 1 150); do
  curl -s "http://127.0.0.1:$PORT/api/v1/targets" | grep -q '"health":"up"' \
    && curl -s "http://127.0.0.1:$PORT/api/v1/alerts" | grep -q '"state":"pending"' \
    && curl -s "http://127.0.0.1:$PORT/api/v1/rules" | grep -q '"health":"err"' \
    && curl -s "http://127.0.0.1:$PORT/api/v1/metadata?metric=prometheus_build_info" | grep -q gauge && break
  sleep 0.2
done

mkdir -p "$OUT"
# capture NAME PATH [curl args...]: body to NAME.json, status and content type to NAME.meta
capture() {
  local name=$1 path=$2; shift 2
  curl -s -o "$OUT/$name.json" -w '%{http_code} %{content_type}\n' "$@" "http://127.0.0.1:$PORT$path" > "$OUT/$name.meta"
}
capture vector-instant /api/v1/query --data-urlencode 'query=ovs_vswitchd_dp_flows_total' --data "time=$END"
capture vector-special-values /api/v1/query --data-urlencode 'query=vector(1)/0 or label_replace(-vector(1)/0,"a","b","","") or label_replace(vector(0)/0,"a","c","","")' --data "time=$END"
capture scalar /api/v1/query --data-urlencode 'query=scalar(sum(ovs_vswitchd_dp_flows_total))' --data "time=$END"
capture string /api/v1/query --data-urlencode 'query="ovs"' --data "time=$END"
capture matrix-range /api/v1/query_range --data-urlencode 'query=ovs_vswitchd_process_resident_memory_bytes{pod="ovnkube-node-f5x5q"}' --data "start=$((END - 600))" --data "end=$END" --data step=60
capture matrix-selector /api/v1/query --data-urlencode 'query=ovs_vswitchd_stream_open{pod="ovnkube-node-d3x3q"}[3m]' --data "time=$END"
capture error-bad-data /api/v1/query --data-urlencode 'query=sum(' --data "time=$END"
capture error-execution /api/v1/query --data-urlencode 'query=kube_pod_info + on(node) kube_pod_info' --data "time=$END"
capture error-too-many-points /api/v1/query_range --data-urlencode 'query=up' --data "start=$START" --data "end=$END" --data step=0.5
capture labels /api/v1/labels
capture label-values-bridge /api/v1/label/bridge/values
capture series /api/v1/series --data-urlencode 'match[]=ovs_vswitchd_bridge_flows_total{bridge="br-ex"}' --data "start=$START" --data "end=$END"
capture metadata /api/v1/metadata
capture metadata-metric /api/v1/metadata --get --data 'metric=prometheus_build_info'
capture label-values-utf8 /api/v1/label/U__http_2e_status/values
capture rules /api/v1/rules
capture rules-record /api/v1/rules --get --data 'type=record'
capture alerts /api/v1/alerts
capture targets /api/v1/targets
capture targets-dropped /api/v1/targets --get --data 'state=dropped'
capture buildinfo /api/v1/status/buildinfo
echo "captured into $OUT:"; ls "$OUT"
