#!/usr/bin/env bash
# Makes the database-history fixtures of test/ovsdb-diff.test.ts (test/fixtures/ovsdb-history/)
# with the real tools: standalone OVN NB and SB ovsdb-servers and ovn-northd in $DIR (default
# a new temp dir), then a list of known ovn-nbctl commands, one transaction each.
#
#   bash fixtures-gen/ovsdb-history/generate.sh
#
# Written:
#   nb.db, sb.db             the files at the end, with their whole history
#   nb.t1.db, sb.t1.db       copies taken at moment t1 (after the first commands, northd in sync)
#   nb.t2.db, sb.t2.db       copies taken at moment t2 (after the rest, northd in sync)
#   *.t1.dump.json, *.t2.dump.json   `ovsdb-client dump --format=json` at those moments
#   nb.show-log.txt, sb.show-log.txt   `ovsdb-tool -mm show-log`: every transaction of the final
#                            files with the rows it touched and the columns it wrote
#   commands.txt             the ovn-nbctl commands run, in order, with the phase they belong to
# Every daemon started here is stopped on exit (by pid file, checked against its command line).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$ROOT/test/fixtures/ovsdb-history}
DIR=${DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ovskit-ovsdb-history.XXXXXX")}
SCHEMAS=${OVN_SCHEMA_DIR:-/usr/share/ovn}
for bin in ovsdb-tool ovsdb-server ovsdb-client ovn-northd ovn-nbctl; do
  command -v "$bin" >/dev/null || { echo "generate.sh: $bin not found (apt-get install openvswitch-switch ovn-central)" >&2; exit 1; }
done

stop() { # name: stop one daemon started here
  local f=$DIR/$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(tr -dc 0-9 < "$f")
  if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  rm -f "$f"
}
cleanup() { for d in northd nb sb; do stop "$d"; done; }
trap cleanup EXIT

daemon() { # name prog args...
  local name=$1 prog=$2; shift 2
  "$prog" -vconsole:off -vfile:info "$@" --pidfile="$DIR/$name.pid" --log-file="$DIR/$name.log" \
    --unixctl="$DIR/$name.ctl" --detach --no-chdir
}

for db in nb sb; do
  ovsdb-tool create "$DIR/$db.db" "$SCHEMAS/ovn-$db.ovsschema"
  daemon "$db" ovsdb-server --remote=punix:"$DIR/$db.sock" "$DIR/$db.db"
done
nbctl() { ovn-nbctl --db="unix:$DIR/nb.sock" --timeout=30 "$@"; }
nbctl init
ovn-sbctl --db="unix:$DIR/sb.sock" --timeout=30 init
daemon northd ovn-northd --ovnnb-db="unix:$DIR/nb.sock" --ovnsb-db="unix:$DIR/sb.sock"

: > "$DIR/commands.txt"
run() { # phase command...: one ovn-nbctl transaction, logged
  printf '%s\t%s\n' "$1" "${*:2}" >> "$DIR/commands.txt"
  nbctl "${@:2}"
}
snapshot() { # name: northd in sync, then the files and the ground truth of the same moment
  nbctl --wait=sb sync
  local db try
  for db in nb sb; do
    # copy, dump, copy: keep them when both copies are identical (nothing was written meanwhile)
    for try in $(seq 1 20); do
      sleep 0.3
      cp "$DIR/$db.db" "$DIR/$db.$1.db"
      ovsdb-client dump --format=json "unix:$DIR/$db.sock" > "$DIR/$db.$1.dump.json"
      cmp -s "$DIR/$db.db" "$DIR/$db.$1.db" && break
      [ "$try" -lt 20 ] || { echo "generate.sh: $db.db keeps changing" >&2; exit 1; }
    done
  done
}

# Phase 1: a switch and two ports.
run t1 ls-add sw0
run t1 lsp-add sw0 p1 -- lsp-set-addresses p1 "00:00:00:00:00:01 10.0.0.1"
run t1 lsp-add sw0 p2 -- lsp-set-addresses p2 "00:00:00:00:00:02 10.0.0.2"
snapshot t1
# Phase 2: map changes (add, change, remove a key), an ACL, a port deleted, a router.
run t2 set logical_switch_port p1 external_ids:owner=team-a external_ids:app=web
run t2 set logical_switch_port p1 external_ids:owner=team-b
run t2 remove logical_switch_port p1 external_ids app
run t2 acl-add sw0 to-lport 1000 'outport == "p2" && ip4.src == 10.0.0.1' drop
run t2 lsp-del p2
run t2 lr-add r0 -- set logical_router r0 options:chassis=hv1
snapshot t2
# Phase 3 (only in the final files): one more port and the ACL removed.
run end lsp-add sw0 p3 -- lsp-set-addresses p3 "00:00:00:00:00:03 10.0.0.3"
run end acl-del sw0
nbctl --wait=sb sync
sleep 0.3
cleanup
trap - EXIT

mkdir -p "$OUT"
rm -f "$OUT"/*.db "$OUT"/*.db.gz "$OUT"/*.json "$OUT"/*.json.gz "$OUT"/*.txt
cp "$DIR/nb.db" "$DIR/sb.db" "$DIR"/*.t1.db "$DIR"/*.t2.db "$DIR"/*.dump.json "$DIR/commands.txt" "$OUT/"
for db in nb sb; do ovsdb-tool -mm show-log "$OUT/$db.db" > "$OUT/$db.show-log.txt"; done
for f in "$OUT"/*.db "$OUT"/*.json "$OUT"/*.txt; do
  chmod 644 "$f"
  if [ "$(stat -c %s "$f")" -gt 40000 ]; then gzip -9nf "$f"; fi
done
rm -rf "$DIR"
ls -la "$OUT"
