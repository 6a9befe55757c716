/**
 * OVS metric collectors: run the metrics.yaml queries (instant or range) against Prometheus with
 * bounded concurrency, map series to nodes, and summarize each entity.
 *
 * @module
 */
import type { Labels, PrometheusClient, PrometheusTime, Sample } from "../prometheus/index.js";
import { durationToMs, formatPrometheusDuration, parsePrometheusDuration } from "../core/duration.js";
import { type MetricCategory, type MetricDefinition, type MetricsConfig, type Statistic, type ThresholdDirection, expandQuery } from "./config.js";
import { type ClusterInfo, type ClusterSeries, clusterInfoFromSeries } from "./cluster-info.js";
import { type CollectionError, type ConnectionCheck, checkPrometheusConnection, describeCollectionError } from "./connection.js";
import { mapSettledBounded } from "./concurrency.js";
import { type NodeMap, buildNodeMap, unmappedEntityName } from "./node-map.js";
import { type SeriesSummary, linearFit, summarize } from "./stats.js";
import type { MetricUnit } from "./units.js";

/** Statistics of one entity (a node, or a node's bridge...) for one metric. */
export interface EntityStats extends SeriesSummary {
  /** Display name: the node (plus entity labels, `worker-1/br-int`), or `pod:ns/name` when unmapped. */
  readonly entity: string;
  /** The node, or `null` when the series could not be mapped to one. */
  readonly node: string | null;
  /** Labels of the source series. */
  readonly labels: Labels;
  readonly unit: MetricUnit;
  /** Least-squares trend over the range (range mode, 3+ samples). */
  readonly trend?: { readonly slopePerSecond: number; readonly r2: number; readonly spanSeconds: number; readonly fittedLast: number };
  /** The samples (range mode; dropped from JSON reports unless asked). */
  readonly points?: readonly Sample[];
}

/** The result of one metric. */
export interface MetricCollection {
  readonly id: string;
  readonly title: string;
  readonly category: MetricCategory;
  readonly unit: MetricUnit;
  /** The PromQL that was run (`$window` substituted). */
  readonly query: string;
  readonly statistic: Statistic;
  readonly direction: ThresholdDirection;
  readonly thresholds: MetricDefinition["thresholds"];
  readonly recommendation: string;
  /** `skipped`: not queried because the connection check found Prometheus unreachable. */
  readonly status: "ok" | "empty" | "error" | "skipped";
  readonly error?: CollectionError;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  /** Entities, worst `statistic` first (highest; lowest for direction `below`). */
  readonly entities: readonly EntityStats[];
  /** The top-N entities by max (by min for direction `below`) (names). */
  readonly top: readonly string[];
}

/** How series were mapped to nodes. */
export interface NodeMappingInfo {
  /** The query used (`kube_pod_info`). */
  readonly query: string;
  /** `ok`: every series mapped; `partial`: some pods missing from the mapping; `unavailable`: no mapping series, or its query failed. */
  readonly status: "ok" | "partial" | "unavailable";
  readonly pods: number;
  /** Entities that kept a pod / instance name. */
  readonly unmapped: readonly string[];
  /** A sentence for people, always set when some series are not per node. */
  readonly note?: string;
}

/** Everything a collection run produced. */
export interface Collection {
  readonly mode: "instant" | "range";
  /** Evaluation time (instant mode), ISO 8601. */
  readonly time?: string;
  /** Range (range mode). */
  readonly range?: { readonly start: string; readonly end: string; readonly stepSeconds: number };
  /** The `$window` used: settings.window, raised to the step in range mode when the step is longer. */
  readonly window: string;
  readonly metrics: readonly MetricCollection[];
  readonly nodeMapping: NodeMappingInfo;
  /** The connection check (absent when it was turned off). */
  readonly connection?: ConnectionCheck;
  /** Node count and versions (absent when Prometheus was unreachable). */
  readonly cluster?: ClusterInfo;
}

/** Options of {@link collectOvsMetrics}. */
export interface CollectOptions {
  readonly mode: "instant" | "range";
  /** Instant mode: evaluation time (default now). */
  readonly time?: PrometheusTime;
  /** Range mode: start / end (end default now) or `duration` back from end. */
  readonly start?: PrometheusTime;
  readonly end?: PrometheusTime;
  readonly duration?: string | number;
  /** Range step (seconds or duration); default max(15 s, range / 1000). */
  readonly step?: string | number;
  /** Only these categories. */
  readonly categories?: readonly MetricCategory[];
  /** Only these metric ids. */
  readonly metricIds?: readonly string[];
  /** Override of settings.concurrency. */
  readonly concurrency?: number;
  /** Override of settings.topN. */
  readonly topN?: number;
  readonly signal?: AbortSignal;
  /** Clock (tests). */
  readonly now?: () => Date;
  /** Run the connection check first (default true); false also skips the cluster information. */
  readonly checkConnection?: boolean;
}

const toDate = (t: PrometheusTime): Date => (t instanceof Date ? t : typeof t === "number" ? new Date(t * 1000) : new Date(t));

