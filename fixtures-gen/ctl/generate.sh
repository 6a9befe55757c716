#!/usr/bin/env bash
# Makes the fixtures of the offline ovn-nbctl / ovn-sbctl / ovs-vsctl (test/fixtures/ctl/): a real
# sandbox (fixtures-gen/sandbox/up.sh + topo.sh, small topology) given every kind of row the
# read-only commands print (meters with one and several bands, ACLs with log / name / severity /
# meter / label / apply-after-lb, IPv4 and IPv6 routes, ECMP, route tables, discard, BFD, learned
# routes, an un-normalized prefix, policies with several next hops and options, NAT of every type
# with gateway ports, port ranges, logical ports and MACs, SNATs sharing an external IP, load
# balancers with and without ports, IPv6 and template VIPs, a long name, gateway chassis, HA
# chassis groups, static MAC bindings, DHCP options, QoS, container ports, neutron aliases,
# strings that need quoting, duplicate names; a fake VLAN bridge, a bond, trunks, tags, a
# controller, a manager, a mirror, QoS, a flow sample collector set in conf.db; MAC bindings and a
# chassis with a UUID-like name in the SB), then the clients are stopped and the three database
# files copied. Last, fixtures-gen/ctl/capture.ts serves those copies with a fresh ovsdb-server
# and records what the real tools print for every case of test/helpers/ctl-cases.ts.
#
#   bash fixtures-gen/ctl/generate.sh            # -> test/fixtures/ctl/{nb.db,sb.db.gz,conf.db,captures.jsonl.gz}
#   CAPTURE_ONLY=1 bash fixtures-gen/ctl/generate.sh   # only the captures (databases unchanged)
#
# Every daemon started here is stopped on exit (fixtures-gen/sandbox/down.sh).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$ROOT/test/fixtures/ctl}
CAPTURE_ONLY=${CAPTURE_ONLY:-0}
NO_CAPTURE=${NO_CAPTURE:-0}   # NO_CAPTURE=1: only the databases

