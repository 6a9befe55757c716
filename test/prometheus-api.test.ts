/**
 * Issue 17, "Client endpoints users reach for next": series, labels, label values, metadata,
 * rules, alerts, targets and build information, decoded from real Prometheus 2.42 answers
 * (test/fixtures/prometheus, captured by fixtures-gen/prometheus/capture.sh from a Prometheus
 * that scrapes itself and evaluates fixtures-gen/prometheus/capture-rules.yml), served by a local
 * server; the requests they send; shapes that are wrong; results that are plain data.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fromJson, toJson } from "../src/core/json.js";
import { PrometheusClient, isPrometheusHttpError, labelNamePathSegment } from "../src/prometheus/index.js";
import { fixture } from "./helpers/fixtures.js";
import { type FakeServer, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the capture of each endpoint. */
async function realPrometheus(): Promise<{ prom: PrometheusClient; srv: FakeServer }> {
  const files: Record<string, string> = {
    "/api/v1/series": "series",
    "/api/v1/labels": "labels",
    "/api/v1/label/bridge/values": "label-values-bridge",
    "/api/v1/label/U__http_2e_status/values": "label-values-utf8",
    "/api/v1/metadata": "metadata",
    "/api/v1/rules": "rules",
    "/api/v1/alerts": "alerts",
    "/api/v1/targets": "targets",
    "/api/v1/status/buildinfo": "buildinfo",
  };
  server = await startFakeServer((q, res) => {
    let name = files[q.path];
    if (q.path === "/api/v1/rules" && q.params.get("type") === "record") name = "rules-record";
    if (q.path === "/api/v1/targets" && q.params.get("state") === "dropped") name = "targets-dropped";
    if (q.path === "/api/v1/metadata" && q.params.has("metric")) name = "metadata-metric";
    if (name === undefined) return json(res, 404, { status: "error", errorType: "not_found", error: q.path });
    const [status, type] = fixture("prometheus", `${name}.meta`).trim().split(" ");
    res.writeHead(Number(status), { "Content-Type": type ?? "" });
    res.end(fixture("prometheus", `${name}.json`));
  });
  return { prom: new PrometheusClient({ url: server.url, retries: 0 }), srv: server };
}

const plain = (x: unknown): void => {
  expect(structuredClone(x)).toEqual(x);
  expect(fromJson(toJson(x))).toEqual(x);
};

describe("rules and alerts (real answers)", () => {
  it("rules: groups, recording rules (healthy and failing), alerting rules in every state", async () => {
    const { prom, srv } = await realPrometheus();
    const r = await prom.rules();
    plain(r);
    expect(r.warnings).toEqual([]);
    const [g] = r.data.groups;
    expect(r.data.groups).toHaveLength(1);
    expect(g).toMatchObject({ name: "ovskit-client", interval: 1, limit: 0 });
    expect(g!.file).toMatch(/rules\.yml$/);
    expect(g!.rules.map((x) => [x.type, x.name, x.health])).toEqual([
      ["recording", "job:up:sum", "ok"],
      ["recording", "ovskit:duplicate:error", "err"],
      ["alerting", "OvskitAlwaysFiring", "ok"],
      ["alerting", "OvskitPending", "ok"],
      ["alerting", "OvskitNeverFires", "ok"],
    ]);
    expect(g!.rules[1]).toMatchObject({ lastError: "vector cannot contain metrics with the same labelset", labels: {} });
    expect(g!.rules[0]).not.toHaveProperty("lastError");
    const alerting = g!.rules.filter((x) => x.type === "alerting");
    expect(alerting.map((x) => [x.state, x.duration, x.alerts.length])).toEqual([
      ["firing", 0, 1],
      ["pending", 3600, 1],
      ["inactive", 0, 0],
    ]);
    expect(alerting[0]!.alerts[0]).toMatchObject({ state: "firing", value: 1, labels: { alertname: "OvskitAlwaysFiring", severity: "info" }, annotations: { description: "value 1" } });
    expect(alerting[0]!.keepFiringFor).toBe(0);
    expect(typeof g!.rules[0]!.evaluationTime).toBe("number");
    expect(g!.rules[0]!.lastEvaluation).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(srv.requests[0]!.params.toString()).toBe("");
  });

  it("rules: the type filter and the other filters go as Prometheus's parameters", async () => {
    const { prom, srv } = await realPrometheus();
    const r = await prom.rules({ type: "record", ruleNames: ["job:up:sum"], ruleGroups: ["ovskit-client"], files: ["/etc/rules.yml"] });
    expect(r.data.groups[0]!.rules.every((x) => x.type === "recording")).toBe(true);
    const p = srv.requests[0]!.params;
    expect([p.get("type"), p.getAll("rule_name[]"), p.getAll("rule_group[]"), p.getAll("file[]")]).toEqual(["record", ["job:up:sum"], ["ovskit-client"], ["/etc/rules.yml"]]);
  });

  it("alerts: the firing one and the pending one, values as numbers", async () => {
    const { prom } = await realPrometheus();
    const a = await prom.alerts();
    plain(a);
    expect(a.data.alerts.map((x) => [x.labels.alertname, x.state, x.value])).toEqual([
      ["OvskitAlwaysFiring", "firing", 1],
      ["OvskitPending", "pending", 1],
    ]);
    expect(a.data.alerts[1]!.activeAt).toMatch(/Z$/);
  });
});

