#!/bin/bash
# Produce a test input for ovs_flow_odp.py: `ovs-appctl dpctl/dump-flows -m`
# output of a throwaway OVS with a dummy (userspace) datapath.
#
# Usage: bench/peers/make_odp_dump.sh OUT [NFLOWS [PLAIN_OUT]]
#   OUT        `dpctl/dump-flows -m` output (NFLOWS default 2000)
#   PLAIN_OUT  optional: also write plain `dpctl/dump-flows` (no -m: no ufid,
#              no dp:, no dp-extra-info, numeric in_port) of the same flows
#
# Everything lives in a fresh mktemp dir (OVS_RUNDIR/LOGDIR/DBDIR/SYSCONFDIR
# point there, unixctl/ mgmt sockets too); the two daemons started here are
# killed by pid on exit and the dir removed.  Nothing else is touched.
#
# Datapath flows are created by installing NFLOWS OpenFlow rules that match an
# exact source address (IPv4 or IPv6) with one of several action variants
# (output, mod_dl_*, VLAN push/strip, dec_ttl, set_field, ct(commit,...),
# ct(table=...) recirculation, controller, drop, multiple outputs, ...) and
# injecting one matching packet per rule with `netdev-dummy/receive`; exact
# nw_src/ipv6_src matches keep the megaflows distinct.  max-idle is raised so
# the flows do not expire before the dump.
set -euo pipefail

OUT=${1:?usage: $0 OUT [NFLOWS [PLAIN_OUT]]}
N=${2:-2000}
PLAIN=${3:-}
OUT=$(readlink -f "$OUT")
[ -n "$PLAIN" ] && PLAIN=$(readlink -f "$PLAIN")

D=$(mktemp -d /tmp/ovskit-peer-odp.XXXXXX)
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
cleanup() {
    for p in ovs-vswitchd ovsdb-server; do
        if [ -s "$D/$p.pid" ]; then
            kill "$(cat "$D/$p.pid")" 2>/dev/null || true
        fi
    done
    sleep 0.3
    rm -rf "$D"
}
trap cleanup EXIT

ovsdb-tool create "$D/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --detach --no-chdir -vconsole:off \
    --pidfile="$D/ovsdb-server.pid" --log-file="$D/ovsdb-server.log" \
    --unixctl="$D/ovsdb-server.ctl" --remote=punix:"$D/db.sock" "$D/conf.db"
VSCTL="ovs-vsctl --db=unix:$D/db.sock"
$VSCTL --no-wait init
ovs-vswitchd --detach --no-chdir -vconsole:off --enable-dummy=override \
    --pidfile="$D/ovs-vswitchd.pid" --log-file="$D/ovs-vswitchd.log" \
    --unixctl="$D/ovs-vswitchd.ctl" unix:"$D/db.sock"
APPCTL="ovs-appctl -t $D/ovs-vswitchd.ctl"

$VSCTL -- set Open_vSwitch . other_config:max-idle=3600000 \
    -- add-br br0 -- set bridge br0 fail-mode=secure \
    -- add-port br0 p1 -- set interface p1 type=dummy ofport_request=1 \
    -- add-port br0 p2 -- set interface p2 type=dummy ofport_request=2 \
    -- add-port br0 p3 -- set interface p3 type=dummy ofport_request=3 \
    -- add-port br0 p4 -- set interface p4 type=dummy ofport_request=4
MGMT="$D/br0.mgmt"

/usr/bin/python3 - "$N" "$D/flows.txt" "$D/pkts.txt" <<'PY'
import sys
n, flows_path, pkts_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
acts = [
    "output:2",
    "mod_dl_src:00:00:5e:00:53:01,mod_dl_dst:00:00:5e:00:53:02,output:3",
    "mod_vlan_vid:100,output:2",
    "push_vlan:0x8100,set_field:4196->vlan_vid,output:4",
    "dec_ttl,output:3",
    "set_field:192.0.2.77->ip_dst,output:2",
    "ct(commit,zone=5),output:2",
    "ct(table=1,zone=7)",
    "output:2,output:3,output:4",
    "drop",
    "controller",
    "mod_nw_tos:16,output:3",
    "set_field:0x7->tun_id,set_field:192.0.2.9->tun_dst,output:4",
    "push_mpls:0x8847,set_field:42->mpls_label,output:2",
]
acts6 = ["output:2", "dec_ttl,output:3", "ct(commit,zone=9),output:4",
         "mod_vlan_vid:7,output:2", "drop", "output:3,output:4"]
with open(flows_path, "w") as f, open(pkts_path, "w") as p:
    f.write("table=1,priority=10,ct_state=+trk+new,ip actions=ct(commit,zone=7),output:4\n")
    f.write("table=1,priority=5,ip actions=output:3\n")
    for i in range(n):
        port = 1 + (i % 2)   # packets arrive on p1 or p2
        mac = "50:54:00:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
        if i % 5 == 4:       # every 5th flow is IPv6
            src = "2001:db8::%x:%x" % (i >> 16, i & 0xffff)
            a = acts6[i % len(acts6)]
            f.write("priority=100,in_port=%d,ipv6,ipv6_src=%s actions=%s\n" % (port, src, a))
            proto = [6, 17, 58][i % 3]
            l4 = {6: "tcp(src=%d,dst=443)" % (1024 + i % 60000),
                  17: "udp(src=%d,dst=53)" % (1024 + i % 60000),
                  58: "icmpv6(type=128,code=0)"}[proto]
            p.write("p%d in_port(%d),eth(src=%s,dst=50:54:00:ff:ff:01),eth_type(0x86dd),"
                    "ipv6(src=%s,dst=2001:db8::1,label=0,proto=%d,tclass=0,hlimit=64,frag=no),%s\n"
                    % (port, port, mac, src, proto, l4))
        else:
            src = "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
            a = acts[i % len(acts)]
            f.write("priority=100,in_port=%d,ip,nw_src=%s actions=%s\n" % (port, src, a))
            proto = [6, 17, 1][i % 3]
            l4 = {6: "tcp(src=%d,dst=80)" % (1024 + i % 60000),
                  17: "udp(src=%d,dst=4789)" % (1024 + i % 60000),
                  1: "icmp(type=8,code=0)"}[proto]
            vlan = ""
            p.write("p%d in_port(%d),eth(src=%s,dst=50:54:00:ff:ff:01),eth_type(0x0800),"
                    "ipv4(src=%s,dst=192.0.2.1,proto=%d,tos=0,ttl=64,frag=no),%s\n"
                    % (port, port, mac, src, proto, l4))
PY

ovs-ofctl -O OpenFlow13 add-flows "$MGMT" "$D/flows.txt"

# Inject: appctl calls with up to 100 packets each.  Two rounds: the first
# creates the datapath flows via upcalls, the second hits them so that the
# dump has non-zero packets/bytes/used stats.
for round in 1 2; do
    for port in p1 p2; do
        grep "^$port " "$D/pkts.txt" | cut -d' ' -f2- | \
            xargs -d '\n' -n 100 $APPCTL netdev-dummy/receive "$port" >/dev/null
    done
    $APPCTL revalidator/wait >/dev/null 2>&1 || true
done
$APPCTL dpctl/dump-flows -m > "$OUT"
if [ -n "$PLAIN" ]; then
    $APPCTL dpctl/dump-flows > "$PLAIN"
fi
echo "wrote $(grep -vc '^flow-dump' "$OUT") datapath flows to $OUT" >&2
