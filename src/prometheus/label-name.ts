/**
 * A label name as the path segment of `/api/v1/label/<name>/values`.
 *
 * @module
 */

/** Go's `model.IsValidLegacyMetricName`: the names that go into the path as they are. */
const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const isLegacyChar = (c: number, first: boolean): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (!first && c >= 0x30 && c <= 0x39);

/**
 * Encodes a label name for the path of `/api/v1/label/<name>/values` the way Prometheus
 * expects it: a legacy name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) as it is, any other name (UTF-8 label
 * names of Prometheus 3) in Prometheus's `U__` value-encoding escaping (`_` doubled, any other
 * character as `_<hex code point>_`, as `model.EscapeName(name, model.ValueEncodingEscaping)`
 * does), then percent-encoded. The result can never leave its path segment.
 *
 * @example
 * ```ts
 * import { labelNamePathSegment } from "ovskit";
 * labelNamePathSegment("bridge");      // "bridge"
 * labelNamePathSegment("http.status"); // "U__http_2e_status"
 * labelNamePathSegment("../x");        // "U___2e__2e__2f_x"
 * ```
 */
export function labelNamePathSegment(name: string): string {
  if (LEGACY_NAME.test(name)) return encodeURIComponent(name);
  let out = "U__";
  let first = true;
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c === 0x5f) out += "__";
    else if (isLegacyChar(c, first)) out += ch;
    else if (c >= 0xd800 && c <= 0xdfff) out += "_FFFD_"; // a lone surrogate: not a valid rune
    else out += `_${c.toString(16)}_`;
    first = false;
  }
  return encodeURIComponent(out);
}
