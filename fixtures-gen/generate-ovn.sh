#!/usr/bin/env bash
# Regenerate the OVN fixtures of ovskit (test/fixtures/ovn/) from a real Open vSwitch + OVN sandbox:
# logical flows (ovn-sbctl lflow-list), OVSDB database files (standalone, compacted, clustered) with
# the server's own dump of each, ofproto/trace outputs and what ovn-detrace makes of them.
#
#   bash fixtures-gen/generate-ovn.sh           # -> test/fixtures/ovn/
#   bash fixtures-gen/generate-ovn.sh --keep    # leave the sandbox running afterwards
#   bash fixtures-gen/generate.sh --ovn-only    # the same, through generate.sh
#
# Environment: SB (sandbox dir, default ${TMPDIR:-/tmp}/ovskit-ovn-sb), KEEP=1 (= --keep).
# The sandbox is the one of generate-traces.sh (its setup_sandbox is reused, not copied).
# See fixtures-gen/README.md ("OVN: logical flows, databases, detrace") and test/fixtures/ovn/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=$ROOT/test/fixtures/ovn
SB=${SB:-${TMPDIR:-/tmp}/ovskit-ovn-sb}
KEEP=${KEEP:-0}
PY=/usr/bin/python3   # the system python: ovn-detrace needs its "ovs" module (python3-openvswitch)

for arg in "$@"; do
  case $arg in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "generate-ovn.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

