/**
 * {@link InputFileError}: a file given to a reader that cannot be read as text (missing,
 * unreadable, a directory, a broken gzip stream, or binary data).
 *
 * @module
 */
import { OvskitError } from "ovskit";

/** Why an input file could not be read as text. */
export type InputFileProblem =
  /** No such file. */
  | "not-found"
  /** The path is a directory. */
  | "is-directory"
  /** Permission denied or another I/O error. */
  | "unreadable"
  /** It starts like gzip but does not decompress. */
  | "bad-gzip"
  /** Binary data (NUL bytes or invalid UTF-8), neither text nor gzip. */
  | "binary";

const BRAND = Symbol.for("ovskit.InputFileError");

/**
 * An input file that cannot be read as text. The message is one line and names the path.
 *
 * @example
 * ```ts
 * import { readInputText, isInputFileError } from "ovskit/node";
 * try { await readInputText("missing.flows"); } catch (e) { if (isInputFileError(e)) console.error(e.problem, e.message); }
 * ```
 */
export class InputFileError extends OvskitError {
  /** Machine-readable reason (the same as {@link InputFileError.problem}). */
  declare readonly code: InputFileProblem;
  readonly problem: InputFileProblem;
  /** The path as given. */
  readonly path: string;

  constructor(problem: InputFileProblem, path: string, reason: string, cause?: unknown) {
    super(problem, `${path}: ${reason}`, cause === undefined ? {} : { cause });
    this.name = "InputFileError";
    this.problem = problem;
    this.path = path;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is an {@link InputFileError}, also across realms.
 *
 * @example
 * ```ts
 * import { isInputFileError } from "ovskit/node";
 * isInputFileError(new Error("x")); // false
 * ```
 */
export function isInputFileError(e: unknown): e is InputFileError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
