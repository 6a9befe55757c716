/**
 * {@link OfflineInputError}: an offline collection (sos report, ovs-save directory, flows
 * directory) that cannot be read at all.
 *
 * @module
 */
import { OvskitError } from "ovskit";

/** Why an offline input could not be read. */
export type OfflineInputProblem =
  /** The path does not exist or cannot be read. */
  | "not-found"
  /** The path exists but is not what the reader expects (no `sos_commands/`, no dumps...). */
  | "not-a-collection"
  /** `tar` is missing or failed to extract the tarball. */
  | "extract-failed";


const BRAND = Symbol.for("ovskit.OfflineInputError");

/**
 * An offline input that cannot be read at all (a part that is missing or does not parse is not
 * an error: readers list it in `missing` / `issues`).
 *
 * @example
 * ```ts
 * import { readSosReport, isOfflineInputError } from "ovskit/node";
 * try { await readSosReport("/tmp/not-a-report"); } catch (e) { if (isOfflineInputError(e)) console.error(e.problem, e.path); }
 * ```
 */
export class OfflineInputError extends OvskitError {
  /** Machine-readable reason (the same as {@link OfflineInputError.problem}). */
  declare readonly code: OfflineInputProblem;
  readonly problem: OfflineInputProblem;
  readonly path: string;

  constructor(problem: OfflineInputProblem, path: string, reason: string, cause?: unknown) {
    super(problem, `${path}: ${reason}`, { cause });
    this.name = "OfflineInputError";
    this.problem = problem;
    this.path = path;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is an {@link OfflineInputError}, also across realms.
 *
 * @example
 * ```ts
 * import { isOfflineInputError } from "ovskit/node";
 * isOfflineInputError(new Error("x")); // false
 * ```
 */
export function isOfflineInputError(e: unknown): e is OfflineInputError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
