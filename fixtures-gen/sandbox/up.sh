#!/usr/bin/env bash
# Start a real Open vSwitch (userspace "dummy" datapath, no kernel module needed) plus OVN
# (NB/SB ovsdb-servers, ovn-northd, ovn-controller) entirely inside the directory $SB.
#
#   SB=/tmp/ovskit-sb bash fixtures-gen/sandbox/up.sh      # start
#   SB=/tmp/ovskit-sb bash fixtures-gen/sandbox/topo.sh    # build an OVN-Kubernetes-like topology
#   SB=/tmp/ovskit-sb bash fixtures-gen/sandbox/down.sh    # stop every daemon started here
#
# Needs the Debian packages openvswitch-switch, ovn-central and ovn-host (only their binaries
# and schemas are used; the system services do not need to run). Nothing outside $SB is touched.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SB=${SB:-${TMPDIR:-/tmp}/ovskit-sandbox}
CHASSIS=${CHASSIS:-ovn-worker}
START_OVN=${START_OVN:-1}   # START_OVN=0: only ovsdb-server + ovs-vswitchd
# DUMMY=override (default): --enable-dummy=override, every netdev type except patch (so also
# geneve/vxlan) becomes a dummy netdev. DUMMY=plain: --enable-dummy, tunnel ports stay real
# userspace tunnel vports (native tunneling: tnl_push/tnl_pop), used by generate-traces.sh.
DUMMY=${DUMMY:-override}
case $DUMMY in
  override) DUMMY_OPT=--enable-dummy=override ;;
  plain) DUMMY_OPT=--enable-dummy ;;
  *) echo "up.sh: DUMMY must be override or plain" >&2; exit 1 ;;
esac

for bin in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl ovs-ofctl; do
  command -v "$bin" >/dev/null || { echo "up.sh: $bin not found (apt-get install openvswitch-switch)" >&2; exit 1; }
done
if [ "$START_OVN" = 1 ]; then
  for bin in ovn-northd ovn-controller ovn-nbctl ovn-sbctl; do
    command -v "$bin" >/dev/null || { echo "up.sh: $bin not found (apt-get install ovn-central ovn-host)" >&2; exit 1; }
  done
fi
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
OVN_SCHEMA_DIR=${OVN_SCHEMA_DIR:-/usr/share/ovn}

# Refuse to wipe a directory that does not look like one of our sandboxes.
if [ -e "$SB" ] && [ -n "$(ls -A "$SB" 2>/dev/null)" ] && [ ! -e "$SB/.ovskit-sandbox" ]; then
  echo "up.sh: $SB exists, is not empty and is not an ovskit sandbox; refusing to wipe it" >&2
  exit 1
fi
SB="$SB" bash "$HERE/down.sh" >/dev/null 2>&1 || true
rm -rf "$SB"; mkdir -p "$SB"; touch "$SB/.ovskit-sandbox"
SB=$(cd "$SB" && pwd)   # absolute: the daemons get --no-chdir but paths must not be relative
cd "$SB"

# Every OVS/OVN program looks for its sockets/db/logs in these; keep them all inside $SB.
export OVS_RUNDIR=$SB OVS_LOGDIR=$SB OVS_DBDIR=$SB OVS_SYSCONFDIR=$SB OVS_PKGDATADIR=${OVS_PKGDATADIR:-/usr/share/openvswitch}
export OVN_RUNDIR=$SB OVN_LOGDIR=$SB OVN_DBDIR=$SB OVN_SYSCONFDIR=$SB

daemon() { # name prog args...: start detached with pidfile/log/unixctl in $SB
  local name=$1 prog=$2; shift 2
  local ctl=(--unixctl="$SB/$name.ctl")
  # ovn-controller has no --unixctl: it uses $OVN_RUNDIR/ovn-controller.<pid>.ctl (symlinked below)
  [ "$prog" != ovn-controller ] || ctl=()
  "$prog" -vconsole:off -vfile:info "$@" --pidfile="$SB/$name.pid" --log-file="$SB/$name.log" \
    "${ctl[@]}" --detach --no-chdir
  if [ "$prog" = ovn-controller ]; then ln -sf "ovn-controller.$(cat "$SB/$name.pid").ctl" "$SB/$name.ctl"; fi
}
wait_for() { # seconds description command...
  local t=$1 what=$2; shift 2
  for _ in $(seq 1 $((t * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "up.sh: timed out waiting for $what" >&2; return 1
}

vs="ovs-vsctl --db=unix:$SB/db.sock --timeout=30"
ovsdb-tool create "$SB/conf.db" "$OVS_SCHEMA"
daemon ovsdb-server ovsdb-server --remote=punix:"$SB/db.sock" "$SB/conf.db"
$vs --no-wait init
daemon ovs-vswitchd ovs-vswitchd "$DUMMY_OPT" "unix:$SB/db.sock"
wait_for 20 ovs-vswitchd ovs-appctl -t "$SB/ovs-vswitchd.ctl" version

if [ "$START_OVN" = 1 ]; then
  for db in nb sb; do
    ovsdb-tool create "$SB/ovn${db}_db.db" "$OVN_SCHEMA_DIR/ovn-${db}.ovsschema"
    daemon "$db" ovsdb-server --remote=punix:"$SB/$db.sock" "$SB/ovn${db}_db.db"
  done
  ovn-nbctl --db=unix:"$SB/nb.sock" --timeout=30 init
  ovn-sbctl --db=unix:"$SB/sb.sock" --timeout=30 init
  daemon northd ovn-northd --ovnnb-db=unix:"$SB/nb.sock" --ovnsb-db=unix:"$SB/sb.sock"
  $vs -- set open . external-ids:system-id="$CHASSIS" \
    external-ids:ovn-remote=unix:"$SB/sb.sock" external-ids:ovn-encap-type=geneve \
    external-ids:ovn-encap-ip=127.0.0.1 external-ids:hostname="$CHASSIS"
  $vs add-br br-int -- set bridge br-int fail-mode=secure datapath_type=dummy
  daemon ovn-controller ovn-controller "unix:$SB/db.sock"
  wait_for 30 "ovn-controller to register its chassis" \
    sh -c "ovn-sbctl --db=unix:$SB/sb.sock --timeout=5 --bare --columns=name find chassis name=$CHASSIS | grep -q ."
fi

cat > "$SB/env.sh" <<ENV
# source this file to talk to the sandbox in $SB
export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
alias vsctl='ovs-vsctl --db=unix:$SB/db.sock'
alias ofctl='ovs-ofctl'          # e.g. ofctl dump-flows $SB/br-int.mgmt
alias appctl='ovs-appctl -t $SB/ovs-vswitchd.ctl'
alias nbctl='ovn-nbctl --db=unix:$SB/nb.sock'
alias sbctl='ovn-sbctl --db=unix:$SB/sb.sock'
ENV
echo "sandbox up in $SB (source $SB/env.sh for aliases)"
