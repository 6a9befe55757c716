/**
 * The error of a simulation request `ofproto/trace` itself would refuse, other than bad
 * packet text (see {@link PacketSyntaxError}): an unknown bridge, a bad `--ct-next` state.
 *
 * @module
 */
import { OvskitError } from "../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.SimulationError");

/** Machine-readable reasons of a {@link SimulationError}. */
export type SimulationErrorCode = "unknown-bridge" | "bad-ct-state" | "internal";

/**
 * Thrown by `simulateTrace` / `simulateTraceText` for a request OVS would refuse: `unknown-bridge`
 * (`br-x: unknown bridge`), `bad-ct-state` (a `--ct-next` value `parse_ct_state` /
 * `validate_ct_state` reject), and `internal` for a defect of the simulator itself (reported
 * instead of any other exception).
 *
 * @example
 * ```ts
 * import { simulateTrace, isSimulationError } from "ovskit";
 * try {
 *   simulateTrace(pipeline, "in_port=1,ip", { bridge: "br-nonexistent" });
 * } catch (e) {
 *   if (isSimulationError(e)) console.log(e.code, e.message); // "unknown-bridge", "br-nonexistent: unknown bridge"
 * }
 * ```
 */
export class SimulationError extends OvskitError {
  declare readonly code: SimulationErrorCode;

  constructor(code: SimulationErrorCode, message: string, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.name = "SimulationError";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is a {@link SimulationError}, also across realms.
 *
 * @example
 * ```ts
 * import { isSimulationError } from "ovskit";
 * isSimulationError(new Error("x")); // false
 * ```
 */
export function isSimulationError(e: unknown): e is SimulationError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