const describeError = describeCollectionError;
const CLUSTER_KEYS = ["nodes", "kubernetesVersion", "openshiftVersion", "ovsVersion"] as const;

/**
 * Collects the configured OVS metrics. A connection check runs first: when Prometheus cannot be
 * queried, no metric query is sent and every metric is `skipped` (one message in `connection`,
 * not one failure per metric). Then the queries run concurrently (at most `concurrency` at a
 * time), with the pod → node mapping and the cluster information; a failing query gives a
 * metric with `status: "error"` and the others still return.
 *
 * @example
 * ```ts
 * import { PrometheusClient, collectOvsMetrics, defaultMetricsConfig } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090" });
 * const c = await collectOvsMetrics(prom, defaultMetricsConfig(), { mode: "range", duration: "1h" });
 * for (const m of c.metrics) console.log(m.id, m.status, m.entities[0]?.entity, m.entities[0]?.max);
 * ```
 */
export async function collectOvsMetrics(client: PrometheusClient, config: MetricsConfig, o: CollectOptions): Promise<Collection> {
  const now = o.now?.() ?? new Date();
  const defs = config.metrics.filter(
    (m) => (o.categories === undefined || o.categories.includes(m.category)) && (o.metricIds === undefined || o.metricIds.includes(m.id)),
  );
  let time: Date | undefined;
  let range: { start: Date; end: Date; stepSeconds: number } | undefined;
  if (o.mode === "instant") time = toDate(o.time ?? now);
  else {
    const end = toDate(o.end ?? now);
    const start = o.start !== undefined ? toDate(o.start) : new Date(end.getTime() - durationToMs(o.duration ?? "1h"));
    const spanS = (end.getTime() - start.getTime()) / 1000;
    if (!(spanS > 0)) throw new RangeError("collectOvsMetrics: the range is empty (start must be before end)");
    const stepSeconds = o.step !== undefined ? durationToMs(o.step) / 1000 : Math.max(15, Math.ceil(spanS / 1000));
    range = { start, end, stepSeconds };
  }
  // In range mode the window is at least the step: with a 5m window and a 10m step, increase()
  // and irate() would miss whatever happened between two steps.
  const configuredWindowMs = parsePrometheusDuration(config.settings.window);
  const window =
    range !== undefined && range.stepSeconds * 1000 > configuredWindowMs ? formatPrometheusDuration(Math.ceil(range.stepSeconds) * 1000) : config.settings.window;
  const mapping = config.settings.nodeMapping;
  const mapQuery =
    range === undefined
      ? mapping.query
      : `max by (${[mapping.namespaceLabel, mapping.podLabel, mapping.nodeLabel, mapping.hostIpLabel].join(", ")}) (max_over_time(${mapping.query}[${formatPrometheusDuration(Math.max(1000, range.end.getTime() - range.start.getTime()))}]))`;
  const evalTime = time ?? range!.end;
  const spanSeconds = range === undefined ? undefined : Math.max(1, (range.end.getTime() - range.start.getTime()) / 1000);
  const base = (d: MetricDefinition) => ({
    id: d.id,
    title: d.title,
    category: d.category,
    unit: d.unit,
    query: expandQuery(d, config, window),
    statistic: d.statistic,
    direction: d.direction,
    thresholds: d.thresholds,
    recommendation: d.recommendation,
  });
  const when = {
    mode: o.mode,
    ...(time !== undefined ? { time: time.toISOString() } : {}),
    ...(range !== undefined ? { range: { start: range.start.toISOString(), end: range.end.toISOString(), stepSeconds: range.stepSeconds } } : {}),
    window,
  };
  let connection: ConnectionCheck | undefined;
  if (o.checkConnection !== false) {
    connection = await checkPrometheusConnection(client, { time: evalTime, ...(spanSeconds !== undefined ? { lookbackSeconds: spanSeconds } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    if (connection.status === "unreachable") {
      return {
        ...when,
        metrics: defs.map((d): MetricCollection => ({ ...base(d), status: "skipped", warnings: [], infos: [], entities: [], top: [] })),
        nodeMapping: { query: mapQuery, status: "unavailable", pods: 0, unmapped: [], note: "not queried: Prometheus could not be reached" },
        connection,
      };
    }
  }
  const clusterQuery = (q: string) => (spanSeconds === undefined ? q : `last_over_time((${q})[${Math.ceil(spanSeconds)}s:])`);
  const tasks: Array<() => Promise<unknown>> = [
    () => client.query(mapQuery, { time: evalTime, ...(o.signal ? { signal: o.signal } : {}) }),
    ...(connection === undefined ? [] : CLUSTER_KEYS.map((k) => () => client.query(clusterQuery(config.settings.cluster[k]), { time: evalTime, ...(o.signal ? { signal: o.signal } : {}) }))),
    ...defs.map((d) => () => {
      const q = expandQuery(d, config, window);
      const signal = o.signal ? { signal: o.signal } : {};
      return range === undefined ? client.query(q, { time: time!, ...signal }) : client.queryRange(q, { start: range.start, end: range.end, step: range.stepSeconds, ...signal });
    }),
  ];
  const settled = await mapSettledBounded(tasks, o.concurrency ?? config.settings.concurrency, (t) => t());
  const mapResult = settled[0]!;
  let podInfo: Labels[] = [];
  let mapError: string | undefined;
  if (mapResult.status === "fulfilled") {
    const r = mapResult.value as Awaited<ReturnType<PrometheusClient["query"]>>;
    if (r.data.resultType === "vector") podInfo = r.data.result.map((s) => s.metric);
  } else mapError = describeError(mapResult.reason).message;
  const nodeMap = buildNodeMap(podInfo, mapping);
  const topN = o.topN ?? config.settings.topN;
  const unmapped = new Set<string>();
  const offset = connection === undefined ? 1 : 1 + CLUSTER_KEYS.length;
  const metrics = defs.map((d, i): MetricCollection => {
    const res = settled[i + offset]!;
    if (res.status === "rejected") return { ...base(d), status: "error", error: describeError(res.reason), warnings: [], infos: [], entities: [], top: [] };
    const r = res.value as Awaited<ReturnType<PrometheusClient["query"]>>;
    const series: Array<{ metric: Labels; samples: readonly Sample[] }> =
      r.data.resultType === "matrix" ? [...r.data.result] : r.data.resultType === "vector" ? r.data.result.map((s) => ({ metric: s.metric, samples: [s.sample] })) : [];
    const entities = summarizeSeries(series, d, nodeMap, range !== undefined, unmapped);
    const sign = d.direction === "below" ? -1 : 1;
    entities.sort((a, b) => sign * (b[d.statistic] - a[d.statistic]) || a.entity.localeCompare(b.entity));
    const worst = d.direction === "below" ? "min" : "max";
    const top = [...entities].sort((a, b) => sign * (b[worst] - a[worst]) || a.entity.localeCompare(b.entity)).slice(0, topN).map((e) => e.entity);
    return { ...base(d), status: entities.length === 0 ? "empty" : "ok", warnings: r.warnings, infos: r.infos, entities, top };
  });
  const nodeMapping = mappingInfo(mapQuery, nodeMap, [...unmapped].sort(), mapError);
  let cluster: ClusterInfo | undefined;
  if (connection !== undefined) {
    const labelsOf = (k: number): Labels[] | null => {
      const res = settled[1 + k]!;
      if (res.status === "rejected") return null;
      const r = res.value as Awaited<ReturnType<PrometheusClient["query"]>>;
      return r.data.resultType === "vector" ? r.data.result.map((x) => x.metric) : [];
    };
    const series = Object.fromEntries(CLUSTER_KEYS.map((k, i) => [k, labelsOf(i)])) as unknown as ClusterSeries;
    const ovsNodes = metrics.filter((m) => /\bovs_/.test(m.query)).flatMap((m) => m.entities.map((e) => e.node).filter((n): n is string => n !== null));
    cluster = clusterInfoFromSeries(series, config.settings.cluster, ovsNodes);
  }
  return { ...when, metrics, nodeMapping, ...(connection !== undefined ? { connection } : {}), ...(cluster !== undefined ? { cluster } : {}) };
}

function summarizeSeries(
  series: ReadonlyArray<{ metric: Labels; samples: readonly Sample[] }>,
  d: MetricDefinition,
  nodeMap: NodeMap,
  keepPoints: boolean,
  unmapped: Set<string>,
): EntityStats[] {
  const out: EntityStats[] = [];
  const names = new Set<string>();
  for (const s of series) {
    const sum = summarize(s.samples);
    if (sum === undefined) continue;
    const mapped = nodeMap.nodeOf(s.metric);
    const baseName = mapped?.node ?? unmappedEntityName(s.metric);
    if (mapped === undefined) unmapped.add(baseName);
    const extra = d.entity.map((l) => s.metric[l] ?? "").filter((v) => v !== "");
    let entity = [baseName, ...extra].join("/");
    if (names.has(entity) && s.metric.pod !== undefined) entity = `${entity} (${s.metric.pod})`;
    names.add(entity);
    const fit = keepPoints ? linearFit(s.samples) : undefined;
    out.push({
      entity,
      node: mapped?.node ?? null,
      labels: s.metric,
      unit: d.unit,
      ...sum,
      ...(fit !== undefined ? { trend: { slopePerSecond: fit.slope, r2: fit.r2, spanSeconds: fit.span, fittedLast: fit.fittedLast } } : {}),
      ...(keepPoints ? { points: s.samples } : {}),
    });
  }
  return out;
}

function mappingInfo(query: string, map: NodeMap, unmapped: string[], error: string | undefined): NodeMappingInfo {
  if (unmapped.length === 0) return { query, status: "ok", pods: map.pods, unmapped };
  const why = error !== undefined ? `the mapping query failed (${error})` : map.pods === 0 ? `no ${query.includes("kube_pod_info") ? "kube_pod_info" : "mapping"} series found` : "they are not in the mapping series";
  const note = `${unmapped.length} pods / instances could not be mapped to a node (${why}); their series are shown per pod / instance, not per node.`;
  return { query, status: error !== undefined || map.pods === 0 ? "unavailable" : "partial", pods: map.pods, unmapped, note };
}
