/**
 * Rendering a flow-export configuration as ovs-vsctl argument lists (for `execFile`, no shell),
 * and as shell command lines for people.
 *
 * @module
 */
import type { FlowsConfigOptions } from "./flows-config-map.js";
import { mergeFlowExport } from "./merge.js";
import type { CollectorTarget, FlowExportConfig } from "./types.js";
import { EXPORT_PROTOCOLS } from "./types.js";

/** Options of {@link renderOvsVsctl}. */
export interface RenderOptions extends FlowsConfigOptions {
  /** The bridge (default `br-int`). */
  readonly bridge?: string;
  /** The sFlow agent when the config has none (default `ovn-k8s-mp0`, OVN-Kubernetes' management port). */
  readonly agent?: string;
  /** The node's IP, to resolve a ConfigMap `nodePort` when `config` is given as its sources. */
  readonly nodeIp?: string;
}

/** The two sources of a configuration, merged by {@link mergeFlowExport}. */
export interface FlowExportSources {
  /** `spec.exportNetworkFlows` of the cluster Network CR (operator.openshift.io/v1). */
  readonly exportNetworkFlows?: unknown;
  /** The `ovs-flows-config` ConfigMap (the object, or its `data`). */
  readonly flowsConfigMap?: unknown;
  /** @deprecated Since 0.2.0: use `flowsConfigMap` (read when `flowsConfigMap` is absent); removed in 0.3.0. */
  readonly ipfixConfigMap?: unknown;
}

/** ovs-vsctl argument lists (without the program name): run each with `execFile("ovs-vsctl", args)`. */
export interface OvsVsctlCommands {
  /** Creates one row per configured protocol and points the bridge at it; clears the others. */
  readonly apply: readonly (readonly string[])[];
  /** Turns every kind of flow export off on the bridge (OVS then garbage-collects the rows). */
  readonly clear: readonly (readonly string[])[];
}

/**
 * What ovskit renders when a setting is unset: ovn-kubernetes' values for NetFlow
 * (`active_timeout` 60) and IPFIX (`sampling` 400, `cache_active_timeout` 60), the proposal's
 * for sFlow (`header` 128, `sampling` 64, `polling` 10; ovn-kubernetes itself sets only the
 * agent and leaves OVS's defaults).
 *
 * @example
 * ```ts
 * import { RENDER_DEFAULTS } from "ovskit";
 * RENDER_DEFAULTS.ipfixSampling; // 400
 * ```
 */
export const RENDER_DEFAULTS = {
  netflowActiveTimeout: 60,
  sflowHeader: 128,
  sflowSampling: 64,
  sflowPolling: 10,
  ipfixSampling: 400,
  ipfixCacheActiveTimeout: 60,
} as const;

/**
 * The ovs-vsctl argument lists that apply `config` to a bridge and that clear it. Each list is
 * one ovs-vsctl transaction (`-- --id=@netflow create netflow targets=[...] ... -- set bridge
 * br-int netflow=@netflow`); values are plain arguments, safe for `execFile` (no shell
 * quoting). Unset settings get {@link RENDER_DEFAULTS}. `config` may also be the sources (CR +
 * ConfigMap), merged with `options.nodeIp`.
 *
 * @example
 * ```ts
 * import { renderOvsVsctl, mergeFlowExport } from "ovskit";
 * import { execFileSync } from "node:child_process";
 * const { apply } = renderOvsVsctl(mergeFlowExport({ ipfix: ["10.0.0.9:4739"] }), { bridge: "br-int" });
 * // apply[0]: ["--", "--id=@ipfix", "create", "ipfix", 'targets=["10.0.0.9:4739"]', "sampling=400", "cache_active_timeout=60", "--", "set", "bridge", "br-int", "ipfix=@ipfix"]
 * for (const args of apply) execFileSync("ovs-vsctl", args);
 * ```
 */
