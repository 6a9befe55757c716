/**
 * Reading a response body under a byte bound, chunk by chunk: a body larger than the bound is
 * not buffered, the stream is cancelled as soon as the bound is passed.
 *
 * @module
 */
import { PrometheusLimitError } from "./limit-error.js";

/** A reader of a WHATWG `ReadableStream` (what `globalThis.fetch` returns). */
export interface PrometheusBodyReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

/**
 * A response body the client can read chunk by chunk: a WHATWG `ReadableStream` (global fetch)
 * or an async iterable of bytes (node-fetch's Node stream).
 */
export type PrometheusResponseBody = { getReader(): PrometheusBodyReader } | AsyncIterable<Uint8Array | string>;

/** Number of UTF-8 bytes of a string (without allocating the bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** What {@link readBounded} needs. */
export interface BoundedRead {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body?: PrometheusResponseBody | null;
  text(): Promise<string>;
}

/**
 * Cancels a body that will not be read (a redirect's), so that its connection is released.
 * Public for `ovskit/node` and custom transports.
 *
 * @example
 * ```ts
 * import { discardBody } from "ovskit";
 * const res = await fetch(url, { redirect: "manual" });
 * if (res.status >= 300 && res.status < 400) discardBody(res);
 * ```
 */
export function discardBody(res: { readonly body?: unknown }): void {
  const b = res.body as { cancel?: () => Promise<void>; destroy?: () => void; locked?: boolean } | null | undefined;
  try {
    if (typeof b?.cancel === "function" && b.locked !== true) void b.cancel().catch(() => undefined);
    else if (typeof b?.destroy === "function") b.destroy();
  } catch {
    /* nothing to release */
  }
}

/**
 * Reads the whole body as UTF-8 text, refusing more than `maxBytes` bytes (`limit` is the
 * configured bound, for the message). A `Content-Length` over the bound is refused before
 * anything is read; otherwise bytes are counted as they arrive and the stream is cancelled as
 * soon as the bound is passed. A fetch whose response has no `body` stream is read with `text()`
 * and checked afterwards (its memory cannot be bounded). Throws a `PrometheusLimitError`
 * (`body-too-large`) past the bound. Public for `ovskit/node` and custom transports.
 *
 * @example
 * ```ts
 * import { readBounded } from "ovskit";
 * const res = await fetch(url);
 * const { text, bytes } = await readBounded(res, 64 * 1024 * 1024, 64 * 1024 * 1024, "/api/v1/query");
 * ```
 */
export async function readBounded(res: BoundedRead, maxBytes: number, limit: number, path: string): Promise<{ text: string; bytes: number }> {
  const tooLarge = (actual?: number): PrometheusLimitError =>
    new PrometheusLimitError({ code: "body-too-large", path, option: "maxResponseBytes", limit, ...(actual === undefined ? {} : { actual }) });
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  const encoding = (res.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (Number.isFinite(declared) && declared > maxBytes && encoding === "identity") {
    discardBody(res);
    throw tooLarge(declared);
  }
  const body = res.body;
  if (body === undefined || body === null) {
    const text = await res.text();
    const bytes = utf8Length(text);
    if (bytes > maxBytes) throw tooLarge();
    return { text, bytes };
  }
  const decoder = new TextDecoder("utf-8");
  const parts: string[] = [];
  let bytes = 0;
  if ("getReader" in body && typeof body.getReader === "function") {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value === undefined) continue;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } else {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      bytes += typeof chunk === "string" ? utf8Length(chunk) : chunk.byteLength;
      if (bytes > maxBytes) throw tooLarge(); // leaving the loop destroys the stream
      parts.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    }
  }
  parts.push(decoder.decode());
  return { text: parts.join(""), bytes };
}
