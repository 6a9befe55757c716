#!/usr/bin/env bash
# Regenerate the OpenFlow fixtures of ovskit from a real Open vSwitch + OVN sandbox.
#
#   bash fixtures-gen/generate.sh            # small topology + br-test -> test/fixtures/openflow/,
#                                            # then generate-traces.sh -> test/fixtures/{trace,datapath}/
#                                            # and generate-ovn.sh -> test/fixtures/ovn/
#   bash fixtures-gen/generate.sh --large    # ... and the ~21k-flow bench dumps -> bench/data/
#   bash fixtures-gen/generate.sh --large-only
#   bash fixtures-gen/generate.sh --no-traces / --traces-only
#   bash fixtures-gen/generate.sh --no-ovn / --ovn-only
#   npm run fixtures                         # same as the first form
#
# Environment: SB (sandbox dir, default ${TMPDIR:-/tmp}/ovskit-fixtures-sb), LARGE=1 (= --large),
# KEEP=1 (leave the last sandbox running), MIN_LARGE_FLOWS (default 20000), TRACES=0 (= --no-traces),
# TRACES_SB (sandbox dir of generate-traces.sh, default ${TMPDIR:-/tmp}/ovskit-trace-sb), OVN=0 (= --no-ovn),
# OVN_SB (sandbox dir of generate-ovn.sh, default ${TMPDIR:-/tmp}/ovskit-ovn-sb).
# See fixtures-gen/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=$ROOT/test/fixtures/openflow
BENCH=$ROOT/bench/data
FLOWSETS=$HERE/flowsets
SB=${SB:-${TMPDIR:-/tmp}/ovskit-fixtures-sb}
LARGE=${LARGE:-0}
SMALL=1
KEEP=${KEEP:-0}
MIN_LARGE_FLOWS=${MIN_LARGE_FLOWS:-20000}
TRACES=${TRACES:-1}
TRACES_SB=${TRACES_SB:-${TMPDIR:-/tmp}/ovskit-trace-sb}
OVN=${OVN:-1}
OVN_SB=${OVN_SB:-${TMPDIR:-/tmp}/ovskit-ovn-sb}

for arg in "$@"; do
  case $arg in
    --large) LARGE=1 ;;
    --large-only) LARGE=1; SMALL=0; TRACES=0; OVN=0 ;;
    --no-traces) TRACES=0 ;;
    --traces) TRACES=1 ;;
    --traces-only) SMALL=0; LARGE=0; TRACES=1; OVN=0 ;;
    --no-ovn) OVN=0 ;;
    --ovn) OVN=1 ;;
    --ovn-only) SMALL=0; LARGE=0; TRACES=0; OVN=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "generate.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

START=$(date +%s)
log() { printf '[%4ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for bin in ovs-vsctl ovs-ofctl ovs-appctl ovn-nbctl gzip; do
  command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y openvswitch-switch ovn-central ovn-host"
done

cleanup() {
  local rc=$?
  if [ "$KEEP" = 1 ]; then
    log "leaving sandbox running in $SB (stop it with SB=$SB bash $HERE/sandbox/down.sh)"
  else
    SB="$SB" bash "$HERE/sandbox/down.sh" || true
  fi
  [ -z "${TMPD:-}" ] || rm -rf "$TMPD"
  [ "$rc" = 0 ] || log "FAILED (exit $rc); daemon logs were in $SB/*.log"
  exit "$rc"
}
TMPD=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' INT TERM

export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
vsctl() { ovs-vsctl --db="unix:$SB/db.sock" --timeout=60 "$@"; }
appctl() { ovs-appctl -t "$SB/ovs-vswitchd.ctl" "$@"; }
nbctl() { ovn-nbctl --db="unix:$SB/nb.sock" --timeout=300 "$@"; }
br() { echo "$SB/$1.mgmt"; }   # ovs-ofctl target for a bridge of the sandbox
flow_count() { ovs-ofctl dump-aggregate "$(br "$1")" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'; }

start_sandbox() { # NODES PODS SVCS POLS
  log "starting sandbox in $SB: NODES=$1 PODS=$2 SVCS=$3 POLS=$4"
  SB="$SB" bash "$HERE/sandbox/up.sh" >/dev/null
  NODES=$1 PODS=$2 SVCS=$3 POLS=$4 SB="$SB" bash "$HERE/sandbox/topo.sh" >/dev/null
  settle br-int
}

settle() { # wait until ovn-controller has caught up and the flow count of bridge $1 is stable
  nbctl --wait=hv sync
  local prev=-1 cur stable=0
  for _ in $(seq 1 120); do
    cur=$(flow_count "$1")
    if [ "$cur" = "$prev" ]; then stable=$((stable + 1)); else stable=0; fi
    [ "$stable" -ge 3 ] && break
    prev=$cur; sleep 0.5
  done
  log "$1 settled at $cur flows"
}

sync_stats() { # make sure datapath hits are credited to the OpenFlow rules
  sleep 0.5; appctl revalidator/wait >/dev/null 2>&1 || sleep 1
}

# dump FILE CMD...: run an ovs-ofctl dump, refuse empty/undecodable output, write FILE atomically
dump() {
  local file=$1; shift
  local tmp=$TMPD/out err=$TMPD/err
  "$@" >"$tmp" 2>"$err" || { cat "$err" >&2; die "command failed: $*"; }
  # ovs-ofctl logs to stderr; INFO notes (e.g. "OFPAT_SET_MPLS_TTL is deprecated in OpenFlow15")
  # are expected, anything at WARN/ERR level means something could not be decoded.
  if grep -v '|INFO|' "$err" | grep -q .; then cat "$err" >&2; die "warnings on stderr for: $*"; fi
  if [ -s "$err" ]; then sed 's/^/    (stderr) /' "$err" | sort -u >&2; fi
  [ -s "$tmp" ] || die "empty output from: $*"
  ! grep -q 'decode error' "$tmp" || die "'***decode error' in output of: $*"
  [ "$(grep -c -E 'actions=|group_id=' "$tmp")" -gt 0 ] || die "no flows/groups in output of: $*"
  mkdir -p "$(dirname "$file")"
  case $file in
    *.gz) gzip -9 -n -c "$tmp" >"$file.tmp" ;;
    *) cp "$tmp" "$file.tmp" ;;
  esac
  mv "$file.tmp" "$file"
  log "wrote ${file#"$ROOT"/} ($(wc -l <"$tmp") lines)"
}

