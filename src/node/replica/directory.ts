/**
 * The replica's directory: created fresh, or reused when empty or when it holds a stopped
 * replica; refused when a replica runs in it or when it holds anything else. And the TCP
 * ports asked for, checked before any daemon starts.
 *
 * @module
 */
import { existsSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { liveDaemons } from "./daemons.js";
import { ReplicaError } from "./errors.js";

/**
 * The file that marks a directory as a replica's (so that it may be wiped and reused).
 *
 * @internal
 */
export const REPLICA_MARKER = ".ovskit-replica";

/**
 * Creates or claims the replica directory; returns its real path.
 *
 * @internal
 * @example
 * ```ts
 * const dir = await claimDir(undefined); // "/tmp/ovskit-replica-AbC123"
 * ```
 */
export async function claimDir(wanted: string | undefined): Promise<string> {
  let dir: string;
  if (wanted === undefined) {
    dir = await mkdtemp(join(tmpdir(), "ovskit-replica-"));
  } else {
    dir = resolve(wanted);
    if (existsSync(dir)) {
      const entries = await readdir(dir).catch((e: unknown) => {
        throw new ReplicaError("dir-in-use", `${dir}: not a readable directory (${(e as Error).message})`, { cause: e });
      });
      if (entries.length > 0) {
        if (!entries.includes(REPLICA_MARKER)) {
          throw new ReplicaError("dir-in-use", `${dir} exists, is not empty and is not a replica directory: refusing to use it (give a new or empty directory)`);
        }
        const live = liveDaemons(realpathSync(dir));
        if (live.length > 0) {
          throw new ReplicaError("dir-in-use", `a replica is running in ${dir} (pids ${live.join(", ")}): stop it first (replica.stop()) or give another directory`);
        }
        for (const e of entries) await rm(join(dir, e), { recursive: true, force: true });
      }
    } else {
      await mkdir(dir, { recursive: true });
    }
  }
  dir = realpathSync(dir);
  await writeFile(join(dir, REPLICA_MARKER), "a local replica of ovskit (startReplica); stop() removes this directory\n");
  return dir;
}

/**
 * Throws `address-in-use` when one of `ports` cannot be bound on 127.0.0.1.
 *
 * @internal
 * @example
 * ```ts
 * await checkPortsFree([{ what: "nb", port: 6641 }]);
 * ```
 */
export async function checkPortsFree(ports: readonly { readonly what: string; readonly port: number }[]): Promise<void> {
  for (const { what, port } of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ReplicaError("address-in-use", `tcp.${what}: ${port} is not a TCP port number (1-65535)`);
    await new Promise<void>((ok, fail) => {
      const srv = createServer();
      srv.once("error", (e: NodeJS.ErrnoException) =>
        fail(new ReplicaError("address-in-use", `tcp.${what}: port ${port} on 127.0.0.1 is already in use (${e.code ?? e.message}): pick another port or stop the program that holds it`, { cause: e })),
      );
      srv.listen(port, "127.0.0.1", () => srv.close(() => ok()));
    });
  }
}
