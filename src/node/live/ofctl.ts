/**
 * Live OpenFlow dumps: `ovs-ofctl [-O ...] dump-flows TARGET` and `dump-groups TARGET`, run as
 * child processes and parsed as their output streams in.
 *
 * @module
 */
import { LiveSourceError } from "../tools/live-source-error.js";
import { type LiveToolOptions, type ToolCommand, commandLine, toolOutput } from "../tools/run-tool.js";
import {
  type AnyFlow,
  type Flow,
  type FlowStreamItem,
  type Group,
  type Issue,
  type LazyFlow,
  isBlank,
  isReplyHeader,
  parseFlowStream,
  parseGroupDump,
} from "ovskit";

/** Options of the `ovs-ofctl` sources. */
export interface OfctlOptions extends LiveToolOptions {
  /** The `ovs-ofctl` program (default `"ovs-ofctl"`, looked up on `PATH`). */
  readonly ofctl?: string;
  /** OpenFlow version(s) for `-O` (`"OpenFlow13"`, `"OpenFlow10,OpenFlow15"`); default: none given. */
  readonly protocol?: string;
  /** More `ovs-ofctl` options before the command (`--no-stats`, `--names`, `--rsort`, `--timeout=5`). */
  readonly args?: readonly string[];
}

/** Options of {@link streamFlows} and {@link dumpFlows}. */
export interface DumpFlowsOptions extends OfctlOptions {
  /** A flow filter after the target (`"table=0"`, `"cookie=0x5/-1"`), as `ovs-ofctl dump-flows TARGET FLOW` takes. */
  readonly match?: string;
  /** Keep the actions as text: the flows are `LazyFlow`s (see `parseFlows`). */
  readonly lazyActions?: boolean;
  /**
   * Called with every chunk of the raw output before it is parsed (for example to write the dump
   * to a file as it streams in); the next chunk waits for a returned promise.
   */
  readonly onOutput?: (chunk: Uint8Array) => void | Promise<void>;
}

/** Result of {@link dumpFlows} (`LiveFlowDump<LazyFlow>` with `lazyActions: true`). */
export interface LiveFlowDump<F extends AnyFlow = Flow> {
  readonly flows: F[];
  /** Lines that did not parse, and unknown-action warnings (a real OVS dump has none). */
  readonly issues: Issue[];
  readonly target: string;
  /** The command line that ran. */
  readonly command: string;
  /** Wall time of the dump and its parse. */
  readonly elapsedMs: number;
}

/**
 * The `ovs-ofctl` command for a dump: `[-O PROTOCOL] [ARGS...] COMMAND TARGET [MATCH]`.
 *
 * @example
 * ```ts
 * import { ofctlCommand } from "ovskit/node";
 * ofctlCommand("dump-flows", "tcp:10.0.0.7:6653", { protocol: "OpenFlow15" }).args;
 * // ["-O", "OpenFlow15", "dump-flows", "tcp:10.0.0.7:6653"]
 * ```
 */
export function ofctlCommand(command: string, target: string, options: OfctlOptions & { readonly match?: string } = {}): ToolCommand {
  const args: string[] = [];
  if (options.protocol !== undefined) args.push("-O", options.protocol);
  args.push(...(options.args ?? []), command, target);
  if (options.match !== undefined) args.push(options.match);
  const cmd: { -readonly [K in keyof ToolCommand]: ToolCommand[K] } = { program: options.ofctl ?? "ovs-ofctl", args, target };
  if (options.timeoutMs !== undefined) cmd.timeoutMs = options.timeoutMs;
  if (options.env !== undefined) cmd.env = options.env;
  if (options.signal !== undefined) cmd.signal = options.signal;
  return cmd;
}

/**
 * Checks that the first non-blank line of a tool's output is an OpenFlow reply header
 * (`NXST_FLOW reply (xid=0x4):`, `OFPST_FLOW reply (OF1.3) ...`) of the expected kind, and
 * passes the chunks through; throws a `not-a-dump` {@link LiveSourceError} otherwise (also when
 * the tool printed nothing at all).
 */
async function* checkedReply(cmd: ToolCommand, kind: RegExp, onOutput?: (chunk: Uint8Array) => void | Promise<void>): AsyncGenerator<Uint8Array> {
  let head = "";
  let checked = false;
  const decoder = new TextDecoder();
  const check = (final: boolean) => {
    for (;;) {
      const nl = head.indexOf("\n");
      if (nl < 0 && !final) return;
      const line = (nl < 0 ? head : head.slice(0, nl)).replace(/\r$/, "");
      if (!isBlank(line)) {
        checked = true;
        if (isReplyHeader(line) && kind.test(line)) return;
        throw notADump(cmd, `the first line is not a reply header: ${JSON.stringify(line.slice(0, 120))}`);
      }
      if (nl < 0) break;
      head = head.slice(nl + 1);
    }
    if (final && !checked) throw notADump(cmd, "no output at all");
  };
  for await (const chunk of toolOutput(cmd)) {
    if (!checked) {
      head += decoder.decode(chunk, { stream: true });
      check(false);
    }
    if (onOutput !== undefined) await onOutput(chunk);
    yield chunk;
  }
  if (!checked) check(true);
}