describe("targets, build information, metadata, labels (real answers)", () => {
  it("targets: the active self-scrape and the target dropped by relabelling; state and scrapePool parameters", async () => {
    const { prom, srv } = await realPrometheus();
    const t = await prom.targets();
    plain(t);
    expect(t.data.activeTargets).toHaveLength(1);
    expect(t.data.activeTargets[0]).toMatchObject({ scrapePool: "prometheus", health: "up", lastError: "", scrapeInterval: "1s", scrapeTimeout: "1s", labels: { job: "prometheus" } });
    expect(t.data.activeTargets[0]!.scrapeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(t.data.droppedTargets).toEqual([{ discoveredLabels: expect.objectContaining({ __address__: "127.0.0.1:1", job: "dropped" }) as object }]);
    const d = await prom.targets({ state: "dropped", scrapePool: "dropped" });
    expect(d.data.activeTargets).toEqual([]);
    expect(srv.requests[1]!.params.get("state")).toBe("dropped");
    expect(srv.requests[1]!.params.get("scrapePool")).toBe("dropped");
  });

  it("build information", async () => {
    const { prom } = await realPrometheus();
    const b = await prom.buildInfo();
    expect(b.data).toEqual({ version: "2.42.0+ds", revision: "2.42.0+ds-5+deb12u1", branch: "debian/sid", buildUser: "team+pkg-go@tracker.debian.org", buildDate: expect.stringMatching(/^\d{8}-/) as string, goVersion: "go1.19.8" });
  });

  it("metadata of every scraped metric; series, labels and label values", async () => {
    const { prom, srv } = await realPrometheus();
    const m = await prom.metadata({ limit: 500 });
    plain(m);
    const raw = (JSON.parse(fixture("prometheus", "metadata.json")) as { data: Record<string, unknown> }).data;
    expect(Object.keys(m.data)).toEqual(Object.keys(raw)); // every metric kept (about 180 in the capture)
    expect(Object.keys(m.data).length).toBeGreaterThan(150);
    expect(m.data.go_goroutines).toEqual([{ type: "gauge", help: "Number of goroutines that currently exist.", unit: "" }]);
    expect(m.data.prometheus_http_requests_total![0]!.type).toBe("counter");
    expect(srv.requests[0]!.params.get("limit")).toBe("500");
    expect((await prom.labelNames()).data).toEqual(expect.arrayContaining(["bridge", "job", "instance", "severity"]));
    expect((await prom.labelValues("bridge")).data).toEqual(["br-ex", "br-int"]);
    // A UTF-8 name goes U__-escaped; Prometheus 2.42 has no such label and answers an empty list.
    expect((await prom.labelValues("http.status")).data).toEqual([]);
    const s = await prom.series(['ovs_vswitchd_bridge_flows_total{bridge="br-ex"}']);
    plain(s);
    expect(s.data).toHaveLength(6);
  });
});

describe("label names in the path", () => {
  it("are escaped as Prometheus's model.EscapeName (value encoding) and never leave their segment", () => {
    expect(labelNamePathSegment("bridge")).toBe("bridge");
    expect(labelNamePathSegment("job:up")).toBe("job%3Aup");
    expect(labelNamePathSegment("http.status")).toBe("U__http_2e_status");
    expect(labelNamePathSegment("1st")).toBe("U___31_st");
    expect(labelNamePathSegment("a_b.c")).toBe("U__a__b_2e_c");
    expect(labelNamePathSegment("../../admin")).toBe("U___2e__2e__2f__2e__2e__2f_admin");
    expect(labelNamePathSegment("ünï")).toBe("U___fc_n_ef_");
    expect(labelNamePathSegment("😀")).toBe("U___1f600_");
    expect(labelNamePathSegment("a\ud800")).toBe("U__a_FFFD_");
    for (const n of ["a/b", "a?b", "a#b", "a%b", "a b", ".."]) expect(labelNamePathSegment(n)).toMatch(/^[A-Za-z0-9_%]+$/);
  });
});

describe("wrong shapes are typed errors that say where", () => {
  const cases: Array<[string, (p: PrometheusClient) => Promise<unknown>, unknown, string]> = [
    ["rules", (p) => p.rules(), { groups: [{ name: "g", file: "f", interval: 1, rules: [{ type: "alerting", name: "A", query: "x", health: "ok", state: "firing", alerts: [{ labels: {}, state: "firing", value: "0x10" }] }] }] }, "data.groups[0].rules[0].alerts[0].value: not a Prometheus sample value"],
    ["rules", (p) => p.rules(), { groups: [{ name: "g", file: "f", interval: 1, rules: [{ type: "silly", name: "A", query: "x", health: "ok" }] }] }, 'data.groups[0].rules[0].type: expected "alerting" or "recording"'],
    ["rules", (p) => p.rules(), { groups: "nope" }, "data.groups: expected an array"],
    ["alerts", (p) => p.alerts(), { alerts: [{ labels: { a: 1 }, state: "firing", value: "1" }] }, "data.alerts[0].labels.a: label values must be strings"],
    ["targets", (p) => p.targets(), { activeTargets: [{ labels: {}, discoveredLabels: {}, scrapePool: "p", scrapeUrl: "u", health: 1 }] }, "data.activeTargets[0].health: expected a string"],
    ["buildinfo", (p) => p.buildInfo(), { revision: "x" }, "data.version: expected a string"],
    ["metadata", (p) => p.metadata(), { up: [{ type: "gauge" }] }, 'data["up"][0].help: expected a string'],
    ["series", (p) => p.series(["up"]), [{ a: null }], "data[0].a: label values must be strings"],
    ["labels", (p) => p.labelNames(), ["a", 2], "data[1]: expected a string"],
    ["label values", (p) => p.labelValues("job"), { not: "a list" }, "data: expected an array"],
  ];
  for (const [name, call, data, where] of cases) {
    it(`${name}: ${where}`, async () => {
      server = await startFakeServer((_q, res) => json(res, 200, success(data)));
      const e = await call(new PrometheusClient({ url: server.url, retries: 0 })).catch((x: unknown) => x);
      expect(isPrometheusHttpError(e) && e.reason === "malformed").toBe(true);
      expect((e as Error).message).toContain(where);
    });
  }

  it("a metric called __proto__ stays a key of the metadata, not a prototype", async () => {
    server = await startFakeServer((_q, res) => json(res, 200, '{"status":"success","data":{"__proto__":[{"type":"gauge","help":"h","unit":""}]}}'));
    const m = await new PrometheusClient({ url: server.url }).metadata();
    expect(Object.getPrototypeOf(m.data)).toBe(Object.prototype);
    expect(Object.keys(m.data)).toEqual(["__proto__"]);
  });

  it("limit must be a whole number; series needs a selector; nothing is sent", async () => {
    server = await startFakeServer((_q, res) => json(res, 200, success([])));
    const prom = new PrometheusClient({ url: server.url });
    await expect(prom.series([])).rejects.toMatchObject({ name: "PrometheusRequestError", argument: "match" });
    await expect(prom.labelNames({ limit: -1 })).rejects.toMatchObject({ name: "PrometheusRequestError", argument: "limit" });
    await expect(prom.series(["up"], { start: Number.NaN })).rejects.toMatchObject({ name: "PrometheusRequestError", code: "bad-time", argument: "start" });
    expect(server.requests).toHaveLength(0);
  });
});
