#!/usr/bin/env bash
# Capture one consistent snapshot of a real OVS + OVN node for the local replica's tests
# (test/integration/replica*.test.ts), and the real ofproto/trace answers on it:
#
#   bash fixtures-gen/replica/capture.sh [OUT_DIR]      # default OUT_DIR: test/fixtures/replica
#
# The node is a sandbox of fixtures-gen/sandbox/up.sh (ovs-vswitchd --enable-dummy=override, as
# the replica runs it) with
#   br-int  the OVN-Kubernetes-like topology of topo.sh (NODES=2 PODS=3 SVCS=2 POLS=1): ~1.2k flows,
#           OVN's select groups (load balancers), OVN's TLV map (tun_metadata0), a geneve port
#   br-a    fixtures-gen/flowsets/trace-br-a.{groups,flows} (select/all/dp_hash groups, clone, learn,
#           MPLS, NSH), a TLV map of two options, a meter and a flow that uses it, patch port to br-b
#   br-b    trace-br-b.flows, a controller (tcp:127.0.0.1:1, refused) and a system port (eth9)
#   br-ex   fail-mode standalone (its NORMAL flow), a DPDK port (this build cannot open it: error)
# and writes, for the replica to restore and the tests to compare with:
#   conf.db            ovsdb-client backup of the OVS database
#   ovnnb_db.db        ovsdb-client backup of the Northbound database (standalone)
#   ovnsb_db.db        the Southbound database as a CLUSTERED file (ovsdb-tool create-cluster from
#                      its backup), so that the replica's cluster-to-standalone path is exercised
#   BR.flows           ovs-ofctl -O OpenFlow15 dump-flows BR (with statistics, as sos collects it)
#   BR.no-stats.flows  ovs-ofctl -O OpenFlow15 --no-stats dump-flows BR, reply header removed
#   BR.groups          ovs-ofctl -O OpenFlow15 dump-groups BR
#   BR.tlv             ovs-ofctl -O OpenFlow15 dump-tlv-map BR
#   br-a.meters        ovs-ofctl -O OpenFlow15 dump-meters br-a
#   BR.self-diff       ovs-ofctl -O OpenFlow15 diff-flows BR BR.no-stats.flows on the node itself:
#                      what diff-flows reports between a bridge and its own dump (see README)
#   vsctl-show.txt, dpif-show.txt, ports-BR.txt (ovs-ofctl -O OpenFlow15 dump-ports-desc BR)
#   packets.tsv        NAME<TAB>BRIDGE<TAB>FLOW<TAB>EXTRA-ARGS of every traced packet
#   traces/NAME.trace  ovs-appctl ofproto/trace BRIDGE FLOW EXTRA-ARGS (stdout + stderr)
# Every daemon is stopped when the script exits (trap), whether it succeeded or not.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$ROOT/test/fixtures/replica}
FLOWSETS=$ROOT/fixtures-gen/flowsets
SB=$(mktemp -d "${TMPDIR:-/tmp}/ovskit-replica-capture.XXXXXX")
TMPD=$(mktemp -d)
START=$(date +%s)
log() { printf '[%3ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
cleanup() {
  local rc=$?
  SB="$SB" bash "$ROOT/fixtures-gen/sandbox/down.sh" >/dev/null 2>&1 || true
  rm -rf "$SB" "$TMPD"
  [ "$rc" = 0 ] || log "FAILED (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for bin in ovsdb-client ovsdb-tool ovs-vsctl ovs-ofctl ovs-appctl ovn-nbctl ovn-sbctl; do
  command -v "$bin" >/dev/null || PATH=$PATH:/usr/sbin:/sbin
  command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y openvswitch-switch ovn-central ovn-host"
done

log "starting the sandbox in $SB"
SB="$SB" bash "$ROOT/fixtures-gen/sandbox/up.sh" >/dev/null
NODES=2 PODS=3 SVCS=2 POLS=1 SB="$SB" bash "$ROOT/fixtures-gen/sandbox/topo.sh" >/dev/null
export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
vsctl() { ovs-vsctl --db="unix:$SB/db.sock" --timeout=60 "$@"; }
appctl() { ovs-appctl -t "$SB/ovs-vswitchd.ctl" "$@"; }
nbctl() { ovn-nbctl --db="unix:$SB/nb.sock" --timeout=120 "$@"; }
sbctl() { ovn-sbctl --db="unix:$SB/sb.sock" --timeout=60 "$@"; }
mgmt() { echo "$SB/$1.mgmt"; }
flow_count() { ovs-ofctl dump-aggregate "$(mgmt "$1")" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'; }

vsctl -- add-br br-a -- set bridge br-a datapath_type=dummy fail-mode=secure protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
  -- add-port br-a a1 -- set interface a1 type=dummy ofport_request=1 \
  -- add-port br-a a2 -- set interface a2 type=dummy ofport_request=2 \
  -- add-port br-a a3 -- set interface a3 type=dummy ofport_request=3 \
  -- add-port br-a a-to-b -- set interface a-to-b type=patch options:peer=b-to-a ofport_request=10 \
  -- add-br br-b -- set bridge br-b datapath_type=dummy fail-mode=secure protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
  -- add-port br-b b1 -- set interface b1 type=dummy ofport_request=1 \
  -- add-port br-b b2 -- set interface b2 type=dummy ofport_request=2 \
  -- add-port br-b b-to-a -- set interface b-to-a type=patch options:peer=a-to-b ofport_request=10 \
  -- add-port br-b eth9 -- set interface eth9 ofport_request=6
# br-ex: a NIC bridge (standalone: its NORMAL flow) with a DPDK port, as on a DPDK node: this
# build cannot open it (ovs-vsctl says so; the row stays, with an error)
vsctl -- add-br br-ex -- set bridge br-ex datapath_type=dummy \
  -- add-port br-ex dpdk0 -- set interface dpdk0 type=dpdk options:dpdk-devargs=0000:00:00.0 ofport_request=1 2>/dev/null
for _ in $(seq 1 50); do [ -S "$(mgmt br-a)" ] && [ -S "$(mgmt br-b)" ] && break; sleep 0.1; done
# before the flows: a bridge that gains its first controller has its flows flushed
vsctl set-controller br-b tcp:127.0.0.1:1
ovs-ofctl add-tlv-map "$(mgmt br-a)" "{class=0xffff,type=0,len=4}->tun_metadata0,{class=0xffff,type=1,len=8}->tun_metadata1"
ovs-ofctl -O OpenFlow15 add-meter "$(mgmt br-a)" meter=1,pktps,bands=type=drop,rate=1000
ovs-ofctl -O OpenFlow15 add-groups "$(mgmt br-a)" "$FLOWSETS/trace-br-a.groups"
ovs-ofctl -O OpenFlow15 add-flows "$(mgmt br-a)" "$FLOWSETS/trace-br-a.flows"
ovs-ofctl -O OpenFlow15 add-flow "$(mgmt br-a)" "cookie=0xaa,table=0,priority=100,ip,nw_dst=10.0.6.0/24,actions=meter:1,output:2"
ovs-ofctl -O OpenFlow15 add-flow "$(mgmt br-a)" "cookie=0xa9a,table=0,priority=110,udp,tun_metadata1=0x1234,actions=output:3"
ovs-ofctl -O OpenFlow15 add-flows "$(mgmt br-b)" "$FLOWSETS/trace-br-b.flows"
[ -n "$(vsctl get interface dpdk0 error)" ] || die "dpdk0 should have an error on this build"

# settle: ovn-controller has caught up and br-int's flow count is stable
nbctl --wait=hv sync
prev=-1; stable=0
for _ in $(seq 1 120); do
  cur=$(flow_count br-int); if [ "$cur" = "$prev" ]; then stable=$((stable + 1)); else stable=0; fi
  [ "$stable" -ge 3 ] && break; prev=$cur; sleep 0.5
done
log "br-int settled at $cur flows, br-a $(flow_count br-a), br-b $(flow_count br-b)"

rm -rf "$OUT"; mkdir -p "$OUT/traces"
ovsdb-client backup "unix:$SB/db.sock" Open_vSwitch > "$OUT/conf.db"
ovsdb-client backup "unix:$SB/nb.sock" OVN_Northbound > "$OUT/ovnnb_db.db"
ovsdb-client backup "unix:$SB/sb.sock" OVN_Southbound > "$TMPD/sb-standalone.db"
ovsdb-tool create-cluster "$OUT/ovnsb_db.db" "$TMPD/sb-standalone.db" tcp:127.0.0.1:6644 2>/dev/null
[ "$(ovsdb-tool db-is-clustered "$OUT/ovnsb_db.db"; echo $?)" = 0 ] || die "the SB copy is not clustered"
for br in br-int br-a br-b br-ex; do
  ovs-ofctl -O OpenFlow15 dump-flows "$(mgmt "$br")" > "$OUT/$br.flows"
  ovs-ofctl -O OpenFlow15 --no-stats dump-flows "$(mgmt "$br")" | sed -e '/^OFPST_FLOW reply/d' > "$OUT/$br.no-stats.flows"
  ovs-ofctl -O OpenFlow15 dump-groups "$(mgmt "$br")" > "$OUT/$br.groups"
  ovs-ofctl -O OpenFlow15 dump-tlv-map "$(mgmt "$br")" > "$OUT/$br.tlv"
  ovs-ofctl -O OpenFlow15 dump-ports-desc "$(mgmt "$br")" > "$OUT/ports-$br.txt"
  ovs-ofctl -O OpenFlow15 diff-flows "unix:$(mgmt "$br")" "$OUT/$br.no-stats.flows" > "$OUT/$br.self-diff" || true
  grep -q . "$OUT/$br.no-stats.flows" || die "$br: no flows"
done
ovs-ofctl -O OpenFlow15 dump-meters "$(mgmt br-a)" > "$OUT/br-a.meters"
vsctl show > "$OUT/vsctl-show.txt"
appctl dpif/show > "$OUT/dpif-show.txt"
grep -q 'tun_metadata0' "$OUT/br-int.tlv" || die "br-int has no TLV map"
grep -q 'type=select' "$OUT/br-int.groups" || die "br-int has no select group"

# packets: pod N of node 1 is ns(N%5)_podN-ovn-worker, dummy port podN = ofport N+10
lsp_mac() { nbctl lsp-get-addresses "$1" | awk '{print $1; exit}'; }
lsp_ip() { nbctl lsp-get-addresses "$1" | awk '{print $2; exit}'; }
P1=$(lsp_mac ns1_pod1-ovn-worker); IP1=$(lsp_ip ns1_pod1-ovn-worker)
P2=$(lsp_mac ns2_pod2-ovn-worker); IP2=$(lsp_ip ns2_pod2-ovn-worker)
P3=$(lsp_mac ns3_pod3-ovn-worker); IP3=$(lsp_ip ns3_pod3-ovn-worker)
GW=0a:58:0a:f4:01:01
OF1=$(vsctl get interface pod1 ofport); OF3=$(vsctl get interface pod3 ofport)
TUN=$(vsctl --bare --columns=ofport find interface type=geneve | head -1)
DP=$(sbctl --bare --columns=tunnel_key find datapath_binding external_ids:name=ovn-worker)
IN=$(sbctl --bare --columns=tunnel_key find port_binding logical_port=stor-ovn-worker)
OUTK=$(sbctl --bare --columns=tunnel_key find port_binding logical_port=ns1_pod1-ovn-worker)
MD=$(printf '0x%x' $(( (IN << 16) | OUTK )))
M="dl_src=00:00:00:00:0a:01,dl_dst=00:00:00:00:0b:02"
: > "$OUT/packets.tsv"
packet() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$OUT/packets.tsv"; }
packet pod-to-pod br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=syn"
packet pod-to-pod-established br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=ack" "--ct-next trk,est --ct-next trk,est"
packet pod-to-service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.2,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=syn"
packet pod-to-service-udp br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.3,nw_ttl=64,udp_src=40000,udp_dst=53" "--ct-next trk,new"
packet pod-to-remote br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=10.244.2.3,nw_ttl=64,tp_src=41001,tp_dst=8080,tcp_flags=syn"
packet pod-to-external br-int "in_port=$OF1,udp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=8.8.8.8,nw_ttl=64,udp_src=52001,udp_dst=53"
packet arp-gateway br-int "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=10.244.1.1,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
packet acl-drop br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P2,nw_src=$IP1,nw_dst=$IP2,nw_ttl=64,tp_src=43000,tp_dst=80,tcp_flags=syn"
packet port-security-drop br-int "in_port=$OF3,icmp,dl_src=$P3,dl_dst=$P1,nw_src=10.244.1.99,nw_dst=$IP1,nw_ttl=64,icmp_type=8,icmp_code=0"
packet tunnel-ingress br-int "in_port=$TUN,tun_id=$(printf '0x%x' "$DP"),tun_src=127.0.0.2,tun_dst=127.0.0.1,tun_metadata0=$MD,tcp,dl_src=$GW,dl_dst=$P1,nw_src=10.244.2.3,nw_dst=$IP1,nw_ttl=63,tp_src=42000,tp_dst=8080,tcp_flags=syn"
packet group-select br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33007,tp_dst=80"
packet group-all br-a "in_port=1,arp,dl_src=00:00:00:00:0a:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.0.1.1,arp_tpa=10.0.1.2,arp_sha=00:00:00:00:0a:01"
packet group-dp-hash br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=443"
packet clone br-a "in_port=1,udp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.53,nw_ttl=64,udp_src=33000,udp_dst=53"
packet learn br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=22"
packet patch-ct br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
packet patch-mpls br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.3.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
packet nsh-encap br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.4.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
packet tun-metadata br-a "in_port=1,tun_metadata1=0x1234,udp,$M,nw_src=10.0.1.1,nw_dst=10.0.5.5,nw_ttl=64,udp_src=1,udp_dst=2"
packet meter br-a "in_port=1,ip,$M,nw_src=10.0.1.1,nw_dst=10.0.6.6,nw_ttl=64"
n=0
while IFS=$'\t' read -r name bridge flow extra; do
  # shellcheck disable=SC2086 # EXTRA-ARGS are words
  rc=0; appctl ofproto/trace "$bridge" "$flow" $extra > "$OUT/traces/$name.trace" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { cat "$OUT/traces/$name.trace" >&2; die "$name: ofproto/trace exited with $rc"; }
  grep -q '^Datapath actions: ' "$OUT/traces/$name.trace" || die "$name: no Datapath actions"
  n=$((n + 1))
done < "$OUT/packets.tsv"
log "wrote $OUT: $(ls "$OUT" | wc -l) files, $n traces ($(du -sh "$OUT" | cut -f1))"
