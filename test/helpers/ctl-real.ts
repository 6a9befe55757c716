/**
 * The real ovn-nbctl / ovn-sbctl / ovs-vsctl on a database file: the file is copied into a
 * temporary directory (under $OVSKIT_SANDBOX_ROOT, else the system temp dir; a clustered file is
 * converted to a standalone one, as ovs-offline does) and served by a fresh `ovsdb-server` that
 * this process starts and stops (`stop()`, and on exit as a last resort).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { CtlToolName } from "./ctl-cases.js";

/** PATH with the sbin directories (ovsdb-server lives in /usr/sbin). */
export function ovsPath(): string {
  const parts = (process.env.PATH ?? "").split(delimiter).filter((p) => p !== "");
  for (const extra of ["/usr/local/sbin", "/usr/sbin", "/sbin"]) if (!parts.includes(extra)) parts.push(extra);
  return parts.join(delimiter);
}

/** The binaries the comparison needs that are missing. */
export function missingCtlBinaries(): string[] {
  return ["ovsdb-server", "ovsdb-tool", "ovn-nbctl", "ovn-sbctl", "ovs-vsctl"].filter(
    (b) => spawnSync("sh", ["-c", `command -v ${b}`], { env: { PATH: ovsPath() } }).status !== 0,
  );
}

export interface ServedDb {
  readonly socket: string;
  readonly dir: string;
  stop(): void;
}

const live = new Set<ServedDb>();
let hook = false;

/** Serves `bytes` (a database file) with a fresh ovsdb-server. */
export async function serveDb(bytes: Uint8Array, label: string): Promise<ServedDb> {
  const dir = mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), `ovskit-ctl-${label.replace(/[^\w.-]/g, "_")}-`));
  const file = join(dir, "copy.db");
  writeFileSync(file, bytes);
  const env = { PATH: ovsPath() };
  if (spawnSync("ovsdb-tool", ["db-is-clustered", file], { env }).status === 0) {
    const standalone = join(dir, "standalone.db");
    const r = spawnSync("ovsdb-tool", ["cluster-to-standalone", standalone, file], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ovsdb-tool cluster-to-standalone failed: ${r.stderr}`);
    rmSync(file);
    spawnSync("mv", [standalone, file]);
  }
  const socket = join(dir, "db.sock");
  const child: ChildProcess = spawn(
    "ovsdb-server",
    ["-vconsole:off", "-vfile:info", `--log-file=${join(dir, "log")}`, `--remote=punix:${socket}`, `--unixctl=${join(dir, "ctl")}`, "--no-chdir", file],
    { env, stdio: "ignore" },
  );
  for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 25));
  const served: ServedDb = {
    socket,
    dir,
    stop() {
      if (!live.has(served)) return;
      live.delete(served);
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(served);
  if (!hook) {
    hook = true;
    process.once("exit", () => {
      for (const s of live) s.stop();
    });
  }
  if (!existsSync(socket)) {
    served.stop();
    throw new Error(`ovsdb-server did not create ${socket}`);
  }
  return served;
}

export interface RealResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs the real tool against a served database. */
export function runReal(tool: CtlToolName, socket: string, args: readonly string[]): RealResult {
  const r = spawnSync(tool, [`--db=unix:${socket}`, ...args], { env: { PATH: ovsPath() }, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
}

/** {@link runReal} without blocking (for running a few at a time). */
export function runRealAsync(tool: CtlToolName, socket: string, args: readonly string[]): Promise<RealResult> {
  return new Promise((resolve) => {
    const child = spawn(tool, [`--db=unix:${socket}`, ...args], { env: { PATH: ovsPath() }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), exitCode: code ?? -1 });
    });
  });
}

/** Runs `work` on every item, at most `limit` at a time, results in item order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
