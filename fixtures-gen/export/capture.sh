#!/usr/bin/env bash
# Capture real NetFlow v5, sFlow v5 and IPFIX datagrams from Open vSwitch into test/fixtures/export/.
#
#   bash fixtures-gen/export/capture.sh            # ~10 s; needs openvswitch-switch (no OVN)
#
# Starts an OVS sandbox (fixtures-gen/sandbox/up.sh, START_OVN=0, userspace "dummy" datapath) in
# $SB, makes a bridge br0 with two dummy ports (p1 -> p2 and back), points NetFlow, sFlow and
# IPFIX at three loopback UDP ports where listen.mjs writes every datagram to a .bin file, injects
# a fixed set of packets with `ovs-appctl netdev-dummy/receive`, and saves `ovs-vsctl list` output
# of the bridge and the three tables. The sandbox is stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$ROOT/test/fixtures/export}
SB=${SB:-${TMPDIR:-/tmp}/ovskit-export-sb}
NF_PORT=${NF_PORT:-12055} SF_PORT=${SF_PORT:-16343} IX_PORT=${IX_PORT:-14739}
export PATH=$PATH:/usr/sbin:/sbin

RAW=$(mktemp -d)
LISTENER=
cleanup() {
  [ -z "$LISTENER" ] || kill "$LISTENER" 2>/dev/null || true
  SB="$SB" CLEAN=1 bash "$ROOT/fixtures-gen/sandbox/down.sh" >/dev/null 2>&1 || true
  rm -rf "$RAW"
}
trap cleanup EXIT

SB="$SB" START_OVN=0 bash "$ROOT/fixtures-gen/sandbox/up.sh"
vs() { ovs-vsctl --db=unix:"$SB/db.sock" --timeout=30 "$@"; }
app() { ovs-appctl -t "$SB/ovs-vswitchd.ctl" "$@"; }

vs add-br br0 -- set bridge br0 datapath_type=dummy fail-mode=secure \
  -- add-port br0 p1 -- set interface p1 type=dummy ofport_request=1 \
  -- add-port br0 p2 -- set interface p2 type=dummy ofport_request=2
ovs-ofctl add-flow "$SB/br0.mgmt" "in_port=1,actions=output:2"
ovs-ofctl add-flow "$SB/br0.mgmt" "in_port=2,actions=output:1"

node "$HERE/listen.mjs" "$RAW" "netflow:$NF_PORT" "sflow:$SF_PORT" "ipfix:$IX_PORT" 2>"$RAW/listen.log" &
LISTENER=$!
sleep 0.5

vs -- --id=@netflow create netflow targets="\"127.0.0.1:$NF_PORT\"" active_timeout=1 -- set bridge br0 netflow=@netflow >/dev/null
vs -- --id=@sflow create sflow agent=127.0.0.1 targets="\"127.0.0.1:$SF_PORT\"" header=128 sampling=1 polling=1 \
  -- set bridge br0 sflow=@sflow >/dev/null
vs -- --id=@ipfix create ipfix targets="\"127.0.0.1:$IX_PORT\"" obs_domain_id=123 obs_point_id=456 sampling=1 \
  cache_active_timeout=1 cache_max_flows=100 -- set bridge br0 ipfix=@ipfix >/dev/null

E='eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02)'
V4='ipv4(src=10.0.0.1,dst=10.0.0.2,proto=PROTO,tos=0,ttl=64,frag=no)'
for _ in 1 2 3; do
  app netdev-dummy/receive p1 "in_port(1),$E,eth_type(0x0800),${V4/PROTO/17},udp(src=1234,dst=5678)"
done
app netdev-dummy/receive p1 "in_port(1),$E,eth_type(0x0800),${V4/PROTO/6},tcp(src=40000,dst=80),tcp_flags(syn)"
app netdev-dummy/receive p1 "in_port(1),$E,eth_type(0x0800),${V4/PROTO/1},icmp(type=8,code=0)"
app netdev-dummy/receive p1 "in_port(1),$E,eth_type(0x86dd),ipv6(src=fd00::1,dst=fd00::2,proto=17,tclass=0,hlimit=64,frag=no),udp(src=5353,dst=53)"
app netdev-dummy/receive p1 "in_port(1),$E,eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),${V4/PROTO/17},udp(src=7,dst=9))"
sleep 3.5

kill "$LISTENER"; wait "$LISTENER" 2>/dev/null || true; LISTENER=

vs list bridge br0 >"$RAW/list-bridge.txt"
for t in netflow sflow ipfix; do vs list "$t" >"$RAW/list-$t.txt"; done
vs clear bridge br0 netflow sflow ipfix
vs list bridge br0 >"$RAW/list-bridge-cleared.txt"

rm -rf "$OUT"; mkdir -p "$OUT"
cp "$RAW"/netflow-*.bin "$RAW"/ipfix-*.bin "$RAW"/list-*.txt "$OUT/"
# sFlow sends a counter sample every second (polling=1): keep at most the first 8 datagrams,
# which hold every flow sample.
for f in $(ls "$RAW"/sflow-*.bin | sort | head -8); do cp "$f" "$OUT/"; done
cp "$HERE/fixtures-README.md" "$OUT/README.md"
echo "captured into $OUT:"; ls "$OUT"
