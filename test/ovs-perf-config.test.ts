/** metrics.yaml: the built-in file is the one loaded, validation names the key, merging rules. */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_METRICS_YAML,
  convertBytes,
  defaultMetricsConfig,
  expandQuery,
  formatMetricValue,
  isMetricsConfigError,
  parseByteQuantity,
  parseMetricsConfig,
  rawCounterUses,
} from "../src/ovs-perf/index.js";

const MiB = 1024 * 1024;

function configError(text: string): { path: string; message: string } {
  try {
    parseMetricsConfig(text);
  } catch (e) {
    if (isMetricsConfigError(e)) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error("expected a MetricsConfigError");
}

describe("defaults", () => {
  it("the shipped metrics.yaml is what is loaded (the Python analyzer never loaded its YAML)", () => {
    const cfg = defaultMetricsConfig();
    expect(cfg.metrics.map((m) => m.id)).toEqual([
      "vswitchd_cpu",
      "ovsdb_cpu",
      "vswitchd_memory",
      "ovsdb_memory",
      "dp_flows",
      "br_int_flows",
      "br_ex_flows",
      "rconn_overflow",
      "rconn_discarded",
      "stream_open",
      "netlink_overflow",
      "dp_cache_hit_ratio",
      "dp_masks_per_packet",
      "dp_masks",
      "dp_upcalls",
      "dp_lookup_lost",
      "upcall_flow_limit_hit",
      "upcall_flow_limit_kill",
      "handler_threads",
      "iface_rx_dropped",
      "iface_tx_dropped",
      "iface_rx_errors",
      "iface_tx_errors",
    ]);
    expect(parseMetricsConfig("")).toEqual(cfg);
    expect(parseMetricsConfig(DEFAULT_METRICS_YAML)).toEqual(cfg);
  });

  it("thresholds of the mission: CPU 70/85, ovsdb 50/75, memory 500 MiB / 1 GiB in bytes, flows, counters", () => {
    const t = Object.fromEntries(defaultMetricsConfig().metrics.map((m) => [m.id, m.thresholds]));
    expect(t.vswitchd_cpu).toEqual({ warning: 70, critical: 85 });
    expect(t.ovsdb_cpu).toEqual({ warning: 50, critical: 75 });
    expect(t.vswitchd_memory).toEqual({ warning: 500 * MiB, critical: 1024 * MiB });
    expect(t.dp_flows).toEqual({ warning: 5000, critical: 20000 });
    expect(t.br_int_flows).toEqual({ warning: 10000, critical: 50000 });
    expect(t.br_ex_flows).toEqual({ warning: 1000, critical: 5000 });
    expect(t.rconn_overflow).toEqual({ warning: 100, critical: 1000 });
    expect(t.rconn_discarded).toEqual({ warning: 50, critical: 500 });
  });

  it("datapath, upcall and interface metrics of ovn-kubernetes, with documented defaults", () => {
    const byId = Object.fromEntries(defaultMetricsConfig().metrics.map((m) => [m.id, m]));
    expect(byId.dp_cache_hit_ratio).toMatchObject({ category: "datapath", unit: "percent", direction: "below", statistic: "min", thresholds: { warning: 90, critical: 75 } });
    expect(byId.dp_masks_per_packet).toMatchObject({ category: "datapath", unit: "count", direction: "above", thresholds: { warning: 5, critical: 10 } });
    expect(byId.dp_masks_per_packet!.query).toBe("increase(ovs_vswitchd_dp_masks_hit[$window]) / increase(ovs_vswitchd_dp_packets_total[$window])");
    expect(byId.dp_masks).toMatchObject({ query: "ovs_vswitchd_dp_masks_total", thresholds: {} });
    expect(byId.dp_upcalls).toMatchObject({ category: "upcalls", unit: "per_second", query: "rate(ovs_vswitchd_dp_flows_lookup_missed[$window])", thresholds: { warning: 5000, critical: 20000 } });
    expect(byId.dp_lookup_lost).toMatchObject({ category: "upcalls", thresholds: { warning: 1, critical: 100 } });
    expect(byId.upcall_flow_limit_hit).toMatchObject({ query: "increase(ovs_vswitchd_upcall_flow_limit_hit[$window])", thresholds: { warning: 1, critical: 50 } });
    expect(byId.upcall_flow_limit_kill).toMatchObject({ query: "increase(ovs_vswitchd_upcall_flow_limit_kill[$window])", thresholds: { warning: 1, critical: 10 } });
    expect(byId.handler_threads).toMatchObject({ query: "ovs_vswitchd_handlers_total", thresholds: {} });
    for (const [id, name, t] of [
      ["iface_rx_dropped", "rx_dropped", { warning: 100, critical: 1000 }],
      ["iface_tx_dropped", "tx_dropped", { warning: 100, critical: 1000 }],
      ["iface_rx_errors", "rx_errors", { warning: 1, critical: 100 }],
      ["iface_tx_errors", "tx_errors", { warning: 1, critical: 100 }],
    ] as const) {
      // today's per-node sum, or the per-interface gauge of ovn-kubernetes before 2022
      expect(byId[id]).toMatchObject({ category: "interfaces", entity: ["interface"], thresholds: t });
      expect(byId[id]!.query).toBe(`increase(ovs_vswitchd_interface_${name}_total[$window]) or increase(ovs_vswitchd_interface_${name}[$window])`);
    }
    expect(defaultMetricsConfig().settings.rules).toEqual({ group: "ovskit-ovs-perf", interval: "1m", for: "5m", alertPrefix: "Ovs", labels: {} });
    expect(defaultMetricsConfig().settings.cluster).toEqual({
      nodes: "kube_node_info",
      kubernetesVersion: "kubernetes_build_info",
      openshiftVersion: 'cluster_version{type="current"}',
      ovsVersion: "ovs_build_info",
    });
  });

  it("no default query reads a cumulative total raw", () => {
    for (const m of defaultMetricsConfig().metrics) expect(rawCounterUses(m.query), m.id).toEqual([]);
    expect(rawCounterUses("ovs_vswitchd_interface_rx_dropped_total > 0")).toEqual(["ovs_vswitchd_interface_rx_dropped_total"]);
    expect(rawCounterUses('rate(ovs_vswitchd_dp_flows_lookup_missed{datapath="ovs-system"} [5m])')).toEqual([]);
    expect(rawCounterUses("ovs_vswitchd_dp_flows_total > 10")).toEqual([]);
    // the per-interface legacy name is not a prefix match of the current one
    expect(rawCounterUses("increase(ovs_vswitchd_interface_rx_dropped_total[5m]) + ovs_vswitchd_interface_rx_dropped")).toEqual(["ovs_vswitchd_interface_rx_dropped"]);
  });

  it("cumulative coverage counters are queried as increase(...[window]), never raw", () => {
    const cfg = parseMetricsConfig("settings: { window: 10m }");
    for (const m of cfg.metrics.filter((x) => x.category === "connections")) {
      expect(expandQuery(m, cfg)).toMatch(/^increase\(ovs_vswitchd_\w+\[10m\]\)$/);
    }
    expect(expandQuery(cfg.metrics[0]!, cfg)).toBe('sum by (node) (irate(container_cpu_usage_seconds_total{id=~"/system.slice/ovs-vswitchd.service"}[10m])) * 100');
  });
});

describe("merging", () => {
  it("known ids merge key by key; new ids are added; disabled drops; replaceDefaults starts empty", () => {
    const cfg = parseMetricsConfig(`
settings: { topN: 3 }
metrics:
  - id: br_int_flows
    thresholds: { warning: 20000, critical: 80000 }
  - id: dp_lookup_lost
    disabled: true
  - id: ovn_controller_cpu
    title: ovn-controller CPU
    category: cpu
    unit: percent
    query: sum by (node) (rate(container_cpu_usage_seconds_total{container="ovn-controller"}[$window])) * 100
    thresholds: { warning: 80 }
`);
    const br = cfg.metrics.find((m) => m.id === "br_int_flows")!;
    expect(br.thresholds).toEqual({ warning: 20000, critical: 80000 });
    expect(br.query).toBe('ovs_vswitchd_bridge_flows_total{bridge="br-int"}');
    expect(cfg.metrics.some((m) => m.id === "dp_lookup_lost")).toBe(false);
    expect(cfg.metrics.at(-1)).toMatchObject({ id: "ovn_controller_cpu", statistic: "max", entity: [], recommendation: "" });
    expect(cfg.settings).toMatchObject({ topN: 3, window: "5m", concurrency: 4 });
    const only = parseMetricsConfig("replaceDefaults: true\nmetrics:\n  - { id: x, category: memory, unit: bytes, query: up, thresholds: { warning: 1GB } }\n");
    expect(only.metrics).toHaveLength(1);
    expect(only.metrics[0]!.thresholds.warning).toBe(1e9);
  });
});

describe("validation names the offending key", () => {
  it.each([
    ["version: 2", "version", /unsupported version 2/],
    ["metrics:\n  - id: vswitchd_cpu\n    treshold: { warning: 1 }", "metrics[0].treshold", /unknown key/],
    ["metrics:\n  - id: vswitchd_cpu\n    unit: MB", "metrics[0].unit", /percent, bytes, count, per_second/],
    ["metrics:\n  - id: rconn_overflow\n    query: ovs_vswitchd_rconn_overflow", "metrics[0].query", /ovs_vswitchd_rconn_overflow is a cumulative total .* increase\(\.\.\.\[\$window\]\) or rate/],
    ["metrics:\n  - id: dp_cache_hit_ratio\n    thresholds: { warning: 70, critical: 80 }", "metrics[0].thresholds", /warning \(70\) must not be below critical \(80\) with direction below/],
    ["metrics:\n  - id: dp_flows\n    direction: sideways", "metrics[0].direction", /above, below/],
    ["metrics:\n  - id: dp_flows\n    for: 5 minutes", "metrics[0].for", /not a valid Prometheus duration/],
    ["settings: { rules: { for: -1m } }", "settings.rules.for", /.+/],
    ["settings: { rules: { alertPrefix: ovs } }", "settings.rules.alertPrefix", /upper-case/],
    ["settings: { rules: { labels: { severity: high } } }", "settings.rules.labels.severity", /set by ovskit/],
    ["settings: { rules: { labels: { bad-name: x } } }", "settings.rules.labels.bad-name", /valid label name/],
    ["settings: { cluster: { nodes: '' } }", "settings.cluster.nodes", /non-empty/],
    ["metrics:\n  - id: vswitchd_cpu\n    thresholds: { warning: 90, critical: 80 }", "metrics[0].thresholds", /warning \(90\) must not be above critical \(80\)/],
    ["metrics:\n  - id: vswitchd_memory\n    thresholds: { warning: 500 megs }", "metrics[0].thresholds.warning", /500MiB/],
    ["metrics:\n  - id: vswitchd_cpu\n    thresholds: { warning: '70' }", "metrics[0].thresholds.warning", /must be a number/],
    ["settings: { window: 5mins }", "settings.window", /not a valid Prometheus duration/],
    ["settings: { topN: 0 }", "settings.topN", /positive integer/],
    ["settings: { nodeMaping: {} }", "settings.nodeMaping", /unknown key/],
    ["metrics:\n  - { id: a, category: cpu, unit: percent, query: up }\n  - { id: a, category: cpu, unit: percent, query: up }", "metrics[1].id", /duplicate id a/],
    ["metrics:\n  - { id: Bad-Id, category: cpu, unit: percent, query: up }", "metrics[0].id", /\[a-z\]/],
    ["metrics:\n  - { id: new_one, unit: percent, query: up }", "metrics[0].category", /cpu, memory, dp_flows, bridge_flows, connections, datapath, upcalls, interfaces/],
    ["metrics:\n  - { id: new_one, category: cpu, unit: percent }", "metrics[0].query", /non-empty string/],
    ["metrics:\n  - { id: x, category: cpu, unit: percent, query: up, entity: [bad-label] }", "metrics[0].entity", /label names/],
    ["metrics: {}", "metrics", /must be a list/],
    ["metrics: [\n", "", /not valid YAML/],
    ["- 1\n- 2", "", /must be a mapping/],
  ])("%j", (text, path, message) => {
    const e = configError(text);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe("units", () => {
  it("bytes are converted and formatted without mixing units", () => {
    expect(parseByteQuantity("500MiB")).toBe(500 * MiB);
    expect(parseByteQuantity("1GiB")).toBe(1024 * MiB);
    expect(parseByteQuantity("1.5 GB")).toBe(1.5e9);
    expect(parseByteQuantity("500 megs")).toBeUndefined();
    expect(convertBytes(536_870_912, "MiB")).toBe(512);
    expect(formatMetricValue(536_870_912, "bytes")).toBe("512.0 MiB");
    expect(formatMetricValue(1536, "bytes")).toBe("1.5 KiB");
    expect(formatMetricValue(12, "bytes")).toBe("12 B");
    expect(formatMetricValue(87.46, "percent")).toBe("87.5 %");
    expect(formatMetricValue(12000, "count")).toBe("12000");
    expect(formatMetricValue(2.5, "count")).toBe("2.50");
    expect(formatMetricValue(15000, "per_second")).toBe("15000/s");
    expect(formatMetricValue(2.5, "per_second")).toBe("2.50/s");
  });
});

describe("parseMetricsConfig: size", () => {
  it("refuses a text over 1 MiB with a MetricsConfigError (the YAML reader takes seconds per MB)", () => {
    let caught: unknown;
    try {
      parseMetricsConfig(`metrics:\n${"  - id: m\n    query: up\n".repeat(50_000)}`);
    } catch (e) {
      caught = e;
    }
    expect(isMetricsConfigError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/characters: at most 1048576 are read/);
  });
});
