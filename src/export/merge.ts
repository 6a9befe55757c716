/**
 * Merging the Network CR's `exportNetworkFlows` with the flow-export ConfigMap
 * (`ovs-flows-config`, alias `ovs-ipfix-config`) into the configuration of one node's bridge,
 * by the rules of the shipped operators.
 *
 * @module
 */
import { ExportConfigError, type ExportConfigIssue } from "./errors.js";
import { type FlowsConfigOptions, readFlowsConfigMap } from "./flows-config-map.js";
import { goIpString, goParseIp } from "./go-net.js";
import { collectorTarget } from "./targets.js";
import type { CollectorTarget, FlowExportConfig, IpfixSettings } from "./types.js";
import { validateExportNetworkFlows } from "./validate.js";

/** Options of {@link mergeFlowExport}. */
export interface MergeOptions extends FlowsConfigOptions {
  /** The node's own IP: where a ConfigMap `nodePort` (a `:PORT` target) collector listens. */
  readonly nodeIp?: string;
}

/**
 * Validates both sources and merges them, as the cluster-network-operator and ovn-kubernetes
 * do: the CR gives the NetFlow / sFlow / IPFIX collectors; the ConfigMap adds its target to the
 * IPFIX collectors (`sharedTarget` when present, even next to `nodePort`; else `nodeIp:nodePort`;
 * a target already listed is not repeated) and sets IPFIX sampling and cache settings. A value
 * the operator ignores, truncates or does not pass on is a warning and is left out here too (a
 * 0 or an unparsable number: the rendered default applies). Throws an {@link ExportConfigError}
 * listing every issue when any is an error (with `strict`, when there is any issue at all);
 * issue paths start with `exportNetworkFlows.` or the ConfigMap's name (`ovs-flows-config.`).
 * To get the warnings without throwing, and the operator's own output (container environment,
 * per-node result), use {@link operatorFlowExport}.
 *
 * @example
 * ```ts
 * import { mergeFlowExport } from "ovskit";
 * const config = mergeFlowExport(
 *   { netFlow: ["192.168.1.99:2056"], ipfix: ["192.168.1.99:4739"] },
 *   { nodePort: "2055", sampling: "100", cacheActiveTimeout: "60s" },
 *   { nodeIp: "10.0.0.12" },
 * );
 * config.ipfix?.targets.map((t) => t.text); // ["192.168.1.99:4739", "10.0.0.12:2055"]
 * ```
 */
export function mergeFlowExport(exportNetworkFlows?: unknown, flowsConfigMap?: unknown, options: MergeOptions = {}): FlowExportConfig {
  const issues: ExportConfigIssue[] = [];
  const cr = validateExportNetworkFlows(exportNetworkFlows, options);
  for (const i of cr.issues) issues.push({ ...i, path: join("exportNetworkFlows", i.path) });
  let ipfixTargets: CollectorTarget[] | undefined = cr.ipfix;
  let ipfixSettings: Omit<IpfixSettings, "targets"> = {};
  if (flowsConfigMap !== undefined && flowsConfigMap !== null) {
    const cm = readFlowsConfigMap(flowsConfigMap, options);
    for (const i of cm.issues) issues.push({ ...i, path: join(cm.name, i.path) });
    const fc = cm.flowsConfig;
    const extra: CollectorTarget[] = [];
    for (const c of fc?.collectors ?? []) {
      if (c.port < 1 || c.port > 65535) continue; // reported by readFlowsConfigMap
      let ip = c.ip;
      if (ip === undefined) {
        const path = `${cm.name}.${fc?.from ?? "nodePort"}`;
        const node = options.nodeIp === undefined ? undefined : goParseIp(options.nodeIp);
        if (options.nodeIp === undefined) issues.push({ path, code: "missing", severity: "error", message: `${c.text} is a collector on the node's own IP: the nodeIp option is needed` });
        else if (node === undefined) issues.push({ path: "nodeIp", code: "bad-target", severity: "error", message: `"${options.nodeIp}" is not an IP address` });
        if (node === undefined) continue;
        ip = goIpString(node);
      }
      extra.push(collectorTarget(ip, c.port));
    }
    if (extra.length > 0) {
      const have = ipfixTargets ?? [];
      ipfixTargets = [...have, ...extra.filter((t, i) => !have.some((h) => h.text === t.text) && extra.findIndex((e) => e.text === t.text) === i)];
    }
    if (fc !== undefined) {
      ipfixSettings = {
        ...(fc.sampling !== undefined && fc.sampling !== 0 && { sampling: fc.sampling }),
        ...(fc.cacheActiveTimeout !== undefined && fc.cacheActiveTimeout !== 0 && fc.cacheActiveTimeout <= 4200 && { cacheActiveTimeout: fc.cacheActiveTimeout }),
        ...(fc.cacheMaxFlows !== undefined && fc.cacheMaxFlows !== 0 && { cacheMaxFlows: fc.cacheMaxFlows }),
      };
    }
  }
  if (issues.some((i) => i.severity === "error")) throw new ExportConfigError(issues);
  return {
    ...(cr.netFlow !== undefined && cr.netFlow.length > 0 && { netflow: { targets: cr.netFlow } }),
    ...(cr.sFlow !== undefined && cr.sFlow.length > 0 && { sflow: { targets: cr.sFlow } }),
    ...(ipfixTargets !== undefined && ipfixTargets.length > 0 && { ipfix: { targets: ipfixTargets, ...ipfixSettings } }),
  };
}

function join(prefix: string, path: string): string {
  return path === "" ? prefix : `${prefix}.${path}`;
}
