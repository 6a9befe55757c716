/**
 * The alerting rules generated from metrics.yaml, checked by the real Prometheus 2.42 tools:
 * - `promtool check rules` on the rules file and on the spec of the PrometheusRule resource;
 * - `promtool test rules` on the series of fixtures-gen/prometheus/cluster.ts (one value per
 *   minute, as in the backfilled suite): exactly the expected alerts, labels and annotations for
 *   every alert name at 120m (the others must not fire), the `for:` delay, and an alert that
 *   fires only in the first hour;
 * - a real Prometheus that loads the rules, with the same cluster backfilled up to now (rules
 *   evaluate at the wall clock): every rule healthy, the expected alerts pending then firing
 *   (and no other), and the same set as the analyzer on the same data at the same time.
 * Without prometheus / promtool the suite is skipped with a warning, unless CI is set: then it fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { NAMESPACE, NODES, clusterSeries, generateClusterOpenMetrics } from "../../fixtures-gen/prometheus/cluster.js";
import {
  type MetricsConfig,
  alertNameOf,
  collectOvsMetrics,
  computeAlerts,
  defaultMetricsConfig,
  formatMetricValue,
  parseMetricsConfig,
  prometheusRulesYaml,
  toPrometheusRuleResource,
  toPrometheusRules,
} from "../../src/ovs-perf/index.js";
import { PrometheusClient } from "../../src/prometheus/index.js";
import { PROMETHEUS_PACKAGE, RealPrometheus, missingPrometheusBinaries } from "./prometheus-server.js";
import { inCI, run } from "./sandbox.js";

const missing = missingPrometheusBinaries();
if (missing.length > 0 && inCI()) throw new Error(`CI: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);
if (missing.length > 0) console.warn(`skipping the Prometheus rules suite: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);

const cfg = defaultMetricsConfig();
const def = (id: string) => cfg.metrics.find((m) => m.id === id)!;
const ovs = (k: number) => ({ instance: `${NODES[k]!.ip}:9105`, job: "ovnkube-node", namespace: NAMESPACE, pod: NODES[k]!.pod });
const dp = (k: number) => ({ ...ovs(k), datapath: "ovs-system" });

/** One expected alert: metric id, severity, series labels, where (as the template renders it), value (as Prometheus humanizes it). */
type Expected = readonly [id: string, severity: "critical" | "warning", labels: Record<string, string>, where: string, value: string];

/** What fires at minute 120 of the cluster (worker-k = NODES[k]). */
const AT_120: readonly Expected[] = [
  ["vswitchd_cpu", "critical", { node: "worker-2" }, "worker-2", "92.0 %"],
  ["rconn_discarded", "critical", ovs(3), `${NAMESPACE}/ovnkube-node-d3x3q`, "590"],
  ["dp_lookup_lost", "critical", dp(2), `${NAMESPACE}/ovnkube-node-c2x2q`, "150"],
  ["dp_cache_hit_ratio", "critical", dp(2), `${NAMESPACE}/ovnkube-node-c2x2q`, "57.1 %"],
  ["dp_masks_per_packet", "critical", dp(1), `${NAMESPACE}/ovnkube-node-b1x1q`, "12"],
  ["iface_tx_errors", "critical", ovs(4), `${NAMESPACE}/ovnkube-node-e4x4q`, "150"],
  ["rconn_overflow", "warning", ovs(3), `${NAMESPACE}/ovnkube-node-d3x3q`, "200"],
  ["br_ex_flows", "warning", { ...ovs(0), bridge: "br-ex" }, `${NAMESPACE}/ovnkube-node-a0x0q/br-ex`, "2k"],
  ["br_int_flows", "warning", { ...ovs(1), bridge: "br-int" }, `${NAMESPACE}/ovnkube-node-b1x1q/br-int`, "12k"],
  ["dp_flows", "warning", dp(4), `${NAMESPACE}/ovnkube-node-e4x4q`, "9k"],
  ["dp_upcalls", "warning", dp(2), `${NAMESPACE}/ovnkube-node-c2x2q`, "15k/s"],
  ["upcall_flow_limit_hit", "warning", ovs(2), `${NAMESPACE}/ovnkube-node-c2x2q`, "20"],
  ["iface_rx_dropped", "warning", ovs(0), `${NAMESPACE}/ovnkube-node-a0x0q`, "250"],
];