START=$(date +%s)
log() { printf '[%4ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

capture() {
  log "capturing the real tools' output (fixtures-gen/ctl/capture.ts)"
  (cd "$ROOT" && npx tsx fixtures-gen/ctl/capture.ts --out "$OUT/captures.jsonl.gz")
  log "done in $(( $(date +%s) - START ))s"
}
if [ "$CAPTURE_ONLY" = 1 ]; then capture; exit 0; fi

SB=${SB:-$(mktemp -d "${OVSKIT_SANDBOX_ROOT:-${TMPDIR:-/tmp}}/ovskit-ctl-sb.XXXXXX")}
cleanup() { SB="$SB" CLEAN=1 bash "$ROOT/fixtures-gen/sandbox/down.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
rmdir "$SB" 2>/dev/null || true   # up.sh wants to create it (or find an ovskit sandbox there)
export SB
bash "$ROOT/fixtures-gen/sandbox/up.sh" >&2
NODES=2 PODS=3 SVCS=2 POLS=2 bash "$ROOT/fixtures-gen/sandbox/topo.sh" >&2
export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
nb() { ovn-nbctl --db="unix:$SB/nb.sock" --timeout=60 "$@"; }
sb() { ovn-sbctl --db="unix:$SB/sb.sock" --timeout=60 "$@"; }
vs() { ovs-vsctl --db="unix:$SB/db.sock" --timeout=60 "$@"; }
log "sandbox up in $SB; adding the rows the read-only commands print"

# ---- meters ------------------------------------------------------------------------------------
nb meter-add meter-pkt drop 10 pktps
nb meter-add meter-kb drop 1024 kbps 2048
nb --fair meter-add acl-fair drop 100 pktps 10
nb -- --id=@b1 create meter_band action=drop rate=5 \
   -- --id=@b2 create meter_band action=drop rate=10 burst_size=20 \
   -- create meter name=multi-band unit=pktps bands=@b1,@b2 >/dev/null

# ---- ACLs on a switch and on a port group ---------------------------------------------------------
nb --log --name=allow-web --severity=info --meter=acl-fair acl-add ovn-worker to-lport 1002 'ip4 && tcp.dst == 80' allow-related
nb acl-add ovn-worker to-lport 1002 'ip4 && tcp.dst == 443' allow-related
nb --log acl-add ovn-worker from-lport 1002 'ip4.src == 10.244.1.3' drop
nb --label=1234 acl-add ovn-worker from-lport 1003 'ip4.dst == 10.96.0.1' allow
nb --apply-after-lb acl-add ovn-worker from-lport 1001 'ip4.dst == 10.96.0.2' allow
nb --log --severity=alert --name='deny "quoted"' acl-add pg_pol1 to-lport 900 'outport == @pg_pol1 && ip6' drop
# a switch and a port group of the same name; two switches of the same name
nb ls-add dupname -- pg-add dupname
nb --type=switch acl-add dupname to-lport 100 'ip4' allow
nb --add-duplicate ls-add twin
nb --add-duplicate ls-add twin

# ---- routes -------------------------------------------------------------------------------------
nb lr-route-add ovn_cluster_router fd00:10:244:1::/64 fd98::2
nb lr-route-add ovn_cluster_router fd00:10:244:2::/64 fd98::3
nb --ecmp lr-route-add GR_ovn-worker 192.168.50.0/24 172.18.0.10
nb --ecmp lr-route-add GR_ovn-worker 192.168.50.0/24 172.18.0.11
nb --ecmp-symmetric-reply lr-route-add GR_ovn-worker 192.168.60.0/24 172.18.0.12
nb --route-table=rtb1 lr-route-add GR_ovn-worker 192.168.70.0/24 172.18.0.13
nb --route-table=rtb1 lr-route-add GR_ovn-worker 0.0.0.0/0 172.18.0.1
nb lr-route-add GR_ovn-worker 192.168.80.0/24 discard
nb lr-route-add GR_ovn-worker 192.168.90.1 172.18.0.14
nb --policy=src-ip lr-route-add GR_ovn-worker 10.244.1.0/24 172.18.0.15
nb --ecmp lr-route-add GR_ovn-worker 2001:db8::/32 fd00::1
nb --ecmp lr-route-add GR_ovn-worker 2001:db8::/32 fd00::2
nb --bfd lr-route-add GR_ovn-worker 192.168.100.0/24 172.18.0.20 rtoe-GR_ovn-worker
# stored as given (not normalized), and one learned from the interconnect
nb -- --id=@r create logical_router_static_route ip_prefix='"192.168.92.9/24"' nexthop='"172.18.0.16"' \
   -- add logical_router GR_ovn-worker static_routes @r >/dev/null
nb -- --id=@r create logical_router_static_route ip_prefix='"192.168.93.0/24"' nexthop='"172.18.0.17"' \
      external_ids:ic-learned-route=yes -- add logical_router GR_ovn-worker static_routes @r >/dev/null

# ---- policies -----------------------------------------------------------------------------------
nb lr-policy-add ovn_cluster_router 1004 'ip4.src == 10.244.1.0/24 && ip4.dst == 172.18.0.0/16' reroute 100.64.0.2
nb lr-policy-add ovn_cluster_router 101 'ip4.dst == 10.244.0.0/16' allow
nb lr-policy-add ovn_cluster_router 102 'ip4.src == 10.244.2.3' reroute 100.64.0.3,100.64.0.4
nb lr-policy-add ovn_cluster_router 103 'ip4.src == 10.244.2.4' drop
nb lr-policy-add ovn_cluster_router 104 'ip4.src == 10.244.2.5' allow pkt_mark=100
nb lr-policy-add ovn_cluster_router 105 'ip6.src == fd00::5' reroute fd98::2
nb lr-policy-add ovn_cluster_router 101 'ip4.dst == 10.245.0.0/16' allow
p104=$(nb --bare --columns=_uuid find logical_router_policy priority=104)
nb set logical_router_policy "$p104" options:zone=blue options:a-key=first options:pkt_mark=100

# ---- NAT ----------------------------------------------------------------------------------------
nb lr-nat-add GR_ovn-worker snat 172.18.0.2 10.244.1.3
nb lr-nat-add GR_ovn-worker snat 172.18.0.2 10.244.1.4
nb lr-nat-add GR_ovn-worker snat 172.18.0.2 10.244.1.5
nb lr-nat-add GR_ovn-worker dnat 172.18.0.40 10.244.1.3
nb --stateless lr-nat-add GR_ovn-worker dnat_and_snat 172.18.0.41 10.244.1.4
nb lr-nat-add GR_ovn-worker snat fd00::2 fd10::/64
nb lr-nat-add ovn_cluster_router dnat 10.0.0.100 10.244.1.3
# a distributed router with two gateway ports (gateway chassis), a neutron alias, NAT per port
nb ls-add sw-dist -- lsp-add sw-dist vm1 -- lsp-set-addresses vm1 "00:00:00:00:01:05 10.10.0.5" \
   -- lsp-add sw-dist vm2 -- lsp-set-addresses vm2 "00:00:00:00:01:06 10.10.0.6"
nb lr-add lr-dist -- set logical_router lr-dist 'external_ids:"neutron:router_name"=router-one'
nb lrp-add lr-dist lrp-pub1 00:00:20:20:12:13 172.16.1.1/24 \
   -- lrp-set-gateway-chassis lrp-pub1 ovn-worker 20 -- lrp-set-gateway-chassis lrp-pub1 ovn-worker2 10
nb lrp-add lr-dist lrp-pub2 00:00:20:20:12:14 172.16.2.1/24 fd20::1/64 \
   -- lrp-set-gateway-chassis lrp-pub2 ovn-worker2 30 -- lrp-set-options lrp-pub2 route_table=rtb-pub
nb lrp-add lr-dist lrp-int 00:00:20:20:12:15 10.10.0.1/24
nb lsp-add sw-dist sw-dist-lr -- lsp-set-type sw-dist-lr router -- lsp-set-addresses sw-dist-lr router \
   -- lsp-set-options sw-dist-lr router-port=lrp-int
nb --gateway-port=lrp-pub1 lr-nat-add lr-dist snat 172.16.1.1 10.10.0.0/24
nb --gateway-port=lrp-pub2 lr-nat-add lr-dist snat 172.16.2.1 10.10.0.0/24
nb --gateway-port=lrp-pub1 lr-nat-add lr-dist dnat_and_snat 172.16.1.10 10.10.0.5 vm1 00:00:00:00:01:05
nb --gateway-port=lrp-pub1 --portrange lr-nat-add lr-dist dnat_and_snat 172.16.1.11 10.10.0.6 vm2 00:00:00:00:01:06 1000-2000
nb --gateway-port=lrp-pub2 --portrange lr-nat-add lr-dist dnat 172.16.2.12 10.10.0.6 3000-3010

# ---- load balancers -----------------------------------------------------------------------------
nb lb-add a-very-long-load-balancer-name 10.96.5.5:8080 10.244.1.3:80 tcp
nb lb-add lb-noport 10.96.5.6 10.244.1.3,10.244.1.4
nb lb-add lb-v6 '[fd00::10]:80' '[fd10::3]:8080,[fd10::4]:8080' tcp
nb lb-add lb-multi 10.96.5.7:80 10.244.1.3:80
nb --may-exist lb-add lb-multi 10.96.5.8:443 10.244.1.4:443,10.244.1.5:443
nb --may-exist lb-add lb-multi 10.96.5.9:9443 10.244.1.5:9443
nb lb-add lb-sctp 10.96.5.9:9999 10.244.1.5:9999 sctp
nb --template lb-add lb-tmpl '^vip:^vport' '^backends' tcp ipv4
nb ls-lb-add sw-dist lb-multi -- lr-lb-add lr-dist lb-multi

# ---- switch ports, aliases, strings that need quoting ---------------------------------------------
nb lsp-add ovn-worker vm-child ns1_pod1-ovn-worker 42
nb lsp-set-addresses vm-child "0a:58:0a:f4:01:63 10.244.1.99" "0a:58:0a:f4:01:64 10.244.1.100 fd00::64" dynamic
nb set logical_switch_port k8s-ovn-worker 'external_ids:"neutron:port_name"=mgmt-port'
nb set logical_switch ovn-worker2 'external_ids:"neutron:network_name"=net-two'
nb set logical_switch ovn-worker \
   'external_ids:description="quote \" backslash \\ tab\t unicode \u00e9\u4e2d"' \
   'external_ids:empty=""' 'external_ids:"key with space"="value, with comma"' \
   external_ids:plain=word other_config:true-ish='"true"'
nb create address_set name='"true"' addresses='["10.1.1.1"]' >/dev/null
nb create address_set name='"5d1bd6c1-3bc5-4d9a-9f1e-2a8c8d5b7e10"' addresses='[]' >/dev/null
nb create address_set name=123 'addresses=["fd00::1", "10.0.0.1", "10.0.0.10"]' >/dev/null

# ---- HA chassis groups, static MAC bindings, DHCP options, QoS ------------------------------------
nb ha-chassis-group-add hagrp1 -- ha-chassis-group-add-chassis hagrp1 ovn-worker 30 \
   -- ha-chassis-group-add-chassis hagrp1 ovn-worker2 20
nb static-mac-binding-add rtoe-GR_ovn-worker 172.18.0.100 0a:00:00:00:00:64
nb dhcp-options-create 10.244.1.0/24 k8s=yes
dhcp=$(nb --bare --columns=_uuid find dhcp_options cidr=10.244.1.0/24)
nb dhcp-options-set-options "$dhcp" lease_time=3600 router=10.244.1.1 server_id=10.244.1.1 server_mac=0a:58:0a:f4:01:01
nb lsp-set-dhcpv4-options ns1_pod1-ovn-worker "$dhcp"
nb qos-add ovn-worker2 from-lport 100 'ip4.src == 10.244.2.3' dscp=12 rate=1000
nb qos-add ovn-worker2 to-lport 200 'ip4.dst == 10.244.2.4' rate=2000 burst=100

# ---- Southbound: a chassis with a UUID-like name, MAC bindings ------------------------------------
sb chassis-add 1e1f7a4c-2b5e-4a9d-9d8f-0123456789ab geneve 127.0.0.9
nb --wait=sb sync
dp=$(sb --bare --columns=_uuid find datapath_binding external_ids:name=GR_ovn-worker)
[ -n "$dp" ] || die "no datapath for GR_ovn-worker"
sb create mac_binding logical_port=rtoe-GR_ovn-worker ip=172.18.0.200 'mac="0a:00:00:00:00:c8"' datapath="$dp" >/dev/null
sb create mac_binding logical_port=rtoe-GR_ovn-worker ip=172.18.0.201 'mac="0a:00:00:00:00:c9"' datapath="$dp" >/dev/null

# ---- Open_vSwitch: fake bridge, bond, trunks, tags, tunnel, controller, manager, mirror, QoS ------
vs add-br br-ex -- set bridge br-ex datapath_type=dummy fail_mode=standalone \
   external_ids:owner=team-a 'other_config:hwaddr="02:00:00:00:00:01"'
vs add-br br-ex10 br-ex 10
vs add-port br-ex10 vlanport -- set interface vlanport type=dummy
vs add-bond br-ex bond0 eth1 eth2 -- set interface eth1 type=dummy -- set interface eth2 type=dummy
vs add-port br-ex trunkp trunks=10,20,30 -- set interface trunkp type=dummy
vs add-port br-ex tagp tag=5 -- set interface tagp type=dummy
vs add-port br-ex gre0 -- set interface gre0 type=gre options:remote_ip=10.0.0.9 options:key=flow
vs set-controller br-ex tcp:127.0.0.1:6653 tcp:127.0.0.2:6653
vs set-manager "punix:$SB/manager.sock"
vs set manager . is_connected=false 2>/dev/null || true
vs -- --id=@m create mirror name=mirror0 select_all=true -- add bridge br-ex mirrors @m >/dev/null
vs -- set port tagp qos=@q -- --id=@q create qos type=linux-htb other-config:max-rate=1000000 >/dev/null
vs -- --id=@br get bridge br-int -- create flow_sample_collector_set id=5 bridge=@br >/dev/null
vs --no-wait set open_vswitch . external_ids:note='"a note, with \"quotes\""'

nb --wait=sb sync
sleep 1
log "stopping the clients (ovn-controller, ovn-northd, ovs-vswitchd) so the files stand still"
for name in ovn-controller northd ovs-vswitchd; do
  f=$SB/$name.pid
  [ -f "$f" ] || continue
  pid=$(tr -dc 0-9 < "$f")
  if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$SB/"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  rm -f "$f"
done
sleep 0.5

mkdir -p "$OUT"
rm -f "$OUT"/*.db "$OUT"/*.db.gz
cp "$SB/ovnnb_db.db" "$OUT/nb.db"
cp "$SB/ovnsb_db.db" "$OUT/sb.db"
cp "$SB/conf.db" "$OUT/conf.db"
for f in "$OUT"/*.db; do
  chmod 644 "$f"
  if [ "$(stat -c %s "$f")" -gt 100000 ]; then gzip -9nf "$f"; fi
done
log "wrote $(ls "$OUT" | tr '\n' ' ')"
cleanup
trap - EXIT
[ "$NO_CAPTURE" = 1 ] || capture
