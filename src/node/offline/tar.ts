/**
 * Extracting a tarball (`.tar.xz`, `.tar.gz`, `.tar`...) through the system `tar`.
 *
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLiveSourceError } from "../tools/live-source-error.js";
import { toolOutput } from "../tools/run-tool.js";
import { OfflineInputError } from "./errors.js";

/** An extracted tarball: its directory, and `remove()` to delete it. */
export interface ExtractedTarball {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * True for names ending in `.tar`, `.tar.xz`, `.txz`, `.tar.gz`, `.tgz`, `.tar.bz2` or `.tar.zst`.
 *
 * @example
 * ```ts
 * import { isTarballName } from "ovskit/node";
 * isTarballName("sosreport-node1-2024-01-01-abcdefg.tar.xz"); // true
 * ```
 */
export function isTarballName(path: string): boolean {
  return /\.(?:tar(?:\.(?:xz|gz|bz2|zst))?|txz|tgz)$/i.test(path);
}

/**
 * Extracts a tarball into a new temporary directory with the system `tar` (which picks the
 * decompressor: `xz` must be installed for `.tar.xz`). Throws an `extract-failed`
 * {@link OfflineInputError} when `tar` is missing or fails.
 *
 * @example
 * ```ts
 * import { extractTarball } from "ovskit/node";
 * const x = await extractTarball("sosreport-node1.tar.xz");
 * try { console.log(x.dir); } finally { await x.remove(); }
 * ```
 */
export async function extractTarball(path: string, options: { readonly tmpRoot?: string; readonly timeoutMs?: number } = {}): Promise<ExtractedTarball> {
  const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), "ovskit-extract-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    // --no-same-owner / --no-same-permissions: files readable by us whatever the archive says.
    const out = toolOutput({ program: "tar", args: ["-xf", path, "-C", dir, "--no-same-owner", "--no-same-permissions"], target: path, timeoutMs: options.timeoutMs ?? 120_000 });
    for await (const _ of out) {
      // tar prints nothing on stdout with -x
    }
  } catch (e) {
    await remove();
    const reason = isLiveSourceError(e) ? (e.problem === "tool-missing" ? "tar not found" : `tar failed: ${e.stderr.trim() || e.message}`) : String(e);
    throw new OfflineInputError("extract-failed", path, reason, e);
  }
  return { dir, remove };
}