# ---------------------------------------------------------------------------------------------
# packets
# ---------------------------------------------------------------------------------------------
hex() { printf %02x "$1"; }
inject_br_int() { # pods 1..3 of the local node (ovn-worker, 10.244.1.0/24) talk to each other,
  # to services (load balancer VIPs 10.96.0.x), to a pod on a remote node and to the outside.
  local p ip mac gw=0a:58:0a:f4:01:01
  for p in 1 2 3; do
    ip=10.244.1.$((p + 2)); mac=0a:58:0a:f4:01:$(hex $((p + 2)))
    appctl netdev-dummy/receive "pod$p" "in_port($((p + 10))),eth(src=$mac,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=$ip,tip=10.244.1.1,op=1,sha=$mac,tha=00:00:00:00:00:00)"
    appctl netdev-dummy/receive "pod$p" "eth(src=$mac,dst=0a:58:0a:f4:01:$(hex $((p % 3 + 3)))),eth_type(0x0800),ipv4(src=$ip,dst=10.244.1.$((p % 3 + 3)),proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
    appctl netdev-dummy/receive "pod$p" "eth(src=$mac,dst=$gw),eth_type(0x0800),ipv4(src=$ip,dst=10.96.0.$((p + 1)),proto=6,tos=0,ttl=64,frag=no),tcp(src=$((40000 + p)),dst=80),tcp_flags(syn)"
    appctl netdev-dummy/receive "pod$p" "eth(src=$mac,dst=$gw),eth_type(0x0800),ipv4(src=$ip,dst=10.96.0.$((p + 1)),proto=17,tos=0,ttl=64,frag=no),udp(src=$((50000 + p)),dst=53)"
    appctl netdev-dummy/receive "pod$p" "eth(src=$mac,dst=$gw),eth_type(0x0800),ipv4(src=$ip,dst=10.244.2.$((p + 2)),proto=6,tos=0,ttl=64,frag=no),tcp(src=$((41000 + p)),dst=8080),tcp_flags(syn)"
    appctl netdev-dummy/receive "pod$p" "eth(src=$mac,dst=$gw),eth_type(0x0800),ipv4(src=$ip,dst=8.8.8.8,proto=17,tos=0,ttl=64,frag=no),udp(src=$((52000 + p)),dst=53)"
  done
  # spoofed source (dropped by port security) and an IPv6 neighbour solicitation
  appctl netdev-dummy/receive pod4 "eth(src=0a:58:0a:f4:01:06,dst=$gw),eth_type(0x0800),ipv4(src=10.244.1.99,dst=10.244.1.3,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
  appctl netdev-dummy/receive pod4 "eth(src=0a:58:0a:f4:01:06,dst=33:33:ff:00:00:01),eth_type(0x86dd),ipv6(src=fe80::858:aff:fef4:106,dst=ff02::1:ff00:1,proto=58,tclass=0,hlimit=255,frag=no),icmpv6(type=135,code=0),nd(target=fe80::1,sll=0a:58:0a:f4:01:06,tll=00:00:00:00:00:00)"
}

