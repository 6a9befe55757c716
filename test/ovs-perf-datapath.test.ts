/**
 * The metrics ovn-kubernetes exports beyond the seed analyzer's (datapath cache, masks, upcalls,
 * interface drops / errors), on the generated cluster series (fixtures-gen/prometheus/cluster.ts)
 * computed here the way the PromQL of metrics.yaml computes them (increases over 5 one-minute
 * steps): exact alerts and insights. Also the connection check (one message instead of one per
 * metric), cluster information, and the direction of thresholds in comparisons. The same data on
 * a real Prometheus: test/integration/prometheus-ovs-perf.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { NODES, clusterSeries } from "../fixtures-gen/prometheus/cluster.js";
import { fromJson, toJson } from "../src/core/json.js";
import {
  type Collection,
  type EntityStats,
  type MetricCollection,
  buildReport,
  clusterInfoFromSeries,
  collectOvsMetrics,
  compareReports,
  computeAlerts,
  computeInsights,
  defaultMetricsConfig,
  linearFit,
  summarize,
} from "../src/ovs-perf/index.js";
import { PrometheusClient, type Sample } from "../src/prometheus/index.js";
import { type FakeServer, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

const cfg = defaultMetricsConfig();
const T0 = 1_767_225_600;
const all = clusterSeries();
const values = (name: string, k: number): readonly number[] => {
  const s = all.find((x) => x.name === name && x.labels.pod === NODES[k]!.pod);
  if (s === undefined) throw new Error(`no ${name} for worker-${k}`);
  return s.values;
};
/** increase(name[5m]) at minute i (samples i-5..i, one per minute: no extrapolation). */
const inc = (name: string, k: number, i: number) => values(name, k)[i]! - values(name, k)[i - 5]!;

/** Per-minute values (minutes 10..120) of each datapath / upcall / interface metric, as metrics.yaml defines them. */
const DEFINITIONS: Record<string, (k: number, i: number) => number> = {
  dp_cache_hit_ratio: (k, i) => (100 * inc("ovs_vswitchd_dp_flows_lookup_hit", k, i)) / (inc("ovs_vswitchd_dp_flows_lookup_hit", k, i) + inc("ovs_vswitchd_dp_flows_lookup_missed", k, i)),
  dp_masks_per_packet: (k, i) => inc("ovs_vswitchd_dp_masks_hit", k, i) / inc("ovs_vswitchd_dp_packets_total", k, i),
  dp_masks: (k, i) => values("ovs_vswitchd_dp_masks_total", k)[i]!,
  dp_upcalls: (k, i) => inc("ovs_vswitchd_dp_flows_lookup_missed", k, i) / 300,
  dp_lookup_lost: (k, i) => inc("ovs_vswitchd_dp_flows_lookup_lost", k, i),
  upcall_flow_limit_hit: (k, i) => inc("ovs_vswitchd_upcall_flow_limit_hit", k, i),
  upcall_flow_limit_kill: (k, i) => inc("ovs_vswitchd_upcall_flow_limit_kill", k, i),
  handler_threads: (k, i) => values("ovs_vswitchd_handlers_total", k)[i]!,
  iface_rx_dropped: (k, i) => inc("ovs_vswitchd_interface_rx_dropped_total", k, i),
  iface_tx_dropped: (k, i) => inc("ovs_vswitchd_interface_tx_dropped_total", k, i),
  iface_rx_errors: (k, i) => inc("ovs_vswitchd_interface_rx_errors_total", k, i),
  iface_tx_errors: (k, i) => inc("ovs_vswitchd_interface_tx_errors_total", k, i),
};

function generatedCollection(): Collection {
  const metrics = Object.entries(DEFINITIONS).map(([id, f]): MetricCollection => {
    const d = cfg.metrics.find((m) => m.id === id)!;
    const entities = NODES.map((n, k): EntityStats => {
      const samples: Sample[] = Array.from({ length: 111 }, (_, j) => ({ time: T0 + (10 + j) * 60, value: f(k, 10 + j) }));
      const fit = linearFit(samples)!;
      return {
        entity: n.node,
        node: n.node,
        labels: { pod: n.pod, namespace: "openshift-ovn-kubernetes" },
        unit: d.unit,
        ...summarize(samples)!,
        trend: { slopePerSecond: fit.slope, r2: fit.r2, spanSeconds: fit.span, fittedLast: fit.fittedLast },
      };
    });
    const { for: _for, entity: _entity, ...rest } = d;
    return { ...rest, query: d.query.replaceAll("$window", "5m"), status: "ok", warnings: [], infos: [], entities, top: entities.map((e) => e.entity) };
  });
  return { mode: "range", window: "5m", metrics, nodeMapping: { query: "kube_pod_info", status: "ok", pods: 12, unmapped: [] } };
}

