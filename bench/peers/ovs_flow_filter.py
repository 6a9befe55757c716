#!/usr/bin/python3
"""Benchmark the Open vSwitch Python flow filter ovs.flow.filter.OFFilter.

Usage: /usr/bin/python3 bench/peers/ovs_flow_filter.py FILE --filter EXPR
       [--filter EXPR ...] [--repeat N] [--strict]

FILE is `ovs-ofctl dump-flows` output.  Header lines (`... reply ...`) and
blank lines are skipped; every other line is parsed once with
ovs.flow.ofp.OFPFlow (untimed).  The Debian 3.1 library cannot decode
`n_packets` in its default strict mode (it knows `n_packet`), so the flows are
parsed with KVDecoders.strict = False unless --strict is given; flows that
still fail are counted in "failed" and left out.

Each filter is compiled once (untimed: OFFilter(expr)); then
`bool(filter.evaluate(flow))` runs over every parsed flow, best (minimum)
wall time of --repeat passes (time.perf_counter).  A filter that raises
(the library's defects: `!=` combined with another clause, `<` / `>` on a
masked value...) is reported with its error and no rate.

Prints one JSON object on stdout:
  {"tool":"ovs.flow.filter.OFFilter","version":"3.1.0","file":...,
   "flows":N,"failed":N,"repeat":N,"strict":false,"python":"3.11.2",
   "filters":[{"expr":...,"matched":N,"evaluations":N,"seconds":best,
               "evalsPerSec":...} | {"expr":...,"error":"Type: message"}]}
"""
import argparse
import json
import platform
import sys
import time

sys.dont_write_bytecode = True  # never leave __pycache__ in the repo tree


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--filter", action="append", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()

    import ovs.version
    from ovs.flow.kv import KVDecoders
    if not args.strict:
        KVDecoders.strict = False
    from ovs.flow.ofp import OFPFlow
    from ovs.flow.filter import OFFilter

    with open(args.file, "r", encoding="utf-8", errors="replace") as f:
        lines = [l.strip() for l in f.read().splitlines()]
    lines = [l for l in lines if l and " reply" not in l.split("actions=")[0][:40]]
    flows = []
    failed = 0
    for line in lines:
        try:
            flows.append(OFPFlow(line))
        except Exception:  # noqa: BLE001 - counted, as a user would skip it
            failed += 1

    results = []
    for expr in args.filter:
        try:
            flt = OFFilter(expr)
            best = None
            matched = 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                n = 0
                for fl in flows:
                    if flt.evaluate(fl):
                        n += 1
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
                matched = n
            results.append({"expr": expr, "matched": matched, "evaluations": len(flows),
                            "seconds": best, "evalsPerSec": len(flows) / best if best else None})
        except Exception as e:  # noqa: BLE001 - the peer's defects are data here
            results.append({"expr": expr, "error": "%s: %s" % (type(e).__name__, e)})

    json.dump({"tool": "ovs.flow.filter.OFFilter", "version": ovs.version.VERSION,
               "file": args.file, "flows": len(flows), "failed": failed,
               "repeat": args.repeat, "strict": args.strict,
               "python": platform.python_version(), "filters": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
