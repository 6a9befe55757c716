#!/usr/bin/env bash
# Build OVS's test driver `ovstest` (which has `test-odp parse-keys|parse-wc-keys|parse-actions`,
# the commands tests/odp.at uses) from Debian's openvswitch-source package, i.e. the same OVS
# version and Debian patches as the installed openvswitch-switch. Debian ships no ovstest binary.
#
#   apt-get install -y openvswitch-source            # once; puts the tarball in /usr/src/openvswitch
#   bash fixtures-gen/odp-forms/build-ovstest.sh     # ~8 min on 2 cores; prints the ovstest path
#   OVSTEST=$(bash fixtures-gen/odp-forms/build-ovstest.sh) bash fixtures-gen/odp-forms/generate.sh
#
# The build is offline (configure + make, no downloads). It needs gcc, make and python3.
# Environment: TARBALL (default /usr/src/openvswitch/openvswitch.tar.gz), BUILD (build directory,
# default ${TMPDIR:-/tmp}/ovskit-ovstest-build; reused if it already holds a built ovstest).
set -euo pipefail
TARBALL=${TARBALL:-/usr/src/openvswitch/openvswitch.tar.gz}
BUILD=${BUILD:-${TMPDIR:-/tmp}/ovskit-ovstest-build}
log() { printf 'build-ovstest: %s\n' "$*" >&2; }

SRC=$BUILD/openvswitch
if [ -x "$SRC/tests/ovstest" ]; then echo "$SRC/tests/ovstest"; exit 0; fi
[ -f "$TARBALL" ] || { log "no $TARBALL: apt-get install -y openvswitch-source"; exit 1; }
for bin in gcc make python3; do
  command -v "$bin" >/dev/null || { log "$bin not found"; exit 1; }
done

mkdir -p "$BUILD"
rm -rf "$SRC"
tar xzf "$TARBALL" -C "$BUILD"
[ -x "$SRC/configure" ] || { log "unexpected tarball layout (no openvswitch/configure)"; exit 1; }
cd "$SRC"
src_version=$(sed -n 's/^AC_INIT(openvswitch, \([^,]*\),.*/\1/p' configure.ac)
inst_version=$(ovs-vswitchd --version 2>/dev/null | sed -n '1s/.* //p' || true)
log "source version $src_version, installed ovs-vswitchd ${inst_version:-none}"
[ -z "$inst_version" ] || [ "$src_version" = "$inst_version" ] \
  || log "WARNING: versions differ; the ovstest output will not be that of the installed OVS"

log "configure (log: $BUILD/configure.log)"
./configure --disable-ssl --disable-libcapng > "$BUILD/configure.log" 2>&1
# Building tests/ovstest alone skips the generated headers that `make all` makes first.
built_sources=$(printf 'print-bs:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f Makefile -f - print-bs)
log "make (log: $BUILD/make.log)"
# shellcheck disable=SC2086 # a word list
make -j"$(nproc)" $built_sources > "$BUILD/make.log" 2>&1
make -j"$(nproc)" tests/ovstest >> "$BUILD/make.log" 2>&1
echo "$SRC/tests/ovstest"
