#!/usr/bin/env bash
# The verification fixture of ovskit's ofproto/trace simulator (src/simulate/): ONE consistent
# snapshot of a real OVS 3.1 + OVN 23.03 sandbox (every bridge's flows, groups, ports and TLV
# map, dpif/show, the tunnel underlay's routes and neighbours, conf.db, the OVN NB and SB
# databases) and the real `ovs-appctl ofproto/trace` answers for many packets on it.
#
#   bash fixtures-gen/generate-sim.sh          # -> test/fixtures/sim/ (~40 s)
#   bash fixtures-gen/generate-sim.sh --keep   # leave the sandbox running afterwards
#
# The sandbox is generate-traces.sh's (3 nodes, 10 pods, 10 services, 5 policies, native
# geneve tunnels over br-phy, breth0, br-a/br-b with groups, clone, learn, MPLS, NSH) plus
# bridge br-c (flowsets/sim-br-c.*): indirect / fast-failover / select (hash, dp_hash) / all
# groups, a down port, conjunctive matches, an empty group, a resubmit loop, TTL 1 with controller ids,
# check_pkt_larger, multipath, bundle, VLAN push/pop, write_actions + goto_table, output to a
# register, a non-reversible clone, unmet set_field prerequisites, exit, reserved ports,
# register aliasing and the stack, header rewrites, conntrack with a NAT range, resubmit(ct).
#
# Consistency: the snapshot is taken once, before any trace, and taken again after the last
# one; the script fails unless both are identical (no flow, group or port changed in between).
# Output: test/fixtures/sim/snapshot/* and cases.tsv (name, category, bridge, packet,
# --ct-next states) with answers/<name>.trace (stdout + stderr of ofproto/trace, as printed).
#
# Environment: SB (sandbox dir, default ${TMPDIR:-/tmp}/ovskit-sim-sb), KEEP=1 (= --keep).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SB=${SB:-${TMPDIR:-/tmp}/ovskit-sim-sb}
# generate-traces.sh provides the sandbox setup, the lookups and the cleanup trap.
TRACES_LIB=1 source "$HERE/generate-traces.sh"
OUT=$ROOT/test/fixtures/sim

setup_br_c() { # br-c: the feature bridge (ports c1..c4 = 1..4; c4 is down)
  vsctl -- add-br br-c -- set bridge br-c datapath_type=dummy fail-mode=secure \
      protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
    -- add-port br-c c1 -- set interface c1 type=dummy ofport_request=1 \
    -- add-port br-c c2 -- set interface c2 type=dummy ofport_request=2 \
    -- add-port br-c c3 -- set interface c3 type=dummy ofport_request=3 \
    -- add-port br-c c4 -- set interface c4 type=dummy ofport_request=4
  for _ in $(seq 1 50); do [ -S "$(br br-c)" ] && break; sleep 0.1; done
  ovs-ofctl -O OpenFlow15 mod-port "$(br br-c)" c4 down
  ovs-ofctl -O OpenFlow15 add-groups "$(br br-c)" "$FLOWSETS/sim-br-c.groups"
  ovs-ofctl -O OpenFlow15 add-flows "$(br br-c)" "$FLOWSETS/sim-br-c.flows"
  log "br-c: $(flow_count br-c) flows"
}

# snapshot DIR: everything the simulator reads, taken at one moment
snapshot() {
  local dir=$1 b
  mkdir -p "$dir"
  for b in $(vsctl list-br); do
    ovs-ofctl -O OpenFlow15 --no-stats dump-flows "$(br "$b")" >"$dir/$b.flows"
    ovs-ofctl -O OpenFlow15 dump-groups "$(br "$b")" >"$dir/$b.groups"
    ovs-ofctl -O OpenFlow15 show "$(br "$b")" >"$dir/$b.show"
    ovs-ofctl -O OpenFlow15 dump-tlv-map "$(br "$b")" >"$dir/$b.tlv"
  done
  appctl dpif/show >"$dir/dpif-show.txt"
  appctl dpctl/show >"$dir/dpctl-show.txt"
  vsctl show >"$dir/vsctl-show.txt"
  appctl ovs/route/show >"$dir/route.txt"
  appctl tnl/neigh/show >"$dir/neigh.txt"
  vsctl list-br >"$dir/bridges.txt"
}

