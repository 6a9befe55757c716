#!/usr/bin/env bash
# Regenerate the OVN syntax corpus of ovskit (test/fixtures/ovn-expr/): the distinct match and action
# texts of a real `ovn-sbctl lflow-list`, from a sandbox that uses as much of OVN's northbound
# feature set as OVN 23.03 turns into logical flows.
#
#   bash fixtures-gen/generate-ovn-syntax.sh    # -> test/fixtures/ovn-expr/{matches,actions}.txt,
#                                               #    lflow-list.rich.txt (.txt.gz when > 3 MB)
#
# Environment: SB (sandbox dir, default ${TMPDIR:-/tmp}/ovskit-ovn-syntax-sb), OUT (output dir,
# default test/fixtures/ovn-expr), CHECK=1 (also give every match to ovn-trace, ~2.5 min).
# The sandbox is fixtures-gen/sandbox/up.sh + topo.sh with NODES=3 PODS=10 SVCS=10 POLS=5, plus
# the extra constructs of extras() below. It is always stopped on exit (trap -> sandbox/down.sh).
# See test/fixtures/ovn-expr/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$ROOT/test/fixtures/ovn-expr}
SB=${SB:-${TMPDIR:-/tmp}/ovskit-ovn-syntax-sb}
export LC_ALL=C

case ${1:-} in
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  "") ;;
  *) echo "generate-ovn-syntax.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