function expectedAlert(config: MetricsConfig, [id, severity, labels, where, value]: Expected) {
  const m = config.metrics.find((x) => x.id === id)!;
  const t = formatMetricValue(m.thresholds[severity]!, m.unit);
  const op = m.direction === "below" ? "<=" : ">=";
  const counter = /\b(increase|rate|irate)\(/.test(m.query) ? ` (over ${config.settings.window})` : "";
  return {
    exp_labels: { ...labels, severity, ovskit_metric: id },
    exp_annotations: {
      summary: `${m.title} on ${where}: ${value} (${op} ${severity} threshold ${t})`,
      description: `${m.title} on ${where} is ${value}${counter}, ${m.direction === "below" ? "at or under" : "at or over"} the ${severity} threshold ${t} (ovskit metrics.yaml, metric ${id}). ${m.recommendation}`,
    },
  };
}

describe.skipIf(missing.length > 0)("alerting rules from metrics.yaml on the real Prometheus tools", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), "ovskit-rules-it-"));
  });
  afterAll(() => {
    if (process.env.OVSKIT_IT_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
  });

  it("promtool check rules: the rules file and the PrometheusRule spec", async () => {
    const rules = toPrometheusRules(cfg);
    expect(rules.groups[0]!.rules).toHaveLength(42); // 21 metrics with two thresholds; dp_masks and handler_threads have none
    writeFileSync(join(dir, "rules.yaml"), prometheusRulesYaml(rules));
    const file = await run("promtool", ["check", "rules", join(dir, "rules.yaml")], { allowFail: true });
    expect(file.stdout + file.stderr).toContain("SUCCESS: 42 rules found");
    expect(file.code).toBe(0);
    const cr = toPrometheusRuleResource(cfg, { namespace: "openshift-ovn-kubernetes", labels: { role: "alert-rules" } });
    writeFileSync(join(dir, "spec.yaml"), stringify(cr.spec));
    const spec = await run("promtool", ["check", "rules", join(dir, "spec.yaml")], { allowFail: true });
    expect(spec.code).toBe(0);
    expect(spec.stdout).toContain("SUCCESS: 42 rules found");
    // and promtool can fail: a rule on a bad expression is refused
    writeFileSync(join(dir, "bad.yaml"), prometheusRulesYaml({ groups: [{ name: "x", interval: "1m", rules: [{ ...rules.groups[0]!.rules[0]!, expr: "sum(" }] }] }));
    expect((await run("promtool", ["check", "rules", join(dir, "bad.yaml")], { allowFail: true })).code).not.toBe(0);
  });

  it("promtool test rules: exactly the expected alerts, labels and annotations; for: delays them", async () => {
    writeFileSync(join(dir, "rules.yaml"), prometheusRulesYaml(toPrometheusRules(cfg)));
    const input_series = clusterSeries().map((s) => ({
      series: `${s.name}{${Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
        .join(",")}}`,
      values: s.values.map((v) => String(v)).join(" "),
    }));
    const names = [...new Set(cfg.metrics.filter((m) => m.thresholds.warning !== undefined || m.thresholds.critical !== undefined).map((m) => m.id))];
    const at120 = names.map((id) => ({
      eval_time: "120m",
      alertname: alertNameOf(id, cfg),
      exp_alerts: AT_120.filter((e) => e[0] === id).map((e) => expectedAlert(cfg, e)),
    }));
    expect(at120.filter((t) => t.exp_alerts.length === 0).map((t) => t.alertname)).toEqual([
      "OvsOvsdbCpu",
      "OvsVswitchdMemory",
      "OvsOvsdbMemory",
      "OvsStreamOpen",
      "OvsNetlinkOverflow",
      "OvsUpcallFlowLimitKill",
      "OvsIfaceTxDropped",
      "OvsIfaceRxErrors",
    ]);
    const tests = [
      {
        interval: "1m",
        input_series,
        alert_rule_test: [
          ...at120,
          // netlink overflows happen during the first hour only
          { eval_time: "30m", alertname: "OvsNetlinkOverflow", exp_alerts: [expectedAlert(cfg, ["netlink_overflow", "warning", ovs(0), `${NAMESPACE}/ovnkube-node-a0x0q`, "5"])] },
          // for: 5m: lost upcalls reach 100 per window at minute 4, the alert fires 5 minutes later
          { eval_time: "5m", alertname: "OvsDpLookupLost", exp_alerts: [] },
          { eval_time: "15m", alertname: "OvsDpLookupLost", exp_alerts: [expectedAlert(cfg, ["dp_lookup_lost", "critical", dp(2), `${NAMESPACE}/ovnkube-node-c2x2q`, "150"])] },
        ],
      },
    ];
    writeFileSync(join(dir, "tests.yaml"), stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }, { lineWidth: 0 }));
    const r = await run("promtool", ["test", "rules", join(dir, "tests.yaml")], { allowFail: true, cwd: dir, timeoutMs: 120_000 });
    expect(r.stdout + r.stderr).toContain("SUCCESS");
    expect(r.code).toBe(0);
    expect(def("dp_cache_hit_ratio").direction).toBe("below");
  });

  describe("a real Prometheus evaluating the rules on data that ends now", () => {
    let prom: RealPrometheus;
    let client: PrometheusClient;
    // rules evaluated every second, firing after 20 s, so that pending and firing are both seen
    const fast = parseMetricsConfig("settings: { rules: { interval: 1s, for: 20s } }");

    beforeAll(async () => {
      // The last sample is now, to the second. The expected values hold while it is less than
      // about 80 s old when the rules fire: `increase(...[5m])` of worker-3's rconn_discarded
      // (590, critical >= 500) loses a sample after 60 s and falls below 500 at about 75 s. The
      // start of the current minute (as before) left the last sample up to 60 s older at the
      // outset, which made the worker-3 alert flap between critical and warning.
      const start = Math.floor(Date.now() / 1000) - 7200;
      prom = await RealPrometheus.start(generateClusterOpenMetrics({ start }), { rules: prometheusRulesYaml(toPrometheusRules(fast)), evaluationInterval: "1s" });
      client = new PrometheusClient({ url: prom.url, timeoutMs: 20_000 });
    });
    afterAll(async () => {
      await prom?.stop();
    });

    type AlertKey = string;
    const keyOf = (l: Record<string, string>): AlertKey => `${l.alertname} ${l.severity} ${l.node ?? l.pod}${l.bridge !== undefined ? `/${l.bridge}` : ""}`;
    const alertsIn = async (state: "pending" | "firing"): Promise<{ keys: AlertKey[]; time: number }> => {
      const r = await client.query(`ALERTS{alertstate="${state}"}`);
      if (r.data.resultType !== "vector") throw new Error(r.data.resultType);
      return { keys: r.data.result.map((s) => keyOf(s.metric)).sort(), time: r.data.result[0]?.sample.time ?? 0 };
    };
    const expectedKeys = AT_120.map(([id, severity, labels]) => keyOf({ ...labels, alertname: alertNameOf(id, fast), severity })).sort();

    it("every rule is healthy, the expected alerts go pending then firing, no other", async () => {
      const seenPending = new Set<string>();
      let firing: AlertKey[] = [];
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        for (const k of (await alertsIn("pending")).keys) seenPending.add(k);
        firing = (await alertsIn("firing")).keys;
        if (firing.length >= expectedKeys.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(firing).toEqual(expectedKeys);
      expect([...seenPending].sort()).toEqual(expectedKeys);
      const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> } };
      const all = rules.data.groups.flatMap((g) => g.rules);
      expect(all).toHaveLength(42);
      expect(all.filter((x) => x.health !== "ok" || (x.lastError ?? "") !== "")).toEqual([]);
    });

    it("the analyzer on the same data at the same time finds the same alerts", async () => {
      const { time } = await alertsIn("firing");
      const c = await collectOvsMetrics(client, fast, { mode: "instant", time });
      const fromAnalyzer = computeAlerts(c)
        .filter((a) => a.severity !== "info")
        .map((a) => keyOf({ ...(a.series ?? {}), alertname: alertNameOf(a.metric, fast), severity: a.severity }))
        .sort();
      expect(fromAnalyzer).toEqual(expectedKeys);
    });
  });
});
