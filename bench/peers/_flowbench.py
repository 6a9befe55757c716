"""Shared measurement harness for the ovs.flow peer benchmarks.

Used by ovs_flow_ofp.py and ovs_flow_odp.py (not meant to be run directly).
Must run under Debian's /usr/bin/python3, which has the `ovs` package
(python3-openvswitch) and `netaddr` (python3-netaddr).

What is measured (see README.md in this directory for the full story):

* Input preparation (NOT timed): the file is read, split into lines, header
  and blank lines are dropped and each line is stripped.  The resulting list
  of flow strings is shared by all passes.
* Warm-up (NOT timed): the library builds its KVDecoders tables lazily on the
  first flow and caches them in class attributes; we build them up front by
  calling info_decoders()/match_decoders()/action_decoders().
* Timing pass: for each flow string, `cls(line)` is constructed and its
  .info, .match and .actions attributes are read.  The ovs.flow parsers are
  eager (KVParser.parse() runs every value decoder - int(), netaddr, nested
  action parsers - inside the constructor and Flow.__init__ builds the
  info/match/actions dicts/lists immediately), so construction already is a
  full decode; reading the attributes just guards against a future lazy
  implementation.  Objects are kept in a list (as a real consumer would),
  GC stays enabled (--no-gc disables it inside the timed loop; with
  ~10^4+ retained flows the cyclic GC's full collections cost a noticeable
  share, so throughput drops with input size).  Best (minimum) wall time of N repeats, perf_counter.
  With --dict, flow.dict() (a re-serialisation into plain dicts) is also
  called per flow; that is extra work beyond parsing and off by default.
* Memory pass (separate, untimed): tracemalloc.start(), parse all flows into
  a list, gc.collect(), take tracemalloc's *current* traced size, divide by
  the number of successfully parsed flows.  The input line strings were
  allocated before tracing started, so the `orig` string each flow keeps a
  reference to is NOT counted; everything the parser allocates (section
  substrings, KeyValue/KeyMetadata objects, decoded values, the
  info/match/actions dicts, netaddr objects) is.
* Failures: any exception from a single flow is counted by exception type
  name (errors) and the flow is skipped; the first message of each type is
  reported in errorSamples.
"""

import argparse
import gc
import json
import os
import sys
import time
import tracemalloc


def _read_flow_lines(path, is_header, rewrite=None):
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or is_header(line):
            continue
        if rewrite is not None:
            line = rewrite(line)
        lines.append(line)
    return lines


def _parse_all(cls, lines, errors, samples, want_dict):
    out = []
    append = out.append
    for line in lines:
        try:
            flow = cls(line)
            # Touch every decoded section (no-op cost for the eager 3.1 lib).
            flow.info
            flow.match
            flow.actions
            if want_dict:
                flow.dict()
        except Exception as e:  # noqa: BLE001 - we count every failure
            name = type(e).__name__
            if errors is not None:
                errors[name] = errors.get(name, 0) + 1
                if name not in samples:
                    msg = str(e)
                    cause = e.__cause__
                    while cause is not None:
                        msg += " <- %s: %s" % (type(cause).__name__, cause)
                        cause = cause.__cause__
                    samples[name] = msg[:300]
            continue
        append(flow)
    return out


def run(tool, cls, warm_up, is_header, description, add_args=None,
        make_rewrite=None):
    """add_args(parser) may add script-specific options; make_rewrite(args)
    may return a str->str function applied to each flow line during the
    (untimed) input preparation, or None."""
    ap = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=3,
                    help="timing repeats, best is reported (default 3)")
    ap.add_argument("--dict", action="store_true",
                    help="also call flow.dict() per flow (extra work)")
    ap.add_argument("--non-strict", action="store_true",
                    help="set KVDecoders.strict=False: unknown keys are "
                         "decoded with decode_default instead of raising")
    ap.add_argument("--no-gc", action="store_true",
                    help="disable the cyclic GC inside the timed loop "
                         "(default: enabled, as in real use)")
    ap.add_argument("--no-memory", action="store_true",
                    help="skip the tracemalloc pass (bytesPerFlow=null)")
    if add_args is not None:
        add_args(ap)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")

    import ovs.version
    if args.non_strict:
        from ovs.flow.kv import KVDecoders
        KVDecoders.strict = False

    rewrite = make_rewrite(args) if make_rewrite is not None else None
    lines = _read_flow_lines(args.file, is_header, rewrite)
    warm_up()

    # --- failure accounting (one untimed pass, also warms caches) -------
    errors, samples = {}, {}
    parsed = _parse_all(cls, lines, errors, samples, args.dict)
    n_ok = len(parsed)
    del parsed
    gc.collect()

    # --- timing passes ---------------------------------------------------
    best = None
    for _ in range(args.repeat):
        gc.collect()
        if args.no_gc:
            gc.disable()
        t0 = time.perf_counter()
        kept = _parse_all(cls, lines, None, None, args.dict)
        t1 = time.perf_counter()
        gc.enable()
        del kept
        dt = t1 - t0
        if best is None or dt < best:
            best = dt
    gc.collect()

    # --- memory pass (separate, tracemalloc slows parsing) ---------------
    bytes_per_flow = None
    if not args.no_memory:
        tracemalloc.start()
        kept = _parse_all(cls, lines, None, None, args.dict)
        gc.collect()
        current, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if kept:
            bytes_per_flow = round(current / len(kept), 1)
        del kept
        gc.collect()

    n = len(lines)
    result = {
        "tool": tool,
        "version": ovs.version.VERSION,
        "file": os.path.abspath(args.file),
        "flows": n,
        "failed": n - n_ok,
        "errors": errors,
        "seconds": best,
        "flowsPerSec": (n / best) if best and n else None,
        "bytesPerFlow": bytes_per_flow,
        # extras (not part of the common shape)
        "repeat": args.repeat,
        "strict": not args.non_strict,
        "dict": args.dict,
        "gcDisabled": args.no_gc,
        "python": sys.version.split()[0],
        "inputRewritten": rewrite is not None,
        "errorSamples": samples,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
