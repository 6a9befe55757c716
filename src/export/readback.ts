/**
 * Reading a bridge's flow-export configuration back from `ovs-vsctl list bridge|netflow|sflow|ipfix`
 * output, into the same {@link FlowExportConfig} that {@link renderOvsVsctl} renders.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { parseCollectorTarget } from "./targets.js";
import type { CollectorTarget, FlowExportConfig, IpfixSettings, NetflowSettings, SflowSettings } from "./types.js";
import { type VsctlRecord, type VsctlValue, parseVsctlList } from "./vsctl-list.js";

/** The outputs of `ovs-vsctl list bridge`, `list netflow`, `list sflow` and `list ipfix`. */
export interface VsctlListOutputs {
  readonly bridge: string;
  readonly netflow?: string;
  readonly sflow?: string;
  readonly ipfix?: string;
}

/**
 * The flow-export configuration of `bridge` as OVS holds it. The Bridge row's `netflow`,
 * `sflow` and `ipfix` columns point (by UUID) to rows of the other three outputs; a protocol
 * whose column is empty is absent. Empty optional columns (`[]`) become unset settings. Throws
 * an {@link OvsParseError} when the bridge is missing, a referenced row is not in the outputs,
 * or a target is not `ip:port`.
 *
 * @example
 * ```ts
 * import { readFlowExport } from "ovskit";
 * import { execFileSync } from "node:child_process";
 * const list = (t: string) => execFileSync("ovs-vsctl", ["list", t], { encoding: "utf8" });
 * const current = readFlowExport({ bridge: list("bridge"), netflow: list("netflow"), sflow: list("sflow"), ipfix: list("ipfix") }, "br-int");
 * current.ipfix?.sampling; // 400
 * ```
 */
export function readFlowExport(outputs: VsctlListOutputs, bridge = "br-int"): FlowExportConfig {
  const row = parseVsctlList(outputs.bridge).find((r) => r.name === bridge);
  if (row === undefined) throw new OvsParseError("missing", `no bridge "${bridge}" in the ovs-vsctl list bridge output`, "", 0);
  const find = (table: "netflow" | "sflow" | "ipfix"): VsctlRecord | undefined => {
    const ref = row[table];
    if (typeof ref !== "string") return undefined; // [] : not configured
    const rows = parseVsctlList(outputs[table] ?? "");
    const hit = rows.find((r) => r._uuid === ref);
    if (hit === undefined) throw new OvsParseError("missing", `bridge ${bridge} refers to ${table} row ${ref}, which is not in the ovs-vsctl list ${table} output`, "", 0);
    return hit;
  };
  const nf = find("netflow");
  const sf = find("sflow");
  const ix = find("ipfix");
  return {
    ...(nf !== undefined && { netflow: netflowOf(nf) }),
    ...(sf !== undefined && { sflow: sflowOf(sf) }),
    ...(ix !== undefined && { ipfix: ipfixOf(ix) }),
  };
}

function netflowOf(r: VsctlRecord): NetflowSettings {
  const activeTimeout = num(r.active_timeout);
  const engineType = num(r.engine_type);
  const engineId = num(r.engine_id);
  const addId = r.add_id_to_interface;
  return {
    targets: targetsOf(r, "netflow"),
    ...(activeTimeout !== undefined && { activeTimeout }),
    ...(engineType !== undefined && { engineType }),
    ...(engineId !== undefined && { engineId }),
    ...(typeof addId === "string" && { addIdToInterface: addId === "true" }),
  };
}

function sflowOf(r: VsctlRecord): SflowSettings {
  const header = num(r.header);
  const sampling = num(r.sampling);
  const polling = num(r.polling);
  return {
    targets: targetsOf(r, "sflow"),
    ...(typeof r.agent === "string" && { agent: r.agent }),
    ...(header !== undefined && { header }),
    ...(sampling !== undefined && { sampling }),
    ...(polling !== undefined && { polling }),
  };
}

function ipfixOf(r: VsctlRecord): IpfixSettings {
  const sampling = num(r.sampling);
  const cacheActiveTimeout = num(r.cache_active_timeout);
  const cacheMaxFlows = num(r.cache_max_flows);
  const obsDomainId = num(r.obs_domain_id);
  const obsPointId = num(r.obs_point_id);
  return {
    targets: targetsOf(r, "ipfix"),
    ...(sampling !== undefined && { sampling }),
    ...(cacheActiveTimeout !== undefined && { cacheActiveTimeout }),
    ...(cacheMaxFlows !== undefined && { cacheMaxFlows }),
    ...(obsDomainId !== undefined && { obsDomainId }),
    ...(obsPointId !== undefined && { obsPointId }),
  };
}

function num(v: VsctlValue | undefined): number | undefined {
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function targetsOf(r: VsctlRecord, table: string): CollectorTarget[] {
  const v = r.targets;
  const list = typeof v === "string" ? [v] : Array.isArray(v) ? (v as readonly string[]) : [];
  return list.map((text) => {
    const t = parseCollectorTarget(text);
    if ("error" in t) throw new OvsParseError("bad-value", `${table} target: ${t.error}`, text, 0);
    return t;
  });
}
