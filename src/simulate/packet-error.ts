/**
 * The error of a packet that `ofproto/trace` would refuse: bad flow syntax, an unknown field,
 * a field without its prerequisites, a field given twice, an unknown port name.
 *
 * @module
 */
import { OvsParseError, type OvsParseErrorCode } from "../core/parse-error.js";

const BRAND = Symbol.for("ovskit.PacketSyntaxError");

/**
 * Thrown by `simulateTrace` (and `simulateTraceText`) for packet text that
 * `ovs-appctl ofproto/trace` would refuse. An {@link OvsParseError} (code `syntax` or
 * `bad-value`) with the 1-based `column` of the offending item and an excerpt with a caret;
 * `ovsMessage` is the message OVS prints for the same text (`Bad openflow flow syntax: ...`).
 *
 * @example
 * ```ts
 * import { createPipeline, simulateTrace, isPacketSyntaxError } from "ovskit";
 * try {
 *   simulateTrace(pipeline, "in_port=1,udp,tp_src=53", { bridge: "br-int" });
 * } catch (e) {
 *   if (isPacketSyntaxError(e)) console.log(e.column, e.ovsMessage); // 11, "Bad openflow flow syntax: ...: prerequisites not met for setting tp_src"
 * }
 * ```
 */
export class PacketSyntaxError extends OvsParseError {
  /** The message `ofproto/trace` prints for the same packet text. */
  readonly ovsMessage: string;

  constructor(code: OvsParseErrorCode, reason: string, text: string, offset: number, ovsMessage: string) {
    super(code, reason, text, offset);
    this.name = "PacketSyntaxError";
    this.ovsMessage = ovsMessage;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is a {@link PacketSyntaxError}, also across realms.
 *
 * @example
 * ```ts
 * import { isPacketSyntaxError, simulateTrace } from "ovskit";
 * try { simulateTrace(pipeline, "garbage=1", { bridge: "br-int" }); } catch (e) { if (isPacketSyntaxError(e)) console.log(e.ovsMessage); }
 * ```
 */
export function isPacketSyntaxError(e: unknown): e is PacketSyntaxError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
