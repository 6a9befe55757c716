/**
 * Running an OVS command-line tool as a byte source for the streaming parsers: bounded by a
 * timeout, killed when the caller stops reading or aborts, failures turned into
 * {@link LiveSourceError}s.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { LiveSourceError, type LiveSourceProblem } from "./live-source-error.js";

/** Options every live source takes. */
export interface LiveToolOptions {
  /**
   * How long the tool may stay silent (no output, or not exiting after its output) before it is
   * killed and a `timeout` {@link LiveSourceError} is thrown. Time spent by the caller between
   * two reads does not count. Default 15000 ms.
   */
  readonly timeoutMs?: number;
  /** Environment of the tool (default: this process's environment). */
  readonly env?: NodeJS.ProcessEnv;
  /** Kills the tool and rejects with an `aborted` {@link LiveSourceError} when it fires. */
  readonly signal?: AbortSignal;
}

/** What {@link toolOutput} runs. */
export interface ToolCommand extends LiveToolOptions {
  readonly program: string;
  readonly args: readonly string[];
  /** The target the command is about (for error messages). */
  readonly target: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const STDERR_KEEP = 16 * 1024;
/** stderr texts of ovs-ofctl / ovs-appctl that mean "the target is not there". */
const UNREACHABLE =
  /not a bridge or a socket|connection failed|failed to connect|Connection refused|No such file or directory|cannot connect to|cannot read pidfile|No route to host|Network is unreachable|Name or service not known|not running/i;

/**
 * The command line of a {@link ToolCommand}, for messages (arguments are not shell-quoted).
 *
 * @example
 * ```ts
 * import { commandLine } from "ovskit/node";
 * commandLine({ program: "ovs-ofctl", args: ["dump-flows", "br-int"], target: "br-int" }); // "ovs-ofctl dump-flows br-int"
 * ```
 */
export function commandLine(cmd: ToolCommand): string {
  return [cmd.program, ...cmd.args].join(" ");
}

/**
 * Runs a tool and yields its stdout chunk by chunk. Throws a {@link LiveSourceError} when the
 * program is missing (`tool-missing`), exits non-zero (`unreachable` when its stderr says the
 * target is not there, else `failed`), stays silent longer than `timeoutMs` (`timeout`, the
 * child is killed) or the signal fires (`aborted`). Stopping the iteration early kills the
 * child too, so no process outlives its reader.
 *
 * @example
 * ```ts
 * import { toolOutput } from "ovskit/node";
 * import { parseFlowStream } from "ovskit";
 * const out = toolOutput({ program: "ovs-ofctl", args: ["dump-flows", "br-int"], target: "br-int", timeoutMs: 5000 });
 * for await (const item of parseFlowStream(out)) if (item.type === "flow") console.log(item.flow.table);
 * ```
 */
export async function* toolOutput(cmd: ToolCommand): AsyncGenerator<Uint8Array, void, undefined> {
  const command = commandLine(cmd);
  const fail = (problem: LiveSourceProblem, reason: string, extra: { exitCode?: number | undefined; stderr?: string; cause?: unknown } = {}) =>
    new LiveSourceError(problem, reason, { target: cmd.target, command, ...extra });
  if (cmd.signal?.aborted === true) throw fail("aborted", "aborted before it started");

  const child = spawn(cmd.program, [...cmd.args], { stdio: ["ignore", "pipe", "pipe"], env: cmd.env ?? process.env });
  let spawnError: NodeJS.ErrnoException | undefined;
  let killedFor: "timeout" | "aborted" | undefined;
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    stderr = (stderr + s).slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code) => resolve(code));
    child.once("error", (e: NodeJS.ErrnoException) => {
      spawnError = e;
      resolve(null);
    });
  });
  const kill = (why: "timeout" | "aborted") => {
    killedFor ??= why;
    child.kill("SIGKILL");
  };
  const onAbort = () => kill("aborted");
  cmd.signal?.addEventListener("abort", onAbort, { once: true });
  const timeoutMs = cmd.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => kill("timeout"), timeoutMs);
  };
  let finished = false;
  try {
    const chunks = child.stdout[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    for (;;) {
      arm();
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (e) {
        if (killedFor === undefined && spawnError === undefined) throw fail("failed", `reading its output failed: ${String(e)}`, { cause: e });
        break;
      } finally {
        clearTimeout(timer);
      }
      if (next.done === true) break;
      yield next.value;
    }
    arm();
    const code = await exited;
    clearTimeout(timer);
    finished = true;
    if (spawnError !== undefined) {
      if (spawnError.code === "ENOENT") throw fail("tool-missing", `${cmd.program} not found (is Open vSwitch installed and on PATH?)`, { cause: spawnError });
      throw fail("failed", `cannot run ${cmd.program}: ${spawnError.message}`, { cause: spawnError });
    }
    if (killedFor === "timeout") throw fail("timeout", `no answer from ${cmd.target} within ${timeoutMs} ms (killed)`, { stderr });
    if (killedFor === "aborted") throw fail("aborted", "aborted (killed)", { stderr });
    if (code !== 0) {
      const first = stderr.trim().split("\n")[0] ?? "";
      const problem: LiveSourceProblem = UNREACHABLE.test(stderr) ? "unreachable" : "failed";
      throw fail(problem, `exit status ${String(code)}${first === "" ? "" : `: ${first}`}`, { exitCode: code ?? undefined, stderr });
    }
  } finally {
    clearTimeout(timer);
    cmd.signal?.removeEventListener("abort", onAbort);
    if (!finished && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
