/**
 * Helpers for the integration tests: run a command, and start/stop a real Open vSwitch + OVN
 * sandbox with the project's own scripts (fixtures-gen/sandbox/up.sh, topo.sh, down.sh).
 *
 * Every daemon lives in a fresh `mkdtemp` directory (under `$OVSKIT_SANDBOX_ROOT`, else the
 * system temp dir) with its own sockets, pid files and databases, so a system Open vSwitch
 * service, if one runs, is never touched and never interferes.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The sandbox scripts of the fixture generator. */
export const SANDBOX_SCRIPTS = join(ROOT, "fixtures-gen", "sandbox");
/** The hand-written flow/group/meter sets of the fixture generator. */
export const FLOWSETS = join(ROOT, "fixtures-gen", "flowsets");

/** What fixtures-gen/sandbox/up.sh needs (OVS and OVN). */
export const REQUIRED_BINARIES = [
  "ovsdb-tool",
  "ovsdb-server",
  "ovs-vswitchd",
  "ovs-vsctl",
  "ovs-appctl",
  "ovs-ofctl",
  "ovn-northd",
  "ovn-controller",
  "ovn-nbctl",
  "ovn-sbctl",
] as const;

/** The Debian packages that provide {@link REQUIRED_BINARIES}. */
export const OVS_PACKAGES = "openvswitch-switch openvswitch-common ovn-central ovn-host";

/** PATH with the sbin directories appended: ovsdb-server and ovs-vswitchd live in /usr/sbin. */
function searchPath(): string {
  const parts = (process.env.PATH ?? "").split(delimiter).filter((p) => p !== "");
  for (const extra of ["/usr/local/sbin", "/usr/sbin", "/sbin"]) if (!parts.includes(extra)) parts.push(extra);
  return parts.join(delimiter);
}

/** The {@link REQUIRED_BINARIES} that are not found on PATH (plus the sbin directories). */
export function missingBinaries(): string[] {
  const dirs = searchPath().split(delimiter);
  return REQUIRED_BINARIES.filter(
    (bin) =>
      !dirs.some((d) => {
        try {
          accessSync(join(d, bin), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/** True when the CI environment variable is set to something other than "", "0" or "false". */
export function inCI(): boolean {
  const v = process.env.CI;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Resolve with the result instead of rejecting when the exit status is not 0. */
  readonly allowFail?: boolean;
  /** Kill the command after this many milliseconds (default 120 s). */
  readonly timeoutMs?: number;
  /** Text written to the command's stdin (default: no stdin). */
  readonly input?: string;
}

/** A command that failed: the message carries the command line, exit status and stderr. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    const tail = (s: string) => (s.length > 4000 ? "..." + s.slice(-4000) : s);
    super(`command failed (exit ${result.code}): ${command}\n--- stderr ---\n${tail(result.stderr)}\n--- stdout ---\n${tail(result.stdout)}`);
    this.name = "CommandError";
  }
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`;
}

/** Runs a command without a shell and collects its output. Rejects on a non-zero exit unless `allowFail`. */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const command = [cmd, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? { ...process.env, PATH: searchPath() },
      cwd: options.cwd ?? ROOT,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const result: RunResult = {
        code: code ?? (signal === null ? -1 : 128),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (signal === null ? "" : `\n(killed by ${signal})`),
      };
      if (result.code !== 0 && options.allowFail !== true) reject(new CommandError(command, result));
      else resolve(result);
    });
  });
}

export interface TopologySize {
  readonly nodes: number;
  readonly pods: number;
  readonly svcs: number;
  readonly pols: number;
}

/** Sandboxes started by this process and not stopped yet; stopped on exit as a last resort. */
const live = new Set<Sandbox>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const sb of live) sb.stopSync();
  });
}

/** A running sandbox (ovsdb-server, ovs-vswitchd with the dummy datapath, OVN) in its own directory. */
export class Sandbox {
  /** Environment for every OVS/OVN command: sockets, pid files and logs are looked up in {@link dir}. */
  readonly env: NodeJS.ProcessEnv;
  private stopped = false;

  private constructor(readonly dir: string) {
    this.env = {
      ...process.env,
      PATH: searchPath(),
      SB: dir,
      OVS_RUNDIR: dir,
      OVS_LOGDIR: dir,
      OVS_DBDIR: dir,
      OVS_SYSCONFDIR: dir,
      OVN_RUNDIR: dir,
      OVN_LOGDIR: dir,
      OVN_DBDIR: dir,
      OVN_SYSCONFDIR: dir,
    };
  }

