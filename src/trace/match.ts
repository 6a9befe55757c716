/**
 * The flows a trace prints (`Flow:`, `Final flow:`, `Megaflow:`, each step's match, the NAT
 * lines) are OpenFlow matches without `priority` or `actions`: typed here, item by item, by the
 * OpenFlow match parser.
 *
 * @module
 */
import { OvsParseError } from "../core/errors.js";
import { internSlice } from "../core/intern.js";
import { findTopLevel, wordEnd } from "../core/scanner.js";
import { parseMatchValue, type MatchField } from "../openflow/match.js";

/**
 * Parses a comma-separated OpenFlow match at `text[start, end)` (`tcp,in_port=4,nw_dst=10.96.0.2`)
 * into typed items, in the order written. Throws {@link OvsParseError} on a malformed item or a
 * value that does not have its field's type.
 *
 * @example
 * ```ts
 * import { parseTraceMatch } from "ovskit";
 * const m = parseTraceMatch("ct_state=new|trk,tcp,nw_dst=10.96.0.2,tp_dst=80");
 * m[1];        // { name: "tcp" }
 * m[2]?.value; // { kind: "ipv4", value: "10.96.0.2" }
 * ```
 */
export function parseTraceMatch(text: string, start = 0, end = text.length): MatchField[] {
  const out: MatchField[] = [];
  let pos = start;
  while (pos < end) {
    const nameEnd = wordEnd(text, pos, end);
    if (nameEnd === pos) throw new OvsParseError("syntax", "expected a match field", text, pos);
    const c = nameEnd < end ? text.charCodeAt(nameEnd) : 44;
    if (c === 44 /* , */) {
      out.push({ name: internSlice(text, pos, nameEnd) });
      pos = nameEnd + 1;
      if (pos === end) throw new OvsParseError("syntax", "empty match field", text, pos);
      continue;
    }
    if (c !== 61 /* = */) throw new OvsParseError("syntax", `unexpected '${text[nameEnd]}' in match`, text, nameEnd);
    let valueEnd = findTopLevel(text, 44, nameEnd + 1, end);
    if (valueEnd < 0) valueEnd = end;
    const name = internSlice(text, pos, nameEnd);
    out.push({ name, value: parseMatchValue(name, text, nameEnd + 1, valueEnd) });
    pos = valueEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", "empty match field", text, pos);
  }
  return out;
}