CASES=()
# case NAME CATEGORY BRIDGE PACKET [CT-STATE...]: ofproto/trace on the sandbox -> answers/NAME.trace
case_() {
  local name=$1 cat=$2 bridge=$3 packet=$4; shift 4
  local args=() c rc=0
  for c in "$@"; do args+=(--ct-next "$c"); done
  appctl ofproto/trace "$bridge" "$packet" "${args[@]}" >"$TMPD/answers/$name.trace" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    case $cat in bad-*) ;; *) cat "$TMPD/answers/$name.trace" >&2; die "$name: ofproto/trace exited with $rc" ;; esac
  fi
  CASES+=("$name	$cat	$bridge	$packet	$*")
}

ovn_cases() {
  local P1 P2 P3 P7 IP1 IP2 IP3 IP7 GW=0a:58:0a:f4:01:01 OF1 OF2 OF3 OF7 TUN2 K8S DP IN OUT MD DP2 IN2 OUT2 MD2
  P1=$(lsp_mac ns1_pod1-ovn-worker); IP1=$(lsp_ip ns1_pod1-ovn-worker)
  P2=$(lsp_mac ns2_pod2-ovn-worker); IP2=$(lsp_ip ns2_pod2-ovn-worker)
  P3=$(lsp_mac ns3_pod3-ovn-worker); IP3=$(lsp_ip ns3_pod3-ovn-worker)
  P7=$(lsp_mac ns2_pod7-ovn-worker); IP7=$(lsp_ip ns2_pod7-ovn-worker)
  OF1=$(ofport pod1); OF2=$(ofport pod2); OF3=$(ofport pod3); OF7=$(ofport pod7); TUN2=$(tunnel_ofport 2)
  K8S=$(lsp_mac k8s-ovn-worker)
  local T="nw_ttl=64"
  # pod to pod, same node
  case_ pod-local-tcp pod-to-pod-local br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  case_ pod-local-udp pod-to-pod-local br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,udp_src=40100,udp_dst=7000"
  case_ pod-local-icmp pod-to-pod-local br-int "in_port=$OF1,icmp,dl_src=$P1,dl_dst=$P3,nw_src=$IP1,nw_dst=$IP3,$T,icmp_type=8,icmp_code=0"
  case_ pod-local-est pod-to-pod-local br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,tp_src=40000,tp_dst=8080,tcp_flags=ack" trk,est trk,est
  case_ pod-local-reply pod-to-pod-local br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P3,nw_src=$IP1,nw_dst=$IP3,$T,tp_src=8080,tp_dst=40000,tcp_flags=syn|ack" trk,est,rpl trk,est,rpl
  case_ pod-local-invalid pod-to-pod-local br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,tp_src=40000,tp_dst=8080,tcp_flags=ack" trk,inv
  case_ pod-local-names pod-to-pod-local br-int "in_port=pod3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,tp_src=40001,tp_dst=8080,tcp_flags=syn"
  # pod to pod, other node (geneve, native tunnelling over br-phy)
  case_ pod-remote-tcp pod-to-pod-remote br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=10.244.2.3,$T,tp_src=41001,tp_dst=8080,tcp_flags=syn"
  case_ pod-remote-udp pod-to-pod-remote br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.244.3.7,$T,udp_src=41002,udp_dst=53"
  case_ pod-remote-icmp pod-to-pod-remote br-int "in_port=$OF2,icmp,dl_src=$P2,dl_dst=$GW,nw_src=$IP2,nw_dst=10.244.2.5,$T,icmp_type=8,icmp_code=0"
  case_ pod-remote-est pod-to-pod-remote br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=10.244.2.3,$T,tp_src=41001,tp_dst=8080,tcp_flags=ack" trk,est trk,est
  # services: svc10 (10.96.0.11, hash selection), svc1 (10.96.0.2, dp_hash), UDP services
  case_ svc-tcp-hash service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40000,tp_dst=80,tcp_flags=syn"
  case_ svc-tcp-hash-2 service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40017,tp_dst=80,tcp_flags=syn"
  case_ svc-tcp-ct-new service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40000,tp_dst=80,tcp_flags=syn" trk,new
  case_ svc-tcp-ct-chain service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40000,tp_dst=80,tcp_flags=ack" trk,new trk,new,dnat trk,est
  case_ svc-tcp-est service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40000,tp_dst=80,tcp_flags=ack" trk,est,dnat trk,est trk,est
  case_ svc-tcp-dp-hash service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.2,$T,tp_src=40001,tp_dst=80,tcp_flags=syn"
  case_ svc-udp service br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,udp_src=40200,udp_dst=53"
  case_ svc-udp-ct-new service br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,udp_src=40200,udp_dst=53" trk,new trk,new,dnat
  case_ svc-udp-2 service br-int "in_port=$OF7,udp,dl_src=$P7,dl_dst=$GW,nw_src=$IP7,nw_dst=10.96.0.5,$T,udp_src=40300,udp_dst=53"
  case_ svc-from-host service br-int "in_port=2,tcp,dl_src=$K8S,dl_dst=$GW,nw_src=10.244.1.2,nw_dst=10.96.0.11,$T,tp_src=45000,tp_dst=80,tcp_flags=syn"
  case_ svc-no-backend-port service br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,$T,tp_src=40000,tp_dst=81,tcp_flags=syn"
  # egress through the gateway router (SNAT, localnet port on breth0)
  case_ egress-udp egress br-int "in_port=$OF1,udp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=8.8.8.8,$T,udp_src=52001,udp_dst=53"
  case_ egress-tcp egress br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=1.1.1.1,$T,tp_src=52002,tp_dst=443,tcp_flags=syn"
  case_ egress-tcp-ct egress br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=1.1.1.1,$T,tp_src=52002,tp_dst=443,tcp_flags=syn" trk,new trk,new trk,new trk,new,snat
  case_ egress-icmp egress br-int "in_port=$OF2,icmp,dl_src=$P2,dl_dst=$GW,nw_src=$IP2,nw_dst=9.9.9.9,$T,icmp_type=8,icmp_code=0"
  # ARP and ND
  case_ arp-gateway arp-nd br-int "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=10.244.1.1,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
  case_ arp-pod arp-nd br-int "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=$IP3,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
  case_ arp-unknown arp-nd br-int "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=10.244.1.200,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
  case_ arp-reply arp-nd br-int "in_port=$OF3,arp,dl_src=$P3,dl_dst=$P1,arp_op=2,arp_spa=$IP3,arp_tpa=$IP1,arp_sha=$P3,arp_tha=$P1"
  case_ nd-ns-router arp-nd br-int "in_port=$OF1,icmp6,dl_src=$P1,dl_dst=33:33:ff:00:00:01,ipv6_src=fd00:10:244:1::3,ipv6_dst=ff02::1:ff00:1,nw_ttl=255,icmpv6_type=135,icmpv6_code=0,nd_target=fd00:10:244:1::1,nd_sll=$P1"
  case_ nd-na arp-nd br-int "in_port=$OF1,icmp6,dl_src=$P1,dl_dst=0a:58:0a:f4:01:01,ipv6_src=fd00:10:244:1::3,ipv6_dst=fd00:10:244:1::1,nw_ttl=255,icmpv6_type=136,icmpv6_code=0,nd_target=fd00:10:244:1::3,nd_tll=$P1"
  # port security
  case_ portsec-ip port-security br-int "in_port=$OF3,icmp,dl_src=$P3,dl_dst=$P1,nw_src=10.244.1.99,nw_dst=$IP1,$T,icmp_type=8,icmp_code=0"
  case_ portsec-mac port-security br-int "in_port=$OF3,tcp,dl_src=0a:58:0a:f4:01:99,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,$T,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  case_ portsec-arp port-security br-int "in_port=$OF3,arp,dl_src=$P3,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.244.1.99,arp_tpa=$IP1,arp_sha=$P3,arp_tha=00:00:00:00:00:00"
  # network policy ACLs: pod2 and pod7 are in pg_pol1, which allows 10.244.1.4 (pod2) on tcp 8001
  case_ acl-drop acl br-int "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P2,nw_src=$IP1,nw_dst=$IP2,$T,tp_src=43000,tp_dst=80,tcp_flags=syn"
  case_ acl-allow acl br-int "in_port=$OF2,tcp,dl_src=$P2,dl_dst=$P7,nw_src=$IP2,nw_dst=$IP7,$T,tp_src=43001,tp_dst=8001,tcp_flags=syn"
  case_ acl-allow-ct acl br-int "in_port=$OF2,tcp,dl_src=$P2,dl_dst=$P7,nw_src=$IP2,nw_dst=$IP7,$T,tp_src=43001,tp_dst=8001,tcp_flags=syn" trk,new trk,new
  case_ acl-drop-other-port acl br-int "in_port=$OF2,tcp,dl_src=$P2,dl_dst=$P7,nw_src=$IP2,nw_dst=$IP7,$T,tp_src=43001,tp_dst=8002,tcp_flags=syn" trk,new trk,new
  case_ acl-egress-dns acl br-int "in_port=$OF2,udp,dl_src=$P2,dl_dst=$GW,nw_src=$IP2,nw_dst=10.96.0.11,$T,udp_src=43002,udp_dst=53"
  # tunnel ingress (bridge form, and the datapath flow form after tnl_pop)
  DP=$(dp_key ovn-worker); IN=$(port_key stor-ovn-worker); OUT=$(port_key ns1_pod1-ovn-worker)
  MD=$(printf '0x%x' $(( (IN << 16) | OUT )))
  case_ tunnel-in tunnel br-int "in_port=$TUN2,tun_id=$(printf '0x%x' "$DP"),tun_src=$UNDERLAY.2,tun_dst=$UNDERLAY.1,tun_metadata0=$MD,tcp,dl_src=$GW,dl_dst=$P1,nw_src=10.244.2.3,nw_dst=$IP1,nw_ttl=63,tp_src=42000,tp_dst=8080,tcp_flags=syn"
  case_ tunnel-in-flags tunnel br-int "in_port=$TUN2,tun_id=$(printf '0x%x' "$DP"),tun_src=$UNDERLAY.2,tun_dst=$UNDERLAY.1,tun_metadata0=$MD,tun_ttl=64,icmp,dl_src=$GW,dl_dst=$P1,nw_src=10.244.2.3,nw_dst=$IP1,nw_ttl=63,icmp_type=8,icmp_code=0"
  DP2=$(dp_key ovn-worker); IN2=$(port_key stor-ovn-worker); OUT2=$(port_key ns3_pod3-ovn-worker)
  MD2=$(printf '0x%x' $(( (IN2 << 16) | OUT2 )))
  case_ tunnel-in-est tunnel br-int "in_port=$TUN2,tun_id=$(printf '0x%x' "$DP2"),tun_src=$UNDERLAY.2,tun_dst=$UNDERLAY.1,tun_metadata0=$MD2,tcp,dl_src=$GW,dl_dst=$P3,nw_src=10.244.2.4,nw_dst=$IP3,nw_ttl=63,tp_src=42001,tp_dst=80,tcp_flags=ack" trk,est
  # broadcast
  case_ bcast-dhcp broadcast br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=ff:ff:ff:ff:ff:ff,nw_src=0.0.0.0,nw_dst=255.255.255.255,$T,udp_src=68,udp_dst=67"
  case_ bcast-ip broadcast br-int "in_port=$OF3,udp,dl_src=$P3,dl_dst=ff:ff:ff:ff:ff:ff,nw_src=$IP3,nw_dst=10.244.1.255,$T,udp_src=5000,udp_dst=5000"
  # TTL 1
  case_ ttl1-routed ttl br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.244.2.3,nw_ttl=1,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  case_ ttl1-switched ttl br-int "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=1,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  # unknown ports
  case_ unknown-in-port unknown-port br-int "in_port=99,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.244.2.3,$T,tp_src=40000,tp_dst=8080"
  case_ no-in-port unknown-port br-int "tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.244.2.3,$T,tp_src=40000,tp_dst=8080"
  # refused requests
  case_ bad-unknown-field bad-request br-int "in_port=$OF1,garbage=1"
  case_ bad-prerequisites bad-request br-int "in_port=$OF1,udp,nw_src=$IP1,nw_dst=8.8.8.8,tp_src=52001,tp_dst=53"
  case_ bad-port-name bad-request br-int "in_port=nosuchport,tcp"
  case_ bad-twice bad-request br-int "in_port=$OF1,ip,nw_ttl=5,nw_ttl=6"
  case_ bad-mac bad-request br-int "in_port=$OF1,dl_src=0a:58:zz:00:00:01"
  case_ bad-bridge bad-request br-nonexistent "in_port=1,ip"
}

