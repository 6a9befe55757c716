/**
 * Streaming parse of `ovs-ofctl dump-flows` output that does not fit in one string.
 *
 * @module
 */
import type { DumpIssue } from "../core/dump-lines.js";
import { streamDump } from "../core/dump-stream.js";
import { type ParseFlowsOptions, flowLineEngine } from "./dump.js";
import type { Flow, ParsedFlow } from "./flow.js";

/** One item of {@link parseFlowStream}: a flow or an issue, in input order. */
export type FlowStreamItem =
  | { readonly type: "flow"; readonly flow: Flow }
  | { readonly type: "issue"; readonly issue: DumpIssue };

/**
 * Parses a dump from an async source of text or bytes (a Node stream, a `fetch` body, a
 * child process's stdout) and yields flows and issues as they are read, in constant memory.
 * Lenient: a bad line is yielded as an issue; set `strict: true` to throw instead.
 *
 * @example
 * ```ts
 * import { parseFlowStream } from "ovskit";
 * import { createReadStream } from "node:fs";
 * let packets = 0n;
 * for await (const item of parseFlowStream(createReadStream("br-int.flows"), { lazyActions: true })) {
 *   if (item.type === "flow") packets += item.flow.nPackets ?? 0n;
 *   else console.error(item.issue.message);
 * }
 * ```
 */
export function parseFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options: Omit<ParseFlowsOptions, "onIssue"> = {},
): AsyncGenerator<FlowStreamItem> {
  return streamDump(
    source,
    (onItem, onIssue) => flowLineEngine({ ...options, strict: options.strict === true }, onItem, onIssue),
    (flow: ParsedFlow): FlowStreamItem => ({ type: "flow", flow }),
  );
}
