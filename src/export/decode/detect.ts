/**
 * Telling NetFlow v5, sFlow v5 and IPFIX datagrams apart by their first bytes, and decoding
 * whichever one arrived.
 *
 * @module
 */
import { FlowDecodeError } from "./errors.js";
import { decodeIpfix, type IpfixMessage } from "./ipfix.js";
import type { IpfixTemplateCache } from "./ipfix-templates.js";
import { decodeNetflowV5, type NetflowV5Message } from "./netflow-v5.js";
import { decodeSflowV5, type SflowV5Message } from "./sflow-v5.js";

/** Any decoded flow-export datagram; `kind` tells which. */
export type FlowMessage = NetflowV5Message | SflowV5Message | IpfixMessage;

/**
 * The protocol of a datagram from its version field: NetFlow v5 starts with the 16-bit value 5,
 * IPFIX with 10, sFlow v5 with the 32-bit value 5. Undefined for anything else.
 *
 * @example
 * ```ts
 * import { detectFlowProtocol } from "ovskit";
 * detectFlowProtocol(new Uint8Array([0, 10, 0, 16])); // "ipfix"
 * ```
 */
export function detectFlowProtocol(buf: Uint8Array): FlowMessage["kind"] | undefined {
  if (buf.length < 2) return undefined;
  const v16 = ((buf[0] ?? 0) << 8) | (buf[1] ?? 0);
  if (v16 === 5) return "netflow-v5";
  if (v16 === 10) return "ipfix";
  if (v16 === 0 && buf.length >= 4 && buf[2] === 0 && buf[3] === 5) return "sflow-v5";
  return undefined;
}

/**
 * Decodes a datagram of any of the three protocols (IPFIX templates go to `cache`). Throws a
 * {@link FlowDecodeError}, also for a datagram of none of them (code `bad-version`, offset 0).
 *
 * @example
 * ```ts
 * import { IpfixTemplateCache, decodeFlowDatagram } from "ovskit";
 * const msg = decodeFlowDatagram(datagram, new IpfixTemplateCache());
 * if (msg.kind === "netflow-v5") console.log(msg.records.length);
 * ```
 */
export function decodeFlowDatagram(buf: Uint8Array, cache: IpfixTemplateCache): FlowMessage {
  const kind = detectFlowProtocol(buf);
  if (kind === "netflow-v5") return decodeNetflowV5(buf);
  if (kind === "sflow-v5") return decodeSflowV5(buf);
  if (kind === "ipfix") return decodeIpfix(buf, cache);
  throw new FlowDecodeError("ipfix", "bad-version", "not a NetFlow v5, sFlow v5 or IPFIX datagram", 0);
}