  /**
   * Starts OVS + OVN (only OVS with `{ ovn: false }`) with `fixtures-gen/sandbox/up.sh` in a fresh temporary directory and, when
   * `topology` is given, builds it with `topo.sh` (which ends with `ovn-nbctl --wait=hv sync`), then
   * waits until br-int's flow count is stable. On any failure the daemons are stopped again.
   */
  static async start(topology?: TopologySize, options: { readonly ovn?: boolean } = {}): Promise<Sandbox> {
    const root = process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir();
    const sb = new Sandbox(mkdtempSync(join(root, "ovskit-it-")));
    live.add(sb);
    installExitHook();
    try {
      const env = options.ovn === false ? { ...sb.env, START_OVN: "0" } : sb.env;
      await run("bash", [join(SANDBOX_SCRIPTS, "up.sh")], { env, timeoutMs: 120_000 });
      if (topology !== undefined) {
        await run("bash", [join(SANDBOX_SCRIPTS, "topo.sh")], {
          env: {
            ...sb.env,
            NODES: String(topology.nodes),
            PODS: String(topology.pods),
            SVCS: String(topology.svcs),
            POLS: String(topology.pols),
          },
          timeoutMs: 170_000,
        });
        await sb.settle("br-int");
      }
    } catch (e) {
      await sb.stop();
      throw e;
    }
    return sb;
  }

  /** The OpenFlow management socket of a bridge: a target for every ovs-ofctl command but diff-flows. */
  mgmt(bridge: string): string {
    return join(this.dir, `${bridge}.mgmt`);
  }

  /**
   * The same socket as an explicit `unix:` target. `ovs-ofctl diff-flows` treats an argument that
   * starts with `/` as a *file* of flows, so bridges must be named this way there.
   */
  target(bridge: string): string {
    return `unix:${this.mgmt(bridge)}`;
  }

  ofctl(args: readonly string[], options: Omit<RunOptions, "env"> = {}): Promise<RunResult> {
    return run("ovs-ofctl", args, { ...options, env: this.env });
  }

  vsctl(args: readonly string[], options: Omit<RunOptions, "env"> = {}): Promise<RunResult> {
    return run("ovs-vsctl", [`--db=unix:${join(this.dir, "db.sock")}`, "--timeout=60", ...args], { ...options, env: this.env });
  }

  nbctl(args: readonly string[], options: Omit<RunOptions, "env"> = {}): Promise<RunResult> {
    return run("ovn-nbctl", [`--db=unix:${join(this.dir, "nb.sock")}`, "--timeout=120", ...args], { ...options, env: this.env });
  }

  appctl(args: readonly string[], options: Omit<RunOptions, "env"> = {}): Promise<RunResult> {
    return run("ovs-appctl", ["-t", join(this.dir, "ovs-vswitchd.ctl"), ...args], { ...options, env: this.env });
  }

  /**
   * Adds a bridge on the sandbox's ovs-vswitchd (dummy datapath, fail-mode=secure so that no
   * default NORMAL flow is installed, OpenFlow 1.0 to 1.5 enabled) and waits for its socket.
   */
  async addBridge(name: string): Promise<void> {
    await this.vsctl([
      "--",
      "add-br",
      name,
      "--",
      "set",
      "bridge",
      name,
      "datapath_type=dummy",
      "fail-mode=secure",
      "protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15",
    ]);
    for (let i = 0; i < 100 && !existsSync(this.mgmt(name)); i++) await sleep(100);
    if (!existsSync(this.mgmt(name))) throw new Error(`bridge ${name}: no management socket ${this.mgmt(name)}`);
  }

  async flowCount(bridge: string): Promise<number> {
    const { stdout } = await this.ofctl(["dump-aggregate", this.mgmt(bridge)]);
    const m = /flow_count=(\d+)/.exec(stdout);
    if (m === null) throw new Error(`no flow_count in dump-aggregate output: ${stdout}`);
    return Number(m[1]);
  }

  /** Waits for ovn-controller to catch up and for the bridge's flow count to stay the same for 1.5 s. */
  async settle(bridge: string): Promise<number> {
    await this.nbctl(["--wait=hv", "sync"]);
    let prev = -1;
    let stable = 0;
    let cur = -1;
    for (let i = 0; i < 120 && stable < 3; i++) {
      cur = await this.flowCount(bridge);
      stable = cur === prev ? stable + 1 : 0;
      prev = cur;
      if (stable < 3) await sleep(500);
    }
    return cur;
  }

  /**
   * Stops every daemon of the sandbox with `down.sh` and removes the directory (kept, with the
   * daemons stopped, when `OVSKIT_IT_KEEP=1`, for looking at logs and dumps).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    try {
      await run("bash", [join(SANDBOX_SCRIPTS, "down.sh")], { env: this.env, allowFail: true, timeoutMs: 60_000 });
    } finally {
      if (process.env.OVSKIT_IT_KEEP === "1") console.warn(`[integration] sandbox kept in ${this.dir}`);
      else rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Synchronous {@link stop}, for the process exit hook. */
  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    spawnSync("bash", [join(SANDBOX_SCRIPTS, "down.sh")], { env: this.env, stdio: "ignore", timeout: 30_000 });
    if (process.env.OVSKIT_IT_KEEP !== "1") rmSync(this.dir, { recursive: true, force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
