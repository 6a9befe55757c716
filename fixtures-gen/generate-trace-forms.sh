#!/usr/bin/env bash
# Capture the ofproto/trace output forms that the OVN and br-a/br-b traces do not show, from a
# real Open vSwitch (userspace "dummy" datapath, no OVN): a translation that fails (resubmit
# loop), the action set, conjunctive matches, NAT simulated over IPv6 and over an address and
# port range (the `Replacing src/dst IP/ports to simulate NAT:` header), the fragment-drop miss
# rule, and a table miss. Writes test/fixtures/trace/forms-*.trace (~3 s).
#
#   bash fixtures-gen/generate-trace-forms.sh          # SB=... to move the sandbox, KEEP=1 to keep it
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=$ROOT/test/fixtures/trace
SB=${SB:-${TMPDIR:-/tmp}/ovskit-trace-forms-sb}
KEEP=${KEEP:-0}

cleanup() {
  local rc=$?
  if [ "$KEEP" = 1 ]; then echo "sandbox left running in $SB" >&2; else SB="$SB" bash "$HERE/sandbox/down.sh" || true; fi
  exit "$rc"
}
trap cleanup EXIT
SB="$SB" START_OVN=0 DUMMY=override bash "$HERE/sandbox/up.sh" >/dev/null
export OVS_RUNDIR=$SB
vsctl() { ovs-vsctl --db="unix:$SB/db.sock" --timeout=30 "$@"; }
appctl() { ovs-appctl -t "$SB/ovs-vswitchd.ctl" "$@"; }
ofctl() { local cmd=$1; shift; ovs-ofctl -O OpenFlow15 "$cmd" "$SB/br-f.mgmt" "$@"; }

vsctl -- add-br br-f -- set bridge br-f datapath_type=dummy fail-mode=secure protocols=OpenFlow10,OpenFlow13,OpenFlow15 \
  -- add-port br-f f1 -- set interface f1 type=dummy ofport_request=1 \
  -- add-port br-f f2 -- set interface f2 type=dummy ofport_request=2 \
  -- add-port br-f f3 -- set interface f3 type=dummy ofport_request=3 \
  -- add-port br-f f4 -- set interface f4 type=dummy ofport_request=4
for _ in $(seq 1 50); do [ -S "$SB/br-f.mgmt" ] && break; sleep 0.1; done

ofctl add-flows - <<'FLOWS'
table=0,priority=200,in_port=1,udp,tp_dst=9,actions=resubmit(,0)
table=0,priority=100,in_port=1,tcp,actions=write_actions(output:3),goto_table:1
table=1,priority=0,actions=set_field:0x5->reg0
table=0,priority=100,in_port=2,tcp6,ct_state=-trk,actions=ct(commit,table=2,zone=1,nat(dst=[fd00::99]:8080))
table=0,priority=100,in_port=2,tcp,ct_state=-trk,actions=ct(commit,table=2,zone=1,nat(src=10.0.0.9-10.0.0.10:1000-2000))
table=2,priority=10,ct_state=+trk,actions=output:1
table=0,priority=100,in_port=3,ip,actions=conjunction(7,1/2)
table=0,priority=100,ip,nw_dst=10.0.0.80,actions=conjunction(7,2/2)
table=0,priority=100,conj_id=7,ip,actions=output:4
table=0,priority=10,in_port=4,actions=resubmit(,5)
FLOWS
# Table 5 has no flow: in_port=4 misses there.

put() { # NAME ARGS...: one trace
  local name=$1; shift
  local out
  out=$(appctl ofproto/trace br-f "$@")
  printf '%s\n' "$out" > "$OUT/forms-$name.trace.tmp"
  mv "$OUT/forms-$name.trace.tmp" "$OUT/forms-$name.trace"
  echo "wrote test/fixtures/trace/forms-$name.trace ($(wc -l < "$OUT/forms-$name.trace") lines)" >&2
}
put translation-failed "udp,in_port=1,nw_src=10.0.0.1,nw_dst=10.0.0.2,udp_dst=9"
put action-set "tcp,in_port=1,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80"
put nat-ipv6 "tcp6,in_port=2,ipv6_src=fd00::1,ipv6_dst=fd00::2,tp_src=40000,tp_dst=80"
put nat-range "tcp,in_port=2,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=40000,tp_dst=80"
put conjunction "tcp,in_port=3,nw_src=10.0.0.1,nw_dst=10.0.0.80"
put miss "tcp,in_port=4,nw_src=10.0.0.1,nw_dst=10.0.0.2"
# IP fragments with the fragment handling mode "drop".
ovs-ofctl set-frags "$SB/br-f.mgmt" drop
put frag-drop "tcp,in_port=3,nw_src=10.0.0.1,nw_dst=10.0.0.80,nw_frag=first"
