/**
 * Reading dumps from files, plain or gzip-compressed, in Node.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import {
  type AnyFlow,
  type Flow,
  type FlowDump,
  type FlowStreamItem,
  type LazyFlow,
  type ParseFlowStreamOptions,
  parseFlowDump,
  parseFlowStream,
} from "ovskit";

/**
 * Reads a whole text file; `.gz` files are decompressed.
 *
 * @example
 * ```ts
 * import { readTextFile } from "ovskit/node";
 * const text = await readTextFile("br-int.flows.gz");
 * ```
 */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/**
 * Opens a file (`.gz` decompressed on the fly) as an async iterable of byte chunks, for the
 * streaming parsers.
 *
 * @example
 * ```ts
 * import { openTextStream } from "ovskit/node";
 * import { parseFlowStream } from "ovskit";
 * for await (const item of parseFlowStream(openTextStream("br-int.flows"))) { }
 * ```
 */
export function openTextStream(path: string): AsyncIterable<Uint8Array> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
}

/**
 * Reads and parses a flow dump file leniently ({@link parseFlowDump}); `{ lazyActions: true }`
 * gives {@link LazyFlow}s.
 *
 * @example
 * ```ts
 * import { readFlowDump } from "ovskit/node";
 * const { items, issues } = await readFlowDump("br-int.flows");
 * ```
 */
export function readFlowDump(path: string, options: { readonly lazyActions: true }): Promise<FlowDump<LazyFlow>>;
export function readFlowDump(path: string, options?: { readonly lazyActions?: false }): Promise<FlowDump<Flow>>;
export function readFlowDump(path: string, options?: { readonly lazyActions?: boolean }): Promise<FlowDump<AnyFlow>>;
export async function readFlowDump(path: string, options: { readonly lazyActions?: boolean } = {}): Promise<FlowDump<AnyFlow>> {
  return parseFlowDump(await readTextFile(path), options);
}

/**
 * Streams a flow dump file ({@link parseFlowStream}) in constant memory.
 *
 * @example
 * ```ts
 * import { streamFlowFile } from "ovskit/node";
 * for await (const item of streamFlowFile("huge.flows.gz")) if (item.type === "issue") console.error(item.issue);
 * ```
 */
export function streamFlowFile(path: string, options: ParseFlowStreamOptions & { readonly lazyActions: true }): AsyncGenerator<FlowStreamItem<LazyFlow>>;
export function streamFlowFile(path: string, options?: ParseFlowStreamOptions & { readonly lazyActions?: false }): AsyncGenerator<FlowStreamItem<Flow>>;
export function streamFlowFile(path: string, options?: ParseFlowStreamOptions): AsyncGenerator<FlowStreamItem<AnyFlow>>;
export function streamFlowFile(path: string, options: ParseFlowStreamOptions = {}): AsyncGenerator<FlowStreamItem<AnyFlow>> {
  return parseFlowStream(openTextStream(path), options);
}
