/**
 * The typed error of the flow-export decoders (NetFlow v5, sFlow v5, IPFIX): what is wrong and
 * at which byte of the datagram.
 *
 * @module
 */

/** Which decoder raised a {@link FlowDecodeError}. */
export type FlowProtocol = "netflow-v5" | "sflow-v5" | "ipfix";

/** Machine-readable reason of a {@link FlowDecodeError}. */
export type FlowDecodeErrorCode =
  /** The datagram ends before a header, record or field that it announces. */
  | "truncated"
  /** The version number is not the one this decoder reads. */
  | "bad-version"
  /** A length or count field contradicts the datagram (too short, too long, not a multiple). */
  | "bad-length"
  /** A value that must take one of a few values (an address type, a set id) takes another. */
  | "bad-value";

import { OvskitError, hasBrand, setBrand } from "../../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.FlowDecodeError");

/**
 * Thrown by {@link decodeNetflowV5}, {@link decodeSflowV5} and {@link decodeIpfix} for a
 * malformed or truncated datagram. `offset` is the 0-based byte offset in the datagram where
 * the problem was found.
 *
 * @example
 * ```ts
 * import { decodeNetflowV5, isFlowDecodeError } from "ovskit";
 * try {
 *   decodeNetflowV5(new Uint8Array([0, 5, 0, 1]));
 * } catch (e) {
 *   if (isFlowDecodeError(e)) console.log(e.protocol, e.code, e.offset); // "netflow-v5" "truncated" 4
 * }
 * ```
 */
export class FlowDecodeError extends OvskitError {
  /** The decoder that failed. */
  readonly protocol: FlowProtocol;
  /** Machine-readable reason. */
  declare readonly code: FlowDecodeErrorCode;
  /** 0-based byte offset in the datagram. */
  declare readonly offset: number;
  /** The message without the position prefix. */
  readonly reason: string;

  constructor(protocol: FlowProtocol, code: FlowDecodeErrorCode, reason: string, offset: number) {
    super(code, `${protocol} at byte ${offset}: ${reason}`, { offset });
    this.name = "FlowDecodeError";
    this.protocol = protocol;
    this.reason = reason;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is a {@link FlowDecodeError}, also across realms.
 *
 * @example
 * ```ts
 * import { decodeSflowV5, isFlowDecodeError } from "ovskit";
 * try { decodeSflowV5(new Uint8Array(3)); } catch (e) { if (isFlowDecodeError(e)) console.log(e.offset); }
 * ```
 */
export function isFlowDecodeError(e: unknown): e is FlowDecodeError {
  return hasBrand(e, BRAND);
}
