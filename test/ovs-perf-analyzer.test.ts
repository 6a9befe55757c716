/**
 * Collectors (against a local fake Prometheus), statistics, node mapping, alerts, insights,
 * status, reports and comparison. Each defect of the Python analyzer listed in ANCHORS.md has a
 * case here: br-ex warning reachable, memory growth as a fitted slope (not max > 2 × min) in one
 * unit, thresholds on increase() of counters, per-node views only through a real mapping,
 * per-query failures reported.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  type Collection,
  type EntityStats,
  type MetricCollection,
  buildNodeMap,
  buildReport,
  collectOvsMetrics,
  compareReports,
  computeAlerts,
  computeInsights,
  defaultMetricsConfig,
  linearFit,
  mapSettledBounded,
  overallStatus,
  parseMetricsConfig,
  parseReport,
  summarize,
} from "../src/ovs-perf/index.js";
import { PrometheusClient, type Sample } from "../src/prometheus/index.js";
import { type FakeServer, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

const MiB = 1024 * 1024;
const cfg = defaultMetricsConfig();
const def = (id: string) => cfg.metrics.find((m) => m.id === id)!;

function entityOf(name: string, samples: Sample[], extra: Partial<EntityStats> = {}): EntityStats {
  const s = summarize(samples)!;
  const fit = samples.length > 1 ? linearFit(samples) : undefined;
  return {
    entity: name,
    node: name.split("/")[0]!,
    labels: { pod: `ovnkube-node-${name}` },
    unit: "count",
    ...s,
    ...(fit ? { trend: { slopePerSecond: fit.slope, r2: fit.r2, spanSeconds: fit.span, fittedLast: fit.fittedLast } } : {}),
    ...extra,
  };
}

function metricOf(id: string, entities: EntityStats[], extra: Partial<MetricCollection> = {}): MetricCollection {
  const d = def(id);
  return {
    id,
    title: d.title,
    category: d.category,
    unit: d.unit,
    query: d.query,
    statistic: d.statistic,
    direction: d.direction,
    thresholds: d.thresholds,
    recommendation: d.recommendation,
    status: "ok",
    warnings: [],
    infos: [],
    entities: entities.map((e) => ({ ...e, unit: d.unit })),
    top: entities.map((e) => e.entity),
    ...extra,
  };
}

const collection = (metrics: MetricCollection[], mode: "instant" | "range" = "range"): Collection => ({
  mode,
  window: "5m",
  metrics,
  nodeMapping: { query: "kube_pod_info", status: "ok", pods: 6, unmapped: [] },
});
const series = (values: number[], step = 60): Sample[] => values.map((value, i) => ({ time: 1767225600 + i * step, value }));
const constant = (v: number, n = 10) => series(Array.from({ length: n }, () => v));

describe("statistics", () => {
  it("min / avg / max / p95 (nearest rank) / last, NaN and ±Inf counted apart", () => {
    const s = summarize(series([...Array.from({ length: 20 }, (_, i) => i + 1), Number.NaN, Number.POSITIVE_INFINITY]))!;
    expect(s).toMatchObject({ min: 1, max: 20, avg: 10.5, p95: 19, last: 20, samples: 20, nonFinite: 2 });
    expect(summarize(series([Number.NaN]))).toBeUndefined();
  });

  it("linearFit: exact slope and r² on a line, r² low on noise", () => {
    const line = linearFit(series([100, 101, 102, 103, 104]))!;
    expect(line.slope).toBeCloseTo(1 / 60, 12);
    expect(line.r2).toBe(1);
    expect(line.fittedLast).toBeCloseTo(104, 9);
    expect(linearFit(series([100, 300, 100, 100, 100, 100]))!.r2).toBeLessThan(0.2);
    expect(linearFit(series([1, 2]))).toBeUndefined();
  });

  it("mapSettledBounded keeps order and never throws", async () => {
    const r = await mapSettledBounded([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error("two");
      return n * 10;
    });
    expect(r.map((x) => (x.status === "fulfilled" ? x.value : (x.reason as Error).message))).toEqual([10, "two", 30]);
  });
});

describe("node mapping", () => {
  const s = cfg.settings.nodeMapping;
  const map = buildNodeMap(
    [
      { namespace: "openshift-ovn-kubernetes", pod: "ovnkube-node-a", node: "worker-a", host_ip: "10.0.0.1" },
      { namespace: "openshift-ovn-kubernetes", pod: "ovnkube-node-b", node: "worker-b", host_ip: "fd00::2" },
      { namespace: "ns1", pod: "same", node: "worker-a", host_ip: "10.0.0.1" },
      { namespace: "ns2", pod: "same", node: "worker-b", host_ip: "fd00::2" },
    ],
    s,
  );
  it("by namespace/pod, by pod when unique, by instance host (IPv4 and IPv6), by node label", () => {
    expect(map.nodeOf({ namespace: "openshift-ovn-kubernetes", pod: "ovnkube-node-a" })).toEqual({ node: "worker-a", via: "pod" });
    expect(map.nodeOf({ pod: "ovnkube-node-b" })).toEqual({ node: "worker-b", via: "pod" });
    expect(map.nodeOf({ instance: "10.0.0.1:9105" })).toEqual({ node: "worker-a", via: "instance" });
    expect(map.nodeOf({ instance: "[fd00::2]:9105" })).toEqual({ node: "worker-b", via: "instance" });
    expect(map.nodeOf({ node: "worker-z", pod: "ovnkube-node-a" })).toEqual({ node: "worker-z", via: "label" });
  });
  it("an ambiguous pod name without namespace, or an unknown pod, is not guessed", () => {
    expect(map.nodeOf({ pod: "same" })).toBeUndefined();
    expect(map.nodeOf({ namespace: "ns2", pod: "same" })).toEqual({ node: "worker-b", via: "pod" });
    expect(map.nodeOf({ pod: "unknown", instance: "10.9.9.9:9105" })).toBeUndefined();
  });
});

describe("alerts", () => {
  it("br-ex fires as warning between its thresholds and as critical above (the Python rule could only fire critical)", () => {
    const alerts = computeAlerts(collection([metricOf("br_ex_flows", [entityOf("w0/br-ex", constant(2000)), entityOf("w1/br-ex", constant(6000)), entityOf("w2/br-ex", constant(300))])]));
    expect(alerts.map((a) => [a.severity, a.entity, a.threshold])).toEqual([
      ["critical", "w1/br-ex", 5000],
      ["warning", "w0/br-ex", 1000],
    ]);
    expect(alerts[1]).toMatchObject({ value: 2000, unit: "count", statistic: "max", series: { pod: "ovnkube-node-w0/br-ex" }, query: 'ovs_vswitchd_bridge_flows_total{bridge="br-ex"}' });
    expect(alerts[1]!.recommendation).toMatch(/br-ex/);
  });

  it("thresholds compare the configured statistic, at >=, in the metric's unit (bytes)", () => {
    const mem = metricOf("vswitchd_memory", [entityOf("w0", series([100 * MiB, 600 * MiB, 400 * MiB])), entityOf("w1", series([500 * MiB]))]);
    const alerts = computeAlerts(collection([mem]));
    expect(alerts.map((a) => [a.entity, a.severity, a.value])).toEqual([["w1", "warning", 500 * MiB]]); // statistic "last": w0 is 400 MiB now
    expect(alerts[0]!.message).toBe("ovs-vswitchd resident memory on w1: last 500.0 MiB >= warning threshold 500.0 MiB");
  });

  it("failed and empty metrics become info alerts; status follows the worst alert", () => {
    const failed = metricOf("dp_flows", [], { status: "error", error: { kind: "query", message: "bad_data: parse error", errorType: "bad_data", status: 400 } });
    const empty = metricOf("netlink_overflow", [], { status: "empty" });
    const ok = metricOf("vswitchd_cpu", [entityOf("w0", constant(10))]);
    const c = collection([ok, failed, empty]);
    const alerts = computeAlerts(c);
    expect(alerts.map((a) => [a.severity, a.metric])).toEqual([
      ["info", "dp_flows"],
      ["info", "netlink_overflow"],
    ]);
    expect(alerts[0]!.message).toContain("bad_data");
    expect(buildReport(c, { url: "http://p" }).status).toBe("good");
    expect(buildReport(collection([failed]), { url: "http://p" }).status).toBe("unknown");
    expect(overallStatus([], [])).toBe("excellent");
  });
});

describe("insights", () => {
  it("memory growth is a fitted slope with a projected time to the thresholds", () => {
    // 100 MiB + 0.5 MiB per minute over 2 h: only +60 %, so `max > 2 × min` would never fire.
    const grow = entityOf("w5", series(Array.from({ length: 121 }, (_, i) => 100 * MiB + i * 0.5 * MiB)));
    const ins = computeInsights(collection([metricOf("vswitchd_memory", [grow])]));
    expect(ins).toHaveLength(1);
    expect(ins[0]).toMatchObject({ kind: "memory-growth", entity: "w5", severity: "concern", confidence: 1 });
    expect(ins[0]!.data).toMatchObject({ slopeBytesPerHour: 30 * MiB, r2: 1, hoursToWarning: 11.33, hoursToCritical: 28.8 });
  });

  it("a one-off spike (max > 2 × min) or a flat / shrinking series is not called growth", () => {
    const spike = entityOf("w1", series([100, 100, 100, 300, 100, 100, 100, 100, 100, 100].map((v) => v * MiB)));
    const flat = entityOf("w2", constant(200 * MiB));
    const shrink = entityOf("w3", series(Array.from({ length: 30 }, (_, i) => (300 - i) * MiB)));
    expect(computeInsights(collection([metricOf("vswitchd_memory", [spike, flat, shrink])]))).toEqual([]);
  });

  it("instant data (no trend) never gives a growth insight", () => {
    expect(computeInsights(collection([metricOf("vswitchd_memory", [entityOf("w0", series([900 * MiB]))])], "instant"))).toEqual([]);
  });

  it("CPU variance and outliers; flow ratio per node; connection trends", () => {
    const bursty = entityOf("w4", series(Array.from({ length: 40 }, (_, i) => (Math.floor(i / 10) % 2 === 0 ? 5 : 45))));
    const steady = (n: string, v: number) => entityOf(n, constant(v, 40));
    const cpu = metricOf("vswitchd_cpu", [bursty, steady("w0", 10), steady("w1", 14), steady("w2", 90)]);
    const dp = metricOf("dp_flows", [entityOf("w0", constant(9000)), entityOf("w1", constant(500))]);
    const br = metricOf("br_int_flows", [
      entityOf("w0/br-int", constant(6000), { node: "w0", labels: { bridge: "br-int" } }),
      entityOf("w1/br-int", constant(10000), { node: "w1", labels: { bridge: "br-int" } }),
    ]);
    const conn = metricOf("rconn_discarded", [entityOf("w3", series([0, 5, 10, 20, 40])), entityOf("w2", series([10, 0, 0, 0, 0])), entityOf("w1", constant(0))]);
    const ins = computeInsights(collection([cpu, dp, br, conn]));
    expect(ins.map((i) => [i.kind, i.entity, i.severity])).toEqual([
      ["cpu-variance", "w4", "concern"],
      ["cpu-outlier", "w2", "concern"],
      ["connection-health", "w3", "concern"],
      ["connection-health", "w2", "notice"],
      ["flow-ratio", "w0", "concern"],
      ["flow-ratio", null, "notice"],
    ]);
    expect(ins[0]!.data.variation).toBeCloseTo(0.8, 3);
    expect(ins[0]!.confidence).toBe(1);
    expect(ins[2]!.data.state).toBe("rising");
    expect(ins[3]!.data.state).toBe("recovered");
    expect(ins[4]!.data).toEqual({ dpFlows: 9000, brIntFlows: 6000, ratio: 1.5 });
    expect(ins[5]!.data).toEqual({ nodes: 2, min: 0.05, max: 1.5 });
  });
});

describe("compare", () => {
  const report = (mem: number, flows: Record<string, number>) =>
    buildReport(collection([metricOf("vswitchd_memory", [entityOf("w0", series([mem]))]), metricOf("dp_flows", Object.entries(flows).map(([n, v]) => entityOf(n, series([v]))))], "instant"), {
      url: "http://p",
      now: () => new Date(0),
    });

  it("percent change per metric and entity; regressions over the threshold; 0 → n and missing entities", () => {
    const cmp = compareReports(report(400 * MiB, { w0: 1000, w1: 0, w2: 50 }), report(480 * MiB, { w0: 1050, w1: 10, w3: 5 }), { thresholdPercent: 10 });
    expect(cmp.rows.map((r) => [r.metric, r.entity, r.before, r.after, r.changePercent, r.regression])).toEqual([
      ["vswitchd_memory", "w0", 400 * MiB, 480 * MiB, 20, true],
      ["dp_flows", "w0", 1000, 1050, 5, false],
      ["dp_flows", "w1", 0, 10, null, true],
      ["dp_flows", "w2", 50, null, null, false],
      ["dp_flows", "w3", null, 5, null, false],
    ]);
    expect(cmp.regressions).toHaveLength(2);
  });

  it("reports survive JSON; parseReport refuses other documents", () => {
    const r = report(1, { w0: 1 });
    expect(parseReport(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(r)));
    expect(() => parseReport('{"schema":"something-else","metrics":[]}')).toThrow(/ovs-perf report/);
  });
});

describe("collectOvsMetrics against a fake Prometheus", () => {
  let server: FakeServer | undefined;
  afterEach(async () => server?.close());

  const podInfo = success({
    resultType: "vector",
    result: [0, 1].map((k) => ({ metric: { __name__: "kube_pod_info", namespace: "ovn", pod: `ovnkube-node-${k}`, node: `worker-${k}`, host_ip: `10.0.0.${k}` }, value: [1, "1"] })),
  });

  it("bounded concurrency, per-node mapping, a failing query reported while the others return", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startFakeServer((q, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        const query = q.params.get("query")!;
        if (query.startsWith("kube_pod_info")) return json(res, 200, podInfo);
        if (query.includes("dp_flows_total")) return json(res, 400, { status: "error", errorType: "bad_data", error: "parse error" });
        const result = [0, 1, 2].map((k) => ({ metric: { namespace: "ovn", pod: `ovnkube-node-${k}`, instance: `10.0.0.${k}:9105` }, value: [1, String(100 + k)] }));
        json(res, 200, success({ resultType: "vector", result }, query.includes("resident") ? { warnings: ["partial response"] } : {}));
      }, 20);
    });
    const prom = new PrometheusClient({ url: server.url, retries: 0 });
    const c = await collectOvsMetrics(prom, cfg, { mode: "instant", time: 1767232800, concurrency: 2, categories: ["memory", "dp_flows", "bridge_flows"] });
    expect(maxInFlight).toBe(2);
    expect(c.metrics.map((m) => [m.id, m.status])).toEqual([
      ["vswitchd_memory", "ok"],
      ["ovsdb_memory", "ok"],
      ["dp_flows", "error"],
      ["br_int_flows", "ok"],
      ["br_ex_flows", "ok"],
    ]);
    const mem = c.metrics[0]!;
    expect(mem.warnings).toEqual(["partial response"]);
    expect(mem.entities.map((e) => [e.entity, e.node, e.last])).toEqual([
      ["pod:ovn/ovnkube-node-2", null, 102],
      ["worker-1", "worker-1", 101],
      ["worker-0", "worker-0", 100],
    ]);
    expect(c.metrics[2]!.error).toMatchObject({ kind: "query", errorType: "bad_data", status: 400 });
    expect(c.nodeMapping).toMatchObject({ status: "partial", pods: 2, unmapped: ["pod:ovn/ovnkube-node-2"] });
    expect(c.nodeMapping.note).toContain("1 pods / instances could not be mapped");
  });

  it("range mode: auto step within the point limit, duration back from end, top N", async () => {
    server = await startFakeServer((q, res) => {
      if (q.path === "/api/v1/query") return json(res, 200, podInfo);
      const values = [0, 1, 2, 3].map((i) => [Number(q.params.get("start")) + i * Number(q.params.get("step")), String(i)]);
      json(res, 200, success({ resultType: "matrix", result: [0, 1].map((k) => ({ metric: { node: `worker-${k}` }, values: values.map(([t, v]) => [t, String(Number(v) * (k + 1))]) })) }));
    });
    const prom = new PrometheusClient({ url: server.url });
    const c = await collectOvsMetrics(prom, parseMetricsConfig("settings: { topN: 1 }"), { mode: "range", duration: "2d", end: 1767232800, metricIds: ["vswitchd_cpu"] });
    expect(c.range).toEqual({ start: "2025-12-30T02:00:00.000Z", end: "2026-01-01T02:00:00.000Z", stepSeconds: 173 });
    const q = server.requests.find((r) => r.path === "/api/v1/query_range")!;
    expect(q.params.get("step")).toBe("173");
    const instantQueries = server.requests.filter((r) => r.path === "/api/v1/query").map((r) => r.params.get("query"));
    expect(instantQueries).toContain("max by (namespace, pod, node, host_ip) (max_over_time(kube_pod_info[2d]))");
    // the connection check looks over the whole range, the cluster queries take the last value in it
    expect(instantQueries[0]).toBe('count(last_over_time({__name__=~"ovs_vswitchd_.+|ovs_db_.+"}[172800s]))');
    expect(instantQueries).toContain('last_over_time((cluster_version{type="current"})[172800s:])');
    const cpu = c.metrics[0]!;
    expect(cpu.top).toEqual(["worker-1"]);
    expect(cpu.entities[0]).toMatchObject({ entity: "worker-1", max: 6, last: 6, samples: 4 });
    expect(cpu.entities[0]!.trend!.slopePerSecond).toBeCloseTo(2 / 173, 9);
    expect(c.window).toBe("5m");
    // 7 days: step 605 s > the 5m window, so the window grows to the step (no event falls between steps)
    const week = await collectOvsMetrics(prom, cfg, { mode: "range", duration: "7d", end: 1767232800, metricIds: ["rconn_overflow"] });
    expect(week.window).toBe("10m5s");
    expect(week.metrics[0]!.query).toBe("increase(ovs_vswitchd_rconn_overflow[10m5s])");
    expect(server.requests.at(-1)!.params.get("query")).toBe("increase(ovs_vswitchd_rconn_overflow[10m5s])");
  });
});
