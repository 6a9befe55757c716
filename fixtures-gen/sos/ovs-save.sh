#!/usr/bin/env bash
# Make test/fixtures/ovs-save/ with the REAL ovs-save script of the openvswitch package
# (/usr/share/openvswitch/scripts/ovs-save save-flows), the way ovs-offline collects a node:
# the restore script it prints (restore.sh) and the <bridge>.flows.dump / <bridge>.groups.dump
# files it leaves in its temporary work directory.
#
#   bash fixtures-gen/sos/ovs-save.sh [OUT_DIR]     # default OUT_DIR: test/fixtures/ovs-save
#
# Bridges (in a sandbox of fixtures-gen/sandbox/up.sh, OVS only, stopped at the end):
#   br-a  OpenFlow10..15, the trace flow set + groups of fixtures-gen/flowsets, a TLV map
#   br-b  OpenFlow10..13, the second trace flow set, no groups
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$ROOT/test/fixtures/ovs-save}
OVS_SAVE=${OVS_SAVE:-/usr/share/openvswitch/scripts/ovs-save}
[ -x "$OVS_SAVE" ] || { echo "ovs-save.sh: $OVS_SAVE not found (apt-get install openvswitch-switch)" >&2; exit 1; }
SB=$(mktemp -d "${TMPDIR:-/tmp}/ovskit-ovs-save.XXXXXX")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ovskit-ovs-save-tmp.XXXXXX")
trap 'SB=$SB bash "$ROOT/fixtures-gen/sandbox/down.sh" >/dev/null 2>&1; rm -rf "$SB" "$WORK"' EXIT
SB=$SB START_OVN=0 bash "$ROOT/fixtures-gen/sandbox/up.sh" >/dev/null
vs="ovs-vsctl --db=unix:$SB/db.sock"
$vs -- add-br br-a -- set bridge br-a datapath_type=dummy fail-mode=secure \
  protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15 \
  -- add-br br-b -- set bridge br-b datapath_type=dummy fail-mode=secure protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13
for i in 1 2 3; do $vs add-port br-a "a$i" -- set interface "a$i" type=dummy ofport_request=$i; done
$vs -- add-port br-a a-to-b -- set interface a-to-b type=patch options:peer=b-to-a ofport_request=10 \
    -- add-port br-b b-to-a -- set interface b-to-a type=patch options:peer=a-to-b ofport_request=10
for i in 1 2; do $vs add-port br-b "b$i" -- set interface "b$i" type=dummy ofport_request=$i; done
export OVS_RUNDIR=$SB   # ovs-ofctl BRIDGE -> $SB/BRIDGE.mgmt, ovs-vsctl -> $SB/db.sock
ovs-ofctl add-tlv-map br-a "{class=0xffff,type=0,len=4}->tun_metadata0,{class=0xffff,type=1,len=8}->tun_metadata1"
ovs-ofctl -O OpenFlow15 add-groups br-a "$ROOT/fixtures-gen/flowsets/trace-br-a.groups"
ovs-ofctl -O OpenFlow15 add-flows br-a "$ROOT/fixtures-gen/flowsets/trace-br-a.flows"
ovs-ofctl -O OpenFlow13 add-flows br-b "$ROOT/fixtures-gen/flowsets/trace-br-b.flows"
# ovs-save puts its dumps in mktemp -d "${TMPDIR:-/tmp}/ovs-save.XXXXXXXXXX" and prints the restore script
TMPDIR=$WORK "$OVS_SAVE" save-flows br-a br-b > "$WORK/restore.sh"
saved=$(ls -d "$WORK"/ovs-save.* | head -1)
rm -rf "$OUT"; mkdir -p "$OUT"
cp "$WORK/restore.sh" "$OUT/restore.sh"
cp "$saved"/*.dump "$OUT/"
ls -la "$OUT"