function notADump(cmd: ToolCommand, reason: string): LiveSourceError {
  return new LiveSourceError("not-a-dump", `output is not a dump: ${reason}`, { target: cmd.target, command: commandLine(cmd) });
}

const FLOW_REPLY = /^(?:NXST|OFPST)_FLOW /;
const GROUP_REPLY = /^(?:NXST|OFPST)_GROUP_DESC /;

/**
 * Runs `ovs-ofctl [-O ...] dump-flows TARGET [MATCH]` and yields its flows and issues as the
 * output streams in (constant memory, any dump size). `target` is a bridge name, a `unix:`
 * management socket (`unix:/var/run/openvswitch/br-int.mgmt`) or `tcp:IP:PORT` of a bridge that
 * listens with `ovs-vsctl set-controller BRIDGE ptcp:PORT`. Throws a {@link LiveSourceError}
 * when the tool is missing, the target does not answer within `timeoutMs`, or the output is not
 * a flow dump.
 *
 * @example
 * ```ts
 * import { streamFlows } from "ovskit/node";
 * let n = 0;
 * for await (const item of streamFlows("tcp:192.168.1.10:6653", { protocol: "OpenFlow15", lazyActions: true })) {
 *   if (item.type === "flow") n++;
 * }
 * ```
 */
export function streamFlows(target: string, options: DumpFlowsOptions & { readonly lazyActions: true }): AsyncGenerator<FlowStreamItem<LazyFlow>>;
export function streamFlows(target: string, options?: DumpFlowsOptions & { readonly lazyActions?: false }): AsyncGenerator<FlowStreamItem<Flow>>;
export function streamFlows(target: string, options?: DumpFlowsOptions): AsyncGenerator<FlowStreamItem<AnyFlow>>;
export function streamFlows(target: string, options: DumpFlowsOptions = {}): AsyncGenerator<FlowStreamItem<AnyFlow>> {
  const cmd = ofctlCommand("dump-flows", target, options);
  return parseFlowStream(checkedReply(cmd, FLOW_REPLY, options.onOutput), { lazyActions: options.lazyActions === true });
}

/**
 * Runs `ovs-ofctl dump-flows` like {@link streamFlows} and collects the result.
 *
 * @example
 * ```ts
 * import { dumpFlows } from "ovskit/node";
 * const { flows, issues, elapsedMs } = await dumpFlows("br-int", { protocol: "OpenFlow15", timeoutMs: 10_000 });
 * console.log(flows.length, "flows in", elapsedMs, "ms");
 * ```
 */
export function dumpFlows(target: string, options: DumpFlowsOptions & { readonly lazyActions: true }): Promise<LiveFlowDump<LazyFlow>>;
export function dumpFlows(target: string, options?: DumpFlowsOptions & { readonly lazyActions?: false }): Promise<LiveFlowDump<Flow>>;
export function dumpFlows(target: string, options?: DumpFlowsOptions): Promise<LiveFlowDump<AnyFlow>>;
export async function dumpFlows(target: string, options: DumpFlowsOptions = {}): Promise<LiveFlowDump<AnyFlow>> {
  const t0 = performance.now();
  const flows: AnyFlow[] = [];
  const issues: Issue[] = [];
  for await (const item of streamFlows(target, options)) {
    if (item.type === "flow") flows.push(item.flow);
    else issues.push(item.issue);
  }
  return { flows, issues, target, command: commandLine(ofctlCommand("dump-flows", target, options)), elapsedMs: performance.now() - t0 };
}

/** Result of {@link dumpGroups}. */
export interface LiveGroupDump {
  readonly groups: readonly Group[];
  readonly issues: readonly Issue[];
  readonly target: string;
  readonly command: string;
  readonly elapsedMs: number;
}

/**
 * Runs `ovs-ofctl [-O ...] dump-groups TARGET` and parses its output (`parseGroupDump`). Groups
 * need OpenFlow 1.1 or later: pass `protocol` when the bridge does not default to it. Errors as
 * for {@link dumpFlows}.
 *
 * @example
 * ```ts
 * import { dumpGroups } from "ovskit/node";
 * const { groups } = await dumpGroups("br-int", { protocol: "OpenFlow15" });
 * for (const g of groups) console.log(g.groupId, g.type, g.buckets.length);
 * ```
 */
export async function dumpGroups(target: string, options: OfctlOptions = {}): Promise<LiveGroupDump> {
  const t0 = performance.now();
  const cmd = ofctlCommand("dump-groups", target, options);
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of checkedReply(cmd, GROUP_REPLY)) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const { items, issues } = parseGroupDump(text);
  return { groups: items, issues, target, command: commandLine(cmd), elapsedMs: performance.now() - t0 };
}
