/**
 * The difference between the desired flow-export configuration and what OVS holds.
 *
 * @module
 */
import { RENDER_DEFAULTS } from "./render.js";
import type { ExportProtocol, FlowExportConfig } from "./types.js";
import { EXPORT_PROTOCOLS } from "./types.js";

/** One difference; `desired` / `current` are undefined where a side has nothing. */
export interface FlowExportChange {
  readonly protocol: ExportProtocol;
  /** `"enabled"` for a protocol turned on / off, `"targets"`, or a setting name (`sampling`...). */
  readonly field: string;
  readonly kind: "missing" | "unexpected" | "changed";
  readonly desired?: string | number | boolean | readonly string[];
  readonly current?: string | number | boolean | readonly string[];
}

type Values = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * What must change for OVS (`current`, e.g. from {@link readFlowExport}) to match `desired`.
 * Settings are compared as {@link renderOvsVsctl} would write them (unset desired settings take
 * {@link RENDER_DEFAULTS}; the sFlow agent takes `agent`); targets are compared as sets. An
 * empty list means nothing to do.
 *
 * @example
 * ```ts
 * import { diffFlowExport, mergeFlowExport, readFlowExport } from "ovskit";
 * const changes = diffFlowExport(mergeFlowExport({ ipfix: ["10.0.0.9:4739"] }), readFlowExport(outputs));
 * // [{ protocol: "ipfix", field: "enabled", kind: "missing", desired: true }]
 * ```
 */
export function diffFlowExport(desired: FlowExportConfig, current: FlowExportConfig, agent = "ovn-k8s-mp0"): FlowExportChange[] {
  const out: FlowExportChange[] = [];
  for (const protocol of EXPORT_PROTOCOLS) {
    const d = values(desired, protocol, agent, true);
    const c = values(current, protocol, agent, false);
    if (d === undefined && c === undefined) continue;
    if (d === undefined) {
      out.push({ protocol, field: "enabled", kind: "unexpected", current: true });
      continue;
    }
    if (c === undefined) {
      out.push({ protocol, field: "enabled", kind: "missing", desired: true });
      continue;
    }
    for (const field of Object.keys(d)) {
      const dv = d[field];
      const cv = c[field];
      if (dv === undefined || same(dv, cv)) continue;
      out.push({ protocol, field, kind: cv === undefined ? "missing" : "changed", desired: dv, ...(cv !== undefined && { current: cv }) });
    }
  }
  return out;
}

function same(a: Values[string], b: Values[string]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x) => b.includes(x));
  return a === b;
}

function values(c: FlowExportConfig, p: ExportProtocol, agent: string, defaults: boolean): Values | undefined {
  const d = RENDER_DEFAULTS;
  const def = <T>(v: T | undefined, dv: T): T | undefined => (v === undefined && defaults ? dv : v);
  if (p === "netflow" && c.netflow !== undefined) {
    const n = c.netflow;
    return {
      targets: n.targets.map((t) => t.text).sort(),
      activeTimeout: def(n.activeTimeout, d.netflowActiveTimeout),
      engineType: n.engineType,
      engineId: n.engineId,
      addIdToInterface: n.addIdToInterface,
    };
  }
  if (p === "sflow" && c.sflow !== undefined) {
    const s = c.sflow;
    return {
      targets: s.targets.map((t) => t.text).sort(),
      agent: def(s.agent, agent),
      header: def(s.header, d.sflowHeader),
      sampling: def(s.sampling, d.sflowSampling),
      polling: def(s.polling, d.sflowPolling),
    };
  }
  if (p === "ipfix" && c.ipfix !== undefined) {
    const x = c.ipfix;
    return {
      targets: x.targets.map((t) => t.text).sort(),
      sampling: def(x.sampling, d.ipfixSampling),
      cacheActiveTimeout: def(x.cacheActiveTimeout, d.ipfixCacheActiveTimeout),
      cacheMaxFlows: x.cacheMaxFlows,
      obsDomainId: x.obsDomainId,
      obsPointId: x.obsPointId,
    };
  }
  return undefined;
}
