/**
 * Splitting a stream of text or bytes into lines with constant memory.
 *
 * @module
 */

/**
 * Yields batches of complete lines from an async source of strings or UTF-8 bytes (chunks may
 * split lines and multi-byte characters anywhere). Each batch holds the lines completed by
 * one chunk; a last line without a newline is yielded at the end. `\r\n` endings are handled.
 *
 * @example
 * ```ts
 * import { lineBatches } from "ovskit";
 * import { createReadStream } from "node:fs";
 * for await (const lines of lineBatches(createReadStream("br-int.flows"))) console.log(lines.length);
 * ```
 */
export async function* lineBatches(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  for await (const chunk of source) {
    const text = carry + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push(text.slice(start, end));
      start = nl + 1;
    }
    // Copy the remainder so that it does not keep the whole chunk alive.
    carry = start === 0 ? text : text.slice(start);
    if (lines.length > 0) yield lines;
  }
  const tail = carry + decoder.decode();
  if (tail.length > 0) yield [tail.endsWith("\r") ? tail.slice(0, -1) : tail];
}
