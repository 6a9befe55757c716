#!/bin/bash
# Benchmark the C parser of Open vSwitch via `ovs-ofctl diff-flows F F`.
#
# Usage: bench/peers/ofctl_diff_flows.sh FILE [REPEAT]   (REPEAT default 3)
#
# FILE is `ovs-ofctl dump-flows` output, with or without statistics.
# Prints one JSON object on stdout:
#   {"tool":"ovs-ofctl diff-flows","version":"3.1.0","file":...,
#    "flows":2*flowLines,"seconds":best,"flowsPerSec":flows/seconds,
#    + extras: "flowLines","repeat","startupSeconds"}
#
# How:
#  * Header lines (`NXST_FLOW reply (xid=0x4):`, `OFPST_FLOW reply (OF1.5)
#    (xid=0x2): flags=[more]`, ... - a multipart OF1.3+ dump has several) are
#    stripped into a temp file first (untimed).  This is REQUIRED: diff-flows
#    rejects them ("FILE:1: must specify an action", exit 1).
#  * Statistics need no stripping: diff-flows accepts a with-stats dump and
#    ignores duration/n_packets/n_bytes/idle_age/hard_age (diffing a
#    with-stats dump against the --no-stats dump of the same table reports no
#    difference).
#  * Timed: the whole `ovs-ofctl diff-flows TMP TMP >/dev/null` process (wall
#    clock, bash $EPOCHREALTIME), best of REPEAT.  diff-flows fully parses
#    every line of both copies (match + actions into ofpacts, like add-flows)
#    and then compares two hash tables, so flows = 2 x flow lines.  The time
#    includes process start-up, file reading and the (cheap) comparison;
#    startupSeconds is the best time of diff-flows on two empty files, for
#    reference (it is NOT subtracted).
#  * Exit status (verified on OVS 3.1, not in the man page): 0 = no
#    differences, 2 = differences found, 1 = error (e.g. a parse error).
#    Anything but 0 for FILE vs. itself is reported as an error (exit 1,
#    message on stderr, no JSON).
#  * The temp file is passed by absolute path: diff-flows treats a name that
#    contains ':' as a switch, and one that begins with '/' as a file.
set -euo pipefail
shopt -s inherit_errexit

FILE=${1:?usage: $0 FILE [REPEAT]}
REPEAT=${2:-3}
case "$REPEAT" in ''|*[!0-9]*|0) echo "REPEAT must be a positive integer" >&2; exit 64;; esac
[ -r "$FILE" ] || { echo "cannot read $FILE" >&2; exit 66; }

TMPD=$(mktemp -d /tmp/ovskit-peer-ofctl.XXXXXX)
trap 'rm -rf "$TMPD"' EXIT
FLOWS="$TMPD/flows.txt"
EMPTY="$TMPD/empty.txt"
: > "$EMPTY"
# Drop header lines and blank lines.
grep -Ev '^[A-Z][A-Z0-9_]* reply\b|^[[:space:]]*$' "$FILE" > "$FLOWS" || true
LINES=$(wc -l < "$FLOWS")

VERSION=$(ovs-ofctl --version | sed -n '1s/.*) //p')

time_once() {  # prints elapsed seconds of: ovs-ofctl diff-flows $1 $2
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    ovs-ofctl diff-flows "$1" "$2" >/dev/null 2>"$TMPD/err" || rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" -ne 0 ]; then
        echo "ovs-ofctl diff-flows exited $rc:" >&2
        head -5 "$TMPD/err" >&2
        exit 1
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}

best_of() {  # best_of N A B
    local best="" t
    for ((i = 0; i < $1; i++)); do
        t=$(time_once "$2" "$3")
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN{exit !(t < b)}'; then
            best=$t
        fi
    done
    echo "$best"
}

STARTUP=$(best_of "$REPEAT" "$EMPTY" "$EMPTY")
SECONDS_BEST=$(best_of "$REPEAT" "$FLOWS" "$FLOWS")

/usr/bin/python3 - "$VERSION" "$(readlink -f "$FILE")" "$LINES" "$SECONDS_BEST" \
    "$REPEAT" "$STARTUP" <<'PY'
import json, sys
version, path, lines, secs, repeat, startup = sys.argv[1:]
lines, secs = int(lines), float(secs)
flows = 2 * lines
print(json.dumps({
    "tool": "ovs-ofctl diff-flows",
    "version": version,
    "file": path,
    "flows": flows,
    "seconds": secs,
    "flowsPerSec": flows / secs if secs > 0 else None,
    "flowLines": lines,
    "repeat": int(repeat),
    "startupSeconds": float(startup),
}))
PY
