#!/usr/bin/python3
"""Benchmark the Open vSwitch Python flow parser ovs.flow.odp.ODPFlow.

Usage: /usr/bin/python3 bench/peers/ovs_flow_odp.py FILE [--repeat N]
       [--dict] [--non-strict] [--no-memory]

FILE is `ovs-appctl dpctl/dump-flows -m` output (datapath flows).  Header
lines (`flow-dump from the main thread:`, `flow-dump from pmd on cpu core: 0`)
and blank lines are skipped; every other line is one flow.  Prints one JSON
object on stdout with the same shape as ovs_flow_ofp.py:

  {"tool":"ovs.flow.odp.ODPFlow","version":"3.1.0","file":...,"flows":N,
   "failed":N,"errors":{type:count},"seconds":best,"flowsPerSec":...,
   "bytesPerFlow":...,  + extras: repeat, strict, dict, python, errorSamples}

How timing/decoding/memory are done: see _flowbench.py and README.md.
A test input can be produced with make_odp_dump.sh (throwaway dummy-datapath
OVS in a temp dir).

Run with Debian's /usr/bin/python3 (has python3-openvswitch 3.1 + netaddr).

KNOWN DEFECT of the Debian 3.1.0 library (verified on a dummy/userspace
datapath dump): with -m the userspace datapath appends
`, dp-extra-info:miniflow_bits(4,3)` after the actions.  ODPFlow treats
everything after "actions:" as the actions section, so in strict mode every
such flow fails with ParseError("Cannot parse key dp-extra-info: No decoder
found"); with --non-strict it "parses" but yields bogus actions
({'dp-extra-info': 'miniflow_bits(4'}, {'output': {'port': '3)'}}).
--strip-dp-extra-info removes that trailing field from each line during the
untimed input preparation (kernel-datapath dumps do not have it).
"""
import re
import sys

sys.dont_write_bytecode = True  # never leave __pycache__ in the repo tree

from ovs.flow.odp import ODPFlow  # noqa: E402

import _flowbench  # noqa: E402


def _is_header(line):
    return line.startswith("flow-dump from")


_DP_EXTRA = re.compile(r",\s*dp-extra-info:.*$")


def _add_args(ap):
    ap.add_argument("--strip-dp-extra-info", action="store_true",
                    help="drop the trailing ', dp-extra-info:...' field of "
                         "userspace-datapath -m dumps before parsing "
                         "(untimed); ODPFlow 3.1 cannot parse it")


def _make_rewrite(args):
    if args.strip_dp_extra_info:
        return lambda line: _DP_EXTRA.sub("", line)
    return None


def _warm_up():
    ODPFlow.info_decoders()
    ODPFlow.match_decoders()
    ODPFlow.action_decoders()


if __name__ == "__main__":
    sys.exit(_flowbench.run(
        "ovs.flow.odp.ODPFlow", ODPFlow, _warm_up, _is_header, __doc__,
        add_args=_add_args, make_rewrite=_make_rewrite))
