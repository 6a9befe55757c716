#!/usr/bin/env bash
# Make a REAL sos report of an Open vSwitch + OVN node, for ovskit's readSosReport tests.
#
#   bash fixtures-gen/sos/generate.sh                  # report -> trimmed copy in test/fixtures/sos/
#   bash fixtures-gen/sos/generate.sh --report-only D  # only make the report: the tarball lands in D,
#                                                      # its path is the last line printed
#
# sos's openvswitch / ovn_central / ovn_host plugins look for the daemons at their DEFAULT paths
# (/var/run/openvswitch, /etc/openvswitch, /var/run/ovn, /var/lib/ovn), so unlike
# fixtures-gen/sandbox/ this script starts ovsdb-server, ovs-vswitchd (dummy datapath, no kernel
# module), the OVN NB/SB ovsdb-servers, ovn-northd and ovn-controller THERE, builds a small
# OVN-Kubernetes-like topology with fixtures-gen/sandbox/topo.sh, runs
#   sos report --batch --only-plugins openvswitch,ovn_central,ovn_host
# and stops everything again (a trap does it on success, failure or interrupt), removing the
# database and run files it created. It refuses to start when something already uses those paths.
#
# Needs root and the Debian packages openvswitch-switch, ovn-central, ovn-host, sosreport, xz-utils.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=fixture
REPORT_DIR=
if [ "${1:-}" = --report-only ]; then MODE=report; REPORT_DIR=${2:?--report-only needs a directory}; fi
NODES=${NODES:-2}; PODS=${PODS:-2}; SVCS=${SVCS:-1}; POLS=${POLS:-1}
CHASSIS=${CHASSIS:-ovn-worker}

OVS_RUN=/var/run/openvswitch
OVN_RUN=/var/run/ovn
OVS_DB=/etc/openvswitch/conf.db
OVN_DBDIR=/var/lib/ovn
OVS_LOG=/var/log/openvswitch
OVN_LOG=/var/log/ovn

[ "$(id -u)" = 0 ] || { echo "sos/generate.sh: must run as root (default paths, sos)" >&2; exit 1; }
for bin in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovs-appctl ovn-northd ovn-controller ovn-nbctl ovn-sbctl sos tar xz; do
  command -v "$bin" >/dev/null || PATH=$PATH:/usr/sbin:/sbin
  command -v "$bin" >/dev/null || { echo "sos/generate.sh: $bin not found (apt-get install -y openvswitch-switch ovn-central ovn-host sosreport xz-utils)" >&2; exit 1; }
done

# One run at a time, and never on top of a running system Open vSwitch / OVN.
exec 9>/var/lock/ovskit-sos-generate.lock
flock -n 9 || { echo "sos/generate.sh: another run holds /var/lock/ovskit-sos-generate.lock" >&2; exit 1; }
for f in "$OVS_RUN/db.sock" "$OVS_RUN/ovsdb-server.pid" "$OVS_RUN/ovs-vswitchd.pid" "$OVN_RUN/ovnnb_db.sock" \
         "$OVN_RUN/ovnsb_db.sock" "$OVN_RUN/ovn-controller.pid" "$OVN_RUN/ovn-northd.pid"; do
  if [ -e "$f" ]; then echo "sos/generate.sh: $f exists: an Open vSwitch / OVN already runs at the default paths; refusing" >&2; exit 1; fi
done
for f in "$OVS_DB" "$OVN_DBDIR/ovnnb_db.db" "$OVN_DBDIR/ovnsb_db.db"; do
  if [ -e "$f" ] && [ -s "$f" ]; then echo "sos/generate.sh: $f exists; refusing to overwrite a real database" >&2; exit 1; fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ovskit-sos.XXXXXX")
CREATED_DIRS=()
for d in "$OVS_RUN" "$OVN_RUN" "$OVS_LOG" "$OVN_LOG" "$OVN_DBDIR" "$(dirname "$(readlink -f "$OVS_DB")")"; do
  [ -d "$d" ] || { mkdir -p "$d"; CREATED_DIRS+=("$d"); }
done

