/**
 * The Prometheus client, the OVS collectors, the analyzer and the ovs-perf CLI against a real
 * Prometheus (Debian `prometheus` 2.42), backfilled with `promtool tsdb create-blocks-from
 * openmetrics` from fixtures-gen/prometheus/cluster.ts: six nodes over two hours, one
 * ovs-vswitchd at 92 % CPU (worker-2), one bursty (worker-4), one leaking memory (worker-5:
 * 300 MiB + 1 MiB/min), growing coverage counters (worker-3), br-int over its threshold
 * (worker-1), br-ex over its threshold (worker-0), datapath flows above br-int flows (worker-4),
 * an upcall storm (worker-2: 15,000 misses/s, lost upcalls, flow limit hits), too many megaflow
 * masks (worker-1: 12 per packet), interface rx drops (worker-0) and tx errors (worker-4),
 * kube_pod_info for the pod → node mapping, and the cluster information series.
 *
 * Queries use times inside the backfilled range (T0 .. T0 + 2 h, T0 = 2026-01-01T00:00:00Z).
 * Without prometheus / promtool the suite is skipped with a warning, unless CI is set: then it fails.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_START, generateClusterOpenMetrics } from "../../fixtures-gen/prometheus/cluster.js";
import {
  type Collection,
  type MetricCollection,
  buildReport,
  collectOvsMetrics,
  compareReports,
  defaultMetricsConfig,
  parseMetricsConfig,
} from "../../src/ovs-perf/index.js";
import { PrometheusClient, isPrometheusQueryError } from "../../src/prometheus/index.js";
import { fromJson, toJson } from "../../src/core/json.js";
import { PROMETHEUS_PACKAGE, RealPrometheus, missingPrometheusBinaries } from "./prometheus-server.js";
import { ROOT, inCI, run } from "./sandbox.js";

const T0 = DEFAULT_START;
const END = T0 + 7200;
const MiB = 1024 * 1024;
const missing = missingPrometheusBinaries();
if (missing.length > 0 && inCI()) throw new Error(`CI: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);
if (missing.length > 0) console.warn(`skipping the Prometheus integration suite: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);

describe.skipIf(missing.length > 0)("ovs-perf on a real Prometheus", () => {
  let prom: RealPrometheus;
  let client: PrometheusClient;
  let range: Collection;
  const metric = (c: Collection, id: string): MetricCollection => {
    const m = c.metrics.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no metric ${id}`);
    return m;
  };
  const entity = (c: Collection, id: string, name: string) => {
    const e = metric(c, id).entities.find((x) => x.entity === name);
    if (e === undefined) throw new Error(`no entity ${name} in ${id}: ${metric(c, id).entities.map((x) => x.entity).join(", ")}`);
    return e;
  };

  beforeAll(async () => {
    prom = await RealPrometheus.start(generateClusterOpenMetrics());
    client = new PrometheusClient({ url: prom.url, timeoutMs: 20_000 });
    range = await collectOvsMetrics(client, defaultMetricsConfig(), { mode: "range", start: T0 + 600, end: END, step: 60 });
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it("connection check and cluster information", () => {
    expect(range.connection).toEqual({
      status: "ok",
      url: prom.url,
      message: `Prometheus at ${prom.url} answers and holds 144 OVS series.`,
      ovsSeries: 144,
    });
    expect(range.cluster).toEqual({
      nodes: 6,
      nodeNames: [0, 1, 2, 3, 4, 5].map((k) => `worker-${k}`),
      nodesFrom: "nodes-query",
      kubernetesVersion: "v1.29.8+f10c92d",
      kubernetesVersions: ["v1.29.8+f10c92d"],
      kubeletVersions: ["v1.29.8+f10c92d"],
      openshiftVersion: "4.16.17",
      ovsVersions: ["3.3.1"],
      notes: [],
    });
  });

  it("collects every default metric per node (111 samples each), mapped through kube_pod_info", () => {
    expect(range.metrics.map((m) => [m.id, m.status])).toEqual(defaultMetricsConfig().metrics.map((m) => [m.id, "ok"]));
    expect(range.nodeMapping).toMatchObject({ status: "ok", pods: 12, unmapped: [] });
    for (const m of range.metrics) {
      const suffix = m.id === "br_int_flows" ? "/br-int" : m.id === "br_ex_flows" ? "/br-ex" : "";
      expect(m.entities.map((e) => e.entity).sort()).toEqual([0, 1, 2, 3, 4, 5].map((k) => `worker-${k}${suffix}`));
      for (const e of m.entities) expect(e.samples).toBe(111);
    }
    expect(entity(range, "vswitchd_memory", "worker-5")).toMatchObject({ node: "worker-5", unit: "bytes", labels: { pod: "ovnkube-node-f5x5q" } });
  });

  it("exact statistics: CPU, memory, flows, counters as increase()", () => {
    const cpu2 = entity(range, "vswitchd_cpu", "worker-2");
    expect(cpu2.p95).toBeCloseTo(92, 6);
    expect(cpu2.min).toBeCloseTo(92, 6);
    const cpu4 = entity(range, "vswitchd_cpu", "worker-4");
    expect(cpu4.max).toBeCloseTo(45, 6);
    expect(cpu4.p95).toBeCloseTo(45, 6);
    expect(cpu4.last).toBeCloseTo(5, 6);
    expect(cpu4.avg).toBeCloseTo((60 * 45 + 51 * 5) / 111, 6);
    expect(metric(range, "vswitchd_cpu").entities[0]!.entity).toBe("worker-2");
    expect(entity(range, "ovsdb_cpu", "worker-0").avg).toBeCloseTo(3, 6);
    const mem5 = entity(range, "vswitchd_memory", "worker-5");
    expect([mem5.min, mem5.last, mem5.max]).toEqual([310 * MiB, 420 * MiB, 420 * MiB]);
    expect(mem5.trend!.slopePerSecond * 3600).toBeCloseTo(60 * MiB, 0);
    expect(mem5.trend!.r2).toBeCloseTo(1, 9);
    expect(entity(range, "vswitchd_memory", "worker-1").last).toBe(190 * MiB);
    expect(entity(range, "dp_flows", "worker-4").max).toBe(9000);
    expect(entity(range, "br_int_flows", "worker-1/br-int").max).toBe(12000);
    expect(entity(range, "br_ex_flows", "worker-0/br-ex").max).toBe(2000);
    expect(metric(range, "br_int_flows").top.slice(0, 2)).toEqual(["worker-1/br-int", "worker-5/br-int"]);
    // increase() over the cumulative counters, not their raw totals (worker-3's overflow total is ~5000)
    const overflow = entity(range, "rconn_overflow", "worker-3");
    expect([overflow.min, overflow.max]).toEqual([200, 200]);
    const discarded = entity(range, "rconn_discarded", "worker-3");
    expect([discarded.min, discarded.max, discarded.last]).toEqual([40, 590, 590]);
    expect(entity(range, "stream_open", "worker-3").max).toBe(10);
    const netlink = entity(range, "netlink_overflow", "worker-0");
    expect([netlink.max, netlink.last]).toEqual([5, 0]);
    expect(entity(range, "dp_lookup_lost", "worker-1").max).toBe(0);
  });

  it("exact datapath, upcall and interface figures (ratios and rates of increases, never raw totals)", () => {
    const at = (id: string, name: string) => entity(range, id, name);
    expect(at("dp_cache_hit_ratio", "worker-2").min).toBeCloseTo((100 * 1_200_000) / 2_100_000, 9);
    expect(at("dp_cache_hit_ratio", "worker-0").min).toBeCloseTo((100 * 1_200_000) / 1_201_200, 9);
    expect(metric(range, "dp_cache_hit_ratio").entities[0]!.entity).toBe("worker-2"); // worst (lowest) first
    expect(metric(range, "dp_cache_hit_ratio").top[0]).toBe("worker-2");
    expect([at("dp_masks_per_packet", "worker-1").max, at("dp_masks_per_packet", "worker-0").max]).toEqual([12, 1.5]);
    expect(at("dp_masks", "worker-1").last).toBe(600);
    expect(at("dp_upcalls", "worker-2").p95).toBeCloseTo(15000, 6);
    expect(at("dp_upcalls", "worker-3").p95).toBeCloseTo(20, 9);
    expect(at("dp_lookup_lost", "worker-2").max).toBe(150);
    expect(at("upcall_flow_limit_hit", "worker-2").max).toBe(20);
    expect(at("handler_threads", "worker-2").last).toBe(8);
    expect(at("iface_rx_dropped", "worker-0").max).toBe(250);
    // a raw total of 123456 old drops, with no increase: zero, no alert
    expect(at("iface_rx_dropped", "worker-1").max).toBe(0);
    expect(at("iface_tx_errors", "worker-4")).toMatchObject({ max: 150, last: 150, labels: { pod: "ovnkube-node-e4x4q" } });
  });

  it("alerts with value, unit, threshold, series and recommendation; status critical", () => {
    const report = buildReport(range, { url: client.url });
    expect(report.alerts.map((a) => [a.severity, a.metric, a.entity, a.value])).toEqual([
      ["critical", "dp_lookup_lost", "worker-2", 150],
      ["critical", "iface_tx_errors", "worker-4", 150],
      ["critical", "dp_cache_hit_ratio", "worker-2", expect.closeTo(57.142857, 5)],
      ["critical", "dp_masks_per_packet", "worker-1", 12],
      ["critical", "rconn_discarded", "worker-3", 590],
      ["critical", "vswitchd_cpu", "worker-2", expect.closeTo(92, 6)],
      ["warning", "upcall_flow_limit_hit", "worker-2", 20],
      ["warning", "netlink_overflow", "worker-0", 5],
      ["warning", "dp_upcalls", "worker-2", expect.closeTo(15000, 6)],
      ["warning", "iface_rx_dropped", "worker-0", 250],
      ["warning", "br_ex_flows", "worker-0/br-ex", 2000],
      ["warning", "rconn_overflow", "worker-3", 200],
      ["warning", "dp_flows", "worker-4", 9000],
      ["warning", "br_int_flows", "worker-1/br-int", 12000],
    ]);
    const hit = report.alerts.find((a) => a.metric === "dp_cache_hit_ratio")!;
    expect(hit).toMatchObject({ threshold: 75, statistic: "min", unit: "percent", series: { datapath: "ovs-system", pod: "ovnkube-node-c2x2q" } });
    expect(hit.message).toBe("megaflow cache hit ratio on worker-2: min 57.1 % <= critical threshold 75.0 %");
    expect(report.alerts.find((a) => a.metric === "dp_upcalls")!.message).toBe("upcalls (datapath misses) per second on worker-2: p95 15000.00/s >= warning threshold 5000/s");
    const brEx = report.alerts.find((a) => a.metric === "br_ex_flows")!;
    expect(brEx).toMatchObject({ threshold: 1000, unit: "count", statistic: "max", node: "worker-0", series: { bridge: "br-ex", pod: "ovnkube-node-a0x0q" } });
    expect(brEx.recommendation).toContain("br-ex");
    const cpu = report.alerts.find((a) => a.metric === "vswitchd_cpu")!;
    expect(cpu).toMatchObject({ threshold: 85, unit: "percent", statistic: "p95", series: { node: "worker-2" } });
    expect(cpu.message).toBe("ovs-vswitchd CPU on worker-2: p95 92.0 % >= critical threshold 85.0 %");
    expect(report.status).toBe("critical");
    expect(report.summary).toEqual({ critical: 6, warning: 8, info: 0, concerns: 12, metrics: 23, failedMetrics: 0, skippedMetrics: 0 });
  });

  it("insights: fitted memory growth with time to threshold, CPU variance and outlier, flow ratio, connection trends", () => {
    const report = buildReport(range, { url: client.url });
    const mem = report.insights.filter((i) => i.kind === "memory-growth");
    expect(mem).toHaveLength(1);
    expect(mem[0]).toMatchObject({ entity: "worker-5", confidence: 1, data: { slopeBytesPerHour: 60 * MiB, hoursToWarning: 1.33, hoursToCritical: 10.07 } });
    expect(report.insights.filter((i) => i.kind === "cpu-variance").map((i) => i.entity)).toEqual(["worker-4"]);
    expect(report.insights.filter((i) => i.kind === "cpu-outlier").map((i) => i.entity)).toEqual(["worker-2"]);
    const ratio = report.insights.filter((i) => i.kind === "flow-ratio");
    expect(ratio.map((i) => [i.severity, i.entity])).toEqual([
      ["concern", "worker-4"],
      ["notice", null],
    ]);
    expect(ratio[0]!.data).toEqual({ dpFlows: 9000, brIntFlows: 6000, ratio: 1.5 });
    expect(ratio[1]!.data).toEqual({ nodes: 6, min: 0.0917, max: 1.5 }); // worker-1: 1100 / 12000
    const conn = report.insights.filter((i) => i.kind === "connection-health").map((i) => [i.metric, i.entity, i.data.state]);
    expect(conn).toEqual([
      ["rconn_overflow", "worker-3", "ongoing"],
      ["rconn_discarded", "worker-3", "rising"],
      ["stream_open", "worker-3", "ongoing"],
      ["netlink_overflow", "worker-0", "recovered"],
    ]);
    expect(JSON.stringify(report)).not.toContain('"points"');
  });

  it("insights: megaflow cache, upcall pressure, interface drops / errors, with recommendations", () => {
    const report = buildReport(range, { url: client.url });
    const of = (kind: string) => report.insights.filter((i) => i.kind === kind);
    expect(of("megaflow-cache").map((i) => [i.severity, i.entity, i.metric])).toEqual([
      ["concern", "worker-1", "dp_masks_per_packet"],
      ["concern", "worker-2", "dp_cache_hit_ratio"],
      ["notice", null, "dp_masks_per_packet"],
    ]);
    expect(of("megaflow-cache")[0]).toMatchObject({
      message: "megaflow cache on worker-1: 12 masks visited per packet (600 masks), hit ratio 99.9 %: packets are checked against too many masks",
      data: { masksPerPacket: 12, masks: 600, hitRatioPercent: 99.9001 },
    });
    expect(of("megaflow-cache")[0]!.recommendation).toContain("npm run ofparse -- datapath tree -i dp.flows");
    expect(of("megaflow-cache")[2]!.data).toEqual({ nodes: 6, minHitRatioPercent: 57.1429, maxMasksPerPacket: 12 });
    expect(of("upcall-pressure")).toHaveLength(1);
    expect(of("upcall-pressure")[0]).toMatchObject({
      entity: "worker-2",
      metric: "dp_lookup_lost",
      message: "upcall pressure on worker-2: 15000/s upcalls (p95) over 8 handler threads = 1875/s each, 150 upcalls lost, flow limit reached 20 times (counts per 5m window)",
      data: { upcallsPerSecond: 15000, handlers: 8, upcallsPerHandler: 1875, lost: 150, flowLimitHit: 20, flowLimitKill: 0 },
    });
    expect(of("interface-errors").map((i) => [i.severity, i.entity, i.message])).toEqual([
      ["concern", "worker-0", "interface drops / errors on worker-0 (sum over all its OVS interfaces): rx dropped up to 250 per 5m (last 250); ongoing"],
      ["concern", "worker-4", "interface drops / errors on worker-4 (sum over all its OVS interfaces): tx errors up to 150 per 5m (last 150); ongoing"],
    ]);
    expect(structuredClone(report)).toEqual(report);
    expect(fromJson(toJson(report))).toEqual(report);
  });

  it("instant mode at the end of the range, and a before / after comparison", async () => {
    const at = (t: number) => collectOvsMetrics(client, defaultMetricsConfig(), { mode: "instant", time: t });
    const [before, after] = await Promise.all([at(T0 + 1800), at(END)]);
    expect(after.time).toBe("2026-01-01T02:00:00.000Z");
    expect(entity(after, "vswitchd_cpu", "worker-4").last).toBeCloseTo(5, 6);
    expect(entity(before, "vswitchd_cpu", "worker-4").last).toBeCloseTo(45, 6);
    expect(entity(after, "vswitchd_memory", "worker-5")).toMatchObject({ min: 420 * MiB, max: 420 * MiB, samples: 1 });
    expect(entity(after, "vswitchd_memory", "worker-5").trend).toBeUndefined();
    const cmp = compareReports(buildReport(before, { url: client.url }), buildReport(after, { url: client.url }), { thresholdPercent: 10 });
    const row = (m: string, e: string) => cmp.rows.find((r) => r.metric === m && r.entity === e)!;
    expect(row("vswitchd_memory", "worker-5")).toMatchObject({ before: 330 * MiB, after: 420 * MiB, changePercent: 27.27, regression: true });
    expect(row("rconn_discarded", "worker-3")).toMatchObject({ before: 140, after: 590, changePercent: 321.43, regression: true });
    expect(row("vswitchd_cpu", "worker-4")).toMatchObject({ changePercent: -88.89, regression: false });
    expect(row("netlink_overflow", "worker-0")).toMatchObject({ before: 5, after: 0, changePercent: -100 });
    expect(cmp.regressions.map((r) => `${r.metric}:${r.entity}`).sort()).toEqual(["rconn_discarded:worker-3", "vswitchd_memory:worker-5"]);
  });

  it("without a pod → node mapping it says so, and keeps the pods apart", async () => {
    const cfg = parseMetricsConfig('settings: { nodeMapping: { query: "kube_pod_info{namespace=\\"nope\\"}" } }');
    const c = await collectOvsMetrics(client, cfg, { mode: "instant", time: END, categories: ["memory", "cpu"] });
    expect(c.nodeMapping.status).toBe("unavailable");
    expect(c.nodeMapping.note).toMatch(/^6 pods \/ instances could not be mapped to a node \(no kube_pod_info series found\); their series are shown per pod \/ instance, not per node\.$/);
    expect(entity(c, "vswitchd_memory", "pod:openshift-ovn-kubernetes/ovnkube-node-f5x5q")).toMatchObject({ node: null, last: 420 * MiB });
    expect(entity(c, "vswitchd_cpu", "worker-2").node).toBe("worker-2");
  });

  it("a failing query is reported; the others still return", async () => {
    const cfg = parseMetricsConfig(`
metrics:
  - { id: broken, title: broken, category: cpu, unit: percent, query: "sum(" }
  - { id: clash, title: clash, category: cpu, unit: percent, query: "kube_pod_info + on(node) kube_pod_info" }
`);
    const c = await collectOvsMetrics(client, cfg, { mode: "instant", time: END, concurrency: 2 });
    expect(metric(c, "broken")).toMatchObject({ status: "error", error: { kind: "query", errorType: "bad_data", status: 400 } });
    expect(metric(c, "clash")).toMatchObject({ status: "error", error: { kind: "query", errorType: "execution", status: 422 } });
    expect(c.metrics.filter((m) => m.status === "ok")).toHaveLength(23);
    const report = buildReport(c, { url: client.url });
    expect(report.alerts.filter((a) => a.severity === "info").map((a) => a.metric)).toEqual(["broken", "clash"]);
    expect(report.summary.failedMetrics).toBe(2);
  });

  it("client: +Inf / -Inf / NaN, errors, labels, series, and ranges over 11,000 points", async () => {
    const special = await client.query('vector(1)/0 or label_replace(-vector(1)/0,"a","b","","") or label_replace(vector(0)/0,"a","c","","")', { time: END });
    if (special.data.resultType !== "vector") throw new Error(special.data.resultType);
    expect(special.data.result.map((s) => s.sample.value)).toEqual([Infinity, -Infinity, NaN]);
    await expect(client.query("sum(", { time: END })).rejects.toSatisfy((e) => isPrometheusQueryError(e) && e.errorType === "bad_data");
    expect((await client.labelValues("bridge")).data).toEqual(["br-ex", "br-int"]);
    expect((await client.series(["kube_pod_info"], { start: T0, end: END })).data).toHaveLength(12);
    // 2 h at 0.5 s = 14,401 points: refused in one request by Prometheus, transparent when split
    const unsplit = new PrometheusClient({ url: prom.url, maxPointsPerSeries: 1e9 });
    await expect(unsplit.queryRange("ovs_vswitchd_stream_open{pod=\"ovnkube-node-d3x3q\"}", { start: T0, end: END, step: 0.5 })).rejects.toThrow(/11,000 points/);
    const r = await client.queryRange('ovs_vswitchd_stream_open{pod="ovnkube-node-d3x3q"}', { start: T0, end: END, step: 0.5 });
    const samples = r.data.result[0]!.samples;
    expect(samples).toHaveLength(14_401);
    expect(samples.every((s, i) => s.time === T0 + i * 0.5)).toBe(true);
    expect(samples[14_400]!.value).toBe(12 + 2 * 120);
    expect(samples[121]!.value).toBe(14); // T0 + 60.5 s: the minute-1 sample (within the 5 min lookback)
  });

  it("the ovs-perf CLI: duration, metric, compare", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ovskit-ovs-perf-"));
    try {
      const env = { ...process.env, PROMETHEUS_URL: prom.url, PROMETHEUS_TOKEN: "" };
      const cli = (args: string[]) => run("npx", ["--no-install", "tsx", join(ROOT, "examples", "ovs-perf.ts"), ...args], { env, allowFail: true, timeoutMs: 120_000 });
      const a = await cli(["duration", "--duration", "1h50m", "--end", String(END), "--step", "60", "--out", join(dir, "a.json")]);
      expect(a.code).toBe(4); // critical
      expect(a.stdout).toContain("status: CRITICAL");
      expect(a.stdout).toMatch(/vswitchd_cpu\s+worker-2\s+92\.0 %/);
      const report = JSON.parse(readFileSync(join(dir, "a.json"), "utf8"));
      expect(report.schema).toBe("ovskit.ovs-perf.report/v1");
      expect(report.range).toEqual({ start: "2026-01-01T00:10:00.000Z", end: "2026-01-01T02:00:00.000Z", stepSeconds: 60 });
      const b = await cli(["metric", "--metric", "memory", "--time", String(T0 + 1800), "--out", join(dir, "b.json")]);
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/vswitchd_memory\s+worker-5\s+330\.0 MiB/);
      const c = await cli(["metric", "--metric", "memory", "--time", String(END), "--out", join(dir, "c.json")]);
      const cmp = await cli(["compare", join(dir, "b.json"), join(dir, "c.json")]);
      expect(c.code).toBe(0);
      expect(cmp.code).toBe(4); // regressions
      expect(cmp.stdout).toMatch(/vswitchd_memory\s+worker-5\s+last\s+330\.0 MiB\s+420\.0 MiB\s+\+27\.27 %\s+REGRESSION/);
      // monitor: instant reports at "now", which is after the backfilled data: nothing is found,
      // and the status says so instead of "excellent"
      const mon = await cli(["monitor", "--interval", "0.2", "--max-iterations", "2", "--out", join(dir, "m.json")]);
      expect(mon.stdout.match(/=== iteration \d/g)).toEqual(["=== iteration 1", "=== iteration 2"]);
      expect(mon.code).toBe(3);
      // one message for the missing OVS metrics (not one per metric), plus the two CPU metrics of cAdvisor
      const m = JSON.parse(readFileSync(join(dir, "m.json"), "utf8"));
      expect(m).toMatchObject({ mode: "instant", status: "unknown", summary: { info: 3 }, connection: { status: "no-ovs-metrics", ovsSeries: 0 } });
      expect(m.alerts.map((a: { metric: string }) => a.metric)).toEqual(["connection", "ovsdb_cpu", "vswitchd_cpu"]);
      expect(mon.stdout).toContain(`Prometheus at ${prom.url} answers, but holds no OVS metric`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
