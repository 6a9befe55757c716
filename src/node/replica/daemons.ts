/**
 * Starting the replica's daemons (`--detach`, pid file, log and control socket in its
 * directory) and stopping exactly those: a pid is only signalled while its command line still
 * names the replica's directory (the guard of fixtures-gen/sandbox/down.sh against pid reuse).
 *
 * @module
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ReplicaError } from "./errors.js";
import { runTool } from "./run.js";

/** One daemon of a replica, as plain data. */
export interface ReplicaDaemon {
  /** `ovsdb-server` (conf.db), `ovnnb_db`, `ovnsb_db` or `ovs-vswitchd`. */
  readonly name: string;
  readonly program: "ovsdb-server" | "ovs-vswitchd";
  readonly pid: number;
  readonly pidFile: string;
  readonly logFile: string;
}

/** OVS / OVN daemon names in /proc/PID/comm that a sweep may stop. */
const DAEMON_COMMS = new Set(["ovsdb-server", "ovs-vswitchd", "ovn-northd", "ovn-controller"]);

/** The command line of `pid` (arguments joined by spaces), or `undefined` when it is gone. */
function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return undefined;
  }
}

/**
 * True while `pid` is alive and its command line names `dir` (so it is this replica's daemon).
 *
 * @internal
 * @example
 * ```ts
 * isOurs(1234, "/tmp/ovskit-replica-x"); // false once it exited
 * ```
 */
export function isOurs(pid: number, dir: string): boolean {
  const c = cmdline(pid);
  if (c === undefined) return false;
  // A zombie keeps no command line: it is gone for our purposes.
  return c.includes(`${dir}/`);
}

/**
 * Starts `program` detached with its pid file and log in `dir`; resolves when the daemon is
 * ready (`--detach` returns only then). Throws `daemon-failed` with the log tail when it exits
 * with an error.
 *
 * @internal
 * @example
 * ```ts
 * await startDaemon("ovsdb-server", "ovsdb-server", ["conf.db", "--remote=punix:db.sock"], dir, env, 30_000);
 * ```
 */
export async function startDaemon(
  name: string,
  program: ReplicaDaemon["program"],
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ReplicaDaemon> {
  const pidFile = join(dir, `${name}.pid`);
  const logFile = join(dir, `${name}.log`);
  const full = [...args, "-vconsole:off", "-vfile:info", `--pidfile=${pidFile}`, `--log-file=${logFile}`, "--detach", "--no-chdir"];
  let r;
  try {
    r = await runTool(program, full, { env, timeoutMs });
  } catch (e) {
    // A daemon that hung while detaching may still have written its pid: stop it.
    await stopDaemons([{ name, program, pid: readPid(pidFile) ?? -1, pidFile, logFile }], dir, 2000);
    throw e;
  }
  const pid = readPid(pidFile);
  if (r.exitCode !== 0 || pid === undefined) {
    if (pid !== undefined) await stopDaemons([{ name, program, pid, pidFile, logFile }], dir, 2000);
    const log = await logTail(logFile);
    const why = (r.stderr.trim().split("\n").filter((l) => !/opened log file/.test(l)).pop() ?? "").replace(/^\S+\|\d+\|\w+\|\w+\|/, "");
    throw new ReplicaError("daemon-failed", `${program} (${name}) did not start${why === "" ? ` (exit status ${r.exitCode})` : `: ${why}`}`, {
      detail: [r.stderr.trim(), log].filter((s) => s !== "").join("\n--- log ---\n"),
    });
  }
  return { name, program, pid, pidFile, logFile };
}

/**
 * The pid in a pid file, or `undefined`.
 *
 * @internal
 * @example
 * ```ts
 * readPid("/tmp/r/ovs-vswitchd.pid"); // 4242
 * ```
 */
export function readPid(pidFile: string): number | undefined {
  try {
    const n = Number.parseInt(readFileSync(pidFile, "utf8").trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The last `lines` lines of a daemon log, for error messages (empty when there is none).
 *
 * @internal
 * @example
 * ```ts
 * await logTail("/tmp/r/ovs-vswitchd.log");
 * ```
 */
export async function logTail(logFile: string, lines = 15): Promise<string> {
  try {
    return (await readFile(logFile, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every pid that belongs to `dir`: the daemons given, their pid files, and a /proc sweep. */
function ourPids(daemons: readonly ReplicaDaemon[], dir: string): number[] {
  const pids = new Set<number>();
  for (const d of daemons) {
    if (d.pid > 0) pids.add(d.pid);
    const p = readPid(d.pidFile);
    if (p !== undefined) pids.add(p);
  }
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".pid")) continue;
      const p = readPid(join(dir, f));
      if (p !== undefined) pids.add(p);
    }
  }
  for (const pid of sweep(dir)) pids.add(pid);
  return [...pids].filter((pid) => pid !== process.pid && isOurs(pid, dir));
}

/** OVS / OVN daemons whose `--pidfile` is in `dir` (found through /proc). */
function sweep(dir: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${e}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (!DAEMON_COMMS.has(comm)) continue;
    if (cmdline(Number(e))?.includes(`--pidfile=${dir}/`) === true) out.push(Number(e));
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Stops the daemons (clients first, in the order given), and any other OVS daemon whose pid
 * file is in `dir`: SIGTERM, then SIGKILL after `graceMs`. Only pids whose command line names
 * `dir` are signalled. Never throws.
 *
 * @internal
 * @example
 * ```ts
 * await stopDaemons(replicaDaemons, "/tmp/ovskit-replica-x", 5000);
 * ```
 */
export async function stopDaemons(daemons: readonly ReplicaDaemon[], dir: string, graceMs: number): Promise<void> {
  const pids = ourPids(daemons, dir);
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (pids.some((p) => isOurs(p, dir)) && Date.now() < deadline) await sleep(50);
  for (const pid of pids) if (isOurs(pid, dir)) signal(pid, "SIGKILL");
  const killDeadline = Date.now() + 2000;
  while (pids.some((p) => isOurs(p, dir)) && Date.now() < killDeadline) await sleep(20);
}

/**
 * The synchronous form of {@link stopDaemons}, for a process `exit` hook (no event loop).
 *
 * @internal
 * @example
 * ```ts
 * process.once("exit", () => stopDaemonsSync(daemons, dir, 2000));
 * ```
 */
export function stopDaemonsSync(daemons: readonly ReplicaDaemon[], dir: string, graceMs: number): void {
  const pids = ourPids(daemons, dir);
  for (const pid of pids) signal(pid, "SIGTERM");
  const wait = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + graceMs;
  while (pids.some((p) => isOurs(p, dir)) && Date.now() < deadline) Atomics.wait(wait, 0, 0, 20);
  for (const pid of pids) if (isOurs(pid, dir)) signal(pid, "SIGKILL");
}

/**
 * Pids of live daemons that belong to `dir` (pid files in it, or a `--pidfile` in it on their
 * command line): a directory with any of them is in use.
 *
 * @internal
 * @example
 * ```ts
 * liveDaemons("/tmp/ovskit-replica-x"); // []
 * ```
 */
export function liveDaemons(dir: string): number[] {
  return ourPids([], dir);
}
