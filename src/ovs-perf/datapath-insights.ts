/**
 * Datapath insights: megaflow cache efficiency, upcall pressure, interface drops and errors.
 * They combine several metrics of one node (found by their default ids), which thresholds on a
 * single metric cannot do.
 *
 * @internal
 * @module
 */
import type { Collection, EntityStats, MetricCollection } from "./collect.js";
import type { Insight, InsightSettings } from "./insights.js";
import { formatMetricValue } from "./units.js";

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The recommendation when packets visit many masks (named here so that tests and docs can point at it). */
const MASKS_ADVICE =
  "Each packet is tried against many megaflow masks: the OpenFlow flows that match on many different fields (ACLs on L4 ports, conntrack states, " +
  "wide IP prefixes) widen the megaflows. Dump the datapath flows with their masks (ovs-appctl dpctl/dump-flows -m > dp.flows) and read them with " +
  '"npm run ofparse -- datapath tree -i dp.flows" (ovskit) to see which fields vary; ofproto/trace a packet to read its Megaflow line.';
const HIT_ADVICE =
  "Many packets miss the megaflow cache and are handled in ovs-vswitchd: look for high-entropy traffic (many short connections, scans) and " +
  "megaflows evicted early (ovs-appctl upcall/show: flow limit, dump duration; other_config:max-idle).";
const UPCALL_ADVICE =
  "Check ovs-appctl upcall/show (flow limit, dump duration) and coverage/show; raise other_config:n-handler-threads or flow-limit, " +
  "and find the traffic that misses the cache (short-lived flows in ovs-appctl dpctl/dump-flows).";
const INTERFACE_ADVICE =
  "Find the interface (ovs-vsctl --columns=name,statistics list interface; ovs-appctl dpctl/show -s): drops usually mean a full queue or a " +
  "policer, errors a NIC / driver / MTU problem.";

const metricById = (c: Collection, id: string): MetricCollection | undefined => c.metrics.find((m) => m.id === id && m.status === "ok");

function byEntity(m: MetricCollection | undefined): Map<string, EntityStats> {
  const out = new Map<string, EntityStats>();
  for (const e of m?.entities ?? []) out.set(e.entity, e);
  return out;
}

function fmtPercent(v: number): string {
  return v >= 99.95 && v < 100 ? `${v.toFixed(2)} %` : formatMetricValue(v, "percent");
}

/** @internal Megaflow cache efficiency per node: hit ratio (min) and masks per packet (max), with the masks count. */
export function megaflowInsights(c: Collection, s: InsightSettings): Insight[] {
  const hit = byEntity(metricById(c, "dp_cache_hit_ratio"));
  const mpp = byEntity(metricById(c, "dp_masks_per_packet"));
  const masks = byEntity(metricById(c, "dp_masks"));
  const out: Insight[] = [];
  const entities = [...new Set([...hit.keys(), ...mpp.keys()])].sort();
  let worstHit: { entity: string; v: number } | undefined;
  let worstMpp: { entity: string; v: number } | undefined;
  for (const entity of entities) {
    const h = hit.get(entity);
    const p = mpp.get(entity);
    const m = masks.get(entity);
    if (h !== undefined && (worstHit === undefined || h.min < worstHit.v)) worstHit = { entity, v: h.min };
    if (p !== undefined && (worstMpp === undefined || p.max > worstMpp.v)) worstMpp = { entity, v: p.max };
    const manyMasks = p !== undefined && p.max >= s.masksPerPacketHigh;
    const lowHit = h !== undefined && h.min < s.cacheHitLowPercent;
    if (!manyMasks && !lowHit) continue;
    const parts = [
      ...(p !== undefined ? [`${round(p.max)} masks visited per packet${m !== undefined ? ` (${m.last} masks)` : ""}`] : []),
      ...(h !== undefined ? [`hit ratio ${fmtPercent(h.min)}`] : []),
    ];
    out.push({
      kind: "megaflow-cache",
      severity: "concern",
      metric: manyMasks ? "dp_masks_per_packet" : "dp_cache_hit_ratio",
      entity,
      node: (p ?? h)!.node,
      message: `megaflow cache on ${entity}: ${parts.join(", ")}${manyMasks ? ": packets are checked against too many masks" : ""}${lowHit ? `${manyMasks ? "; " : ": "}too many packets miss the cache` : ""}`,
      confidence: round(Math.min(1, Math.max(p?.samples ?? 0, h?.samples ?? 0) / 10)),
      data: { masksPerPacket: p === undefined ? null : round(p.max, 4), masks: m?.last ?? null, hitRatioPercent: h === undefined ? null : round(h.min, 4) },
      recommendation: [...(manyMasks ? [MASKS_ADVICE] : []), ...(lowHit ? [HIT_ADVICE] : [])].join(" "),
    });
  }
  if (entities.length > 0) {
    out.push({
      kind: "megaflow-cache",
      severity: "notice",
      metric: worstMpp !== undefined ? "dp_masks_per_packet" : "dp_cache_hit_ratio",
      entity: null,
      node: null,
      message: `megaflow cache over ${entities.length} node(s): ${[
        ...(worstHit !== undefined ? [`lowest hit ratio ${fmtPercent(worstHit.v)} (${worstHit.entity})`] : []),
        ...(worstMpp !== undefined ? [`most masks per packet ${round(worstMpp.v)} (${worstMpp.entity})`] : []),
      ].join(", ")}`,
      confidence: c.mode === "range" ? 0.9 : 0.6,
      data: {
        nodes: entities.length,
        minHitRatioPercent: worstHit === undefined ? null : round(worstHit.v, 4),
        maxMasksPerPacket: worstMpp === undefined ? null : round(worstMpp.v, 4),
      },
    });
  }
  return out;
}

