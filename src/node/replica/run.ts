/**
 * Finding the OVS / OVN programs and running them with a bounded time, for the replica.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { ReplicaError } from "./errors.js";

/**
 * What one OVS / OVN command printed: plain data. A non-zero `exitCode` is not an error of the
 * replica (the tool's own message is in `stderr`), so the caller sees exactly what the tool says.
 */
export interface ToolResult {
  /** The program and its arguments as run. */
  readonly command: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The Debian package that ships each program the replica runs. */
const PACKAGES: Readonly<Record<string, string>> = {
  "ovsdb-tool": "openvswitch-common",
  "ovsdb-client": "openvswitch-common",
  "ovs-ofctl": "openvswitch-common",
  "ovs-appctl": "openvswitch-common",
  "ovsdb-server": "openvswitch-switch",
  "ovs-vswitchd": "openvswitch-switch",
  "ovs-vsctl": "openvswitch-switch",
  "ovn-nbctl": "ovn-common (with ovn-central or ovn-host)",
  "ovn-sbctl": "ovn-common (with ovn-central or ovn-host)",
  "ovn-trace": "ovn-common (with ovn-central or ovn-host)",
  tar: "tar",
};

/**
 * The search path for the programs: `path` when given, else this process's `PATH` with
 * `/usr/local/sbin`, `/usr/sbin` and `/sbin` appended (where Debian puts ovsdb-server and
 * ovs-vswitchd).
 *
 * @internal
 * @example
 * ```ts
 * replicaSearchPath(undefined); // "/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"
 * ```
 */
export function replicaSearchPath(path: string | undefined): string {
  if (path !== undefined) return path;
  const parts = (process.env.PATH ?? "").split(delimiter).filter((p) => p !== "");
  for (const extra of ["/usr/local/sbin", "/usr/sbin", "/sbin"]) if (!parts.includes(extra)) parts.push(extra);
  return parts.join(delimiter);
}

/**
 * The full path of `program` on `searchPath`, or `undefined`.
 *
 * @internal
 * @example
 * ```ts
 * findProgram("ovs-vswitchd", "/usr/sbin"); // "/usr/sbin/ovs-vswitchd"
 * ```
 */
export function findProgram(program: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    if (dir === "") continue;
    const p = join(dir, program);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Throws a `missing-binary` {@link ReplicaError} naming every program of `programs` that is not
 * on `searchPath`, with the Debian packages to install.
 *
 * @internal
 * @example
 * ```ts
 * requirePrograms(["ovsdb-server", "ovs-vswitchd"], replicaSearchPath(undefined));
 * ```
 */
export function requirePrograms(programs: readonly string[], searchPath: string): void {
  const missing = programs.filter((p) => findProgram(p, searchPath) === undefined);
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((p) => PACKAGES[p] ?? p))];
  throw new ReplicaError(
    "missing-binary",
    `${missing.join(", ")} not found on the search path (${searchPath}): install ${packages.join(", ")} (Debian: apt-get install ${packages.map((p) => p.split(" ")[0]).join(" ")}) or pass { path } to startReplica`,
  );
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Kill the program after this many milliseconds and throw a `timeout` {@link ReplicaError}. */
  readonly timeoutMs: number;
  /** Text written to the program's stdin (none when absent). */
  readonly input?: string;
}

/**
 * Runs `program` (looked up on `env.PATH`) and collects its output. A program that cannot be
 * started throws a `missing-binary` {@link ReplicaError}; one that runs too long is killed and
 * throws `timeout`; any exit status is returned as is.
 *
 * @internal
 * @example
 * ```ts
 * const r = await runTool("ovs-ofctl", ["--version"], { env: process.env, timeoutMs: 5000 });
 * ```
 */
export function runTool(program: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  const command = [program, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args], { env: options.env, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ENOENT") {
        const pkg = PACKAGES[program] ?? program;
        reject(new ReplicaError("missing-binary", `${program} not found (install ${pkg}, or pass { path } to startReplica)`, { cause: e }));
      } else reject(new ReplicaError("daemon-failed", `cannot run ${program}: ${e.message}`, { cause: e }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (timedOut) {
        reject(new ReplicaError("timeout", `${command.join(" ")}: no answer within ${options.timeoutMs} ms (killed)`, { detail: stderr }));
        return;
      }
      resolve({ command, stdout, stderr, exitCode: code ?? (signal === null ? -1 : 128) });
    });
  });
}

/**
 * Runs a tool that must succeed: a non-zero exit throws a {@link ReplicaError} of `problem`
 * with `what` and the tool's stderr.
 *
 * @internal
 * @example
 * ```ts
 * await runChecked("ovsdb-tool", ["db-name", file], env, 10_000, "bad-file", `${file} is not an OVSDB file`);
 * ```
 */
export async function runChecked(
  program: string,
  args: readonly string[],
  options: RunToolOptions,
  problem: "bad-file" | "daemon-failed" | "restore-failed",
  what: string,
): Promise<ToolResult> {
  const r = await runTool(program, args, options);
  if (r.exitCode !== 0) {
    const first = r.stderr.trim().split("\n").slice(0, 3).join(" / ");
    throw new ReplicaError(problem, `${what}: ${first === "" ? `exit status ${r.exitCode}` : first}`, { detail: r.stderr });
  }
  return r;
}
