/**
 * The difference between the desired flow-export configuration and what OVS holds.
 *
 * @module
 */
import { RENDER_DEFAULTS } from "./render.js";
import type { ExportProtocol, FlowExportConfig } from "./types.js";
import { EXPORT_PROTOCOLS } from "./types.js";

/** One difference; `desired` / `current` are absent where a side has nothing. */
export interface FlowExportChange {
  readonly protocol: ExportProtocol;
  /** `"enabled"` for a protocol turned on / off, `"targets"`, or a setting name (`sampling`...). */
  readonly field: string;
  readonly kind: "missing" | "unexpected" | "changed";
  readonly desired?: string | number | boolean | readonly string[];
  readonly current?: string | number | boolean | readonly string[];
}

type Values = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Options of {@link diffFlowExport}. */
export interface DiffOptions {
  /**
   * How to read `desired`:
   * - `"render"` (the default): as {@link renderOvsVsctl} writes it: unset settings take
   *   {@link RENDER_DEFAULTS} (the sFlow agent takes `agent`); a setting unset in `desired` is
   *   not compared;
   * - `"exact"`: as is, every column: a setting unset in `desired` must be empty in OVS (or hold
   *   its schema default: NetFlow `add_id_to_interface` false). For the
   *   configuration ovnkube-node writes ({@link operatorFlowExport}'s `node`,
   *   {@link ovnKubernetesFlowExport}), which sets every column it writes.
   */
  readonly mode?: "render" | "exact";
  /** The sFlow agent of `"render"` mode when `desired` has none (default `ovn-k8s-mp0`). */
  readonly agent?: string;
}

/**
 * What must change for OVS (`current`, e.g. from {@link readFlowExport}) to match `desired`.
 * Targets are compared as sets; settings as `options.mode` says: against ovskit's rendering
 * (`"render"`, the default) or exactly (`"exact"`, for what the operators make of the same
 * sources). An empty list means nothing to do. The third argument may still be the sFlow agent
 * (a string; deprecated since 0.2.0).
 *
 * @example
 * ```ts
 * import { diffFlowExport, mergeFlowExport, operatorFlowExport, readFlowExport } from "ovskit";
 * const live = readFlowExport(outputs);
 * const sources = { exportNetworkFlows: { ipfix: ["10.0.0.9:4739"] } };
 * diffFlowExport(mergeFlowExport(sources.exportNetworkFlows), live);         // against ovskit's rendering
 * diffFlowExport(operatorFlowExport(sources).node!, live, { mode: "exact" }); // against what ovnkube-node writes
 * // e.g. [{ protocol: "ipfix", field: "enabled", kind: "missing", desired: true }]
 * ```
 */
export function diffFlowExport(desired: FlowExportConfig, current: FlowExportConfig, options: DiffOptions | string = {}): FlowExportChange[] {
  const { mode = "render", agent = "ovn-k8s-mp0" } = typeof options === "string" ? { agent: options } : options;
  const exact = mode === "exact";
  const out: FlowExportChange[] = [];
  for (const protocol of EXPORT_PROTOCOLS) {
    const d = values(desired, protocol, agent, exact ? "exact" : "render");
    const c = values(current, protocol, agent, "none");
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
      if (dv === undefined) {
        if (exact && cv !== undefined) out.push({ protocol, field, kind: "unexpected", current: cv });
        continue;
      }
      if (same(dv, cv)) continue;
      out.push({ protocol, field, kind: cv === undefined ? "missing" : "changed", desired: dv, ...(cv !== undefined && { current: cv }) });
    }
  }
  return out;
}

function same(a: Values[string], b: Values[string]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x) => b.includes(x));
  return a === b;
}

/**
 * `"render"`: unset settings take ovskit's rendered defaults; `"exact"`: unset settings are
 * empty columns, except those OVS's schema always fills (NetFlow `add_id_to_interface`, a
 * boolean that defaults to false); `"none"`: as is (the live side).
 */
function values(c: FlowExportConfig, p: ExportProtocol, agent: string, fill: "render" | "exact" | "none"): Values | undefined {
  const d = RENDER_DEFAULTS;
  const defaults = fill === "render";
  const def = <T>(v: T | undefined, dv: T): T | undefined => (v === undefined && defaults ? dv : v);
  if (p === "netflow" && c.netflow !== undefined) {
    const n = c.netflow;
    return {
      targets: n.targets.map((t) => t.text).sort(),
      activeTimeout: def(n.activeTimeout, d.netflowActiveTimeout),
      engineType: n.engineType,
      engineId: n.engineId,
      addIdToInterface: n.addIdToInterface ?? (fill === "exact" ? false : undefined),
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