START=$(date +%s)
log() { printf '[%4ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for bin in ovs-vsctl ovsdb-client ovsdb-tool ovsdb-server ovs-vswitchd ovn-nbctl ovn-sbctl ovn-northd ovn-controller perl gzip; do
  command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y openvswitch-switch ovn-central ovn-host"
done

cleanup() { SB="$SB" bash "$HERE/sandbox/down.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log "sandbox in $SB"
SB="$SB" bash "$HERE/sandbox/up.sh" >/dev/null
SB="$SB" NODES=3 PODS=10 SVCS=10 POLS=5 bash "$HERE/sandbox/topo.sh" >/dev/null
SB=$(cd "$SB" && pwd)
export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
nb() { ovn-nbctl --db=unix:"$SB/nb.sock" --timeout=60 "$@"; }
sb() { ovn-sbctl --db=unix:"$SB/sb.sock" --timeout=60 "$@"; }
vs() { ovs-vsctl --db=unix:"$SB/db.sock" --timeout=60 "$@"; }

# --------------------------------------------------------------------------------------------
# The extra constructs. Each group is one ovn-nbctl transaction (so a failing command names its
# group). Addresses: v6net is 10.244.99.0/24 + fd00:10:244:63::/64 behind ovn_cluster_router.
# --------------------------------------------------------------------------------------------
cmds=(); add() { cmds+=("--" "$@"); }
flush() { # group name: run the collected commands as one transaction
  [ ${#cmds[@]} -eq 0 ] || nb "${cmds[@]}" >/dev/null || die "ovn-nbctl failed in group '$1'"
  cmds=()
}
uuid_of() { nb --bare --columns=_uuid find "$@"; }

extras() {
  # A fixed MAC prefix, so that dynamic addresses (and the fixture) do not change between runs.
  add set nb_global . options:mac_prefix=fa:b0:4f options:controller_event=true \
    options:svc_monitor_mac=0a:58:0a:f4:ff:fe
  flush globals

  # Dual-stack switch v6net behind ovn_cluster_router: IPv6 RA, multicast snooping and relay.
  add ls-add v6net
  add set logical_switch v6net other_config:subnet=10.244.99.0/24 \
    other_config:ipv6_prefix=fd00:10:244:63:: other_config:exclude_ips=10.244.99.200..10.244.99.254 \
    other_config:mcast_snoop=true other_config:mcast_querier=true \
    other_config:mcast_eth_src=0a:58:0a:f4:63:01 other_config:mcast_ip4_src=10.244.99.1 \
    other_config:mcast_ip6_src=fe80::858:aff:fef4:6301
  add lrp-add ovn_cluster_router rtos-v6net 0a:58:0a:f4:63:01 10.244.99.1/24 fd00:10:244:63::1/64
  add set logical_router_port rtos-v6net ipv6_ra_configs:address_mode=dhcpv6_stateful \
    ipv6_ra_configs:send_periodic=true ipv6_ra_configs:mtu=1400 ipv6_ra_configs:rdnss=fd00::53 \
    ipv6_ra_configs:dnssl=cluster.local ipv6_ra_configs:route_info=HIGH-fd00:10:96::/64 \
    ipv6_ra_configs:router_preference=HIGH options:mcast_flood=true
  add lsp-add v6net stor-v6net; add lsp-set-type stor-v6net router
  add lsp-set-addresses stor-v6net router; add lsp-set-options stor-v6net router-port=rtos-v6net
  add set logical_router ovn_cluster_router options:mcast_relay=true
  # dyn1: dynamic addresses; dual1/dual2: static dual-stack with port security; lport1: localport;
  # virt: a virtual port whose parents are dual1 and dual2.
  add lsp-add v6net dyn1; add lsp-set-addresses dyn1 dynamic
  add lsp-add v6net dual1
  add lsp-set-addresses dual1 "0a:58:0a:f4:63:05 10.244.99.5 fd00:10:244:63::5"
  add lsp-set-port-security dual1 "0a:58:0a:f4:63:05 10.244.99.5 fd00:10:244:63::5 10.244.99.8"
  add lsp-add v6net dual2
  add lsp-set-addresses dual2 "0a:58:0a:f4:63:06 10.244.99.6 fd00:10:244:63::6"
  add lsp-set-port-security dual2 "0a:58:0a:f4:63:06 10.244.99.6/24 fd00:10:244:63::6/64"
  add lsp-set-options dual2 requested-chassis=ovn-worker mcast_flood=true mcast_flood_reports=true
  add lsp-add v6net lport1; add lsp-set-type lport1 localport
  add lsp-set-addresses lport1 "0a:58:0a:f4:63:07 10.244.99.7"
  add lsp-add v6net virt; add lsp-set-type virt virtual
  add lsp-set-addresses virt "0a:58:0a:f4:63:08 10.244.99.8"
  add lsp-set-options virt virtual-ip=10.244.99.8 virtual-parents=dual1,dual2
  flush v6net

  # DHCPv4/v6 options on dual1, DNS records on v6net.
  local d4 d6 dns
  nb dhcp-options-create 10.244.99.0/24 name=v6net4
  nb dhcp-options-create fd00:10:244:63::/64 name=v6net6
  d4=$(uuid_of dhcp_options external_ids:name=v6net4)
  d6=$(uuid_of dhcp_options external_ids:name=v6net6)
  nb dhcp-options-set-options "$d4" lease_time=3600 router=10.244.99.1 server_id=10.244.99.1 \
    server_mac=0a:58:0a:f4:63:01 dns_server={8.8.8.8} domain_name='"cluster.local"' mtu=1400 \
    classless_static_route="{10.96.0.0/16,10.244.99.1, 0.0.0.0/0,10.244.99.1}" \
    ntp_server={10.244.99.1} hostname='"dual1"' tftp_server='"10.244.99.1"'
  nb dhcp-options-set-options "$d6" server_id=0a:58:0a:f4:63:01 dns_server={fd00::53} \
    domain_search='"cluster.local"'
  add lsp-set-dhcpv4-options dual1 "$d4"; add lsp-set-dhcpv6-options dual1 "$d6"
  dns=$(nb create dns records='{"dual1.cluster.local"="10.244.99.5 fd00:10:244:63::5", "dual2"="10.244.99.6", "6.99.244.10.in-addr.arpa"="dual2.cluster.local"}' external_ids:ls=v6net)
  add add logical_switch v6net dns_records "$dns"
  flush dhcp-dns

  # Distributed gateway ports and a distributed dnat_and_snat; a centralized one on the same port.
  add lrp-set-gateway-chassis rtos-ovn-worker2 ovn-worker2 20
  add lrp-set-gateway-chassis rtoj-ovn_cluster_router ovn-worker 10
  add lrp-set-gateway-chassis rtoj-ovn_cluster_router ovn-worker3 5
  flush gateway-chassis
  add --gateway-port=rtoj-ovn_cluster_router lr-nat-add ovn_cluster_router dnat_and_snat 172.18.0.50 10.244.1.5 \
    ns3_pod3-ovn-worker 0a:58:ac:12:00:32
  add --gateway-port=rtoj-ovn_cluster_router lr-nat-add ovn_cluster_router dnat_and_snat 172.18.0.51 10.244.1.6
  flush gateway

  # lr_extra: a distributed router with a single distributed gateway port on ext_ovn-worker3 (OVN
  # 23.03 ignores load balancers on a router with two, like ovn_cluster_router here), the
  # health-checked load balancer, router options that would remove flows from the other routers,
  # and sw_extra, a switch with VLAN passthrough.
  add ls-add sw_extra; add set logical_switch sw_extra other_config:vlan-passthru=true
  add lsp-add sw_extra ex1; add lsp-set-addresses ex1 "0a:58:0a:f4:62:05 10.244.98.5"
  add lsp-set-options ex1 qos_max_rate=1000000 qos_burst=100000
  add lsp-add sw_extra ex2; add lsp-set-addresses ex2 unknown
  add lsp-add sw_extra physnet_extra; add lsp-set-type physnet_extra localnet
  add lsp-set-addresses physnet_extra unknown; add lsp-set-options physnet_extra network_name=physnet2
  add set logical_switch_port physnet_extra tag_request=100
  add lr-add lr_extra
  add set logical_router lr_extra options:dynamic_neigh_routers=true options:always_learn_from_arp_request=false
  add lrp-add lr_extra rtos-lr_extra 0a:58:0a:f4:62:01 10.244.98.1/24
  add lsp-add sw_extra stor-lr_extra; add lsp-set-type stor-lr_extra router
  add lsp-set-addresses stor-lr_extra router; add lsp-set-options stor-lr_extra router-port=rtos-lr_extra
  add lrp-add lr_extra rtoe-lr_extra 02:42:ac:12:00:14 172.18.0.20/16 fd00:172:18::20/64
  add lrp-set-options rtoe-lr_extra gateway_mtu=1400
  add lsp-add ext_ovn-worker3 etor-lr_extra; add lsp-set-type etor-lr_extra router
  add lsp-set-addresses etor-lr_extra router; add lsp-set-options etor-lr_extra router-port=rtoe-lr_extra
  add lrp-set-gateway-chassis rtoe-lr_extra ovn-worker3 10
  add lr-route-add lr_extra 0.0.0.0/0 172.18.0.1
  add lr-route-add lr_extra ::/0 fd00:172:18::1
  # lr_plain: a plain distributed router (no gateway port): its ports answer with
  # ICMP unreachable / TCP reset.
  add lr-add lr_plain
  add lrp-add lr_plain rtos-lr_plain 0a:58:0a:f4:62:02 10.244.98.2/24 fd00:10:244:62::2/64
  add lsp-add sw_extra stor-lr_plain; add lsp-set-type stor-lr_plain router
  add lsp-set-addresses stor-lr_plain router; add lsp-set-options stor-lr_plain router-port=rtos-lr_plain
  flush lr_extra
  add lr-nat-add lr_extra snat 172.18.0.20 10.244.98.0/24
  add lr-nat-add lr_extra dnat_and_snat 172.18.0.21 10.244.98.5 ex1 0a:58:ac:12:00:15
  flush lr_extra-nat

  # Load balancers: IPv6, health-checked with hairpin SNAT IPs (on a switch and a DGP router),
  # a template load balancer, hash selection fields, session affinity, reject without backends,
  # an empty one (controller event).
  add lb-add lb6 "[fd00:10:96::1]:80" "[fd00:10:244:63::5]:8080,[fd00:10:244:63::6]:8080" tcp
  add ls-lb-add v6net lb6
  add lb-add lbhc 10.96.9.9:80 10.244.99.5:8080,10.244.99.6:8080 tcp
  add set load_balancer lbhc options:hairpin_snat_ip="169.254.0.5 fd69::5" \
    ip_port_mappings:10.244.99.5=dual1:10.244.99.1 ip_port_mappings:10.244.99.6=dual2:10.244.99.1
  add ls-lb-add v6net lbhc; add lr-lb-add lr_extra lbhc; add ls-lb-add sw_extra lbhc
  flush lbs
  nb --id=@hc create load_balancer_health_check vip='"10.96.9.9:80"' \
    options:interval=5 options:timeout=20 options:success_count=3 options:failure_count=3 \
    -- add load_balancer lbhc health_check @hc >/dev/null
  add --template lb-add lbt "^vip:^vport" "^backends" tcp ipv4
  add ls-lb-add v6net lbt
  add create chassis_template_var chassis=ovn-worker variables:vip=10.96.8.8 variables:vport=80 \
    variables:backends=10.244.99.5:8080,10.244.99.6:8080
  add lb-add lbhash 10.96.7.7:80 10.244.99.5:8080,10.244.99.6:8080 tcp
  add set load_balancer lbhash selection_fields=ip_src,ip_dst,tp_src,tp_dst
  add lb-add lbaff 10.96.7.8:8443 10.244.99.5:8443,10.244.99.6:8443 tcp
  add set load_balancer lbaff options:affinity_timeout=60
  add lb-add lbrej 10.96.7.9:80 "" tcp; add set load_balancer lbrej options:reject=true
  # lbevent: no backends, so northd emits trigger_event(..., load_balancer = "<its uuid>"); a
  # fixed row uuid (OVSDB insert with "uuid") keeps actions.txt the same from run to run.
  ovsdb-client transact unix:"$SB/nb.sock" '["OVN_Northbound", {"op": "insert", "table": "Load_Balancer",
    "uuid": "00000000-0000-4000-8000-00000000e1b0", "row": {"name": "lbevent", "protocol": "tcp",
    "vips": ["map", [["10.96.7.10:80", ""]]]}}]' >/dev/null
  add lb-add lbsctp 10.96.7.11:9999 10.244.99.5:9999 sctp
  add lb-add lbnoport 10.96.7.12 10.244.99.5,10.244.99.6
  for lb in lbhash lbaff lbrej lbevent lbsctp lbnoport; do add ls-lb-add v6net $lb; done
  add lr-lb-add GR_ovn-worker lbaff; add lr-lb-add GR_ovn-worker lbhash; add lr-lb-add lr_extra lbaff
  add ls-lb-add ovn-worker lbnoport
  flush lbs2
  add --id=@g create load_balancer_group name=lbg load_balancer="$(uuid_of load_balancer name=lbsctp)"
  add add logical_switch ovn-worker3 load_balancer_group @g
  flush lb-group

  # QoS: DSCP marking and metering.
  add qos-add v6net from-lport 100 'inport == "dual1" && ip4.dst == 8.8.8.8' dscp=10 rate=1000 burst=100
  add qos-add v6net to-lport 200 'outport == "dual2"' rate=2000
  add qos-add v6net from-lport 110 'inport == "dual2" && ip6' dscp=46
  flush qos

  # Router policies (allow, drop, reroute, one with a /* comment */), ECMP and symmetric-reply
  # routes, a discard route, a BFD-monitored route, a gateway MTU, NAT with port range, stateless
  # NAT, NAT with allowed external IPs, forced SNAT for DNAT/LB on a gateway router.
  add lr-policy-add ovn_cluster_router 1004 'inport == "rtos-ovn-worker" && ip4.dst == 10.244.1.2 /* k8s */' \
    reroute 100.64.0.2
  add lr-policy-add ovn_cluster_router 102 'ip4.src == 10.244.0.0/16 && ip4.dst == 100.64.0.0/16' allow
  add lr-policy-add ovn_cluster_router 101 'ip4.src == 10.244.0.0/16 && ip4.dst == 172.18.0.0/16' allow pkt_mark=7
  add lr-policy-add ovn_cluster_router 100 'ip4.src == 10.244.99.66' drop
  add lr-policy-add ovn_cluster_router 99 'ip4.src == 10.244.3.0/24 && ip4.dst == 8.8.8.8' reroute 100.64.0.3,100.64.0.4
  add lr-policy-add ovn_cluster_router 98 'ip6.src == fd00:10:244:63::/64' reroute fd00:10:244:63::5
  # The symmetric-reply flows name the port's tunnel key, which northd would otherwise pick in
  # hash order: pin it.
  add lrp-set-options rtoj-GR_ovn-worker requested-tnl-key=1
  add lrp-set-options rtoe-GR_ovn-worker requested-tnl-key=2
  add --ecmp-symmetric-reply lr-route-add GR_ovn-worker 192.0.2.0/24 172.18.0.101
  add --ecmp-symmetric-reply lr-route-add GR_ovn-worker 192.0.2.0/24 172.18.0.102
  add --ecmp lr-route-add GR_ovn-worker2 198.51.100.0/24 172.18.0.101
  add --ecmp lr-route-add GR_ovn-worker2 198.51.100.0/24 172.18.0.102
  add lr-route-add GR_ovn-worker3 203.0.113.0/24 discard
  add lr-route-add ovn_cluster_router fd00:10:96::/64 fd00:10:244:63::6
  add --bfd lr-route-add GR_ovn-worker3 192.0.2.128/25 172.18.0.103 rtoe-GR_ovn-worker3
  add set logical_router_port rtoe-GR_ovn-worker options:gateway_mtu=1400
  add lrp-set-options rtos-ovn-worker2 gateway_mtu=1300
  add lr-nat-add GR_ovn-worker snat 172.18.0.60 10.244.1.0/24
  add --stateless lr-nat-add GR_ovn-worker dnat_and_snat 172.18.0.61 10.244.1.7
  add lr-nat-add GR_ovn-worker2 dnat 172.18.0.62 10.244.2.7
  add lr-nat-add GR_ovn-worker2 dnat_and_snat 172.18.0.63 10.244.2.8
  add create address_set name=ext_allowed addresses='["192.0.2.1","192.0.2.2"]'
  add set logical_router GR_ovn-worker options:dnat_force_snat_ip=172.18.0.2
  add set logical_router GR_ovn-worker2 options:snat-ct-zone=100
  add set logical_router GR_ovn-worker3 options:mac_binding_age_threshold=300
  add set logical_router_port rtoe-GR_ovn-worker3 options:dynamic-routing=true
  flush routing
  nb set nat "$(uuid_of nat external_ip=172.18.0.60)" external_port_range=10000-20000
  nb set nat "$(uuid_of nat external_ip=172.18.0.63)" allowed_ext_ips="$(uuid_of address_set name=ext_allowed)"
  nb set nat "$(uuid_of nat external_ip=172.18.0.62)" options:stateless=false external_port_range=8000-9000
  local bfd
  bfd=$(uuid_of bfd dst_ip=172.18.0.103)
  [ -n "$bfd" ] || nb create bfd logical_port=rtoe-GR_ovn-worker3 dst_ip=172.18.0.103 >/dev/null
  nb create bfd logical_port=rtoe-GR_ovn-worker dst_ip=172.18.0.104 min_tx=500 detect_mult=5 >/dev/null

  # Meters, ACL logging, control plane protection (CoPP: it only fills the controller_meter
  # column of the SB Logical_Flow rows, which lflow-list does not print).
  add meter-add acl-meter drop 10 pktps 5
  add meter-add copp-meter drop 100 pktps
  add meter-add qos-meter drop 2000 kbps
  add copp-add coppv6 arp copp-meter
  add copp-add coppv6 icmp4-error copp-meter
  add copp-add coppv6 reject copp-meter
  add copp-add coppv6 event-elb copp-meter
  add ls-copp-add coppv6 v6net
  add lr-copp-add coppv6 ovn_cluster_router
  add set nb_global . options:acl_drop_ct_related=false
  flush meters

  # ACLs on v6net written to use the rest of the match syntax, plus every ACL action and logging.
  add --log --severity=info --name=ranges acl-add v6net from-lport 1010 'inport == "dual1" && ip4 && tcp.dst >= 1000 && tcp.dst <= 2000' allow-related
  add acl-add v6net from-lport 1009 'inport == "dual1" && ip6 && 1000 <= udp.dst <= 2000' allow
  add acl-add v6net to-lport 1008 'outport == "dual2" && tcp.dst == {80, 443} && tcp.src > 1023' allow-related
  add --log --meter=acl-meter --severity=warning --name=masks acl-add v6net to-lport 1007 \
    'eth.type == 0x0800 && ip4.dst == 10.244.99.0/255.255.255.0 && ct_label == 0x1/0x1 && reg8[0..15] == 5/7' allow-related
  add --log --severity=alert acl-add v6net from-lport 1006 'outport == {"dual1", "dual2"} && ip4.src == 10.0.0.0/255.0.0.0 && !ct.est' drop
  add --log --name=synreject acl-add v6net from-lport 1005 'eth.src == 00:00:00:00:00:00/01:00:00:00:00:00 && tcp.flags == 0x2/0x2' reject
  add acl-add v6net to-lport 1004 '!(ip4.src == 10.244.99.5 || ip4.src == 10.244.99.6) && 0x8100 == eth.type' allow
  add acl-add v6net from-lport 1003 'ip4 && (tcp.dst == 22 || udp.dst == {53, 123}) && !(ip4.src == $as_pol1)' allow-related
  add acl-add v6net from-lport 1002 'inport == @pg_pol1 && ip6.dst == {fd00::/8, $as_pol2} && sctp.dst != 0' allow
  add acl-add v6net to-lport 1001 'ip4.dst == 0.0.0.0/0 && ct_mark[0] == 1 && ct_label[0..31] != 0 && ip.ttl == {1, 255}' allow
  add acl-add v6net to-lport 1000 'ip6.src == fe80::/10 && icmp6.type == {133, 134, 135, 136} && reg0[0..15] == 0x10' allow
  add acl-add v6net from-lport 999 'ip4.src == 10.244.0.0/16 && ip4.src != 10.244.99.0/24 && vlan.tci == 0x0/0x1000' allow
  add acl-add v6net from-lport 998 '(ip4 && ip.is_frag) || (ip6 && ip.is_frag)' allow
  add acl-add v6net to-lport 997 '(ip4.mcast && igmp) || ip6.mcast_flood' allow
  add --log --severity=notice --name=rejtcp acl-add v6net to-lport 996 'outport == "dual1" && tcp.dst == 23' reject
  add acl-add v6net to-lport 995 'outport == "dual1" && udp.dst == 69' reject
  add acl-add v6net to-lport 994 'outport == "dual1" && ip6 && icmp6' reject
  add acl-add v6net from-lport 993 'inport == "dual2" && ip4.dst == 192.0.2.0/24' allow-stateless
  add --apply-after-lb acl-add v6net from-lport 991 'ip4.dst == 10.244.99.6 && tcp.dst == 8080' allow-related
  add --apply-after-lb acl-add v6net from-lport 990 'ip4.dst == 10.244.99.6 && tcp.dst == 8081' reject
  add --label=1234 acl-add v6net from-lport 989 'ip4.dst == 10.244.99.6 && tcp.dst == 8082' allow-related
  add acl-add pg_pol2 from-lport 1100 'inport == @pg_pol2 && ip4.dst == 10.244.99.0/24 && icmp4' reject
  flush acls
  nb set acl "$(uuid_of acl priority=1006)" options:log-related=true
}
extras
# Bind ex1 on the local chassis: northd gives a bound port with qos_max_rate a queue (set_queue).
vs add-port br-int ex1 -- set interface ex1 type=dummy ofport_request=40 external-ids:iface-id=ex1
for _ in $(seq 1 100); do
  [ -z "$(sb --bare --columns=chassis find port_binding logical_port=ex1)" ] || break; sleep 0.1
done
[ -n "$(sb --bare --columns=chassis find port_binding logical_port=ex1)" ] || die "ex1 was not bound"
log "extras added; waiting for ovn-controller (--wait=hv sync)"
nb --wait=hv sync

# --------------------------------------------------------------------------------------------
# Outputs.
# --------------------------------------------------------------------------------------------
mkdir -p "$OUT"
LFLOWS=$(mktemp "${TMPDIR:-/tmp}/ovskit-lflows.XXXXXX")
trap 'rm -f "$LFLOWS"; cleanup' EXIT
sb --uuid lflow-list > "$LFLOWS"
# Each flow line is `  uuid=0x..., table=N (stage), priority=P, match=(...), action=(...)`: the
# match is between the first `, match=(` and the last `, action=(`, the action is after it up to
# the final `)`.
split() { # match|action
  PART=$1 perl -ne '
    chomp; my $m = index($_, ", match=("); next if $m < 0;
    my $a = rindex($_, ", action=("); next if $a < $m || !/\)$/;
    if ($ENV{PART} eq "match") { print substr($_, $m + 9, $a - 1 - ($m + 9)), "\n" }
    else { print substr($_, $a + 10, length($_) - 1 - ($a + 10)), "\n" }' "$LFLOWS"
}
split match | sort -u > "$OUT/matches.txt"
split action | sort -u > "$OUT/actions.txt"
rm -f "$OUT/lflow-list.rich.txt" "$OUT/lflow-list.rich.txt.gz"
if [ "$(stat -c %s "$LFLOWS")" -gt $((3 * 1024 * 1024)) ]; then
  gzip -9n < "$LFLOWS" > "$OUT/lflow-list.rich.txt.gz"; rich=lflow-list.rich.txt.gz
else
  cat "$LFLOWS" > "$OUT/lflow-list.rich.txt"; rich=lflow-list.rich.txt
fi
# CHECK=1: give every match to ovn-trace (OVN's own parser), on the first datapath whose flows use
# it (port group names are per datapath), and list those it does not parse. ovn-trace prints
# `error parsing flow: ...` and exits 0 both for syntax errors and for matches that parse but do
# not pin down one microflow ("Constraints are ambiguous/contradictory"): only the former count.
# It may also parse a match and then abort in check_in_port_sec on a flow without inport.
if [ "${CHECK:-0}" = 1 ]; then
  command -v ovn-trace >/dev/null || die "ovn-trace not found: apt-get install -y ovn-central"
  bad=0
  while IFS=$'\t' read -r dp m; do
    out=$(ovn-trace --db=unix:"$SB/sb.sock" --minimal "$dp" "$m" 2>&1) || true
    err=$(grep -m1 'error parsing flow' <<<"$out") || continue
    case $err in *"Constraints are "*) continue ;; esac
    bad=$((bad + 1)); log "ovn-trace on $dp does not parse: $m: $err"
  done < <(perl -ne '
    if (/^Datapath: "([^"]*)"/) { $dp = $1; next }
    my $m = index($_, ", match=("); my $a = rindex($_, ", action=(");
    next if $m < 0 || $a < $m; my $t = substr($_, $m + 9, $a - 1 - ($m + 9));
    print "$dp\t$t\n" unless $seen{$t}++' "$LFLOWS")
  log "ovn-trace check: $bad of $(wc -l < "$OUT/matches.txt") matches not parsed"
fi
log "$(grep -c ', match=(' "$LFLOWS") logical flows, $(wc -l < "$OUT/matches.txt") distinct matches," \
  "$(wc -l < "$OUT/actions.txt") distinct actions -> $OUT/{matches.txt,actions.txt,$rich}"