describe("datapath, upcall and interface metrics on the generated cluster", () => {
  const c = generatedCollection();

  it("exact alerts: thresholds in both directions, increases of cumulative totals", () => {
    expect(computeAlerts(c).map((a) => [a.severity, a.metric, a.entity, Math.round(a.value! * 1e4) / 1e4, a.threshold])).toEqual([
      ["critical", "dp_lookup_lost", "worker-2", 150, 100],
      ["critical", "iface_tx_errors", "worker-4", 150, 100],
      ["critical", "dp_cache_hit_ratio", "worker-2", 57.1429, 75],
      ["critical", "dp_masks_per_packet", "worker-1", 12, 10],
      ["warning", "upcall_flow_limit_hit", "worker-2", 20, 1],
      ["warning", "dp_upcalls", "worker-2", 15000, 5000],
      ["warning", "iface_rx_dropped", "worker-0", 250, 100],
    ]);
  });

  it("exact insights with recommendations naming the ovskit command", () => {
    const insights = computeInsights(c);
    expect(insights.map((i) => [i.kind, i.severity, i.entity])).toEqual([
      ["megaflow-cache", "concern", "worker-1"],
      ["megaflow-cache", "concern", "worker-2"],
      ["megaflow-cache", "notice", null],
      ["upcall-pressure", "concern", "worker-2"],
      ["interface-errors", "concern", "worker-0"],
      ["interface-errors", "concern", "worker-4"],
    ]);
    expect(insights[0]!.recommendation).toMatch(/ovs-appctl dpctl\/dump-flows -m > dp\.flows.*"npm run ofparse -- datapath tree -i dp\.flows" \(ovskit\)/);
    expect(insights[1]!.message).toBe("megaflow cache on worker-2: 1.5 masks visited per packet (40 masks), hit ratio 57.1 %: too many packets miss the cache");
    expect(insights[3]!.data).toEqual({ upcallsPerSecond: 15000, handlers: 8, upcallsPerHandler: 1875, lost: 150, flowLimitHit: 20, flowLimitKill: 0 });
    expect(insights[4]!.data).toEqual({ state: "ongoing", iface_rx_droppedMax: 250, iface_rx_droppedLast: 250 });
  });

  it("insight settings are configuration: raising the limits silences the concerns", () => {
    const quiet = computeInsights(c, { masksPerPacketHigh: 20, cacheHitLowPercent: 50, upcallsPerHandlerHigh: 10_000 });
    expect(quiet.filter((i) => i.kind === "megaflow-cache").map((i) => i.severity)).toEqual(["notice"]);
    // lost upcalls and flow limit hits are always a concern
    expect(quiet.filter((i) => i.kind === "upcall-pressure").map((i) => i.metric)).toEqual(["dp_lookup_lost"]);
  });

  it("interfaces: per interface when the series carry it, recovered when the drops stopped", () => {
    const m = c.metrics.find((x) => x.id === "iface_rx_dropped")!;
    const e0 = m.entities[0]!;
    const perIface: Collection = {
      ...c,
      metrics: [{ ...m, entities: [{ ...e0, entity: "worker-0/eth0", labels: { ...e0.labels, interface: "eth0" }, last: 0 }] }],
    };
    expect(computeInsights(perIface).map((i) => [i.severity, i.message])).toEqual([
      ["notice", "interface drops / errors on worker-0/eth0: rx dropped up to 250 per 5m (last 0); recovered"],
    ]);
  });

  it("a report on it is plain data; a falling hit ratio is a regression", () => {
    const r = buildReport(c, { url: "http://prom:9090", now: () => new Date(0) });
    expect(structuredClone(r)).toEqual(r);
    expect(fromJson(toJson(r))).toEqual(r);
    const better = buildReport(
      { ...c, metrics: c.metrics.map((m) => (m.id === "dp_cache_hit_ratio" ? { ...m, entities: m.entities.map((e) => ({ ...e, min: 99 })) } : m)) },
      { url: "http://prom:9090" },
    );
    const cmp = compareReports(better, r);
    expect(cmp.regressions.filter((x) => x.metric === "dp_cache_hit_ratio").map((x) => [x.entity, x.changePercent])).toEqual([["worker-2", -42.28]]);
    expect(compareReports(r, better).improvements.filter((x) => x.metric === "dp_cache_hit_ratio").map((x) => x.entity)).toEqual(["worker-2"]);
  });
});

