/**
 * {@link PacketBuildError}: why {@link buildPacket} could not make a packet from OVN names.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.PacketBuildError");

/**
 * `missing-source` (a database the request needs was not given), `unknown-port` (no logical
 * port of that name; the message suggests close names), `no-address` (the port has no MAC or
 * IP to use), `not-bound-here` (no interface of conf.db has `external_ids:iface-id` = the port:
 * it is bound on another chassis, or not at all), `bad-target` (`to` is neither an IP, an
 * `IP:PORT/PROTO` nor a logical port), `bad-option` (a protocol or option that does not fit).
 */
export type PacketBuildErrorCode = "missing-source" | "unknown-port" | "no-address" | "not-bound-here" | "bad-target" | "bad-option";

/**
 * Thrown by {@link buildPacket}. For `unknown-port`, `suggestions` lists the closest logical
 * port names (`did you mean ...`).
 *
 * @example
 * ```ts
 * import { buildPacket, isPacketBuildError } from "ovskit";
 * try { buildPacket({ from: "ns3_pod3", to: "10.244.1.3" }, { sb, confDb }); }
 * catch (e) { if (isPacketBuildError(e)) console.log(e.code, e.suggestions); } // "unknown-port" ["ns3_pod3-ovn-worker", ...]
 * ```
 */
export class PacketBuildError extends OvskitError {
  declare readonly code: PacketBuildErrorCode;
  /** Close names, for `unknown-port`. */
  readonly suggestions: readonly string[];

  constructor(code: PacketBuildErrorCode, message: string, suggestions: readonly string[] = []) {
    super(code, message);
    this.name = "PacketBuildError";
    this.suggestions = suggestions;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is a {@link PacketBuildError}, also across realms.
 *
 * @example
 * ```ts
 * import { buildPacket, isPacketBuildError } from "ovskit";
 * try { buildPacket({ from: "nope", to: "10.0.0.1" }, { sb }); } catch (e) { if (isPacketBuildError(e)) console.log(e.message); }
 * ```
 */
export function isPacketBuildError(e: unknown): e is PacketBuildError {
  return hasBrand(e, BRAND);
}