inject_br_test() {
  local i
  for i in 1 2 3; do
    appctl netdev-dummy/receive p1 "eth(src=00:00:00:00:01:0$i,dst=00:00:00:00:02:01),eth_type(0x0800),ipv4(src=10.0.0.$i,dst=10.0.0.3,proto=6,tos=0,ttl=64,frag=no),tcp(src=$((30000 + i)),dst=80),tcp_flags(syn)"
  done
  appctl netdev-dummy/receive p1 "eth(src=00:00:00:00:01:01,dst=00:00:00:00:02:01),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.3,proto=17,tos=0,ttl=64,frag=no),udp(src=5353,dst=53)"
  appctl netdev-dummy/receive p1 "eth(src=00:00:00:00:01:01,dst=00:00:00:00:02:01),eth_type(0x0800),ipv4(src=172.16.5.5,dst=192.168.7.1,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
  appctl netdev-dummy/receive p2 "eth(src=00:00:00:00:01:02,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.9,op=2,sha=00:00:00:00:01:02,tha=00:00:00:00:00:00)"
  appctl netdev-dummy/receive p2 "eth(src=00:00:00:00:01:02,dst=00:00:00:00:02:02),eth_type(0x1234)"
  appctl netdev-dummy/receive p2 "eth(src=00:00:00:00:01:02,dst=00:00:00:00:02:02),eth_type(0x1234)"
  appctl netdev-dummy/receive p3 "eth(src=00:00:00:00:01:03,dst=00:00:00:00:02:03),eth_type(0x86dd),ipv6(src=2001:db8::5,dst=2001:db8::1,proto=17,tclass=0,hlimit=64,frag=no),udp(src=547,dst=546)"
  appctl netdev-dummy/receive p4 "eth(src=00:00:00:00:01:04,dst=00:00:00:00:02:04),eth_type(0x8100),vlan(vid=100,pcp=5),encap(eth_type(0x0800),ipv4(src=10.9.9.9,dst=10.9.9.8,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2))"
}

# ---------------------------------------------------------------------------------------------
# small topology + br-test -> test/fixtures/openflow
# ---------------------------------------------------------------------------------------------
generate_small() {
  start_sandbox 3 10 10 5
  local BI; BI=$(br br-int)
  log "injecting packets into br-int"
  inject_br_int; sync_stats

  dump "$OUT/ovn-br-int.of10.flows"          ovs-ofctl dump-flows "$BI"
  dump "$OUT/ovn-br-int.of13.flows"          ovs-ofctl -O OpenFlow13 dump-flows "$BI"
  dump "$OUT/ovn-br-int.of15.flows"          ovs-ofctl -O OpenFlow15 dump-flows "$BI"
  dump "$OUT/ovn-br-int.of15.no-stats.flows" ovs-ofctl -O OpenFlow15 --no-stats dump-flows "$BI"
  dump "$OUT/ovn-br-int.of13.names.flows"    ovs-ofctl -O OpenFlow13 --names dump-flows "$BI"
  dump "$OUT/ovn-br-int.of15.rsort.flows"    ovs-ofctl -O OpenFlow15 --rsort dump-flows "$BI"
  dump "$OUT/ovn-br-int.of13.no-names.flows" ovs-ofctl -O OpenFlow13 --no-names dump-flows "$BI"
  dump "$OUT/ovn-br-int.of15.groups"         ovs-ofctl -O OpenFlow15 dump-groups "$BI"
  dump "$OUT/ovn-br-int.of13.groups"         ovs-ofctl -O OpenFlow13 dump-groups "$BI"

  log "creating br-test and loading the hand-written flow set"
  vsctl -- add-br br-test -- set bridge br-test datapath_type=dummy fail-mode=secure \
      protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15 \
    -- add-port br-test p1 -- set interface p1 type=dummy ofport_request=1 \
    -- add-port br-test p2 -- set interface p2 type=dummy ofport_request=2 \
    -- add-port br-test p3 -- set interface p3 type=dummy ofport_request=3 \
    -- add-port br-test p4 -- set interface p4 type=dummy ofport_request=4 \
    -- add-port br-test p5 -- set interface p5 type=dummy ofport_request=5
  local BT; BT=$(br br-test)
  for _ in $(seq 1 50); do [ -S "$BT" ] && break; sleep 0.1; done
  ovs-ofctl add-tlv-map "$BT" "{class=0xffff,type=0,len=4}->tun_metadata0,{class=0xffff,type=1,len=8}->tun_metadata1"
  local m
  while IFS= read -r m; do
    case $m in ''|'#'*) continue ;; esac
    ovs-ofctl -O OpenFlow13 add-meter "$BT" "$m"
  done <"$FLOWSETS/meters.meters"
  ovs-ofctl -O OpenFlow15 add-groups "$BT" "$FLOWSETS/groups.groups"
  ovs-ofctl -O OpenFlow15 add-flows "$BT" "$FLOWSETS/all-families.flows"
  local want got
  want=$(grep -c -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$FLOWSETS/all-families.flows")
  got=$(flow_count br-test)
  [ "$got" = "$want" ] || die "br-test has $got flows, all-families.flows has $want lines (duplicate matches?)"
  log "br-test: $got flows, $(grep -c -v -e '^#' -e '^$' "$FLOWSETS/groups.groups") groups"
  log "injecting packets into br-test"
  inject_br_test; sync_stats

  dump "$OUT/all-families.of15.flows"          ovs-ofctl -O OpenFlow15 dump-flows "$BT"
  dump "$OUT/all-families.of15.no-stats.flows" ovs-ofctl -O OpenFlow15 --no-stats dump-flows "$BT"
  dump "$OUT/all-families.of14.flows"          ovs-ofctl -O OpenFlow14 dump-flows "$BT"
  dump "$OUT/all-families.of13.flows"          ovs-ofctl -O OpenFlow13 dump-flows "$BT"
  dump "$OUT/all-families.of15.groups"         ovs-ofctl -O OpenFlow15 dump-groups "$BT"
  dump "$OUT/all-families.of11.groups"         ovs-ofctl -O OpenFlow11 dump-groups "$BT"
  # OpenFlow 1.0: ovs-ofctl cannot decode some actions/instruction orders in OF1.0 replies, so the
  # flows tagged #!of11+ / #!of13+ in all-families.flows are deleted first (see README.md).
  local l n=0
  while IFS= read -r l; do
    ovs-ofctl -O OpenFlow15 --strict del-flows "$BT" "${l%%,actions=*}"; n=$((n + 1))
  done < <(grep -v "^[[:space:]]*#" "$FLOWSETS/all-families.flows" | grep -E "#!of1[13]\+")
  log "deleted $n OF1.1+/OF1.3+-only flows for the OF1.0 dump"
  dump "$OUT/all-families.of10.flows"          ovs-ofctl dump-flows "$BT"
  SB="$SB" bash "$HERE/sandbox/down.sh"
}

