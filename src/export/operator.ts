/**
 * What the shipped operators make of the two sources: the ovnkube-node container environment
 * the cluster-network-operator renders (`pkg/network/ovn_kubernetes.go` and the `ovnkube-node`
 * DaemonSet template), and, per node, what ovnkube-node then writes to br-int.
 *
 * @module
 */
import type { ExportConfigIssue } from "./errors.js";
import { type FlowsConfig, type FlowsConfigOptions, readFlowsConfigMap } from "./flows-config-map.js";
import { type ContainerEnvVar, ovnKubernetesFlowExport } from "./ovn-kubernetes.js";
import type { FlowExportSources } from "./render.js";
import type { FlowExportConfig } from "./types.js";
import { validateExportNetworkFlows } from "./validate.js";

/** What the operator renders: the container environment and every issue found on the way. */
export interface OvnKubernetesEnv {
  /** `NETFLOW_COLLECTORS`, `SFLOW_COLLECTORS`, `IPFIX_COLLECTORS`, `IPFIX_CACHE_MAX_FLOWS`, `IPFIX_CACHE_ACTIVE_TIMEOUT`, `IPFIX_SAMPLING`: those that are set, in the template's order. */
  readonly env: readonly ContainerEnvVar[];
  /** What the operator kept of the ConfigMap; absent when there is none or it ignores it. */
  readonly flowsConfig?: FlowsConfig;
  /** Paths start with `exportNetworkFlows.` or the ConfigMap's name (`ovs-flows-config.`). */
  readonly issues: readonly ExportConfigIssue[];
}

/**
 * The ovnkube-node container environment the cluster-network-operator renders from the Network
 * CR's `exportNetworkFlows` and the flow-export ConfigMap: each protocol's collectors joined
 * with commas as written in the CR; the ConfigMap's target appended to `IPFIX_COLLECTORS` (not
 * de-duplicated: ovn-kubernetes does that); its IPFIX settings as decimal strings. A variable
 * whose value would be empty or 0 is left out (the template's `{{ if }}`), so ovn-kubernetes'
 * defaults apply. Never throws: the issues say what the operator ignored and what will break
 * further down.
 *
 * @example
 * ```ts
 * import { renderOvnKubernetesEnv } from "ovskit";
 * renderOvnKubernetesEnv({
 *   exportNetworkFlows: { ipfix: { collectors: ["10.0.0.9:4739"] } },
 *   flowsConfigMap: { nodePort: "9999", sampling: "200", cacheMaxFlows: "400", cacheActiveTimeout: "20s" },
 * }).env;
 * // [{ name: "IPFIX_COLLECTORS", value: "10.0.0.9:4739,:9999" }, { name: "IPFIX_CACHE_MAX_FLOWS", value: "400" },
 * //  { name: "IPFIX_CACHE_ACTIVE_TIMEOUT", value: "20" }, { name: "IPFIX_SAMPLING", value: "200" }]
 * ```
 */
export function renderOvnKubernetesEnv(sources: FlowExportSources, options: FlowsConfigOptions = {}): OvnKubernetesEnv {
  const issues: ExportConfigIssue[] = [];
  const cr = sources.exportNetworkFlows;
  for (const i of validateExportNetworkFlows(cr, options).issues) issues.push(prefix("exportNetworkFlows", i));
  const raw = (key: "netFlow" | "sFlow" | "ipfix"): string => {
    const v = isObj(cr) ? cr[key] : undefined;
    const list = isObj(v) ? v.collectors : v;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string").join(",") : "";
  };
  const cm = sources.flowsConfigMap ?? sources.ipfixConfigMap;
  let flowsConfig: FlowsConfig | undefined;
  if (cm !== undefined && cm !== null) {
    const r = readFlowsConfigMap(cm, options);
    for (const i of r.issues) issues.push(prefix(r.name, i));
    flowsConfig = r.flowsConfig;
  }
  let ipfix = raw("ipfix");
  if (flowsConfig !== undefined) ipfix = ipfix === "" ? flowsConfig.target : `${ipfix},${flowsConfig.target}`;
  const vars: [string, string | number | undefined][] = [
    ["NETFLOW_COLLECTORS", raw("netFlow")],
    ["SFLOW_COLLECTORS", raw("sFlow")],
    ["IPFIX_COLLECTORS", ipfix],
    ["IPFIX_CACHE_MAX_FLOWS", flowsConfig?.cacheMaxFlows],
    ["IPFIX_CACHE_ACTIVE_TIMEOUT", flowsConfig?.cacheActiveTimeout],
    ["IPFIX_SAMPLING", flowsConfig?.sampling],
  ];
  const env = vars.filter(([, v]) => v !== undefined && v !== "" && v !== 0).map(([name, v]) => ({ name, value: String(v) }));
  return { env, ...(flowsConfig !== undefined && { flowsConfig }), issues };
}

/** Options of {@link operatorFlowExport}. */
export interface OperatorFlowExportOptions extends FlowsConfigOptions {
  /** The node's primary IP, for collectors without a host (`nodePort`, `:PORT`). */
  readonly nodeIp?: string;
}

/** Everything the operators make of the sources for one node. */
export interface OperatorFlowExport extends OvnKubernetesEnv {
  /**
   * What ovnkube-node writes to the node's br-int, every column explicit; absent when it would
   * exit on the environment, or a collector needs `nodeIp` and none was given.
   */
  readonly node?: FlowExportConfig;
}

/**
 * The whole chain for one node: the ConfigMap as the cluster-network-operator reads it, the
 * ovnkube-node environment it renders ({@link renderOvnKubernetesEnv}), and what ovnkube-node
 * writes to br-int on a node whose primary IP is `nodeIp` ({@link ovnKubernetesFlowExport}).
 * Compare `node` with live OVS with `diffFlowExport(node, current, { mode: "exact" })`; apply it
 * the way ovnkube-node does with {@link renderOvnKubernetesVsctl}. Never throws.
 *
 * @example
 * ```ts
 * import { operatorFlowExport } from "ovskit";
 * const r = operatorFlowExport({ flowsConfigMap: { sharedTarget: "10.96.0.9:2055", nodePort: "2055", sampling: "0" } }, { nodeIp: "10.0.0.12" });
 * r.node?.ipfix; // { targets: [10.96.0.9:2055], cacheActiveTimeout: 60, sampling: 400 }
 * r.issues.map((i) => `${i.path} ${i.code}`); // ["ovs-flows-config.nodePort conflict", "ovs-flows-config.sampling zero-dropped"]
 * ```
 */
export function operatorFlowExport(sources: FlowExportSources, options: OperatorFlowExportOptions = {}): OperatorFlowExport {
  const rendered = renderOvnKubernetesEnv(sources, options);
  const node = ovnKubernetesFlowExport(rendered.env, options.nodeIp === undefined ? {} : { nodeIp: options.nodeIp });
  // An error already reported against the sources is not repeated against the variables; what
  // only the node shows (a missing node IP, a collector that the node IP makes a duplicate) is.
  const sourcesBroken = rendered.issues.some((i) => i.severity === "error");
  const extra = node.issues.filter((i) => i.code === "missing" || i.code === "duplicate" || !sourcesBroken);
  return { ...rendered, ...(node.config !== undefined && { node: node.config }), issues: [...rendered.issues, ...extra.map((i) => prefix("env", i))] };
}

function prefix(p: string, i: ExportConfigIssue): ExportConfigIssue {
  return { ...i, path: i.path === "" ? p : `${p}.${i.path}` };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
