/**
 * {@link LiveSourceError}: why a live dump (`ovs-ofctl dump-flows`, `ovs-appctl
 * dpctl/dump-flows`) gave no result.
 *
 * @module
 */
import { OvskitError } from "ovskit";

/** Why a live dump failed. */
export type LiveSourceProblem =
  /** The program (`ovs-ofctl`, `ovs-appctl`) is not installed or not on `PATH`. */
  | "tool-missing"
  /** The target refused or does not exist (no such bridge or socket, connection refused). */
  | "unreachable"
  /** The target did not answer within the timeout; the program was killed. */
  | "timeout"
  /** The program ran but its output is not a dump of the expected kind. */
  | "not-a-dump"
  /** The program exited with an error that is none of the above (its stderr is in `stderr`). */
  | "failed"
  /** The caller aborted (its `AbortSignal` fired); the program was killed. */
  | "aborted";


const BRAND = Symbol.for("ovskit.LiveSourceError");

/**
 * A live dump that gave no result: the program is missing, the target is unreachable or too
 * slow, or the output is not a dump. Carries the command line, the target, the exit status and
 * the program's stderr.
 *
 * @example
 * ```ts
 * import { dumpFlows, isLiveSourceError } from "ovskit/node";
 * try {
 *   await dumpFlows("tcp:10.0.0.7:6640", { timeoutMs: 5000 });
 * } catch (e) {
 *   if (isLiveSourceError(e)) console.error(e.problem, e.target, e.stderr);
 * }
 * ```
 */
export class LiveSourceError extends OvskitError {
  /** Machine-readable reason (the same as {@link LiveSourceError.problem}). */
  declare readonly code: LiveSourceProblem;
  /** Machine-readable reason. */
  readonly problem: LiveSourceProblem;
  /** The target asked for (bridge, `unix:` socket, `tcp:IP:PORT`, or an appctl target). */
  readonly target: string;
  /** The command line that ran (for messages; arguments are not shell-quoted). */
  readonly command: string;
  /** The exit status, when the program ran and exited. */
  readonly exitCode: number | undefined;
  /** What the program printed on stderr (the last 16 KiB). */
  readonly stderr: string;

  constructor(
    problem: LiveSourceProblem,
    reason: string,
    details: { readonly target: string; readonly command: string; readonly exitCode?: number | undefined; readonly stderr?: string; readonly cause?: unknown },
  ) {
    super(problem, `${details.command}: ${reason}`, { cause: details.cause });
    this.name = "LiveSourceError";
    this.problem = problem;
    this.target = details.target;
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? "";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is a {@link LiveSourceError}, also across realms.
 *
 * @example
 * ```ts
 * import { dumpFlows, isLiveSourceError } from "ovskit/node";
 * const flows = await dumpFlows("br-int").catch((e) => (isLiveSourceError(e) && e.problem === "unreachable" ? undefined : Promise.reject(e)));
 * ```
 */
export function isLiveSourceError(e: unknown): e is LiveSourceError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
