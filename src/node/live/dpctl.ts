/**
 * Live datapath flows: `ovs-appctl [-t TARGET] dpctl/dump-flows [-m] [DP]`, parsed as the
 * output streams in.
 *
 * @module
 */
import { LiveSourceError } from "../tools/live-source-error.js";
import { type LiveToolOptions, type ToolCommand, commandLine, toolOutput } from "../tools/run-tool.js";
import {
  type AnyDatapathFlow,
  type DatapathFlow,
  type DatapathFlowStreamItem,
  type Issue,
  type LazyDatapathFlow,
  parseDatapathFlowStream,
} from "ovskit";

/** Options of {@link streamDatapathFlows} and {@link dumpDatapathFlows}. */
export interface DumpDatapathOptions extends LiveToolOptions {
  /** The `ovs-appctl` program (default `"ovs-appctl"`). */
  readonly appctl?: string;
  /**
   * `ovs-appctl -t` target: the daemon name or its control socket
   * (`/var/run/openvswitch/ovs-vswitchd.1234.ctl`); default: ovs-appctl's own (`ovs-vswitchd`).
   */
  readonly target?: string;
  /** The datapath (`system@ovs-system`, `dummy@ovs-dummy`); default: the only one there is. */
  readonly datapath?: string;
  /** `-m` (every key with its mask; default `true`) and `--names`. */
  readonly more?: boolean;
  readonly names?: boolean;
  /** Keep the keys as text: the flows are `LazyDatapathFlow`s (see `parseDatapathFlows`). */
  readonly lazyKeys?: boolean;
}

/** Result of {@link dumpDatapathFlows} (`LiveDatapathDump<LazyDatapathFlow>` with `lazyKeys: true`). */
export interface LiveDatapathDump<F extends AnyDatapathFlow = DatapathFlow> {
  readonly flows: F[];
  readonly issues: Issue[];
  readonly target: string;
  readonly command: string;
  readonly elapsedMs: number;
}

/**
 * The `ovs-appctl` command of a datapath dump.
 *
 * @example
 * ```ts
 * import { dpctlCommand } from "ovskit/node";
 * dpctlCommand({ target: "/run/ovs/ovs-vswitchd.ctl" }).args; // ["-t", "/run/ovs/ovs-vswitchd.ctl", "dpctl/dump-flows", "-m"]
 * ```
 */
export function dpctlCommand(options: DumpDatapathOptions = {}): ToolCommand {
  const args: string[] = [];
  if (options.target !== undefined) args.push("-t", options.target);
  args.push("dpctl/dump-flows");
  if (options.more !== false) args.push("-m");
  if (options.names === true) args.push("--names");
  if (options.datapath !== undefined) args.push(options.datapath);
  const cmd: { -readonly [K in keyof ToolCommand]: ToolCommand[K] } = {
    program: options.appctl ?? "ovs-appctl",
    args,
    target: options.target ?? "ovs-vswitchd",
  };
  if (options.timeoutMs !== undefined) cmd.timeoutMs = options.timeoutMs;
  if (options.env !== undefined) cmd.env = options.env;
  if (options.signal !== undefined) cmd.signal = options.signal;
  return cmd;
}

/**
 * Runs `ovs-appctl dpctl/dump-flows -m` and yields datapath flows and issues as they stream in.
 * An empty datapath is a valid (empty) dump; output in which no line is a datapath flow or a
 * `flow-dump from` header is a `not-a-dump` {@link LiveSourceError}, thrown at its end.
 *
 * @example
 * ```ts
 * import { streamDatapathFlows } from "ovskit/node";
 * for await (const item of streamDatapathFlows({ timeoutMs: 5000 })) {
 *   if (item.type === "flow" && item.flow.recircId === 0) console.log(item.flow.stats);
 * }
 * ```
 */
export function streamDatapathFlows(options: DumpDatapathOptions & { readonly lazyKeys: true }): AsyncGenerator<DatapathFlowStreamItem<LazyDatapathFlow>>;
export function streamDatapathFlows(options?: DumpDatapathOptions & { readonly lazyKeys?: false }): AsyncGenerator<DatapathFlowStreamItem<DatapathFlow>>;
export function streamDatapathFlows(options?: DumpDatapathOptions): AsyncGenerator<DatapathFlowStreamItem<AnyDatapathFlow>>;
export async function* streamDatapathFlows(options: DumpDatapathOptions = {}): AsyncGenerator<DatapathFlowStreamItem<AnyDatapathFlow>> {
  const cmd = dpctlCommand(options);
  let flows = 0;
  let errors = 0;
  let firstBad: string | undefined;
  for await (const item of parseDatapathFlowStream(toolOutput(cmd), { lazyKeys: options.lazyKeys === true })) {
    if (item.type === "flow") flows++;
    else if (item.issue.severity === "error") {
      errors++;
      firstBad ??= item.issue.text;
    }
    yield item;
  }
  if (flows === 0 && errors > 0) {
    throw new LiveSourceError("not-a-dump", `output is not a datapath dump: ${JSON.stringify((firstBad ?? "").slice(0, 120))}`, {
      target: cmd.target,
      command: commandLine(cmd),
    });
  }
}

/**
 * Runs `ovs-appctl dpctl/dump-flows -m` like {@link streamDatapathFlows} and collects the result.
 *
 * @example
 * ```ts
 * import { dumpDatapathFlows } from "ovskit/node";
 * const { flows } = await dumpDatapathFlows({ target: "/var/run/openvswitch/ovs-vswitchd.ctl" });
 * ```
 */
export function dumpDatapathFlows(options: DumpDatapathOptions & { readonly lazyKeys: true }): Promise<LiveDatapathDump<LazyDatapathFlow>>;
export function dumpDatapathFlows(options?: DumpDatapathOptions & { readonly lazyKeys?: false }): Promise<LiveDatapathDump<DatapathFlow>>;
export function dumpDatapathFlows(options?: DumpDatapathOptions): Promise<LiveDatapathDump<AnyDatapathFlow>>;
export async function dumpDatapathFlows(options: DumpDatapathOptions = {}): Promise<LiveDatapathDump<AnyDatapathFlow>> {
  const t0 = performance.now();
  const flows: AnyDatapathFlow[] = [];
  const issues: Issue[] = [];
  for await (const item of streamDatapathFlows(options)) {
    if (item.type === "flow") flows.push(item.flow);
    else issues.push(item.issue);
  }
  const cmd = dpctlCommand(options);
  return { flows, issues, target: cmd.target, command: commandLine(cmd), elapsedMs: performance.now() - t0 };
}
