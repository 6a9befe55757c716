/**
 * Running a dump parser's line engine over an async source of text or bytes, yielding what it
 * produces chunk by chunk: constant memory, input order kept.
 *
 * @module
 */
import type { DumpIssue } from "./dump-lines.js";
import type { LineEngine } from "./line-engine.js";
import { lineBatches } from "./line-stream.js";

/**
 * Feeds every line of `source` to the engine that `makeEngine` builds (given the callbacks for
 * items and issues) and yields, after each chunk, the items (wrapped by `wrap`) and issues it
 * produced, in input order.
 *
 * @example
 * ```ts
 * import { streamDump, LineEngine, parseFlow } from "ovskit";
 * const items = streamDump(
 *   process.stdin,
 *   (onItem, onIssue) => new LineEngine({ parse: (l) => parseFlow(l), strict: false, onItem, onIssue }),
 *   (flow) => ({ type: "flow" as const, flow }),
 * );
 * ```
 */
export async function* streamDump<T, R>(
  source: AsyncIterable<string | Uint8Array>,
  makeEngine: (onItem: (item: T) => void, onIssue: (issue: DumpIssue) => void) => LineEngine<T>,
  wrap: (item: T) => R,
): AsyncGenerator<R | { readonly type: "issue"; readonly issue: DumpIssue }> {
  let batch: (R | { readonly type: "issue"; readonly issue: DumpIssue })[] = [];
  const engine = makeEngine(
    (item) => batch.push(wrap(item)),
    (issue) => batch.push({ type: "issue", issue }),
  );
  let lineNo = 0;
  for await (const lines of lineBatches(source)) {
    for (const line of lines) engine.line(line, ++lineNo);
    const out = batch;
    batch = [];
    yield* out;
  }
  engine.end();
  yield* batch;
}