stop_all() {
  set +e
  local pids=()
  for pf in "$OVN_RUN/ovn-controller.pid" "$OVN_RUN/ovn-northd.pid" "$OVS_RUN/ovs-vswitchd.pid" \
            "$OVN_RUN/ovnnb_db.pid" "$OVN_RUN/ovnsb_db.pid" "$OVS_RUN/ovsdb-server.pid"; do
    [ -f "$pf" ] || continue
    pid=$(tr -dc 0-9 < "$pf")
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue
    # only what this script started: every daemon of ours has --pidfile=<that file> on its command line
    if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "--pidfile=$pf"; then kill -TERM "$pid"; pids+=("$pid"); fi
  done
  for _ in $(seq 1 50); do
    alive=0; for pid in "${pids[@]}"; do [ -d "/proc/$pid" ] && alive=1; done
    [ $alive = 0 ] && break; sleep 0.1
  done
  for pid in "${pids[@]}"; do [ -d "/proc/$pid" ] && kill -KILL "$pid"; done
  rm -f "$(readlink -f "$OVS_DB")" "$OVN_DBDIR/ovnnb_db.db" "$OVN_DBDIR/ovnsb_db.db" \
    "$OVS_RUN"/{db.sock,ovsdb-server.pid,ovs-vswitchd.pid,br-int.mgmt,br-ex.mgmt,br-int.snoop,br-ex.snoop} "$OVS_RUN"/*.ctl \
    "$OVN_RUN"/{ovnnb_db.sock,ovnsb_db.sock,ovnnb_db.pid,ovnsb_db.pid,ovn-northd.pid,ovn-controller.pid} "$OVN_RUN"/*.ctl \
    "$OVS_LOG"/ovs-vswitchd.log "$OVS_LOG"/ovsdb-server.log \
    "$OVN_LOG"/ovsdb-server-nb.log "$OVN_LOG"/ovsdb-server-sb.log "$OVN_LOG"/ovn-northd.log "$OVN_LOG"/ovn-controller.log \
    "$(dirname "$(readlink -f "$OVS_DB")")/.conf.db.~lock~" "$OVN_DBDIR"/.ovn*_db.db.~lock~ 2>/dev/null
  # directories this script created go entirely (run dirs hold sockets named after bridges and pids)
  for ((i = ${#CREATED_DIRS[@]} - 1; i >= 0; i--)); do rm -rf "${CREATED_DIRS[$i]}"; done
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_for() { # seconds description command...
  local t=$1 what=$2; shift 2
  for _ in $(seq 1 $((t * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "sos/generate.sh: timed out waiting for $what" >&2; return 1
}

# --- Open vSwitch at the default paths ---------------------------------------------------------
ovsdb-tool create "$OVS_DB" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$OVS_DB" --remote=punix:"$OVS_RUN/db.sock" --pidfile="$OVS_RUN/ovsdb-server.pid" \
  --log-file="$OVS_LOG/ovsdb-server.log" -vconsole:off --detach --no-chdir
ovs-vsctl --no-wait init
ovs-vswitchd --enable-dummy=override "unix:$OVS_RUN/db.sock" --pidfile="$OVS_RUN/ovs-vswitchd.pid" \
  --log-file="$OVS_LOG/ovs-vswitchd.log" -vconsole:off --detach --no-chdir
wait_for 20 ovs-vswitchd ovs-appctl version

# --- OVN at the default paths --------------------------------------------------------------------
for db in nb sb; do
  ovsdb-tool create "$OVN_DBDIR/ovn${db}_db.db" "/usr/share/ovn/ovn-${db}.ovsschema"
  ovsdb-server "$OVN_DBDIR/ovn${db}_db.db" --remote=punix:"$OVN_RUN/ovn${db}_db.sock" \
    --pidfile="$OVN_RUN/ovn${db}_db.pid" --unixctl="$OVN_RUN/ovn${db}_db.ctl" \
    --log-file="$OVN_LOG/ovsdb-server-${db}.log" -vconsole:off --detach --no-chdir
done
ovn-nbctl --timeout=30 init
ovn-sbctl --timeout=30 init
ovn-northd --pidfile="$OVN_RUN/ovn-northd.pid" --log-file="$OVN_LOG/ovn-northd.log" -vconsole:off --detach --no-chdir
ovs-vsctl -- set open . external-ids:system-id="$CHASSIS" external-ids:ovn-remote="unix:$OVN_RUN/ovnsb_db.sock" \
  external-ids:ovn-encap-type=geneve external-ids:ovn-encap-ip=127.0.0.1 external-ids:hostname="$CHASSIS"
# sos dumps every OpenFlow version the bridge enables (-O OpenFlow10/13/15 variants)
ovs-vsctl add-br br-int -- set bridge br-int fail-mode=secure datapath_type=dummy \
  protocols=OpenFlow10,OpenFlow13,OpenFlow15
ovs-vsctl add-br br-ex -- set bridge br-ex datapath_type=dummy protocols=OpenFlow10,OpenFlow13
ovn-controller "unix:$OVS_RUN/db.sock" --pidfile="$OVN_RUN/ovn-controller.pid" \
  --log-file="$OVN_LOG/ovn-controller.log" -vconsole:off --detach --no-chdir
wait_for 30 "ovn-controller to register its chassis" \
  sh -c "ovn-sbctl --timeout=5 --bare --columns=name find chassis name=$CHASSIS | grep -q ."

# --- a small topology (the sandbox's topo.sh, through a directory of socket links) ---------------
mkdir -p "$WORK/sb"
ln -s "$OVS_RUN/db.sock" "$WORK/sb/db.sock"
ln -s "$OVN_RUN/ovnnb_db.sock" "$WORK/sb/nb.sock"
ln -s "$OVN_RUN/ovnsb_db.sock" "$WORK/sb/sb.sock"
ln -s "$OVS_RUN/br-int.mgmt" "$WORK/sb/br-int.mgmt"
SB="$WORK/sb" NODES=$NODES PODS=$PODS SVCS=$SVCS POLS=$POLS CHASSIS=$CHASSIS bash "$ROOT/fixtures-gen/sandbox/topo.sh"
# a select group on br-ex, a few flows, and traffic so that the datapath has megaflows
ovs-ofctl -O OpenFlow13 add-group br-ex "group_id=1,type=select,bucket=weight:50,actions=NORMAL,bucket=weight:50,actions=drop"
ovs-ofctl add-flow br-ex "table=0,priority=100,ip,nw_dst=192.0.2.0/24,actions=group:1"
ovs-vsctl add-port br-ex eth1 -- set interface eth1 type=dummy ofport_request=1
for i in 1 2 3; do
  ovs-appctl netdev-dummy/receive pod1 "in_port(11),eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:01),eth_type(0x0800),ipv4(src=10.244.1.3,dst=10.96.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=4000$i,dst=80)" || true
  ovs-appctl netdev-dummy/receive eth1 "in_port(1),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800),ipv4(src=192.0.2.1,dst=192.0.2.$i,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)" || true
done
ovn-nbctl --wait=hv sync

# --- the report ----------------------------------------------------------------------------------
# sos 4.0 copies the OVN databases from $OVS_DBDIR (newer sos versions also look in /var/lib/ovn).
mkdir -p "$WORK/report"
OVS_DBDIR=$OVN_DBDIR sos report --batch --quiet --only-plugins openvswitch,ovn_central,ovn_host \
  --tmp-dir "$WORK/report" --label ovskit -z xz >"$WORK/sos.log" 2>&1 || { cat "$WORK/sos.log" >&2; exit 1; }
TARBALL=$(ls "$WORK"/report/sosreport-*.tar.xz | head -1)
[ -f "$TARBALL" ] || { echo "sos/generate.sh: sos made no tarball" >&2; cat "$WORK/sos.log" >&2; exit 1; }

if [ "$MODE" = report ]; then
  mkdir -p "$REPORT_DIR"
  cp "$TARBALL" "$REPORT_DIR/"
  echo "$REPORT_DIR/$(basename "$TARBALL")"
  exit 0
fi

# --- the committed fixture: the real report, trimmed, re-packed as .tar.xz ------------------------
mkdir -p "$WORK/x"
tar -xf "$TARBALL" -C "$WORK/x"
TOP=$(ls -d "$WORK"/x/sosreport-* | head -1)
NAME=sosreport-ovskit-fixture
mv "$TOP" "$WORK/x/$NAME"
cd "$WORK/x/$NAME"
# what ovskit reads (the three plugins' command outputs and the database files) and sos's manifest;
# sos's own logs, its html/txt summaries and the journals are left out
rm -rf sos_logs sos_reports/sos.html sos_reports/sos.txt sos_reports/sos.json sos_strings
find sos_commands -name 'journalctl_*' -delete
cd "$WORK/x"
OUT="$ROOT/test/fixtures/sos"
rm -rf "$OUT"; mkdir -p "$OUT"
tar --owner=0 --group=0 --numeric-owner --sort=name -cJf "$OUT/$NAME.tar.xz" "$NAME"
{
  echo "# A real sos report, trimmed"
  echo
  echo "\`$NAME.tar.xz\` was made by \`fixtures-gen/sos/generate.sh\` with $(dpkg-query -W -f '${Package} ${Version}' sosreport 2>/dev/null || echo sos),"
  echo "$(ovs-vswitchd --version | head -1), $(ovn-controller --version | head -1): the daemons ran at the"
  echo "default paths, then \`sos report --batch --only-plugins openvswitch,ovn_central,ovn_host\`."
  echo "Topology: NODES=$NODES PODS=$PODS SVCS=$SVCS POLS=$POLS (fixtures-gen/sandbox/topo.sh) on br-int, and br-ex"
  echo "with a select group and a flow. Removed from the real report (size): sos_logs/, the html/txt/json"
  echo "summaries and the journalctl outputs. Everything else is as sos wrote it."
} > "$OUT/README.md"
ls -la "$OUT"
echo "fixture written to $OUT"