/** @internal Upcall pressure per node: upcalls per handler thread, lost upcalls, flow limit hits and kills. */
export function upcallInsights(c: Collection, s: InsightSettings): Insight[] {
  const upcalls = byEntity(metricById(c, "dp_upcalls"));
  const handlers = byEntity(metricById(c, "handler_threads"));
  const lost = byEntity(metricById(c, "dp_lookup_lost"));
  const limitHit = byEntity(metricById(c, "upcall_flow_limit_hit"));
  const limitKill = byEntity(metricById(c, "upcall_flow_limit_kill"));
  const out: Insight[] = [];
  const entities = [...new Set([...upcalls.keys(), ...lost.keys(), ...limitHit.keys(), ...limitKill.keys()])].sort();
  for (const entity of entities) {
    const u = upcalls.get(entity);
    const h = handlers.get(entity);
    const perHandler = u !== undefined && h !== undefined && h.last > 0 ? u.p95 / h.last : null;
    const l = lost.get(entity)?.max ?? 0;
    const hit = limitHit.get(entity)?.max ?? 0;
    const kill = limitKill.get(entity)?.max ?? 0;
    if (!(l > 0 || hit > 0 || kill > 0 || (perHandler !== null && perHandler >= s.upcallsPerHandlerHigh))) continue;
    const node = [u, lost.get(entity), limitHit.get(entity), limitKill.get(entity)].find((x) => x !== undefined)!.node;
    const facts = [
      ...(u !== undefined
        ? [`${formatMetricValue(round(u.p95), "per_second")} upcalls (p95)${h !== undefined ? ` over ${h.last} handler threads${perHandler !== null ? ` = ${formatMetricValue(round(perHandler), "per_second")} each` : ""}` : ""}`]
        : []),
      ...(l > 0 ? [`${l} upcalls lost`] : []),
      ...(hit > 0 ? [`flow limit reached ${hit} times`] : []),
      ...(kill > 0 ? [`${kill} datapath flows killed over the flow limit`] : []),
    ];
    out.push({
      kind: "upcall-pressure",
      severity: "concern",
      metric: l > 0 ? "dp_lookup_lost" : perHandler !== null && perHandler >= s.upcallsPerHandlerHigh ? "dp_upcalls" : hit > 0 ? "upcall_flow_limit_hit" : "upcall_flow_limit_kill",
      entity,
      node,
      message: `upcall pressure on ${entity}: ${facts.join(", ")} (counts per ${c.window} window)`,
      confidence: round(Math.min(1, (u?.samples ?? 1) / 10)),
      data: {
        upcallsPerSecond: u === undefined ? null : round(u.p95, 4),
        handlers: h?.last ?? null,
        upcallsPerHandler: perHandler === null ? null : round(perHandler, 4),
        lost: l,
        flowLimitHit: hit,
        flowLimitKill: kill,
      },
      recommendation: UPCALL_ADVICE,
    });
  }
  return out;
}

const IFACE_METRICS = [
  ["iface_rx_dropped", "rx dropped"],
  ["iface_tx_dropped", "tx dropped"],
  ["iface_rx_errors", "rx errors"],
  ["iface_tx_errors", "tx errors"],
] as const;

/** @internal Interface drops / errors per node and interface (any increase in the range). */
export function interfaceInsights(c: Collection): Insight[] {
  const maps = IFACE_METRICS.map(([id, label]) => ({ id, label, byEntity: byEntity(metricById(c, id)) }));
  const entities = [...new Set(maps.flatMap((m) => [...m.byEntity.keys()]))].sort();
  const out: Insight[] = [];
  for (const entity of entities) {
    const seen = maps.map((m) => ({ ...m, e: m.byEntity.get(entity) })).filter((x) => x.e !== undefined && x.e.max > 0);
    if (seen.length === 0) continue;
    const ongoing = seen.some((x) => x.e!.last > 0);
    const perInterface = seen.some((x) => x.e!.labels.interface !== undefined);
    const data: Record<string, number | string | null> = { state: ongoing ? "ongoing" : "recovered" };
    for (const x of seen) {
      data[`${x.id}Max`] = x.e!.max;
      data[`${x.id}Last`] = x.e!.last;
    }
    out.push({
      kind: "interface-errors",
      severity: ongoing ? "concern" : "notice",
      metric: seen[0]!.id,
      entity,
      node: seen[0]!.e!.node,
      message: `interface drops / errors on ${entity}${perInterface ? "" : " (sum over all its OVS interfaces)"}: ${seen
        .map((x) => `${x.label} up to ${x.e!.max} per ${c.window} (last ${x.e!.last})`)
        .join(", ")}; ${ongoing ? "ongoing" : "recovered"}`,
      confidence: round(Math.min(1, Math.max(...seen.map((x) => x.e!.samples)) / 10)),
      data,
      ...(ongoing ? { recommendation: INTERFACE_ADVICE } : {}),
    });
  }
  return out;
}
