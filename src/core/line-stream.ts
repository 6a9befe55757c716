/**
 * Splitting a stream of text or bytes into lines with constant memory.
 *
 * @module
 */

/**
 * Yields batches of complete lines from an async source of strings or UTF-8 bytes (chunks may
 * split lines and multi-byte characters anywhere). Each batch holds the lines completed by
 * one chunk; a last line without a line ending is yielded at the end. Lines end as in
 * {@link forEachLine}: `\n`, `\r\n` or a lone `\r`; a byte order mark at the start is skipped.
 *
 * @example
 * ```ts
 * import { lineBatches } from "ovskit";
 * import { createReadStream } from "node:fs";
 * for await (const lines of lineBatches(createReadStream("br-int.flows"))) console.log(lines.length);
 * ```
 */
export async function* lineBatches(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string[]> {
  // The decoder drops a BOM at the start of byte input; string input is checked below.
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  let first = true;
  for await (const chunk of source) {
    let text = carry + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines: string[] = [];
    const start = splitLines(text, lines);
    // Copy the remainder so that it does not keep the whole chunk alive.
    carry = start === 0 ? text : text.slice(start);
    if (lines.length > 0) yield lines;
  }
  let tail = carry + decoder.decode();
  if (first && tail.charCodeAt(0) === 0xfeff) tail = tail.slice(1);
  if (tail.length > 0) {
    const lines: string[] = [];
    const start = splitLines(tail, lines);
    if (start < tail.length) lines.push(tail.slice(start, tail.endsWith("\r") ? -1 : undefined));
    if (lines.length > 0) yield lines;
  }
}

/**
 * Appends the complete lines of `text` to `out` and returns where the incomplete rest starts. A
 * `\r` at the very end stays in the rest: the next chunk may start with its `\n`.
 */
function splitLines(text: string, out: string[]): number {
  const len = text.length;
  let start = 0;
  let cr = text.indexOf("\r");
  if (cr < 0) cr = len;
  for (;;) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = len;
    if (cr < nl) {
      if (cr === len - 1) return start;
      out.push(text.slice(start, cr));
      start = cr + 1 === nl ? nl + 1 : cr + 1;
      cr = text.indexOf("\r", start);
      if (cr < 0) cr = len;
      continue;
    }
    if (nl === len) return start;
    out.push(text.slice(start, nl));
    start = nl + 1;
  }
}
