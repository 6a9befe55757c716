/**
 * {@link ReplicaError}: why a local replica could not start, or why one of its commands could
 * not run. Every message says what to install or to fix.
 *
 * @module
 */
import { OvskitError } from "ovskit";

/** Why a replica failed. */
export type ReplicaProblem =
  /** An OVS / OVN program is not installed (or not on the search path); the message names the Debian package. */
  | "missing-binary"
  /** A database or dump file cannot be read, is not what it was given as, or the tools reject it. */
  | "bad-file"
  /** The source (sos report, ovs-save directory, files) has nothing a replica can be built from. */
  | "bad-source"
  /** A TCP port asked for (`tcp` option) is already taken by another program. */
  | "address-in-use"
  /** The directory holds a running replica (its sockets are in use) or files that are not a replica's. */
  | "dir-in-use"
  /** A daemon (ovsdb-server, ovs-vswitchd) did not start; its log is quoted. */
  | "daemon-failed"
  /** Restoring TLV maps, meters, groups or flows into the replica failed (the ovs-ofctl error is quoted). */
  | "restore-failed"
  /** A daemon or a command did not answer in time (killed). */
  | "timeout"
  /** The replica was stopped, or the database the command needs is not served by it. */
  | "not-available";

const BRAND = Symbol.for("ovskit.ReplicaError");

/**
 * A replica that cannot start (every daemon it started is stopped again before this is thrown)
 * or a command it cannot run. `problem` is machine-readable; `detail` carries the failing
 * command's stderr or the daemon's log tail, when there is one.
 *
 * @example
 * ```ts
 * import { startReplica, readOvsSave, isReplicaError } from "ovskit/node";
 * try {
 *   await startReplica(await readOvsSave("/tmp/save"));
 * } catch (e) {
 *   if (isReplicaError(e) && e.problem === "missing-binary") console.error(e.message); // "... apt-get install openvswitch-switch"
 * }
 * ```
 */
export class ReplicaError extends OvskitError {
  /** Machine-readable reason (the same as {@link ReplicaError.problem}). */
  declare readonly code: ReplicaProblem;
  readonly problem: ReplicaProblem;
  /** The stderr of the failing command or the tail of the daemon's log (may be empty). */
  readonly detail: string;

  constructor(problem: ReplicaProblem, message: string, options: { readonly detail?: string; readonly cause?: unknown } = {}) {
    super(problem, message, { cause: options.cause });
    this.name = "ReplicaError";
    this.problem = problem;
    this.detail = options.detail ?? "";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is a {@link ReplicaError}, also across realms.
 *
 * @example
 * ```ts
 * import { isReplicaError } from "ovskit/node";
 * isReplicaError(new Error("x")); // false
 * ```
 */
export function isReplicaError(e: unknown): e is ReplicaError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
