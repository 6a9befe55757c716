/**
 * Streaming parse of `ovs-ofctl dump-flows` output that does not fit in one string.
 *
 * @module
 */
import type { Issue } from "../core/dump-lines.js";
import { streamDump } from "../core/dump-stream.js";
import { type EagerActionsOption, type LazyActionsOption, flowLineEngine } from "./dump.js";
import type { AnyFlow, Flow, LazyFlow } from "./flow.js";

/** One item of {@link parseFlowStream}: a flow or an issue, in input order. */
export type FlowStreamItem<F extends AnyFlow = Flow> =
  | { readonly type: "flow"; readonly flow: F }
  | { readonly type: "issue"; readonly issue: Issue };

/** Options of {@link parseFlowStream}. */
export interface ParseFlowStreamOptions {
  /** Keep the actions as text ({@link LazyFlow}); checked all the same. */
  readonly lazyActions?: boolean;
  /** Throw an {@link OvsParseError} at the first bad line instead of yielding it as an issue. */
  readonly strict?: boolean;
}

/**
 * Parses a dump from an async source of text or bytes (a Node stream, a `fetch` body, a
 * child process's stdout) and yields flows and issues as they are read, in constant memory.
 * Lenient like {@link parseFlowDump}: a bad line is yielded as an issue (the same issues, in the
 * same order); set `strict: true` to throw instead.
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
  options: ParseFlowStreamOptions & LazyActionsOption,
): AsyncGenerator<FlowStreamItem<LazyFlow>>;
export function parseFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options?: ParseFlowStreamOptions & EagerActionsOption,
): AsyncGenerator<FlowStreamItem<Flow>>;
export function parseFlowStream(source: AsyncIterable<string | Uint8Array>, options?: ParseFlowStreamOptions): AsyncGenerator<FlowStreamItem<AnyFlow>>;
export function parseFlowStream(source: AsyncIterable<string | Uint8Array>, options: ParseFlowStreamOptions = {}): AsyncGenerator<FlowStreamItem<AnyFlow>> {
  return streamDump(
    source,
    (onItem, onIssue) => flowLineEngine({ lazyActions: options.lazyActions, strict: options.strict === true }, onItem, onIssue),
    (flow: AnyFlow): FlowStreamItem<AnyFlow> => ({ type: "flow", flow }),
  );
}