bridge_cases() {
  local M="dl_src=00:00:00:00:0a:01,dl_dst=00:00:00:00:0b:02" sp probe C="dl_src=00:00:00:00:0c:0a,dl_dst=00:00:00:00:0c:0b"
  for sp in $(seq 33000 33050); do
    probe=$(appctl ofproto/trace br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=$sp,tp_dst=80")
    grep -q 'using bucket 2' <<<"$probe" && break
  done
  case_ br-select-patch groups br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=$sp,tp_dst=80"
  case_ br-select-a groups br-a "in_port=1,tcp,$M,nw_src=10.0.1.7,nw_dst=10.0.1.2,nw_ttl=64,tp_src=40000,tp_dst=80"
  case_ br-all-normal groups br-a "in_port=1,arp,dl_src=00:00:00:00:0a:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.0.1.1,arp_tpa=10.0.1.2,arp_sha=00:00:00:00:0a:01"
  case_ br-default-dp-hash groups br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=443"
  case_ br-clone clone br-a "in_port=1,udp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.53,nw_ttl=64,udp_src=33000,udp_dst=53"
  case_ br-learn learn br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.1.2,nw_ttl=64,tp_src=33000,tp_dst=22"
  case_ br-patch-ct patch br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  case_ br-patch-ct-est patch br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=64,tp_src=33000,tp_dst=5000" trk,est
  case_ br-patch-ct-inv patch br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=64,tp_src=33000,tp_dst=5000" trk,inv
  case_ br-patch-mpls patch br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.3.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  case_ br-nsh-encap encap br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.4.5,nw_ttl=64,tp_src=33000,tp_dst=5000"
  case_ br-nsh-decap encap br-a "in_port=1,dl_src=00:00:00:00:0c:02,dl_dst=00:00:00:00:0a:01,dl_type=0x894f,nsh_mdtype=1,nsh_np=3,nsh_spi=0x1234,nsh_si=255,nsh_c1=0x11223344"
  case_ br-ttl1-dec ttl br-a "in_port=1,tcp,$M,nw_src=10.0.1.1,nw_dst=10.0.2.5,nw_ttl=1,tp_src=33000,tp_dst=5000"
  case_ br-drop-default misc br-a "in_port=1,udp,$M,nw_src=10.0.1.1,nw_dst=10.0.5.5,nw_ttl=64,udp_src=1,udp_dst=2"
  case_ br-b-from-patch patch br-b "in_port=10,arp,dl_src=00:00:00:00:0a:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.0.1.1,arp_tpa=10.0.1.2,arp_sha=00:00:00:00:0a:01"
  local t="in_port=1,tcp,$C,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,tp_src=1000"
  case_ c-indirect groups br-c "$t,tp_dst=1"
  case_ c-ff-port-down groups br-c "$t,tp_dst=2"
  case_ c-ff-watch-group groups br-c "$t,tp_dst=3"
  case_ c-select-fields groups br-c "$t,tp_dst=4"
  case_ c-select-fields-2 groups br-c "in_port=1,tcp,dl_src=00:00:00:00:0c:0d,dl_dst=00:00:00:00:0c:0b,nw_src=10.0.0.1,nw_dst=10.0.7.2,nw_ttl=64,tp_src=1000,tp_dst=4"
  case_ c-select-dp-hash groups br-c "$t,tp_dst=5"
  case_ c-all-action-set groups br-c "$t,tp_dst=6"
  case_ c-empty-group groups br-c "$t,tp_dst=7"
  case_ c-conj-match conjunction br-c "$t,tp_dst=8"
  case_ c-conj-other-src conjunction br-c "in_port=1,tcp,$C,nw_src=10.0.0.2,nw_dst=10.0.0.2,nw_ttl=64,tp_src=2000,tp_dst=8"
  case_ c-conj-partial conjunction br-c "in_port=1,tcp,$C,nw_src=10.0.0.3,nw_dst=10.0.0.2,nw_ttl=64,tp_src=1000,tp_dst=8"
  case_ c-resubmit-loop resubmit-loop br-c "$t,tp_dst=9"
  case_ c-resubmit-twice resubmit-loop br-c "$t,tp_dst=27"
  case_ c-ttl1-controller ttl br-c "in_port=1,tcp,$C,nw_src=10.0.0.1,nw_dst=10.0.9.9,nw_ttl=1,tp_src=1000,tp_dst=10"
  case_ c-ttl-ok ttl br-c "in_port=1,tcp,$C,nw_src=10.0.0.1,nw_dst=10.0.9.9,nw_ttl=9,tp_src=1000,tp_dst=10"
  case_ c-check-pkt-larger misc br-c "$t,tp_dst=11"
  case_ c-multipath misc br-c "$t,tp_dst=12"
  case_ c-bundle misc br-c "$t,tp_dst=13"
  case_ c-vlan misc br-c "$t,tp_dst=14"
  case_ c-write-actions misc br-c "$t,tp_dst=15"
  case_ c-output-reg misc br-c "$t,tp_dst=16"
  case_ c-clone-ct clone br-c "$t,tp_dst=17"
  case_ c-two-commits misc br-c "$t,tp_dst=18"
  case_ c-ct-nat-range conntrack br-c "$t,tp_dst=19"
  case_ c-ct-nat-range-est conntrack br-c "$t,tp_dst=19" trk,est
  case_ c-exit misc br-c "$t,tp_dst=20"
  case_ c-reserved-ports misc br-c "$t,tp_dst=21"
  case_ c-registers misc br-c "$t,tp_dst=22"
  case_ c-rewrites misc br-c "$t,tp_dst=23"
  case_ c-resubmit-ct conntrack br-c "$t,tp_dst=24"
  case_ c-table-miss misc br-c "$t,tp_dst=25"
  case_ c-udp-rewrite misc br-c "in_port=1,udp,$C,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,udp_src=1000,udp_dst=26"
  case_ c-ipv6 misc br-c "in_port=1,tcp6,$C,ipv6_src=fd00::1,ipv6_dst=fd00::2,nw_ttl=64,tp_src=1000,tp_dst=80"
  case_ c-arp-in-port misc br-c "in_port=1,arp,$C,arp_op=1,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_sha=00:00:00:00:0c:0a"
  case_ c-default-drop misc br-c "in_port=1,udp,$C,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,udp_src=1,udp_dst=1"
}

log "$(ovs-vswitchd --version | head -1); $(ovn-controller --version | head -1)"
setup_sandbox
setup_bridges
setup_br_c
appctl revalidator/wait >/dev/null 2>&1 || true
log "compacting the databases and taking the snapshot"
ovs-appctl -t "$SB/nb.ctl" ovsdb-server/compact >/dev/null
ovs-appctl -t "$SB/sb.ctl" ovsdb-server/compact >/dev/null
ovs-appctl -t "$SB/ovsdb-server.ctl" ovsdb-server/compact >/dev/null
mkdir -p "$TMPD/answers"
snapshot "$TMPD/snapshot"
cp "$SB/conf.db" "$TMPD/snapshot/conf.db"
cp "$SB/ovnnb_db.db" "$TMPD/snapshot/ovnnb_db.db"
cp "$SB/ovnsb_db.db" "$TMPD/snapshot/ovnsb_db.db"
log "tracing"
ovn_cases
bridge_cases
snapshot "$TMPD/after"
for f in "$TMPD/after"/*; do
  cmp -s "$f" "$TMPD/snapshot/$(basename "$f")" || die "$(basename "$f") changed while tracing: the snapshot would not be consistent"
done
log "${#CASES[@]} cases; the snapshot did not change while tracing"
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$TMPD/snapshot" "$TMPD/answers" "$OUT/"
{
  printf '# name\tcategory\tbridge\tpacket\tct-next (space-separated)\n'
  printf '%s\n' "${CASES[@]}"
} >"$OUT/cases.tsv"
ovs-vswitchd --version | head -1 >"$OUT/VERSION"
ovn-controller --version | head -1 >>"$OUT/VERSION"
log "wrote ${OUT#"$ROOT"/}: $(du -sh "$OUT" | cut -f1)"
