/**
 * What every fuzz case must satisfy: it returns or throws an `OvskitError` (anything else is a
 * finding: TypeError, RangeError, stack overflow), the error is well formed and bounded, and a
 * result is plain data that `structuredClone` and `toJson` / `fromJson` copy exactly.
 */
import { fromJson, isOvskitError, toJson } from "../../src/index.js";
import { plainDataProblem } from "../helpers/plain-data.js";

/** Longest error message / excerpt accepted: an error never carries a whole 10 MB line. */
export const MAX_ERROR_TEXT = 10_000;

/** The problem with a thrown value, or undefined when it is a well-formed `OvskitError`. */
export function thrownProblem(e: unknown): string | undefined {
  if (!isOvskitError(e)) {
    const name = e instanceof Error ? e.constructor.name : typeof e;
    const message = e instanceof Error ? e.message : String(e);
    return `threw ${name} (not an OvskitError): ${clip(message)}`;
  }
  if (typeof e.code !== "string" || e.code === "") return `OvskitError without a code: ${clip(e.message)}`;
  if (typeof e.message !== "string" || e.message === "") return `OvskitError ${e.code} without a message`;
  if (e.message.length > MAX_ERROR_TEXT) return `OvskitError ${e.code}: message of ${e.message.length} characters`;
  if (e.excerpt !== undefined && e.excerpt.length > MAX_ERROR_TEXT) return `OvskitError ${e.code}: excerpt of ${e.excerpt.length} characters`;
  for (const k of ["line", "column"] as const) {
    const v = e[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) return `OvskitError ${e.code}: ${k} ${String(v)} is not a positive integer`;
  }
  if (e.offset !== undefined && !(Number.isInteger(e.offset) && e.offset >= 0)) return `OvskitError ${e.code}: offset ${e.offset} is not a byte offset`;
  return undefined;
}

/**
 * Documented 0.1 fields kept as non-enumerable properties until 0.3.0 (CHANGELOG, the migration
 * table "trace, detrace, OVN parsers"): the trace's `flow`, `megaflow`, `datapathActions`,
 * `datapathActionsText`, `finalFlow`, `steps`, `bridges`, `children`, `actions`, `notes`, the
 * dump's `trace`, detrace's `step` and `text`, `expr` / `actions` / `reason` / `excerpt` of
 * `tryParseOvnMatch` / `tryParseOvnActions`.
 */
const HIDDEN_01_FIELDS = [
  "flow",
  "megaflow",
  "datapathActions",
  "datapathActionsText",
  "finalFlow",
  "steps",
  "bridges",
  "children",
  "actions",
  "notes",
  "trace",
  "step",
  "text",
  "expr",
  "reason",
  "excerpt",
];

/** The problem with a returned value, or undefined when it is plain data that copies exactly. */
export function resultProblem(value: unknown): string | undefined {
  return resultCheck(value).problem;
}

/** {@link resultProblem}, and the size of the value's JSON (`toJson`), when it got that far. */
export function resultCheck(value: unknown): { problem: string | undefined; jsonChars: number | undefined } {
  let jsonChars: number | undefined;
  const problem = checkResult(value, (n) => (jsonChars = n));
  return { problem, jsonChars };
}

function checkResult(value: unknown, size: (chars: number) => void): string | undefined {
  const plain = plainDataProblem(value, { hiddenFields: HIDDEN_01_FIELDS });
  if (plain !== undefined) return `not plain data: ${plain}`;
  let clone: unknown;
  try {
    clone = structuredClone(value);
  } catch (e) {
    return `structuredClone threw ${describe(e)}`;
  }
  const c = difference(clone, value, "$");
  if (c !== undefined) return `structuredClone differs: ${c}`;
  let json: string;
  try {
    json = toJson(value);
  } catch (e) {
    return `toJson threw ${describe(e)}`;
  }
  size(json.length);
  let back: unknown;
  try {
    back = fromJson(json);
  } catch (e) {
    return `fromJson(toJson(x)) threw ${describe(e)}`;
  }
  const j = difference(back, value, "$");
  return j === undefined ? undefined : `fromJson(toJson(x)) differs: ${j}`;
}

/**
 * Where `a` and `b` differ (strict: same own enumerable keys (a property holding undefined counts
 * as absent, as in JSON), bigint is not number, NaN equals
 * NaN, -0 is not 0, bytes compared by value; a null prototype equals Object.prototype, as
 * `structuredClone` cannot keep it), or undefined.
 */
export function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (typeof a !== "object" || a === null || b === null) return `${path}: ${clip(String(a), 80)} vs ${clip(String(b), 80)}`;
  const x = a as object;
  const y = b as object;
  if (x instanceof Uint8Array || y instanceof Uint8Array) {
    if (!(x instanceof Uint8Array && y instanceof Uint8Array) || x.length !== y.length || x.some((v, i) => v !== y[i])) return `${path}: bytes differ`;
    return undefined;
  }
  if (Array.isArray(x) !== Array.isArray(y)) return `${path}: array vs object`;
  // An object property holding undefined is the same as no property (toJson's contract).
  const defined = (o: object): string[] => Object.keys(o).filter((k) => Array.isArray(o) || (o as Record<string, unknown>)[k] !== undefined);
  const kx = defined(x);
  const ky = defined(y);
  if (kx.length !== ky.length) return `${path}: keys ${clip(kx.join(","), 120)} vs ${clip(ky.join(","), 120)}`;
  for (const k of kx) {
    if (!Object.prototype.hasOwnProperty.call(y, k)) return `${path}.${k}: missing`;
    const d = difference((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], Array.isArray(x) ? `${path}[${k}]` : `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${clip(e.message)}` : clip(String(e));
}

/** At most `n` characters of `s`. */
export function clip(s: string, n = 300): string {
  return s.length <= n ? s : `${s.slice(0, n)}... (${s.length} characters)`;
}

/**
 * The number of lines of a text, by the convention of every dump parser (counted here
 * independently of the library): lines end with `\n`, `\r\n` or a lone `\r`; a last line
 * without an ending counts; a byte order mark at the start is not a line.
 */
export function countLines(text: string): number {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (t.charCodeAt(i + 1) === 10) i++;
    }
  }
  const last = t.charCodeAt(t.length - 1);
  return last === 10 || last === 13 ? n : n + 1;
}

/** The lines of a text by the {@link countLines} convention (1-based: `lines[n - 1]`). */
export function splitLines(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.length === 0) return [];
  const lines = t.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
