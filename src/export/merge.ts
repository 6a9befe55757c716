/**
 * Merging the Network CR's `exportNetworkFlows` with the `ovs-ipfix-config` ConfigMap into the
 * configuration of one node's bridge.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import { ExportConfigError, type ExportConfigIssue } from "./errors.js";
import { collectorTarget } from "./targets.js";
import type { CollectorTarget, FlowExportConfig, IpfixSettings } from "./types.js";
import { validateExportNetworkFlows, validateIpfixConfigMap } from "./validate.js";

/** Options of {@link mergeFlowExport}. */
export interface MergeOptions {
  /** The node's own IP: where a ConfigMap `nodePort` collector listens. */
  readonly nodeIp?: string;
}

/**
 * Validates both sources and merges them: the CR gives the NetFlow / sFlow / IPFIX collectors;
 * the ConfigMap adds its `sharedTarget` (or `nodeIp:nodePort`) to the IPFIX collectors (a
 * target already listed is not repeated) and sets IPFIX sampling and cache settings. Throws an
 * {@link ExportConfigError} listing every issue when any is an error; issue paths start with
 * `exportNetworkFlows.` or `ovs-ipfix-config.`.
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
export function mergeFlowExport(exportNetworkFlows?: unknown, ipfixConfigMap?: unknown, options: MergeOptions = {}): FlowExportConfig {
  const issues: ExportConfigIssue[] = [];
  const cr = validateExportNetworkFlows(exportNetworkFlows);
  issues.push(...cr.issues.map((i) => ({ ...i, path: join("exportNetworkFlows", i.path) })));
  let ipfixTargets: CollectorTarget[] | undefined = cr.ipfix;
  let ipfixSettings: Omit<IpfixSettings, "targets"> = {};
  if (ipfixConfigMap !== undefined && ipfixConfigMap !== null) {
    const cm = validateIpfixConfigMap(ipfixConfigMap);
    issues.push(...cm.issues.map((i) => ({ ...i, path: join("ovs-ipfix-config", i.path) })));
    let extra: CollectorTarget | undefined = cm.sharedTarget;
    if (cm.nodePort !== undefined) {
      if (options.nodeIp === undefined) {
        issues.push({ path: "ovs-ipfix-config.nodePort", code: "missing", severity: "error", message: "a nodePort collector needs the node's IP (the nodeIp option)" });
      } else if (!ipaddr.isValid(options.nodeIp)) {
        issues.push({ path: "nodeIp", code: "bad-target", severity: "error", message: `"${options.nodeIp}" is not an IP address` });
      } else extra = collectorTarget(options.nodeIp, cm.nodePort);
    }
    if (extra !== undefined) {
      const have = ipfixTargets ?? [];
      ipfixTargets = have.some((t) => t.text === extra.text) ? have : [...have, extra];
    }
    ipfixSettings = {
      ...(cm.sampling !== undefined && { sampling: cm.sampling }),
      ...(cm.cacheActiveTimeout !== undefined && { cacheActiveTimeout: cm.cacheActiveTimeout }),
      ...(cm.cacheMaxFlows !== undefined && { cacheMaxFlows: cm.cacheMaxFlows }),
    };
  }
  if (issues.some((i) => i.severity === "error")) throw new ExportConfigError(issues);
  return {
    ...(cr.netFlow !== undefined && { netflow: { targets: cr.netFlow } }),
    ...(cr.sFlow !== undefined && { sflow: { targets: cr.sFlow } }),
    ...(ipfixTargets !== undefined && ipfixTargets.length > 0 && { ipfix: { targets: ipfixTargets, ...ipfixSettings } }),
  };
}

function join(prefix: string, path: string): string {
  return path === "" ? prefix : `${prefix}.${path}`;
}
