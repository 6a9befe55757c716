#!/usr/bin/env bash
# Regenerate the ofproto/trace and datapath-flow fixtures of ovskit from a real Open vSwitch + OVN
# sandbox (userspace "dummy" datapath with native tunneling).
#
#   bash fixtures-gen/generate-traces.sh           # -> test/fixtures/trace/ and test/fixtures/datapath/
#   bash fixtures-gen/generate-traces.sh --keep    # leave the sandbox running afterwards
#   bash fixtures-gen/generate.sh --traces         # the OpenFlow fixtures, then this script
#
# Environment: SB (sandbox dir, default ${TMPDIR:-/tmp}/ovskit-trace-sb), KEEP=1 (= --keep).
# See fixtures-gen/README.md ("Traces and datapath flows").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TRACE_OUT=$ROOT/test/fixtures/trace
DP_OUT=$ROOT/test/fixtures/datapath
FLOWSETS=$HERE/flowsets
SB=${SB:-${TMPDIR:-/tmp}/ovskit-trace-sb}
KEEP=${KEEP:-0}

for arg in "$@"; do
  case $arg in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "generate-traces.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

START=$(date +%s)
log() { printf '[%4ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for bin in ovs-vsctl ovs-ofctl ovs-appctl ovn-nbctl ovn-sbctl; do
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
nbctl() { ovn-nbctl --db="unix:$SB/nb.sock" --timeout=120 "$@"; }
sbctl() { ovn-sbctl --db="unix:$SB/sb.sock" --timeout=60 "$@"; }
br() { echo "$SB/$1.mgmt"; }
flow_count() { ovs-ofctl dump-aggregate "$(br "$1")" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'; }
hex() { printf %02x "$1"; }

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

put() { # FILE TMPFILE: write atomically, log the size
  mkdir -p "$(dirname "$1")"
  cp "$2" "$1.tmp"; mv "$1.tmp" "$1"
  log "wrote ${1#"$ROOT"/} ($(wc -l <"$2") lines)"
}

# ---------------------------------------------------------------------------------------------
# sandbox: the topology of generate.sh (3 nodes, 10 pods, 10 services, 5 policies) plus what a
# trace needs to show a real path on every branch
# ---------------------------------------------------------------------------------------------
# Tunnel underlay. 127.0.0.0/8 (the default encap IPs of topo.sh) always resolves to the kernel's
# "lo" route, so native tunneling needs addresses of its own: TEST-NET-2, routed through br-phy.
UNDERLAY=198.51.100
BR_PHY_MAC=aa:55:aa:55:00:01

setup_sandbox() {
  log "starting sandbox in $SB (DUMMY=plain: geneve ports are real userspace tunnel ports)"
  SB="$SB" DUMMY=plain bash "$HERE/sandbox/up.sh" >/dev/null
  # keep datapath flows around long enough to dump them (default max-idle is 10 s)
  vsctl set open . external-ids:ovn-encap-ip=$UNDERLAY.1 other_config:max-idle=300000
  NODES=3 PODS=10 SVCS=10 POLS=5 SB="$SB" bash "$HERE/sandbox/topo.sh" >/dev/null

  local n p enc
  # remote chassis: move their encaps onto the underlay and bind the remote pods to them, so
  # that traffic to a remote pod leaves through a geneve tunnel port
  for n in 2 3; do
    enc=$(sbctl --bare --columns=_uuid find encap chassis_name=ovn-worker$n)
    sbctl set encap "$enc" ip=$UNDERLAY.$n
    for p in $(seq 1 10); do sbctl lsp-bind "ns$((p % 5))_pod$p-ovn-worker$n" "ovn-worker$n"; done
  done
  # underlay bridge br-phy (its LOCAL port owns the tunnel IP) and static neighbours
  vsctl -- add-br br-phy -- set bridge br-phy datapath_type=dummy fail-mode=standalone \
      other-config:hwaddr=$BR_PHY_MAC \
    -- add-port br-phy p0 -- set interface p0 type=dummy ofport_request=1
  appctl netdev-dummy/ip4addr br-phy $UNDERLAY.1/24 >/dev/null
  appctl ovs/route/add $UNDERLAY.0/24 br-phy >/dev/null
  for n in 2 3; do appctl tnl/arp/set br-phy $UNDERLAY.$n "aa:55:aa:55:00:0$n" >/dev/null; done
  # provider network: breth0 for the localnet ports of the ext_* switches (ovn-controller adds
  # the patch ports), and a static MAC binding for the gateway routers' next hop
  vsctl -- add-br breth0 -- set bridge breth0 datapath_type=dummy fail-mode=standalone \
    -- add-port breth0 eth0 -- set interface eth0 type=dummy ofport_request=1 \
    -- set open . external-ids:ovn-bridge-mappings=physnet:breth0
  nbctl static-mac-binding-add rtoe-GR_ovn-worker 172.18.0.1 02:42:ac:12:00:01
  # svc10 (VIP 10.96.0.11, backends 10.244.1.3 = pod1 and 10.244.2.3): hash selection, so that a
  # trace picks a bucket and follows it; svc1 keeps OVN's default dp_hash group
  nbctl set load_balancer svc10 selection_fields=ip_src,ip_dst,tp_src,tp_dst
  # dual stack for pod1 and its router port (IPv6 neighbour solicitation)
  nbctl -- set logical_router_port rtos-ovn-worker 'networks="10.244.1.1/24","fd00:10:244:1::1/64"' \
    -- lsp-set-addresses ns1_pod1-ovn-worker "0a:58:0a:f4:01:03 10.244.1.3 fd00:10:244:1::3" \
    -- lsp-set-port-security ns1_pod1-ovn-worker "0a:58:0a:f4:01:03 10.244.1.3 fd00:10:244:1::3"
  # pod4 is polled by a PMD thread ("flow-dump from pmd on cpu core: N" in datapath dumps)
  vsctl set interface pod4 type=dummy-pmd
  settle br-int
  for _ in $(seq 1 50); do
    [ -n "$(tunnel_ofport 2)" ] && [ -n "$(tunnel_ofport 3)" ] && break; sleep 0.2
  done
  [ -n "$(tunnel_ofport 2)" ] || die "no geneve port to $UNDERLAY.2 on br-int"
  [ "$(appctl tnl/ports/show | grep -c genev_sys_6081)" -ge 1 ] || die "geneve is not natively tunnelled"
}

setup_bridges() { # br-a <-patch-> br-b with hand-written flows (groups, clone, learn, ct, mpls, nsh)
  vsctl -- add-br br-a -- set bridge br-a datapath_type=dummy fail-mode=secure \
      protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
    -- add-port br-a a1 -- set interface a1 type=dummy ofport_request=1 \
    -- add-port br-a a2 -- set interface a2 type=dummy ofport_request=2 \
    -- add-port br-a a3 -- set interface a3 type=dummy ofport_request=3 \
    -- add-port br-a a-to-b -- set interface a-to-b type=patch options:peer=b-to-a ofport_request=10 \
    -- add-br br-b -- set bridge br-b datapath_type=dummy fail-mode=secure \
      protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
    -- add-port br-b b1 -- set interface b1 type=dummy ofport_request=1 \
    -- add-port br-b b2 -- set interface b2 type=dummy ofport_request=2 \
    -- add-port br-b b-to-a -- set interface b-to-a type=patch options:peer=a-to-b ofport_request=10
  for _ in $(seq 1 50); do [ -S "$(br br-a)" ] && [ -S "$(br br-b)" ] && break; sleep 0.1; done
  ovs-ofctl -O OpenFlow15 add-groups "$(br br-a)" "$FLOWSETS/trace-br-a.groups"
  ovs-ofctl -O OpenFlow15 add-flows "$(br br-a)" "$FLOWSETS/trace-br-a.flows"
  ovs-ofctl -O OpenFlow15 add-flows "$(br br-b)" "$FLOWSETS/trace-br-b.flows"
  log "br-a: $(flow_count br-a) flows, br-b: $(flow_count br-b) flows"
}

# lookups -------------------------------------------------------------------------------------
ofport() { vsctl get interface "$1" ofport; }
odp_port() { appctl dpif/show | sed -n "s/^ *$1 [0-9]*\/\([0-9]*\):.*/\1/p"; }
tunnel_ofport() { vsctl --bare --columns=ofport find interface type=geneve "options:remote_ip=$UNDERLAY.$1" | grep -v '^-1$' || true; }
tunnel_name() { vsctl --bare --columns=name find interface type=geneve "options:remote_ip=$UNDERLAY.$1"; }
lsp_mac() { nbctl lsp-get-addresses "$1" | awk '{print $1; exit}'; }
lsp_ip() { nbctl lsp-get-addresses "$1" | awk '{print $2; exit}'; }
dp_key() { sbctl --bare --columns=tunnel_key find datapath_binding "external_ids:name=$1"; }
port_key() { sbctl --bare --columns=tunnel_key find port_binding "logical_port=$1"; }

# ---------------------------------------------------------------------------------------------
# ofproto/trace
# ---------------------------------------------------------------------------------------------
# trace NAME REGEX ARGS...: ovs-appctl ofproto/trace ARGS (stdout and stderr, exactly as printed)
# -> test/fixtures/trace/NAME.trace. The trace must succeed, walk at least 2 OpenFlow tables and
# contain REGEX (grep -E), so that a wrong in_port or a typo cannot produce an "instant drop".
# MIN_STEPS (default 2) is the number of "N. match, priority P, cookie C" table steps required.
trace() {
  local name=$1 want=$2; shift 2
  local out=$TMPD/trace rc=0
  appctl ofproto/trace "$@" >"$out" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { cat "$out" >&2; die "$name: ofproto/trace exited with $rc"; }
  grep -q '^bridge("' "$out" || die "$name: no bridge(...) section"
  grep -q '^Datapath actions: ' "$out" || die "$name: no 'Datapath actions:' line"
  [ "$(grep -c -E '^ *[0-9]+\. .*(priority|cookie)' "$out")" -ge "${MIN_STEPS:-2}" ] || { cat "$out" >&2; die "$name: fewer than ${MIN_STEPS:-2} table steps"; }
  grep -q -E -- "$want" "$out" || { cat "$out" >&2; die "$name: no match for /$want/"; }
  put "$TRACE_OUT/$name.trace" "$out"
}
# bad_trace NAME ARGS...: a request ovs-vswitchd refuses; writes the text, records the status
bad_trace() {
  local name=$1; shift
  local out=$TMPD/trace rc=0
  appctl ofproto/trace "$@" >"$out" 2>&1 || rc=$?
  [ "$rc" != 0 ] || die "$name: expected ofproto/trace to fail"
  put "$TRACE_OUT/$name.trace" "$out"
  log "  ($name: ovs-appctl exit status $rc)"
  BAD_STATUS+=("$name=$rc")
}

generate_ovn_traces() {
  local P1 P2 P3 IP1 IP2 IP3 GW=0a:58:0a:f4:01:01 OF1 OF2 OF3 TUN2 DP IN OUT MD
  P1=$(lsp_mac ns1_pod1-ovn-worker); IP1=$(lsp_ip ns1_pod1-ovn-worker)   # pod1: no network policy
  P2=$(lsp_mac ns2_pod2-ovn-worker); IP2=$(lsp_ip ns2_pod2-ovn-worker)   # pod2: in pg_pol1 (deny)
  P3=$(lsp_mac ns3_pod3-ovn-worker); IP3=$(lsp_ip ns3_pod3-ovn-worker)   # pod3: a client
  OF1=$(ofport pod1); OF2=$(ofport pod2); OF3=$(ofport pod3); TUN2=$(tunnel_ofport 2)
  local ODP1; ODP1=$(odp_port pod1)
  log "tracing on br-int (pod1 ofport $OF1 odp $ODP1, pod3 ofport $OF3, tunnel to ovn-worker2 ofport $TUN2)"

  trace ovn-pod-to-pod-local 'Datapath actions: .*,'"$ODP1"'$' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  trace ovn-pod-to-pod-remote 'tnl_push\(' br-int \
    "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=10.244.2.3,nw_ttl=64,tp_src=41001,tp_dst=8080,tcp_flags=syn"
  trace ovn-pod-to-service 'Modified flow: .*nw_dst=10.244' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=syn"
  trace ovn-pod-to-service-ct-next 'resume conntrack with ct_state=new\|trk' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=syn" \
    --ct-next 'trk,new'
  trace ovn-pod-to-service-dp-hash 'hash\(' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.2,nw_ttl=64,tp_src=40001,tp_dst=80,tcp_flags=syn"
  trace ovn-ct-next-chain 'resume conntrack with ct_state=est\|trk' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=ack" \
    --ct-next 'trk,new' --ct-next 'trk,new,dnat' --ct-next 'trk,est'
  trace ovn-ct-next-established 'ct_state=est\|trk' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=ack" \
    --ct-next 'trk,est' --ct-next 'trk,est'
  trace ovn-ct-next-reply 'rpl' br-int \
    "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P3,nw_src=$IP1,nw_dst=$IP3,nw_ttl=64,tp_src=8080,tp_dst=40000,tcp_flags=syn|ack" \
    --ct-next 'trk,est,rpl' --ct-next 'trk,est,rpl'
  trace ovn-ct-next-invalid 'Datapath actions: drop' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=ack" \
    --ct-next 'trk,inv'
  trace ovn-arp-gateway 'set\(arp\(' br-int \
    "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=10.244.1.1,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
  trace ovn-ipv6-nd-ns 'nd_target|userspace\(' br-int \
    "in_port=$OF1,icmp6,dl_src=$P1,dl_dst=33:33:ff:00:00:01,ipv6_src=fd00:10:244:1::3,ipv6_dst=ff02::1:ff00:1,nw_ttl=255,icmpv6_type=135,icmpv6_code=0,nd_target=fd00:10:244:1::1,nd_sll=$P1"
  trace ovn-pod-to-external 'bridge\("breth0"\)' br-int \
    "in_port=$OF1,udp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=8.8.8.8,nw_ttl=64,udp_src=52001,udp_dst=53"
  DP=$(dp_key ovn-worker); IN=$(port_key stor-ovn-worker); OUT=$(port_key ns1_pod1-ovn-worker)
  MD=$(printf '0x%x' $(( (IN << 16) | OUT )))
  trace ovn-tunnel-ingress 'NXM_NX_TUN_METADATA0' br-int \
    "in_port=$TUN2,tun_id=$(printf '0x%x' "$DP"),tun_src=$UNDERLAY.2,tun_dst=$UNDERLAY.1,tun_metadata0=$MD,tcp,dl_src=$GW,dl_dst=$P1,nw_src=10.244.2.3,nw_dst=$IP1,nw_ttl=63,tp_src=42000,tp_dst=8080,tcp_flags=syn"
  trace ovn-acl-drop 'Datapath actions: drop' br-int \
    "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P2,nw_src=$IP1,nw_dst=$IP2,nw_ttl=64,tp_src=43000,tp_dst=80,tcp_flags=syn"
  trace ovn-port-security-drop 'Datapath actions: drop' br-int \
    "in_port=$OF3,icmp,dl_src=$P3,dl_dst=$P1,nw_src=10.244.1.99,nw_dst=$IP1,nw_ttl=64,icmp_type=8,icmp_code=0"
  # datapath flow syntax (no bridge name): the Geneve packet of ovn-tunnel-ingress as the datapath
  # sees it after tnl_pop, i.e. arriving on genev_sys_6081 with the tunnel metadata as a key
  trace ovn-odp-flow-tunnel 'NXM_NX_TUN_METADATA0' \
    "tunnel(tun_id=$(printf '0x%x' "$DP"),src=$UNDERLAY.2,dst=$UNDERLAY.1,ttl=64,tp_src=51234,tp_dst=6081,geneve({class=0x102,type=0x80,len=4,$MD}),flags(-df+csum+key)),in_port($(odp_port "$(tunnel_name 2)")),eth(src=$GW,dst=$P1),eth_type(0x0800),ipv4(src=10.244.2.3,dst=$IP1,proto=6,tos=0,ttl=63,frag=no),tcp(src=42000,dst=8080),tcp_flags(syn)"

  bad_trace bad-request br-int 'in_port=999,garbage=1'
  bad_trace bad-prerequisites br-int "in_port=$OF1,udp,nw_src=$IP1,nw_dst=8.8.8.8,tp_src=52001,tp_dst=53"
  bad_trace bad-no-such-bridge br-nonexistent "in_port=1,ip"
}

generate_bridge_traces() {
  local M="dl_src=00:00:00:00:0a:01,dl_dst=00:00:00:00:0b:02" sp MIN_STEPS=1
  log "tracing on br-a/br-b"
  # pick a TCP source port that lands on the bucket that crosses the patch port
  local probe
  for sp in $(seq 33000 33050); do
    probe=$(appctl ofproto/trace br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=$sp,tp_dst=80")
    grep -q 'using bucket 2' <<<"$probe" && break
  done
  trace bridges-group-select 'using bucket 2' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=$sp,tp_dst=80"
  trace bridges-group-all 'bridge\("br-b"\)' br-a \
    "in_port=1,arp,dl_src=00:00:00:00:0a:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.0.1.1,arp_tpa=10.0.1.2,arp_sha=00:00:00:00:0a:01"
  trace bridges-group-dp-hash 'hash\(' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=443"
  trace bridges-clone 'clone\(' br-a \
    "in_port=1,udp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.53,nw_ttl=64,udp_src=33000,udp_dst=53"
  trace bridges-learn 'learn\(' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=22"
  trace bridges-patch-ct 'Resuming from table 2' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  trace bridges-patch-mpls 'pop_mpls' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.3.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  trace bridges-nsh-encap 'push_nsh\(' br-a \
    "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.4.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  trace bridges-nsh-decap 'pop_nsh|pop_eth|decap' br-a \
    "in_port=1,dl_src=00:00:00:00:0c:02,dl_dst=00:00:00:00:0a:01,dl_type=0x894f,nsh_mdtype=1,nsh_np=3,nsh_spi=0x1234,nsh_si=255,nsh_c1=0x11223344"
}

# ---------------------------------------------------------------------------------------------
# datapath flows
# ---------------------------------------------------------------------------------------------
# packets for netdev-dummy/receive given as hex (for frames the flow syntax cannot describe)
hexpkt() { # FLOW -> the frame that ovs-ofctl compose-packet builds, as one hex string
  ovs-ofctl compose-packet "$1" | sed -E 's/^[0-9a-f]{8}  //; s/[^0-9a-f]//g' | tr -d '\n'
}
ipcsum() { # HEX-HEADER -> the IPv4 header checksum over it (checksum field zero)
  local h=$1 s=0 i
  for ((i = 0; i < ${#h}; i += 4)); do s=$((s + 16#${h:i:4})); done
  while ((s >> 16)); do s=$(( (s & 0xffff) + (s >> 16) )); done
  printf %04x $(( ~s & 0xffff ))
}
geneve_frame() { # SRC-IP-LAST-OCTET VNI OPTION-VALUE INNER-HEX: Ethernet/IPv4/UDP 6081/Geneve frame
  local src=$1 vni=$2 opt=$3 inner=$4 gnv ulen tlen iph
  # Geneve: ver 0 + 2 words of options, C bit, proto 0x6558, VNI; option class 0x0102 type 0x80 len 1
  gnv=$(printf '02406558%06x00010280%02x%08x' "$vni" 1 "$opt")
  ulen=$(( 8 + ${#gnv} / 2 + ${#inner} / 2 )); tlen=$(( 20 + ulen ))
  iph=$(printf '4500%04x000040004011%s%02x%02x%02x%02x%02x%02x%02x%02x' "$tlen" 0000 \
    198 51 100 "$src" 198 51 100 1)
  iph=${iph:0:20}$(ipcsum "$iph")${iph:24}
  printf 'aa55aa550001aa55aa5500%02x0800%s%04x17c1%04x0000%s%s' "$src" "$iph" 51234 "$ulen" "$gnv" "$inner"
}
nsh_frame() { # NSH MD type 1 over Ethernet, SPI 0x1234 SI 255, carrying INNER-HEX (an Ethernet frame)
  # dst 00:00:00:00:0a:01, src 00:00:00:00:0c:02, type 0x894f; NSH: ver 0, TTL 63, length 6 words,
  # MD type 1, next protocol 3 (Ethernet), SPI/SI, context headers c1=0x11223344 c2..c4=0
  printf '000000000a01000000000c02894f0fc60103%06x%02x11223344000000000000000000000000%s' 0x1234 255 "$1"
}

rx2() { # PORT PACKET: netdev-dummy/receive it twice. The first packet is an upcall (it installs the
  # megaflow and is not counted in it), the second one hits the megaflow: non-zero packets/bytes
  appctl netdev-dummy/receive "$1" "$2"; appctl netdev-dummy/receive "$1" "$2"
}

inject_ovn() {
  local P1 P3 P5 IP1 IP3 GW=0a:58:0a:f4:01:01 K8S
  P1=$(lsp_mac ns1_pod1-ovn-worker); IP1=$(lsp_ip ns1_pod1-ovn-worker)
  P3=$(lsp_mac ns3_pod3-ovn-worker); IP3=$(lsp_ip ns3_pod3-ovn-worker)
  P5=$(lsp_mac ns0_pod5-ovn-worker)
  K8S=$(lsp_mac k8s-ovn-worker)
  local rx=rx2
  # ARP for the gateway, answered by br-int itself
  $rx pod1 "eth(src=$P1,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=$IP1,tip=10.244.1.1,op=1,sha=$P1,tha=00:00:00:00:00:00)"
  # pod3 -> pod1 on the same node (TCP SYN), and a UDP exchange in both directions (ct est/rpl)
  $rx pod3 "eth(src=$P3,dst=$P1),eth_type(0x0800),ipv4(src=$IP3,dst=$IP1,proto=6,tos=0,ttl=64,frag=no),tcp(src=40000,dst=8080),tcp_flags(syn)"
  $rx pod3 "eth(src=$P3,dst=$P1),eth_type(0x0800),ipv4(src=$IP3,dst=$IP1,proto=17,tos=0,ttl=64,frag=no),udp(src=40100,dst=7000)"
  $rx pod1 "eth(src=$P1,dst=$P3),eth_type(0x0800),ipv4(src=$IP1,dst=$IP3,proto=17,tos=0,ttl=64,frag=no),udp(src=7000,dst=40100)"
  # pod1 -> a pod on ovn-worker2: geneve tnl_push
  $rx pod1 "eth(src=$P1,dst=$GW),eth_type(0x0800),ipv4(src=$IP1,dst=10.244.2.3,proto=6,tos=0,ttl=64,frag=no),tcp(src=41001,dst=8080),tcp_flags(syn)"
  # services: svc10 (hash group, DNAT to pod1 or a remote pod), svc1 (dp_hash group), UDP svc10udp
  # whose backend pod1 answers (un-DNAT of the reply)
  $rx pod3 "eth(src=$P3,dst=$GW),eth_type(0x0800),ipv4(src=$IP3,dst=10.96.0.11,proto=6,tos=0,ttl=64,frag=no),tcp(src=40000,dst=80),tcp_flags(syn)"
  $rx pod3 "eth(src=$P3,dst=$GW),eth_type(0x0800),ipv4(src=$IP3,dst=10.96.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=40001,dst=80),tcp_flags(syn)"
  $rx pod3 "eth(src=$P3,dst=$GW),eth_type(0x0800),ipv4(src=$IP3,dst=10.96.0.11,proto=17,tos=0,ttl=64,frag=no),udp(src=40200,dst=53)"
  $rx pod1 "eth(src=$P1,dst=$P3),eth_type(0x0800),ipv4(src=$IP1,dst=$IP3,proto=17,tos=0,ttl=64,frag=no),udp(src=5353,dst=40200)"
  $rx k8s-ovn-worker "eth(src=$K8S,dst=$GW),eth_type(0x0800),ipv4(src=10.244.1.2,dst=10.96.0.11,proto=6,tos=0,ttl=64,frag=no),tcp(src=45000,dst=80),tcp_flags(syn)"
  # to the outside through GR_ovn-worker (SNAT) and the localnet port on breth0
  $rx pod1 "eth(src=$P1,dst=$GW),eth_type(0x0800),ipv4(src=$IP1,dst=8.8.8.8,proto=17,tos=0,ttl=64,frag=no),udp(src=52001,dst=53)"
  # IPv6 neighbour solicitation for the router (goes to ovn-controller: userspace(controller))
  $rx pod1 "eth(src=$P1,dst=33:33:ff:00:00:01),eth_type(0x86dd),ipv6(src=fd00:10:244:1::3,dst=ff02::1:ff00:1,label=0,proto=58,tclass=0,hlimit=255,frag=no),icmpv6(type=135,code=0),nd(target=fd00:10:244:1::1,sll=$P1,tll=00:00:00:00:00:00)"
  # network policy drop (pod2 is in pg_pol1) and a spoofed source (port security)
  $rx pod1 "eth(src=$P1,dst=$(lsp_mac ns2_pod2-ovn-worker)),eth_type(0x0800),ipv4(src=$IP1,dst=$(lsp_ip ns2_pod2-ovn-worker),proto=6,tos=0,ttl=64,frag=no),tcp(src=43000,dst=80),tcp_flags(syn)"
  $rx pod5 "eth(src=$P5,dst=$P1),eth_type(0x0800),ipv4(src=10.244.1.99,dst=$IP1,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
  # pod4 is a dummy-pmd port: its flows are dumped under "flow-dump from pmd on cpu core: N"
  $rx pod4 "eth(src=$(lsp_mac ns4_pod4-ovn-worker),dst=$P1),eth_type(0x0800),ipv4(src=$(lsp_ip ns4_pod4-ovn-worker),dst=$IP1,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
  # from ovn-worker2 through the tunnel: a real Geneve frame on the underlay port p0 (tnl_pop)
  local DP IN OUT inner
  DP=$(dp_key ovn-worker); IN=$(port_key stor-ovn-worker); OUT=$(port_key ns1_pod1-ovn-worker)
  inner=$(hexpkt "tcp,dl_src=$GW,dl_dst=$P1,nw_src=10.244.2.3,nw_dst=$IP1,nw_ttl=63,tp_src=42000,tp_dst=8080,tcp_flags=syn")
  $rx p0 "$(geneve_frame 2 "$DP" $(( (IN << 16) | OUT )) "$inner")"
  sleep 1   # the PMD thread handles pod4 asynchronously
}

inject_bridges() {
  local M="eth(src=00:00:00:00:0a:01,dst=00:00:00:00:0b:02),eth_type(0x0800)" rx=rx2 inner
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.1.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=33000,dst=80),tcp_flags(syn)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.1.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=33001,dst=443),tcp_flags(syn)"
  $rx a1 "eth(src=00:00:00:00:0a:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.0.1.1,tip=10.0.1.2,op=1,sha=00:00:00:00:0a:01,tha=00:00:00:00:00:00)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.1.53,proto=17,tos=0,ttl=64,frag=no),udp(src=33000,dst=53)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.1.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=33000,dst=22),tcp_flags(syn)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.2.5,proto=6,tos=0,ttl=64,frag=no),tcp(src=33000,dst=5000),tcp_flags(syn)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.3.5,proto=6,tos=0,ttl=64,frag=no),tcp(src=33000,dst=5000),tcp_flags(syn)"
  $rx a1 "$M,ipv4(src=10.0.1.1,dst=10.0.4.5,proto=6,tos=0,ttl=64,frag=no),tcp(src=33000,dst=5000),tcp_flags(syn)"
  $rx a1 "eth(src=00:00:00:00:0a:01,dst=00:00:00:00:0b:02),eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),ipv4(src=10.0.1.1,dst=10.0.2.6,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2))"
  inner=$(hexpkt "udp,dl_src=00:00:00:00:0d:01,dl_dst=00:00:00:00:0d:02,nw_src=10.0.5.1,nw_dst=10.0.5.2,nw_ttl=64,udp_src=1,udp_dst=2")
  $rx a1 "$(nsh_frame "$inner")"
}

# dpdump FILE CMD...: ovs-appctl datapath dump -> FILE, must hold flows with actions
dpdump() {
  local file=$1; shift
  local out=$TMPD/dp
  appctl "$@" >"$out" 2>"$TMPD/err" || { cat "$TMPD/err" >&2; die "failed: ovs-appctl $*"; }
  [ "$(grep -c 'actions:' "$out")" -ge 3 ] || { cat "$out" >&2; die "no flows from: ovs-appctl $*"; }
  put "$file" "$out"
}

check_ovn_dump() { # FILE: the flows the brief asks for are really there
  local f=$1 what
  for what in 'recirc_id\(0x[1-9a-f]' 'ct\(.*zone=[0-9]+.*nat' 'ct_state\(' 'tnl_push\(' 'tnl_pop\(' \
              'tunnel\(tun_id=' 'actions:.*hash\((sym_)?l4' 'dp_hash\(0x' 'userspace\(' 'flow-dump from pmd on cpu core' \
              'actions:drop'; do
    grep -q -E "$what" "$f" || die "${f#"$ROOT"/}: nothing matches /$what/"
  done
  [ "$(grep -o -E 'in_port\([^)]*\)' "$f" | sort -u | wc -l)" -ge 5 ] || die "${f#"$ROOT"/}: fewer than 5 in_ports"
}

generate_ovn_datapath() {
  log "injecting packets into br-int"
  appctl dpctl/del-flows >/dev/null
  inject_ovn
  appctl revalidator/wait >/dev/null 2>&1 || true
  dpdump "$DP_OUT/ovn.dpctl.flows"           dpctl/dump-flows
  dpdump "$DP_OUT/ovn.dpctl-m.flows"         dpctl/dump-flows -m
  dpdump "$DP_OUT/ovn.dpctl-names.flows"     dpctl/dump-flows --names
  dpdump "$DP_OUT/ovn.dpctl-m-names.flows"   dpctl/dump-flows -m --names
  dpdump "$DP_OUT/ovn.dpctl-m-no-names.flows" dpctl/dump-flows -m --no-names
  dpdump "$DP_OUT/ovn.dpif.flows"            dpif/dump-flows br-int
  dpdump "$DP_OUT/ovn.dpif-m.flows"          dpif/dump-flows -m br-int
  check_ovn_dump "$DP_OUT/ovn.dpctl-m.flows"
}

generate_bridges_datapath() {
  log "injecting packets into br-a"
  appctl dpctl/del-flows >/dev/null
  inject_bridges
  appctl revalidator/wait >/dev/null 2>&1 || true
  dpdump "$DP_OUT/bridges.dpctl.flows"   dpctl/dump-flows
  dpdump "$DP_OUT/bridges.dpctl-m.flows" dpctl/dump-flows -m
}

generate_handwritten_datapath() {
  log "installing hand-written datapath flows into dummy@hw"
  appctl dpctl/add-dp dummy@hw >/dev/null
  local i line key acts out ok=0 rej=0 n=0
  for i in 1 2 3 4; do appctl dpctl/add-if dummy@hw "hw$i,type=dummy,port_no=$i" >/dev/null; done
  while IFS= read -r line; do
    case $line in ''|'#'*) continue ;; esac
    n=$((n + 1))
    line=${line%% # *}
    local expect=ok
    if [ "${line:0:1}" = '!' ]; then expect=rejected; line=${line:1}; fi
    key=${line%% actions:*}; acts=${line#* actions:}
    if out=$(appctl dpctl/add-flow dummy@hw "$key" "$acts" 2>&1); then
      [ "$expect" = ok ] || die "handwritten.dpflows line $n is marked '!' but OVS accepted it: $line"
      ok=$((ok + 1))
    else
      [ "$expect" = rejected ] || { echo "$out" >&2; die "handwritten.dpflows line $n rejected: $line"; }
      rej=$((rej + 1))
      log "  rejected as expected: ${acts:0:60} -> $(head -1 <<<"$out" | sed 's/^ovs-vswitchd: //')"
    fi
  done <"$FLOWSETS/handwritten.dpflows"
  log "dummy@hw: $ok flows installed, $rej rejected as expected"
  dpdump "$DP_OUT/handwritten.dpctl.flows"   dpctl/dump-flows dummy@hw
  dpdump "$DP_OUT/handwritten.dpctl-m.flows" dpctl/dump-flows -m dummy@hw
  [ "$(grep -c 'actions:' "$DP_OUT/handwritten.dpctl.flows")" = "$ok" ] || die "dummy@hw does not hold $ok flows"
  appctl dpctl/del-dp dummy@hw >/dev/null
}

# ---------------------------------------------------------------------------------------------
# Sourced with TRACES_LIB=1 (generate-sim.sh): only the definitions and the sandbox setup above.
if [ "${TRACES_LIB:-0}" = 1 ]; then return 0; fi
log "$(ovs-vswitchd --version | head -1); $(ovn-controller --version | head -1)"
BAD_STATUS=()
setup_sandbox
setup_bridges
# only the files this script makes (stale scenarios go away, other fixtures stay)
rm -f "$TRACE_OUT"/ovn-*.trace "$TRACE_OUT"/bridges-*.trace "$TRACE_OUT"/bad-*.trace \
  "$DP_OUT"/ovn.*.flows "$DP_OUT"/bridges.*.flows "$DP_OUT"/handwritten.*.flows
generate_ovn_traces
generate_bridge_traces
generate_ovn_datapath
generate_bridges_datapath
generate_handwritten_datapath
log "exit status of the refused requests: ${BAD_STATUS[*]}"
log "done in $(( $(date +%s) - START ))s"
for f in "$TRACE_OUT"/* "$DP_OUT"/*; do
  [ -f "$f" ] || continue
  printf '  %-60s %8s bytes %6s lines\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" "$(wc -l <"$f")" >&2
done
