/**
 * `ofproto/trace` refusing a request: OVS answers with one line of text instead of a trace
 * (`Bad openflow flow syntax: ...`, `br-x: unknown bridge`), and `ovs-appctl` adds
 * `ovs-appctl: ...: server returned an error` on stderr and exits non-zero.
 *
 * @module
 */
import { hasBrand, setBrand } from "../core/ovskit-error.js";
import { OvsParseError } from "../core/parse-error.js";

const BRAND = Symbol.for("ovskit.TraceRequestError");

/**
 * The error {@link parseTrace} throws when the input is OVS's answer to a bad request rather
 * than a trace. It is an {@link OvsParseError} with code `"decode-error"` (the tool reported a
 * problem); `ovsMessage` is OVS's answer, verbatim.
 *
 * @example
 * ```ts
 * import { parseTrace, TraceRequestError } from "ovskit";
 * try {
 *   parseTrace("Bad openflow flow syntax: in_port=999,garbage=1: unknown field garbage\n");
 * } catch (e) {
 *   if (e instanceof TraceRequestError) console.log(e.code, e.ovsMessage); // "decode-error", "Bad openflow flow syntax: ..."
 * }
 * ```
 */
export class TraceRequestError extends OvsParseError {
  /** OVS's answer, without the `ovs-appctl: ... server returned an error` line. */
  readonly ovsMessage: string;

  constructor(ovsMessage: string, line = 1) {
    super("decode-error", ovsMessage, ovsMessage, 0, line);
    this.name = "TraceRequestError";
    this.ovsMessage = ovsMessage;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is a {@link TraceRequestError}, also across realms (worker threads, vm
 * contexts, two copies of ovskit in one program).
 *
 * @example
 * ```ts
 * import { isTraceRequestError, parseTrace } from "ovskit";
 * try { parseTrace("br-x: unknown bridge\n"); } catch (e) { if (isTraceRequestError(e)) console.log(e.ovsMessage); }
 * ```
 */
export function isTraceRequestError(e: unknown): e is TraceRequestError {
  return hasBrand(e, BRAND);
}

/** How ofproto/trace and ofproto/trace-packet-out word a refused request (ofproto-dpif-trace.c). */
const PREFIXES = [
  "Bad openflow flow syntax: ",
  "Bad actions: ",
  "Cannot find the datapath",
  "Syntax error",
  "too many arguments",
  "Missing argument for option ",
  "Trailing garbage in packet data",
  "Failed to parse Geneve options",
  "invalid in_port",
  // unixctl itself: `"ofproto/trace" command requires at least 1 arguments`.
  '"ofproto/trace',
];
const SUFFIXES = [": unknown bridge", ": unknown option", ": too much L7 data", " (or the bridge name was omitted)"];

/** True for `ovs-appctl: /run/openvswitch/ovs-vswitchd.1.ctl: server returned an error`. */
function isAppctlTrailer(line: string): boolean {
  return line.startsWith("ovs-appctl: ") && line.trimEnd().endsWith("server returned an error");
}

/**
 * OVS's message when `lines` (the non-blank lines found before any `Flow:` line) are its answer
 * to a refused request, else undefined.
 *
 * @internal
 * @example
 * ```ts
 * import { requestErrorMessage } from "./request-error.js";
 * requestErrorMessage(["br-x: unknown bridge", "ovs-appctl: x.ctl: server returned an error"]); // "br-x: unknown bridge"
 * ```
 */
export function requestErrorMessage(lines: readonly string[]): string | undefined {
  let known = false;
  const message: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (isAppctlTrailer(line)) {
      known = true;
      continue;
    }
    message.push(line);
    if (!known) known = PREFIXES.some((p) => line.startsWith(p)) || SUFFIXES.some((s) => line.endsWith(s));
  }
  if (!known) return undefined;
  return message.length > 0 ? message.join("\n") : lines.join("\n").trimEnd();
}
