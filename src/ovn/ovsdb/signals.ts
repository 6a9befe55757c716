/**
 * How the parts of the OVSDB file reader report a problem: by returning it, never by throwing.
 * A schema, transaction or Raft record that is valid JSON but not valid OVSDB gives an
 * {@link Invalid}; the reader turns it into an {@link OvsdbDamage} at the record's byte offset.
 *
 * @module
 * @internal
 */

/**
 * Why a record that is valid JSON is not valid OVSDB. Returned (never thrown) by the decoders;
 * never part of a result.
 *
 * @internal
 */
export class Invalid {
  constructor(readonly message: string) {}
}

/**
 * A new {@link Invalid} with `message`.
 *
 * @internal
 */
export function invalid(message: string): Invalid {
  return new Invalid(message);
}

/**
 * True when a decoder returned an {@link Invalid}.
 *
 * @internal
 */
export function isInvalid(v: unknown): v is Invalid {
  return v instanceof Invalid;
}

/**
 * True for a JSON object (not an array, not null).
 *
 * @internal
 */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A short quotation of a JSON value for messages.
 *
 * @internal
 */
export function quoteJson(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);
  } catch {
    s = Array.isArray(v) ? "[...]" : "{...}"; // too deep to print (a RangeError of the platform)
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