export function renderOvsVsctl(config: FlowExportConfig | FlowExportSources, options: RenderOptions = {}): OvsVsctlCommands {
  const bridge = options.bridge ?? "br-int";
  const c: FlowExportConfig = isSources(config)
    ? mergeFlowExport(config.exportNetworkFlows, config.flowsConfigMap ?? config.ipfixConfigMap, {
        ...(options.nodeIp !== undefined && { nodeIp: options.nodeIp }),
        ...(options.strict !== undefined && { strict: options.strict }),
      })
    : config;
  const apply: string[][] = [];
  const off: string[] = [];
  for (const proto of EXPORT_PROTOCOLS) {
    const columns = rowColumns(c, proto, options.agent ?? "ovn-k8s-mp0");
    if (columns === undefined) off.push(proto);
    else apply.push(["--", `--id=@${proto}`, "create", proto, ...columns, "--", "set", "bridge", bridge, `${proto}=@${proto}`]);
  }
  if (off.length > 0) apply.push(["--", "clear", "bridge", bridge, ...off]);
  return { apply, clear: [["--", "clear", "bridge", bridge, ...EXPORT_PROTOCOLS]] };
}

function isSources(c: FlowExportConfig | FlowExportSources): c is FlowExportSources {
  return "exportNetworkFlows" in c || "flowsConfigMap" in c || "ipfixConfigMap" in c;
}

function targets(ts: readonly CollectorTarget[]): string {
  return `targets=[${ts.map((t) => JSON.stringify(t.text)).join(",")}]`;
}

function rowColumns(c: FlowExportConfig, proto: (typeof EXPORT_PROTOCOLS)[number], agent: string): string[] | undefined {
  const d = RENDER_DEFAULTS;
  if (proto === "netflow" && c.netflow !== undefined) {
    const n = c.netflow;
    const cols = [targets(n.targets), `active_timeout=${n.activeTimeout ?? d.netflowActiveTimeout}`];
    if (n.engineType !== undefined) cols.push(`engine_type=${n.engineType}`);
    if (n.engineId !== undefined) cols.push(`engine_id=${n.engineId}`);
    if (n.addIdToInterface !== undefined) cols.push(`add_id_to_interface=${n.addIdToInterface}`);
    return cols;
  }
  if (proto === "sflow" && c.sflow !== undefined) {
    const s = c.sflow;
    return [
      `agent=${JSON.stringify(s.agent ?? agent)}`,
      targets(s.targets),
      `header=${s.header ?? d.sflowHeader}`,
      `sampling=${s.sampling ?? d.sflowSampling}`,
      `polling=${s.polling ?? d.sflowPolling}`,
    ];
  }
  if (proto === "ipfix" && c.ipfix !== undefined) {
    const x = c.ipfix;
    const cols = [targets(x.targets), `sampling=${x.sampling ?? d.ipfixSampling}`, `cache_active_timeout=${x.cacheActiveTimeout ?? d.ipfixCacheActiveTimeout}`];
    if (x.cacheMaxFlows !== undefined) cols.push(`cache_max_flows=${x.cacheMaxFlows}`);
    if (x.obsDomainId !== undefined) cols.push(`obs_domain_id=${x.obsDomainId}`);
    if (x.obsPointId !== undefined) cols.push(`obs_point_id=${x.obsPointId}`);
    return cols;
  }
  return undefined;
}

/**
 * One argument list as a shell command line (arguments quoted with `'...'` where needed), for
 * printing; to run a command, pass the list to `execFile` instead.
 *
 * @example
 * ```ts
 * import { formatShellCommand } from "ovskit";
 * formatShellCommand(["ovs-vsctl", "--", "clear", "bridge", "br-int", "netflow"]); // "ovs-vsctl -- clear bridge br-int netflow"
 * formatShellCommand(["ovs-vsctl", 'targets=["10.0.0.1:2055"]']);                 // `ovs-vsctl 'targets=["10.0.0.1:2055"]'`
 * ```
 */
export function formatShellCommand(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(" ");
}