# ---------------------------------------------------------------------------------------------
# large topology -> bench/data
# ---------------------------------------------------------------------------------------------
generate_large() {
  local nodes=${LARGE_NODES:-8} pods=${LARGE_PODS:-60} svcs=${LARGE_SVCS:-400} pols=${LARGE_POLS:-40} n
  for attempt in 1 2 3; do
    start_sandbox "$nodes" "$pods" "$svcs" "$pols"
    n=$(flow_count br-int)
    [ "$n" -lt "$MIN_LARGE_FLOWS" ] || break
    [ "$attempt" -lt 3 ] || die "only $n flows on br-int after scaling up"
    svcs=$(( svcs * MIN_LARGE_FLOWS / n + 50 ))
    log "$n < $MIN_LARGE_FLOWS flows: retrying with SVCS=$svcs"
  done
  local BI; BI=$(br br-int)
  log "injecting packets into br-int"
  inject_br_int; sync_stats
  dump "$BENCH/ovn-br-int-large.of15.flows.gz"          ovs-ofctl -O OpenFlow15 dump-flows "$BI"
  dump "$BENCH/ovn-br-int-large.of15.no-stats.flows.gz" ovs-ofctl -O OpenFlow15 --no-stats dump-flows "$BI"
}

log "$(ovs-vswitchd --version | head -1); $(ovn-controller --version | head -1)"
[ "$SMALL" = 0 ] || generate_small
[ "$LARGE" = 0 ] || generate_large
if [ "$TRACES" = 1 ]; then
  log "running generate-traces.sh (sandbox $TRACES_SB)"
  SB="$TRACES_SB" KEEP="$KEEP" bash "$HERE/generate-traces.sh"
  log "running generate-trace-forms.sh (sandbox ${TRACES_SB}-forms)"
  SB="${TRACES_SB}-forms" KEEP="$KEEP" bash "$HERE/generate-trace-forms.sh"
fi
if [ "$OVN" = 1 ]; then
  log "running generate-ovn.sh (sandbox $OVN_SB)"
  SB="$OVN_SB" KEEP="$KEEP" bash "$HERE/generate-ovn.sh"
fi
log "done in $(( $(date +%s) - START ))s"
for f in "$OUT"/* "$BENCH"/*.gz; do
  [ -f "$f" ] || continue
  printf '  %-60s %8s bytes %7s lines\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" \
    "$(case $f in *.gz) gzip -dc "$f" | wc -l ;; *) wc -l <"$f" ;; esac)" >&2
done
