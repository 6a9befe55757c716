#!/usr/bin/env bash
# Stop every daemon that up.sh started in $SB, and nothing else: processes are found through the
# pid files in $SB and only signalled if their command line still mentions $SB (guards against
# pid reuse). SIGTERM first, SIGKILL after a grace period. CLEAN=1 also removes $SB.
set -uo pipefail
SB=${SB:-${TMPDIR:-/tmp}/ovskit-sandbox}
GRACE=${GRACE:-5}
[ -d "$SB" ] || exit 0
SB=$(cd "$SB" && pwd)

ours() { # pid -> true if it is alive and was started with a path inside $SB
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$SB/"
}

pids=()
# Stop clients before servers: controller/northd/vswitchd first, ovsdb-servers last.
for name in ovn-controller northd ovs-vswitchd nb sb ovsdb-server; do
  f=$SB/$name.pid
  [ -f "$f" ] || continue
  pid=$(tr -dc 0-9 2>/dev/null < "$f") || continue
  if ours "$pid"; then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
done
# Any other pid file in $SB (e.g. extra daemons someone started there).
for f in "$SB"/*.pid; do
  [ -f "$f" ] || continue
  pid=$(tr -dc 0-9 2>/dev/null < "$f") || continue
  if ours "$pid"; then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
done

for _ in $(seq 1 $((GRACE * 10))); do
  alive=0
  for pid in "${pids[@]}"; do ours "$pid" && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.1
done
for pid in "${pids[@]}"; do
  if ours "$pid"; then echo "down.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null; fi
done
# OVS daemons started with --detach leave a monitor-less single process, but make sure no child
# with our paths survived (e.g. if a pid file was lost).
for d in /proc/[0-9]*; do
  pid=${d#/proc/}
  [ "$pid" = $$ ] && continue
  comm=$(cat "$d/comm" 2>/dev/null) || continue
  case $comm in ovsdb-server|ovs-vswitchd|ovn-northd|ovn-controller) ;; *) continue ;; esac
  if tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -qF -- "--pidfile=$SB/"; then
    echo "down.sh: killing leftover $comm (pid $pid)" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
done
rm -f "$SB"/*.pid
if [ "${CLEAN:-0}" = 1 ]; then rm -rf "$SB"; fi
exit 0
