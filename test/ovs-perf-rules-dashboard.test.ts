/**
 * Prometheus alerting rules and the Grafana dashboard generated from metrics.yaml.
 *
 * The dashboard is validated with ajv against test/fixtures/grafana/dashboard.schema.json, a
 * JSON schema generated (fixtures-gen/grafana/schema.ts) from Grafana's own TypeScript types in
 * @grafana/schema 11.6.16 (dashboard kind + the time series panel plugin's options and field
 * config, closed objects). The PrometheusRule resource is validated against the CRD schema of
 * prometheus-operator (fixtures-gen/prometheus/prometheusrule-crd.ts). promtool and a real
 * Prometheus check the rules in test/integration/prometheus-rules.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fromJson, toJson } from "../src/core/json.js";
import {
  GRAFANA_SCHEMA_VERSION,
  type GrafanaTimeSeriesPanel,
  alertNameOf,
  defaultMetricsConfig,
  parseMetricsConfig,
  prometheusRulesYaml,
  toGrafanaDashboard,
  toPrometheusRuleResource,
  toPrometheusRules,
} from "../src/ovs-perf/index.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cfg = defaultMetricsConfig();
const plain = (x: unknown) => {
  expect(structuredClone(x)).toEqual(x);
  expect(fromJson(toJson(x))).toEqual(x);
};

describe("toPrometheusRules", () => {
  const rules = toPrometheusRules(cfg);
  const group = rules.groups[0]!;
  const byName = (name: string) => group.rules.filter((r) => r.alert === name);

  it("one alert name per metric with thresholds, a critical and a warning rule, exclusive levels", () => {
    expect(rules.groups).toHaveLength(1);
    expect(group).toMatchObject({ name: "ovskit-ovs-perf", interval: "1m" });
    expect(group.rules).toHaveLength(42);
    expect(new Set(group.rules.map((r) => r.alert)).size).toBe(21);
    expect(group.rules.some((r) => r.alert === "OvsDpMasks" || r.alert === "OvsHandlerThreads")).toBe(false); // no thresholds: context only
    const [crit, warn] = byName("OvsVswitchdCpu");
    expect(crit).toEqual({
      alert: "OvsVswitchdCpu",
      expr: '(sum by (node) (irate(container_cpu_usage_seconds_total{id=~"/system.slice/ovs-vswitchd.service"}[5m])) * 100) >= 85',
      for: "5m",
      labels: { severity: "critical", ovskit_metric: "vswitchd_cpu" },
      annotations: {
        summary:
          'ovs-vswitchd CPU on {{ if $labels.node }}{{ $labels.node }}{{ else if $labels.pod }}{{ $labels.namespace }}/{{ $labels.pod }}{{ else }}{{ $labels.instance }}{{ end }}: {{ printf "%.1f" $value }} % (>= critical threshold 85.0 %)',
        description: expect.stringMatching(/^ovs-vswitchd CPU on .* is \{\{ printf "%\.1f" \$value \}\} % \(over 5m\), at or over the critical threshold 85\.0 % \(ovskit metrics\.yaml, metric vswitchd_cpu\)\. Look for upcall storms/),
      },
    });
    expect(warn!.expr).toBe('(sum by (node) (irate(container_cpu_usage_seconds_total{id=~"/system.slice/ovs-vswitchd.service"}[5m])) * 100) >= 70 < 85');
    expect(warn!.labels.severity).toBe("warning");
  });

  it("a hit ratio alerts below its thresholds; entity labels are in the text", () => {
    const [crit, warn] = byName("OvsDpCacheHitRatio");
    expect(crit!.expr).toMatch(/^\(100 \* increase\(ovs_vswitchd_dp_flows_lookup_hit\[5m\]\) \/ .*>= 1000\) <= 75$/);
    expect(warn!.expr).toMatch(/\) <= 90 > 75$/);
    expect(crit!.annotations.summary).toContain("(<= critical threshold 75.0 %)");
    expect(byName("OvsBrIntFlows")[0]!.annotations.summary).toContain("{{ with $labels.bridge }}/{{ . }}{{ end }}: {{ humanize $value }} (>= critical threshold 50000)");
    expect(byName("OvsDpUpcalls")[0]!.annotations.summary).toContain("{{ humanize $value }}/s (>= critical threshold 20000/s)");
    expect(byName("OvsVswitchdMemory")[0]!.annotations.summary).toContain("{{ humanize1024 $value }}B (>= critical threshold 1.0 GiB)");
  });

  it("cumulative counters are only ever thresholded through increase() / rate()", () => {
    for (const r of group.rules) {
      for (const name of ["rconn_overflow", "dp_flows_lookup_lost", "dp_flows_lookup_missed", "interface_tx_errors_total", "upcall_flow_limit_hit", "dp_masks_hit"]) {
        const i = r.expr.indexOf(`ovs_vswitchd_${name}`);
        if (i >= 0) expect(r.expr.slice(0, i), r.alert).toMatch(/(increase|rate)\($/);
      }
    }
    expect(byName("OvsIfaceTxErrors")[0]!.expr).toBe("(increase(ovs_vswitchd_interface_tx_errors_total[5m]) or increase(ovs_vswitchd_interface_tx_errors[5m])) >= 100");
  });

  it("settings: window, group, interval, for (global, per metric, override), prefix, labels", () => {
    const c = parseMetricsConfig(`
settings:
  window: 10m
  rules: { group: ovs, interval: 30s, for: 15m, alertPrefix: OVNK, labels: { team: network } }
metrics:
  - { id: dp_lookup_lost, for: 0s }
`);
    const r = toPrometheusRules(c).groups[0]!;
    expect(r).toMatchObject({ name: "ovs", interval: "30s" });
    expect(r.rules.find((x) => x.alert === "OVNKRconnOverflow")).toMatchObject({ for: "15m", labels: { severity: "critical", ovskit_metric: "rconn_overflow", team: "network" } });
    expect(r.rules.find((x) => x.alert === "OVNKRconnOverflow")!.expr).toBe("(increase(ovs_vswitchd_rconn_overflow[10m])) >= 1000");
    expect(r.rules.find((x) => x.alert === "OVNKDpLookupLost")!.for).toBe("0s");
    expect(toPrometheusRules(c, { for: "1m", metricIds: ["dp_upcalls"] }).groups[0]!.rules.map((x) => [x.alert, x.for])).toEqual([
      ["OVNKDpUpcalls", "1m"],
      ["OVNKDpUpcalls", "1m"],
    ]);
    expect(alertNameOf("iface_rx_dropped", cfg)).toBe("OvsIfaceRxDropped");
  });

  it("YAML text reads back to the same object; plain data", () => {
    const text = prometheusRulesYaml(rules);
    expect(text.split("\n")[0]).toBe("# Generated by ovskit from metrics.yaml: 42 alerting rules (ovs-perf rules). Edit metrics.yaml, not this file.");
    expect(parse(text)).toEqual(rules);
    plain(rules);
  });

  it("PrometheusRule resource: valid against the prometheus-operator CRD schema", () => {
    const cr = toPrometheusRuleResource(cfg, { namespace: "openshift-ovn-kubernetes", labels: { role: "alert-rules" } });
    expect(cr).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "ovskit-ovs-perf", namespace: "openshift-ovn-kubernetes", labels: { role: "alert-rules" } } });
    expect(cr.spec).toEqual(rules);
    const schema = JSON.parse(readFileSync(join(FIXTURES, "prometheus", "prometheusrule-crd-v1.schema.json"), "utf8"));
    // The CRD's patterns are Go regular expressions: `(?i)` (case-insensitive) becomes the JS flag
    const goRegExp = Object.assign((pattern: string, flags: string) => (pattern.includes("(?i)") ? new RegExp(pattern.replace("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags)), {
      code: "goRegExp",
    });
    const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true, code: { regExp: goRegExp } }).compile(schema);
    expect(validate(cr), JSON.stringify(validate.errors)).toBe(true);
    // the schema can fail: a `for` that is not a duration, a group without a name
    const bad = { ...cr, spec: { groups: [{ ...cr.spec.groups[0]!, name: undefined, rules: [{ ...cr.spec.groups[0]!.rules[0]!, for: "five minutes" }] }] } };
    expect(validate(JSON.parse(JSON.stringify(bad)))).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(["/spec/groups/0", "/spec/groups/0/rules/0/for"]);
    expect(parse(prometheusRulesYaml(cr))).toEqual(cr);
    plain(cr);
  });
});

describe("toGrafanaDashboard", () => {
  const dash = toGrafanaDashboard(cfg);
  const schema = JSON.parse(readFileSync(join(FIXTURES, "grafana", "dashboard.schema.json"), "utf8"));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const series = dash.panels.filter((p): p is GrafanaTimeSeriesPanel => p.type === "timeseries");
  const panel = (title: string) => series.find((p) => p.title === title)!;

  it("valid against the Grafana 11.6 dashboard schema (from @grafana/schema) for the schemaVersion it declares", () => {
    const installed = JSON.parse(readFileSync(join(import.meta.dirname, "..", "node_modules", "@grafana", "schema", "package.json"), "utf8")).version;
    expect(schema["x-grafana-schema-package"]).toBe(installed); // the committed schema is the installed types'
    expect(schema["x-grafana-schema-version"]).toBe(GRAFANA_SCHEMA_VERSION);
    expect(dash.schemaVersion).toBe(41);
    expect(validate(dash), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const custom = toGrafanaDashboard(parseMetricsConfig("metrics:\n  - { id: ovn_controller_cpu, category: cpu, unit: percent, query: 'up * 0', direction: below, thresholds: { critical: 1 } }"), { title: "t", uid: "abcdefgh", from: "now-1h", refresh: "5m" });
    expect(validate(custom), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it("the validator can fail: unknown keys, wrong types, unknown enum values", () => {
    const p = series[0]!;
    const withPanel = (x: unknown) => ({ ...dash, panels: [x] });
    expect(validate(withPanel({ ...p, bogus: 1 }))).toBe(false);
    expect(validate(withPanel({ ...p, fieldConfig: { ...p.fieldConfig, defaults: { ...p.fieldConfig.defaults, thresholds: { mode: "absolute", steps: [{ color: "red", value: "x" }] } } } }))).toBe(false);
    expect(validate(withPanel({ ...p, options: { ...p.options, legend: { ...p.options.legend, displayMode: "grid" } } }))).toBe(false);
    expect(validate({ ...dash, templating: { list: [{ ...dash.templating.list[0]!, type: "bogus" }] } })).toBe(false);
    expect(validate({ ...dash, schemaVersion: "41" })).toBe(false);
  });

  it("a row per category, a time series panel per metric, thresholds as steps", () => {
    expect(dash.panels.filter((p) => p.type === "row").map((p) => p.title)).toEqual(["cpu", "memory", "dp_flows", "bridge_flows", "connections", "datapath", "upcalls", "interfaces"]);
    expect(series.map((p) => p.title)).toEqual(cfg.metrics.map((m) => m.title));
    expect(new Set(dash.panels.map((p) => p.id)).size).toBe(dash.panels.length);
    expect(panel("ovs-vswitchd CPU").fieldConfig.defaults).toMatchObject({
      unit: "percent",
      thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "orange", value: 70 }, { color: "red", value: 85 }] },
      custom: { thresholdsStyle: { mode: "line" } },
    });
    expect(panel("megaflow cache hit ratio").fieldConfig.defaults.thresholds.steps).toEqual([
      { color: "red", value: null },
      { color: "orange", value: 75 },
      { color: "green", value: 90 },
    ]);
    expect(panel("ovs-vswitchd resident memory").fieldConfig.defaults.thresholds.steps[1]).toEqual({ color: "orange", value: 500 * 1024 * 1024 });
    expect(panel("megaflow masks").fieldConfig.defaults).toMatchObject({ thresholds: { steps: [{ color: "green", value: null }] }, custom: { thresholdsStyle: { mode: "off" } } });
    expect(panel("upcalls (datapath misses) per second").fieldConfig.defaults.unit).toBe("ops");
    expect(panel("megaflow masks visited per packet").description).toMatch(/^Thresholds \(ovskit metrics\.yaml dp_masks_per_packet, on the max\): warning >= 5, critical >= 10\. Each packet/);
  });

  it("datasource, node and bridge variables; panels joined to the node mapping and filtered", () => {
    expect(dash.templating.list.map((v) => [v.type, v.name])).toEqual([
      ["datasource", "datasource"],
      ["query", "node"],
      ["query", "bridge"],
    ]);
    expect(dash.templating.list[1]!.query).toEqual({ qryType: 1, query: "label_values(kube_pod_info, node)", refId: "PrometheusVariableQueryEditor-VariableQuery" });
    const t = panel("OpenFlow connection overflows").targets[0]!;
    expect(t.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
    expect(t.expr).toBe(
      '((increase(ovs_vswitchd_rconn_overflow[5m])) * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info{node=~"$node"})) or ((increase(ovs_vswitchd_rconn_overflow[5m])) and on (node) max by (node) (kube_pod_info{node=~"$node"}))',
    );
    expect(t.legendFormat).toBe("{{node}}");
    expect(panel("br-int OpenFlow flows").targets[0]!.expr).toMatch(/ and on \(bridge\) max by \(bridge\) \(ovs_vswitchd_bridge_flows_total\{bridge=~"\$bridge"\}\)$/);
    expect(panel("br-int OpenFlow flows").targets[0]!.legendFormat).toBe("{{node}} {{bridge}}");
    expect(series.filter((p) => p.targets[0]!.expr.includes("$bridge")).map((p) => p.title)).toEqual(["br-int OpenFlow flows", "br-ex OpenFlow flows"]);
    plain(dash);
  });
});