describe("connection check", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("Prometheus unreachable: one message, no metric queried, status unknown", async () => {
    server = await startFakeServer((_q, res) => json(res, 200, {}));
    const url = server.url;
    await server.close();
    server = undefined;
    const prom = new PrometheusClient({ url, retries: 0, timeoutMs: 2000 });
    const c = await collectOvsMetrics(prom, cfg, { mode: "instant", time: T0 });
    expect(c.connection).toMatchObject({ status: "unreachable", url, ovsSeries: null, error: { kind: "http" } });
    expect(c.connection!.message).toMatch(new RegExp(`^Prometheus at ${url.replace(/[.]/g, "\\.")} could not be queried: .*No metric was queried`));
    expect(c.metrics.every((m) => m.status === "skipped")).toBe(true);
    expect(c.cluster).toBeUndefined();
    const report = buildReport(c, { url });
    expect(report.alerts).toHaveLength(1);
    expect(report.alerts[0]).toMatchObject({ severity: "info", metric: "connection", title: "Prometheus unreachable" });
    expect(report).toMatchObject({ status: "unknown", summary: { info: 1, failedMetrics: 0, skippedMetrics: 23 } });
  });

  it("no OVS metrics: one message for them; the queries still run and the CPU ones still report", async () => {
    server = await startFakeServer((q, res) => {
      const query = q.params.get("query") ?? "";
      if (query.startsWith("count(")) return json(res, 200, success({ resultType: "vector", result: [] }));
      if (query.includes("container_cpu")) return json(res, 200, success({ resultType: "vector", result: [{ metric: { node: "w1" }, value: [T0, "12"] }] }));
      json(res, 200, success({ resultType: "vector", result: [] }));
    });
    const c = await collectOvsMetrics(new PrometheusClient({ url: server.url, retries: 0 }), cfg, { mode: "instant", time: T0 });
    expect(c.connection).toMatchObject({ status: "no-ovs-metrics", ovsSeries: 0 });
    expect(server.requests.filter((r) => r.path === "/api/v1/query")).toHaveLength(1 + 1 + 4 + 23);
    const alerts = computeAlerts(c);
    expect(alerts.map((a) => a.metric)).toEqual(["connection"]);
    expect(alerts[0]!.message).toMatch(/answers, but holds no OVS metric \(no ovs_vswitchd_\* or ovs_db_\* series\)/);
    expect(c.metrics.filter((m) => m.status === "ok").map((m) => m.id)).toEqual(["vswitchd_cpu", "ovsdb_cpu"]);
    expect(c.cluster).toMatchObject({ nodes: null, nodesFrom: null, kubernetesVersion: null, openshiftVersion: null });
    expect(c.cluster!.notes).toEqual([
      "node count: no kube_node_info series",
      "Kubernetes version: no kubernetes_build_info series",
      'OpenShift version: no cluster_version{type="current"} series',
      "OVS version: no ovs_build_info series",
    ]);
  });
});

describe("cluster information", () => {
  const q = cfg.settings.cluster;
  it("the API server's version wins; kubelets listed; failed queries said so; node fallback from OVS series", () => {
    const info = clusterInfoFromSeries(
      {
        nodes: null,
        kubernetesVersion: [
          { job: "kubelet", git_version: "v1.28.9" },
          { job: "kubelet", git_version: "v1.28.9" },
          { job: "apiserver", git_version: "v1.29.8" },
        ],
        openshiftVersion: [],
        ovsVersion: [{ version: "3.3.1" }, { version: "3.4.0" }],
      },
      q,
      ["w2", "w1", "w2"],
    );
    expect(info).toEqual({
      nodes: 2,
      nodeNames: ["w1", "w2"],
      nodesFrom: "ovs-series",
      kubernetesVersion: "v1.29.8",
      kubernetesVersions: ["v1.28.9", "v1.29.8"],
      kubeletVersions: [],
      openshiftVersion: null,
      ovsVersions: ["3.3.1", "3.4.0"],
      notes: [
        "node count: the query kube_node_info failed",
        "node count taken from the 2 nodes seen in the OVS series (nodes without OVS metrics are not counted)",
        'OpenShift version: no cluster_version{type="current"} series',
      ],
    });
  });
});
