/**
 * Reading dumps from files, plain or gzip-compressed, in Node.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
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
import { isGzip, openInputStream } from "./input.js";

/**
 * Reads a whole text file; gzip files (recognised by their magic bytes, whatever the name) are
 * decompressed. For files a user names, {@link readInputText} also refuses binary data.
 *
 * @example
 * ```ts
 * import { readTextFile } from "ovskit/node";
 * const text = await readTextFile("br-int.flows.gz");
 * ```
 */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8");
}

/**
 * Opens a file (gzip, by its magic bytes, decompressed on the fly) as an async iterable of byte
 * chunks, for the streaming parsers (see {@link openInputStream}).
 *
 * @example
 * ```ts
 * import { openTextStream } from "ovskit/node";
 * import { parseFlowStream } from "ovskit";
 * for await (const item of parseFlowStream(openTextStream("br-int.flows"))) { }
 * ```
 */
export function openTextStream(path: string): AsyncIterable<Uint8Array> {
  return openInputStream(path);
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
