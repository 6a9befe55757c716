/**
 * Reading the files a user gives on the command line: plain text or gzip (recognised by its
 * magic bytes, whatever the name), `-` for stdin, and one clear {@link InputFileError} for a
 * missing file, a directory or binary data instead of a stack trace or garbage.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import { InputFileError, type InputFileProblem } from "./input-error.js";

/** How many leading bytes the binary check looks at. */
const SNIFF = 64 * 1024;

/**
 * True when `bytes` start with the gzip magic number (`1f 8b`).
 *
 * @example
 * ```ts
 * import { isGzip } from "ovskit/node";
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Why `bytes` (the start of a decompressed input) are not text, or `undefined` when they are:
 * a NUL byte, or invalid UTF-8 in the first 64 KiB. With `partial` (a sample cut from a longer
 * input), a character cut at the end of the sample is allowed.
 *
 * @example
 * ```ts
 * import { binaryReason } from "ovskit/node";
 * binaryReason(new TextEncoder().encode("priority=1 actions=drop")); // undefined
 * binaryReason(new Uint8Array([0x50, 0x4b, 3, 4, 0])); // "a NUL byte at offset 4"
 * ```
 */
export function binaryReason(bytes: Uint8Array, options: { readonly partial?: boolean } = {}): string | undefined {
  const partial = options.partial === true || bytes.length > SNIFF;
  let sample = bytes.subarray(0, SNIFF);
  const nul = sample.indexOf(0);
  if (nul >= 0) return `a NUL byte at offset ${nul}`;
  if (partial) {
    // Drop an incomplete trailing UTF-8 sequence: find the last lead byte among the last 4.
    for (let i = sample.length - 1; i >= Math.max(0, sample.length - 4); i--) {
      const b = sample[i] as number;
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (i + need > sample.length) sample = sample.subarray(0, i);
      break;
    }
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
    return undefined;
  } catch {
    return "invalid UTF-8";
  }
}

function fsProblem(e: unknown): { problem: InputFileProblem; reason: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return { problem: "not-found", reason: "no such file" };
  if (code === "EISDIR") return { problem: "is-directory", reason: "is a directory, not a file" };
  if (code === "EACCES" || code === "EPERM") return { problem: "unreadable", reason: "permission denied" };
  return { problem: "unreadable", reason: `cannot read it (${code ?? (e instanceof Error ? e.message : String(e))})` };
}

function notText(path: string, why: string, gzip: boolean): InputFileError {
  return new InputFileError("binary", path === "-" ? "stdin" : path, `binary data (${why}${gzip ? " after gunzip" : ""}), not a text dump`);
}

/** Bytes of a whole stream. */
async function allBytes(src: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of src) chunks.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * Reads a file the user named (relative paths against the current directory; `-` reads stdin)
 * as text: gzip is recognised by its magic bytes and decompressed; a missing file, a directory,
 * a broken gzip stream or binary data throw an {@link InputFileError} with a one-line message.
 *
 * @example
 * ```ts
 * import { readInputText } from "ovskit/node";
 * import { parseFlowDump } from "ovskit";
 * const dump = parseFlowDump(await readInputText("br-int.flows.gz"));
 * ```
 */
export async function readInputText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = path === "-" ? await allBytes(process.stdin) : await readFile(path);
  } catch (e) {
    const { problem, reason } = fsProblem(e);
    throw new InputFileError(problem, path, reason, e);
  }
  const gzip = isGzip(bytes);
  if (gzip) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new InputFileError("bad-gzip", path, `starts like gzip but does not decompress (${(e as NodeJS.ErrnoException).code ?? "corrupt"})`, e);
    }
  }
  const why = binaryReason(bytes);
  if (why !== undefined) throw notText(path, why, gzip);
  return bytes.toString("utf8");
}

/**
 * Reads a file the user named as bytes, gzip decompressed by magic bytes (for binary-safe
 * readers such as `readOvsdbFile`); errors as {@link readInputText}, without the text check.
 *
 * @example
 * ```ts
 * import { readInputBytes } from "ovskit/node";
 * import { readOvsdbFile } from "ovskit";
 * const sb = readOvsdbFile(await readInputBytes("ovnsb_db.db.gz"));
 * ```
 */
export async function readInputBytes(path: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = path === "-" ? await allBytes(process.stdin) : await readFile(path);
  } catch (e) {
    const { problem, reason } = fsProblem(e);
    throw new InputFileError(problem, path, reason, e);
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new InputFileError("bad-gzip", path, `starts like gzip but does not decompress (${(e as NodeJS.ErrnoException).code ?? "corrupt"})`, e);
  }
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
}

/**
 * Opens a file the user named (`-`: stdin) as a stream of byte chunks for the streaming parsers,
 * in constant memory: gzip recognised by its magic bytes and decompressed on the fly; errors
 * as {@link readInputText} (the binary check looks at the first chunk), thrown by the first
 * `next()`.
 *
 * @example
 * ```ts
 * import { openInputStream } from "ovskit/node";
 * import { parseFlowStream } from "ovskit";
 * for await (const item of parseFlowStream(openInputStream("br-int.flows.gz"))) if (item.type === "issue") console.error(item.issue.message);
 * ```
 */
export async function* openInputStream(path: string): AsyncGenerator<Uint8Array> {
  const raw: AsyncIterable<Uint8Array> = path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const it = raw[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await it.next();
  } catch (e) {
    const { problem, reason } = fsProblem(e);
    throw new InputFileError(problem, path, reason, e);
  }
  if (first.done === true) return;
  const head = typeof first.value === "string" ? Buffer.from(first.value) : first.value;
  const gzip = isGzip(head);
  const body: AsyncIterable<Uint8Array> = gzip ? gunzipped(prepend(head, it), path) : prepend(head, it);
  let checked = false;
  for await (const chunk of body) {
    if (!checked) {
      checked = true;
      const why = binaryReason(chunk, { partial: true });
      if (why !== undefined) throw notText(path, why, gzip);
    }
    yield chunk;
  }
}

async function* gunzipped(src: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip();
  const feeding = pipeline(Readable.from(src), gunzip).catch((e: unknown) => e);
  try {
    for await (const c of gunzip) yield c as Buffer;
  } catch (e) {
    throw new InputFileError("bad-gzip", path, `starts like gzip but does not decompress (${(e as NodeJS.ErrnoException).code ?? "corrupt"})`, e);
  }
  const failed = await feeding;
  if (failed !== undefined) throw new InputFileError("bad-gzip", path, `starts like gzip but does not decompress (${(failed as NodeJS.ErrnoException).code ?? "corrupt"})`, failed);
}
