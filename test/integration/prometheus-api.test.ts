/**
 * The Prometheus client's endpoints and guarantees against a real Prometheus (Debian
 * `prometheus` 2.42): backfilled with the six-node cluster of fixtures-gen/prometheus/cluster.ts,
 * scraping itself every second (one active target, one dropped by relabelling) and evaluating
 * fixtures-gen/prometheus/capture-rules.yml every second (recording rules healthy and failing,
 * alerting rules firing, pending and inactive). Also: the exact sample-value grammar on what the
 * real server writes, label names escaped for the path, range bounds refused before any request.
 *
 * Without prometheus / promtool the suite is skipped with a warning, unless CI is set: then it fails.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_START, generateClusterOpenMetrics } from "../../fixtures-gen/prometheus/cluster.js";
import { PrometheusClient, type PrometheusFetch, isPrometheusQueryError } from "../../src/prometheus/index.js";
import { PROMETHEUS_PACKAGE, RealPrometheus, missingPrometheusBinaries } from "./prometheus-server.js";
import { ROOT, inCI } from "./sandbox.js";

const T0 = DEFAULT_START;
const END = T0 + 7200;
const missing = missingPrometheusBinaries();
if (missing.length > 0 && inCI()) throw new Error(`CI: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);
if (missing.length > 0) console.warn(`skipping the Prometheus API integration suite: missing ${missing.join(", ")} (apt-get install -y ${PROMETHEUS_PACKAGE})`);

const config = (port: number): string => `global:
  scrape_interval: 1h
rule_files: [ "rules.yml" ]
scrape_configs:
  - job_name: prometheus
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs: [ { targets: [ "127.0.0.1:${port}" ] } ]
  - job_name: dropped
    static_configs: [ { targets: [ "127.0.0.1:1" ] } ]
    relabel_configs: [ { action: drop, source_labels: [ __address__ ], regex: ".*:1" } ]
`;

describe.skipIf(missing.length > 0)("the Prometheus client's endpoints on a real Prometheus", () => {
  let prom: RealPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    prom = await RealPrometheus.start(generateClusterOpenMetrics(), { config, files: { "rules.yml": readFileSync(join(ROOT, "fixtures-gen/prometheus/capture-rules.yml"), "utf8") } });
    client = new PrometheusClient({ url: prom.url, timeoutMs: 20_000 });
    // until a scrape happened, an alert is pending and the failing rule has failed (at most 60 s)
    for (let i = 0; i < 300; i++) {
      const [t, a, r] = await Promise.all([client.targets(), client.alerts(), client.rules()]);
      const failed = r.data.groups.some((g) => g.rules.some((x) => x.health === "err"));
      if (t.data.activeTargets[0]?.health === "up" && a.data.alerts.some((x) => x.state === "pending") && failed) break;
      await new Promise((res) => setTimeout(res, 200));
    }
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it("buildInfo: the Debian build of 2.42", async () => {
    const b = await client.buildInfo();
    expect(b.data.version).toMatch(/^2\.42\./);
    expect(b.data.goVersion).toMatch(/^go1\./);
  });

  it("targets: the self-scrape is up, the relabelled one dropped; state and scrapePool filter", async () => {
    const t = await client.targets();
    expect(t.data.activeTargets.map((x) => [x.scrapePool, x.health, x.scrapeUrl])).toEqual([["prometheus", "up", `${prom.url}/metrics`]]);
    expect(t.data.droppedTargets.map((x) => x.discoveredLabels.job)).toEqual(["dropped"]);
    expect((await client.targets({ state: "dropped" })).data.activeTargets).toEqual([]);
    expect((await client.targets({ state: "active" })).data.droppedTargets).toEqual([]);
    expect((await client.targets({ scrapePool: "dropped" })).data.activeTargets).toEqual([]);
  });

  it("rules: healthy and failing recording rules, alerting rules firing / pending / inactive", async () => {
    const r = await client.rules();
    const rules = r.data.groups.flatMap((g) => g.rules);
    expect(rules.map((x) => [x.type, x.name, x.health, x.type === "alerting" ? x.state : "-"])).toEqual([
      ["recording", "job:up:sum", "ok", "-"],
      ["recording", "ovskit:duplicate:error", "err", "-"],
      ["alerting", "OvskitAlwaysFiring", "ok", "firing"],
      ["alerting", "OvskitPending", "ok", "pending"],
      ["alerting", "OvskitNeverFires", "ok", "inactive"],
    ]);
    expect(rules[1]!.lastError).toBe("vector cannot contain metrics with the same labelset");
    const onlyAlerts = await client.rules({ type: "alert" });
    expect(onlyAlerts.data.groups.flatMap((g) => g.rules).every((x) => x.type === "alerting")).toBe(true);
  });

  it("alerts: the firing and the pending alert, with their values", async () => {
    const a = await client.alerts();
    expect(a.data.alerts.map((x) => [x.labels.alertname, x.state, x.value]).sort()).toEqual([
      ["OvskitAlwaysFiring", "firing", 1],
      ["OvskitPending", "pending", 1],
    ]);
    expect(a.data.alerts.find((x) => x.state === "pending")!.annotations.summary).toBe(`target 127.0.0.1:${new URL(prom.url).port} is up`);
  });

  it("metadata of the scraped metrics, one metric or all", async () => {
    const one = await client.metadata({ metric: "prometheus_build_info" });
    expect(one.data.prometheus_build_info![0]).toMatchObject({ type: "gauge", unit: "" });
    const all = await client.metadata();
    expect(Object.keys(all.data).length).toBeGreaterThan(100);
    expect(all.data.prometheus_http_requests_total![0]!.type).toBe("counter");
  });

  it("series, label names and values over the backfilled cluster; UTF-8 label names are escaped", async () => {
    const s = await client.series(['ovs_vswitchd_bridge_flows_total{bridge="br-ex"}'], { start: T0, end: END });
    expect(s.data).toHaveLength(6);
    expect((await client.labelNames({ start: T0, end: END, match: ["ovs_vswitchd_bridge_flows_total"] })).data).toEqual(["__name__", "bridge", "instance", "job", "namespace", "pod"]);
    expect((await client.labelValues("bridge", { start: T0, end: END })).data).toEqual(["br-ex", "br-int"]);
    // 2.42 stores no UTF-8 label names: the escaped name is a valid (absent) legacy name there
    expect((await client.labelValues("http.status")).data).toEqual([]);
    expect((await client.labelValues("job", { start: Date.now() / 1000 - 600 })).data).toEqual(["prometheus"]);
  });

  it("every float Prometheus writes decodes to the value it evaluated", async () => {
    const literals: Array<[string, number]> = [
      ["1e-7", 1e-7],
      ["1.5e21", 1.5e21],
      ["1e300", 1e300],
      ["5e-324", 5e-324],
      ["0 * -1", -0],
      ["0.000001", 1e-6],
      ["123456789012345678901", 123456789012345678901],
      ["1/0", Infinity],
      ["-1/0", -Infinity],
    ];
    for (const [expr, value] of literals) {
      const r = await client.query(`vector(${expr})`, { time: END });
      expect(r.data.resultType === "vector" && Object.is(r.data.result[0]!.sample.value, value), expr).toBe(true);
    }
    await fc.assert(
      fc.asyncProperty(fc.double({ noNaN: true, noDefaultInfinity: true }), async (v) => {
        const r = await client.query(`scalar(vector(${Object.is(v, -0) ? "-0" : String(v)}))`, { time: END });
        expect(r.data.resultType === "scalar" && r.data.result.value).toBe(v);
      }),
      { numRuns: 150 },
    );
  });

  it("range bounds are checked before any request reaches the server", async () => {
    const sent: string[] = [];
    const counting: PrometheusFetch = (url, init) => {
      sent.push(url);
      return globalThis.fetch(url, init);
    };
    const c = new PrometheusClient({ url: prom.url, fetch: counting });
    await expect(c.queryRange("up", { start: T0, end: Infinity, step: 60 })).rejects.toMatchObject({ name: "PrometheusRequestError", code: "bad-time" });
    await expect(c.queryRange("up", { start: T0, end: T0 + 365 * 86400, step: "1ms" })).rejects.toMatchObject({ name: "PrometheusLimitError", code: "too-many-points" });
    expect(sent).toEqual([]);
    const ok = await c.queryRange("ovs_vswitchd_dp_flows_total", { start: T0, end: END, step: "1s" }); // 7,201 points: one request
    expect(ok.data.result[0]!.samples).toHaveLength(7201);
    expect(sent).toHaveLength(1);
    const e = await new PrometheusClient({ url: prom.url, maxPointsPerSeries: 20_000 }).queryRange("up", { start: T0, end: END, step: 0.5 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: "PrometheusQueryError", errorType: "bad_data" }); // Prometheus's own 11,000-point refusal, typed
    expect(isPrometheusQueryError(e)).toBe(true);
  });
});