START=$(date +%s)
log() { printf '[%4ss] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for bin in ovs-vsctl ovs-ofctl ovs-appctl ovsdb-tool ovsdb-client ovsdb-server ovn-nbctl ovn-sbctl ovn-northd ovn-detrace; do
  command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y openvswitch-switch ovn-central ovn-host"
done
"$PY" -c 'import ovs.db.idl' 2>/dev/null || die "$PY cannot import ovs (ovn-detrace needs it): apt-get install -y python3-openvswitch"

# --------------------------------------------------------------------------------------------
# Reuse the sandbox setup and helpers of generate-traces.sh: its function definitions are read
# from the file and evaluated here (the script itself is not run).
# --------------------------------------------------------------------------------------------
TRACES_SH=$HERE/generate-traces.sh
import_fns() {
  local name code
  for name in "$@"; do
    code=$(awk -v n="$name" '
      !p && index($0, n "() {") == 1 { p = 1; print; if ($0 ~ /}[[:space:]]*$/) exit; next }
      p { print; if ($0 == "}") exit }' "$TRACES_SH")
    [ -n "$code" ] || die "function $name() not found in $TRACES_SH"
    eval "$code"
    declare -F "$name" >/dev/null || die "could not define $name() from $TRACES_SH"
  done
}
import_fns vsctl appctl nbctl sbctl br flow_count hex settle put setup_sandbox \
  ofport odp_port tunnel_ofport tunnel_name lsp_mac lsp_ip trace
eval "$(grep -E '^(UNDERLAY|BR_PHY_MAC)=' "$TRACES_SH")"
[ -n "${UNDERLAY:-}" ] || die "UNDERLAY not found in $TRACES_SH"

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

# save NAME CMD...: run CMD, refuse a failure, warnings on stderr or empty output, write $OUT/NAME
save() {
  local name=$1; shift
  local tmp=$TMPD/save err=$TMPD/save.err
  "$@" >"$tmp" 2>"$err" || { cat "$err" >&2; die "command failed: $*"; }
  if grep -q . "$err"; then cat "$err" >&2; die "stderr output from: $*"; fi
  [ -s "$tmp" ] || die "empty output from: $*"
  put "$OUT/$name" "$tmp"
}

# wait until none of the database files FILE... has changed for 2 s (ovn-controller, ovn-northd
# and ovs-vswitchd may still write a little after a --wait=hv sync)
quiesce() {
  local prev='' cur stable=0
  for _ in $(seq 1 150); do
    cur=$(stat -c '%s %Y' "$@" | tr '\n' ' ')
    if [ "$cur" = "$prev" ]; then stable=$((stable + 1)); else stable=0; fi
    [ "$stable" -ge 10 ] && return 0
    prev=$cur; sleep 0.2
  done
  log "warning: database files still changing after 30 s ($*)"
}

# snapshot NAME FILE SOCK DB: copy the database file FILE served on SOCK to $OUT/NAME.db and its
# `ovsdb-client dump --format=json` to $OUT/NAME.dump.json, taken between two copies of the file that
# are identical (so the dump shows exactly what the file holds; retried otherwise).
snapshot() {
  local name=$1 file=$2 sock=$3 db=$4 try
  for try in $(seq 1 30); do
    cp "$file" "$TMPD/a.db"
    ovsdb-client dump --format=json "unix:$sock" "$db" >"$TMPD/dump.json"
    cp "$file" "$TMPD/b.db"
    if cmp -s "$TMPD/a.db" "$TMPD/b.db"; then
      [ "$try" = 1 ] || log "  ($name: file changed during the dump, consistent on try $try)"
      cp "$TMPD/a.db" "$OUT/$name.db.tmp"; chmod 644 "$OUT/$name.db.tmp"; mv "$OUT/$name.db.tmp" "$OUT/$name.db"
      cp "$TMPD/dump.json" "$OUT/$name.dump.json.tmp"; mv "$OUT/$name.dump.json.tmp" "$OUT/$name.dump.json"
      log "wrote ${OUT#"$ROOT"/}/$name.db ($(wc -c <"$OUT/$name.db") bytes) + $name.dump.json ($(wc -c <"$OUT/$name.dump.json") bytes)"
      verify_file "$name" "$db"
      return 0
    fi
    sleep 0.3
  done
  die "$file kept changing; no consistent copy after 30 tries"
}

# verify_file NAME DB: serve the copied $OUT/NAME.db with a throw-away ovsdb-server and check that
# it holds the same rows as the live dump (ephemeral columns aside: they are not in the file)
verify_file() {
  local name=$1 db=$2 dir=$SB/verify-$1 rc=0 res
  rm -rf "$dir"; mkdir -p "$dir"
  if ovsdb-tool db-is-clustered "$OUT/$name.db"; then
    # a copy of a clustered file would try to take over the live server's raft address
    ovsdb-tool cluster-to-standalone "$dir/copy.db" "$OUT/$name.db"
  else
    cp "$OUT/$name.db" "$dir/copy.db"
  fi
  ovsdb-server -vconsole:off -vfile:info --remote=punix:"$dir/db.sock" --unixctl="$dir/ctl" \
    --pidfile="$SB/verify-$name.pid" --log-file="$dir/log" --detach --no-chdir "$dir/copy.db"
  ovsdb-client dump --format=json "unix:$dir/db.sock" "$db" >"$TMPD/served.json"
  ovs-appctl -t "$dir/ctl" exit
  res=$("$PY" "$HERE/ovsdb-dump-compare.py" "$OUT/$name.dump.json" "$TMPD/served.json" \
    --schema "$OUT/$name.db") || rc=$?
  [ "$rc" = 0 ] || { echo "$res" >&2; die "$name.db served by a new ovsdb-server differs from the live dump"; }
  log "  $name.db re-served by a fresh ovsdb-server = live dump (${res##*$'\n'}, ephemeral columns aside)"
  # the same comparison with the ephemeral columns (recorded in the README)
  res=$("$PY" "$HERE/ovsdb-dump-compare.py" "$OUT/$name.dump.json" "$TMPD/served.json") || true
  EXACT[$name]=${res##*$'\n'}
  rm -rf "$dir"
}

show_log() { # NAME: ovsdb-tool show-log -m of $OUT/NAME.db -> $OUT/NAME.show-log.txt
  save "$1.show-log.txt" ovsdb-tool -m show-log "$OUT/$1.db"
}

# ---------------------------------------------------------------------------------------------
# addition to the sandbox of generate-traces.sh: the remote chassis (ovn-sbctl chassis-add, no
# ovn-controller) report the feature flags and hostname that a real ovn-controller of this version
# would. Without them northd falls back to the old actions for every datapath (ct_lb instead of
# ct_lb_mark, ct_label instead of ct_mark bits).
# ---------------------------------------------------------------------------------------------
FEATURES=(ct-no-masked-label ovn-ct-lb-related mac-binding-timestamp port-up-notif)
remote_chassis_features() {
  local f n args=()
  for f in "${FEATURES[@]}"; do
    [ "$(sbctl get chassis ovn-worker "other_config:$f" 2>/dev/null)" = '"true"' ] \
      || die "the local chassis does not report other_config:$f=true (another OVN version?)"
    args+=("other_config:$f=true")
  done
  for n in 2 3; do sbctl set chassis "ovn-worker$n" hostname="ovn-worker$n" "${args[@]}"; done
  settle br-int
}

# ---------------------------------------------------------------------------------------------
# 1 + 4: logical flows and SB tables (at the sync point)
# ---------------------------------------------------------------------------------------------
LS=ovn-worker        # logical switch of the local node (pods, LB VIPs: ct_lb_mark)
LR=GR_ovn-worker     # its gateway router (SNAT, LB, static routes)

generate_lflows() {
  save lflow-list.txt      sbctl lflow-list
  save lflow-list.uuid.txt sbctl --uuid lflow-list
  save lflow-list.ls.txt   sbctl lflow-list "$LS"
  save lflow-list.lr.txt   sbctl lflow-list "$LR"
  grep -q '^Datapath: "'"$LS"'" (' "$OUT/lflow-list.ls.txt" || die "lflow-list $LS: no Datapath: header"
  grep -q 'ct_lb_mark' "$OUT/lflow-list.ls.txt" || die "lflow-list $LS: no ct_lb_mark"
  grep -q 'ct_snat' "$OUT/lflow-list.lr.txt" || die "lflow-list $LR: no ct_snat"
  grep -q -E '^ +uuid=0x[0-9a-f]{8}, table=' "$OUT/lflow-list.uuid.txt" || die "--uuid lflow-list: no uuid=0x.. lines"
  # the OpenFlow flows ovn-controller made from them (cookies = logical flow UUID prefixes), for
  # annotateFlows; --no-stats keeps the counters of the traces below out of the file
  save br-int.flows.txt ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int
  local t; for t in Port_Binding Datapath_Binding Logical_DP_Group Chassis; do
    save "list-$t.txt" sbctl list "$t"
  done
}

# ---------------------------------------------------------------------------------------------
# 2: database files
# ---------------------------------------------------------------------------------------------
generate_dbs() {
  snapshot ovnnb_db "$SB/ovnnb_db.db" "$SB/nb.sock" OVN_Northbound
  snapshot ovnsb_db "$SB/ovnsb_db.db" "$SB/sb.sock" OVN_Southbound
  snapshot conf "$SB/conf.db" "$SB/db.sock" Open_vSwitch
  local before after
  before=$(wc -c <"$SB/ovnsb_db.db")
  ovs-appctl -t "$SB/sb.ctl" ovsdb-server/compact
  after=$(wc -c <"$SB/ovnsb_db.db")
  log "compacted the SB database: $before -> $after bytes"
  snapshot ovnsb_db.compacted "$SB/ovnsb_db.db" "$SB/sb.sock" OVN_Southbound
  "$PY" "$HERE/ovsdb-dump-compare.py" "$OUT/ovnsb_db.dump.json" "$OUT/ovnsb_db.compacted.dump.json" >/dev/null \
    || log "note: SB contents changed between the plain and the compacted copy"
  show_log ovnnb_db
  show_log ovnsb_db
  show_log ovnsb_db.compacted
  show_log conf
}

# ---------------------------------------------------------------------------------------------
# 3: traces and ovn-detrace (same state as the database copies)
# ---------------------------------------------------------------------------------------------
# detrace NAME: ovn-detrace < trace-NAME.txt > trace-NAME.detrace.txt, and check that it annotated
# the trace (logical flows, port bindings, OVS interfaces)
detrace() {
  local name=$1 in=$OUT/trace-$1.txt out=$TMPD/detrace err=$TMPD/detrace.err
  ovn-detrace --ovnnb="unix:$SB/nb.sock" --ovnsb="unix:$SB/sb.sock" --ovs --ovsdb="unix:$SB/db.sock" \
    <"$in" >"$out" 2>"$err" || { cat "$err" >&2; die "ovn-detrace failed on trace-$name.txt"; }
  if grep -q . "$err"; then cat "$err" >&2; die "ovn-detrace wrote to stderr for trace-$name.txt"; fi
  local cookies lflows
  cookies=$(grep -c -E '^ *[0-9]+\. .*cookie 0x[0-9a-f]+' "$in" || true)
  lflows=$(grep -c '^  \* Logical flow: table=' "$out" || true)
  [ "$lflows" -ge 2 ] || { cat "$out" >&2; die "ovn-detrace found no logical flows for trace-$name.txt"; }
  grep -q '^  \* Logical datapaths:' "$out" || die "trace-$name.detrace.txt: no 'Logical datapaths:'"
  put "$OUT/trace-$name.detrace.txt" "$out"
  log "  trace-$name: $cookies table steps with a cookie, $lflows logical flows, $(grep -c '^  \* Port Binding:' "$out" || true) port bindings, $(grep -c '^  \* OVS Interface:' "$out" || true) OVS interfaces, $(grep -c '^   \* ' "$out" || true) NB hints"
}

generate_traces() {
  local P1 P2 P3 IP1 IP2 IP3 GW=0a:58:0a:f4:01:01 OF1 OF3 name
  P1=$(lsp_mac ns1_pod1-ovn-worker); IP1=$(lsp_ip ns1_pod1-ovn-worker)   # pod1: no network policy
  P2=$(lsp_mac ns2_pod2-ovn-worker); IP2=$(lsp_ip ns2_pod2-ovn-worker)   # pod2: in pg_pol1 (deny)
  P3=$(lsp_mac ns3_pod3-ovn-worker); IP3=$(lsp_ip ns3_pod3-ovn-worker)   # pod3: a client
  OF1=$(ofport pod1); OF3=$(ofport pod3)
  local ODP1; ODP1=$(odp_port pod1)
  # trace() of generate-traces.sh writes $TRACE_OUT/NAME.trace after its checks; renamed below
  TRACE_OUT=$TMPD/traces; mkdir -p "$TRACE_OUT"
  trace pod-to-pod 'Datapath actions: .*,'"$ODP1"'$' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$P1,nw_src=$IP3,nw_dst=$IP1,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=syn"
  trace pod-to-service-ct-next 'resume conntrack with ct_state=new\|trk' br-int \
    "in_port=$OF3,tcp,dl_src=$P3,dl_dst=$GW,nw_src=$IP3,nw_dst=10.96.0.11,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=syn" \
    --ct-next 'trk,new'
  trace arp-gateway 'set\(arp\(' br-int \
    "in_port=$OF1,arp,dl_src=$P1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$IP1,arp_tpa=10.244.1.1,arp_sha=$P1,arp_tha=00:00:00:00:00:00"
  trace acl-drop 'Datapath actions: drop' br-int \
    "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$P2,nw_src=$IP1,nw_dst=$IP2,nw_ttl=64,tp_src=43000,tp_dst=80,tcp_flags=syn"
  trace pod-to-remote 'tnl_push\(' br-int \
    "in_port=$OF1,tcp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=10.244.2.3,nw_ttl=64,tp_src=41001,tp_dst=8080,tcp_flags=syn"
  trace pod-to-external 'bridge\("breth0"\)' br-int \
    "in_port=$OF1,udp,dl_src=$P1,dl_dst=$GW,nw_src=$IP1,nw_dst=8.8.8.8,nw_ttl=64,udp_src=52001,udp_dst=53"
  for name in pod-to-pod pod-to-service-ct-next arp-gateway acl-drop pod-to-remote pod-to-external; do
    mv "$TRACE_OUT/$name.trace" "$OUT/trace-$name.txt"
    detrace "$name"
  done
}

# nothing changed since the copies: the live databases still hold what the dumps show
check_unchanged() {
  local n sock db rc
  for n in ovnnb_db:nb.sock:OVN_Northbound ovnsb_db:sb.sock:OVN_Southbound conf:db.sock:Open_vSwitch; do
    IFS=: read -r name sock db <<<"$n"
    ovsdb-client dump --format=json "unix:$SB/$sock" "$db" >"$TMPD/now.json"
    rc=0; "$PY" "$HERE/ovsdb-dump-compare.py" "$OUT/$name.dump.json" "$TMPD/now.json" \
      --schema "$OUT/$name.db" >"$TMPD/cmp" || rc=$?
    [ "$rc" = 0 ] || { cat "$TMPD/cmp" >&2; die "$db changed while the traces were taken"; }
  done
  log "the NB, SB and Open_vSwitch contents did not change between the copies and the detraces"
}

# ---------------------------------------------------------------------------------------------
# clustered databases: a one-server raft NB and SB with a second ovn-northd between them
# ---------------------------------------------------------------------------------------------
CL=$SB/cluster
cl_nbctl() { ovn-nbctl --db="unix:$CL/nb.sock" --timeout=60 "$@"; }
generate_clustered() {
  mkdir -p "$CL"
  local db
  for db in nb sb; do
    ovsdb-tool create-cluster "$CL/ovn${db}_db.db" "/usr/share/ovn/ovn-$db.ovsschema" "unix:$CL/$db-raft.sock" 2>"$TMPD/err" \
      || { cat "$TMPD/err" >&2; die "create-cluster $db"; }
    ovsdb-server -vconsole:off -vfile:info --remote=punix:"$CL/$db.sock" --unixctl="$CL/$db.ctl" \
      --pidfile="$SB/cluster-$db.pid" --log-file="$CL/$db.log" --detach --no-chdir "$CL/ovn${db}_db.db"
  done
  for _ in $(seq 1 100); do
    ovs-appctl -t "$CL/nb.ctl" cluster/status OVN_Northbound 2>/dev/null | grep -q 'Role: leader' \
      && ovs-appctl -t "$CL/sb.ctl" cluster/status OVN_Southbound 2>/dev/null | grep -q 'Role: leader' && break
    sleep 0.1
  done
  ovs-appctl -t "$CL/nb.ctl" cluster/status OVN_Northbound | grep -q 'Role: leader' || die "clustered NB has no leader"
  ovn-northd -vconsole:off -vfile:info --ovnnb-db="unix:$CL/nb.sock" --ovnsb-db="unix:$CL/sb.sock" \
    --pidfile="$SB/cluster-northd.pid" --log-file="$CL/northd.log" --unixctl="$CL/northd.ctl" --detach --no-chdir
  # one transaction per command (each becomes a raft log entry): inserts, updates, deletes
  cl_nbctl init
  cl_nbctl ls-add sw0
  cl_nbctl -- lsp-add sw0 sw0-port1 -- lsp-set-addresses sw0-port1 "50:54:00:00:00:01 192.168.0.11"
  cl_nbctl -- lsp-add sw0 sw0-port2 -- lsp-set-addresses sw0-port2 "50:54:00:00:00:02 192.168.0.12" \
    -- lsp-set-port-security sw0-port2 "50:54:00:00:00:02 192.168.0.12"
  cl_nbctl lsp-add sw0 sw0-port3
  cl_nbctl lr-add lr0
  cl_nbctl -- lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 192.168.0.1/24 fd00::1/64 \
    -- lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router \
    -- lsp-set-options sw0-lr0 router-port=lr0-sw0
  cl_nbctl lr-nat-add lr0 snat 172.16.0.1 192.168.0.0/24
  cl_nbctl lr-route-add lr0 0.0.0.0/0 172.16.0.254
  cl_nbctl lb-add lb0 10.0.0.10:80 192.168.0.11:8080,192.168.0.12:8080 tcp
  cl_nbctl ls-lb-add sw0 lb0
  cl_nbctl create address_set name=as0 'addresses=["192.168.0.11","192.168.0.12"]' >/dev/null
  cl_nbctl pg-add pg0 sw0-port1 sw0-port2
  cl_nbctl acl-add pg0 to-lport 1001 'outport == @pg0 && ip4.src == $as0 && tcp.dst == 8080' allow-related
  cl_nbctl acl-add pg0 to-lport 1000 'outport == @pg0 && ip4' drop
  # updates of existing rows: a map, a set, a string with quotes/backslash/non-ASCII, a removal
  cl_nbctl set logical_switch sw0 other_config:subnet=192.168.0.0/24 \
    'external_ids:description="quote \" backslash \\ tab\t unicode \u00e9\u4e2d"'
  cl_nbctl lsp-set-addresses sw0-port1 "50:54:00:00:00:01 192.168.0.11" "50:54:00:00:00:11 192.168.0.111"
  cl_nbctl set address_set as0 'addresses=["192.168.0.11","192.168.0.12","192.168.0.13"]'
  cl_nbctl remove logical_switch sw0 other_config subnet
  cl_nbctl lsp-del sw0-port3
  cl_nbctl --wait=sb sync
  quiesce "$CL/ovnnb_db.db" "$CL/ovnsb_db.db"
  snapshot ovnnb_db.clustered "$CL/ovnnb_db.db" "$CL/nb.sock" OVN_Northbound
  snapshot ovnsb_db.clustered "$CL/ovnsb_db.db" "$CL/sb.sock" OVN_Southbound
  ovs-appctl -t "$CL/nb.ctl" cluster/status OVN_Northbound >"$TMPD/status"
  put "$OUT/ovnnb_db.clustered.cluster-status.txt" "$TMPD/status"
  show_log ovnnb_db.clustered
  # a raft snapshot (compaction) replaces the log entries by one snapshot in the header
  ovs-appctl -t "$CL/nb.ctl" ovsdb-server/compact OVN_Northbound
  snapshot ovnnb_db.clustered.compacted "$CL/ovnnb_db.db" "$CL/nb.sock" OVN_Northbound
  show_log ovnnb_db.clustered.compacted
}

# ---------------------------------------------------------------------------------------------
log "$(ovs-vswitchd --version | head -1); $(ovn-controller --version | head -1)"
declare -A EXACT=()
setup_sandbox
remote_chassis_features
mkdir -p "$OUT"
# only the files this script makes (stale ones go away, anything else in $OUT, e.g. README.md, stays)
rm -f "$OUT"/*.db "$OUT"/*.dump.json "$OUT"/*.show-log.txt "$OUT"/lflow-list*.txt "$OUT"/list-*.txt "$OUT"/br-int.flows.txt \
  "$OUT"/trace-*.txt "$OUT"/*.cluster-status.txt
log "sync point: ovn-nbctl --wait=hv sync, then wait for the database files to stop changing"
nbctl --wait=hv sync
quiesce "$SB/ovnnb_db.db" "$SB/ovnsb_db.db" "$SB/conf.db"
generate_dbs
generate_lflows
generate_traces
check_unchanged
generate_clustered
for n in "${!EXACT[@]}"; do log "  $n.db re-served vs live dump, ephemeral columns included: ${EXACT[$n]}"; done
log "done in $(( $(date +%s) - START ))s"
for f in "$OUT"/*; do
  [ -f "$f" ] || continue
  printf '  %-60s %9s bytes %7s lines\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" "$(wc -l <"$f")" >&2
done
