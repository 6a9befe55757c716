/**
 * PrometheusClient against a local node:http server that plays the failure modes of a real
 * Prometheus / Thanos / OpenShift oauth-proxy. Answers of the real Prometheus come from
 * test/fixtures/prometheus (captured by fixtures-gen/prometheus/capture.sh).
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  PrometheusClient,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type PrometheusClientOptions,
  isPrometheusError,
  isPrometheusHttpError,
  isPrometheusQueryError,
  isPrometheusTimeoutError,
} from "../src/prometheus/index.js";
import { fixture } from "./helpers/fixtures.js";
import { type FakeServer, type Handler, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FAST = { retries: 3, baseDelayMs: 5, maxDelayMs: 2000 };

async function setup(handler: Handler, options: Partial<PrometheusClientOptions> = {}): Promise<{ prom: PrometheusClient; srv: FakeServer }> {
  server = await startFakeServer(handler);
  return { prom: new PrometheusClient({ url: server.url, retries: FAST, ...options }), srv: server };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

const vectorOne = success({ resultType: "vector", result: [{ metric: { node: "worker-0" }, value: [1767232800, "42"] }] });

describe("PrometheusClient: errors are typed and only transient ones are retried", () => {
  it("400 bad_data (real answer) gives PrometheusQueryError without retry", async () => {
    const { prom, srv } = await setup((_q, res) => json(res, 400, fixture("prometheus", "error-bad-data.json")));
    const e = await caught(prom.query("sum("));
    expect(isPrometheusQueryError(e)).toBe(true);
    if (!isPrometheusQueryError(e)) return;
    expect(e.errorType).toBe("bad_data");
    expect(e.status).toBe(400);
    expect(e.error).toContain("unclosed left parenthesis");
    expect(srv.requests).toHaveLength(1);
  });

  it("422 execution (real answer) gives PrometheusQueryError without retry", async () => {
    const { prom, srv } = await setup((_q, res) => json(res, 422, fixture("prometheus", "error-execution.json")));
    const e = await caught(prom.query("kube_pod_info + on(node) kube_pod_info"));
    expect(isPrometheusQueryError(e) && e.errorType === "execution" && e.status === 422).toBe(true);
    expect((e as Error).message).toContain("many-to-many matching not allowed");
    expect(srv.requests).toHaveLength(1);
  });

  it("503 then success is retried and succeeds", async () => {
    const { prom, srv } = await setup((_q, res, i) =>
      i === 0 ? json(res, 503, { status: "error", errorType: "unavailable", error: "too many queries" }) : json(res, 200, vectorOne),
    );
    const r = await prom.query("up");
    expect(r.data.resultType).toBe("vector");
    if (r.data.resultType === "vector") expect(r.data.result[0]!.sample.value).toBe(42);
    expect(srv.requests).toHaveLength(2);
  });

  it("502 / 504 without JSON are retried, then give PrometheusHttpError with status and body excerpt", async () => {
    const { prom, srv } = await setup((_q, res, i) => {
      res.writeHead(i % 2 === 0 ? 502 : 504, { "Content-Type": "text/plain" });
      res.end("upstream connect error or disconnect/reset before headers");
    });
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e)).toBe(true);
    if (!isPrometheusHttpError(e)) return;
    expect(e.reason).toBe("status");
    expect(e.status).toBe(504); // the last of 4 attempts (502, 504, 502, 504)
    expect(e.bodyExcerpt).toContain("upstream connect error");
    expect(srv.requests).toHaveLength(4);
  });

  it("429 waits for Retry-After and then succeeds", async () => {
    const { prom, srv } = await setup((_q, res, i) =>
      i === 0 ? json(res, 429, { status: "error", errorType: "unavailable", error: "rate limited" }, { "Retry-After": "1" }) : json(res, 200, vectorOne),
    );
    const t0 = performance.now();
    await prom.query("up");
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(950); // a lower bound: it did wait (load cannot make it shorter)
    expect(srv.requests).toHaveLength(2);
  });

  it("a hanging server gives PrometheusTimeoutError after timeoutMs", async () => {
    const { prom, srv } = await setup(() => undefined, { timeoutMs: 300 });
    const e = await caught(prom.query("up"));
    expect(isPrometheusTimeoutError(e)).toBe(true);
    if (isPrometheusTimeoutError(e)) expect(e.timeoutMs).toBe(300);
    expect(srv.requests).toHaveLength(1);
  });

  it("a body that stalls after the headers also times out", async () => {
    const { prom } = await setup((_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"status":"success","data":');
    }, { timeoutMs: 300 });
    expect(isPrometheusTimeoutError(await caught(prom.query("up")))).toBe(true);
  });

  it("an HTML login page (expired token) says so", async () => {
    const { prom } = await setup((_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!DOCTYPE html><html><head><title>Log In</title></head><body><form action=/oauth/start>Log in with OpenShift</form></body></html>");
    });
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "html").toBe(true);
    expect((e as Error).message).toMatch(/HTML page.*login page.*token/);
    expect((e as { bodyExcerpt: string }).bodyExcerpt).toContain("Log in with OpenShift");
  });

  it("an HTML page without content type is still recognized", async () => {
    const { prom } = await setup((_q, res) => {
      res.writeHead(403);
      res.end("<html><body>Forbidden</body></html>");
    });
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "html" && e.status === 403).toBe(true);
  });

  it("malformed JSON and non-Prometheus JSON are PrometheusHttpError 'malformed'", async () => {
    const { prom } = await setup((q, res) => json(res, 200, q.params.get("query") === "a" ? '{"status":"success","data":' : '{"hello":"world"}'));
    const a = await caught(prom.query("a"));
    expect(isPrometheusHttpError(a) && a.reason === "malformed").toBe(true);
    expect((a as Error).message).toContain("invalid JSON");
    const b = await caught(prom.query("b"));
    expect(isPrometheusHttpError(b) && b.reason === "malformed").toBe(true);
  });

  it("a result of the wrong shape is 'malformed', not a crash", async () => {
    const { prom } = await setup((_q, res) => json(res, 200, success({ resultType: "vector", result: [{ metric: {}, value: [1, 2] }] })));
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "malformed").toBe(true);
  });

  it("connection refused is retried, then a 'network' PrometheusHttpError", async () => {
    server = await startFakeServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const prom = new PrometheusClient({ url, retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "network" && e.status === 0).toBe(true);
    expect(isPrometheusError(e)).toBe(true);
  });

  it("an aborted call rejects with the caller's reason", async () => {
    const { prom } = await setup(() => undefined, { timeoutMs: 10_000 });
    const ac = new AbortController();
    const p = caught(prom.query("up", { signal: ac.signal }));
    setTimeout(() => ac.abort(new Error("user cancelled")), 50);
    expect(((await p) as Error).message).toBe("user cancelled");
  });
});

describe("PrometheusClient: results", () => {
  it("warnings and infos are surfaced", async () => {
    const { prom } = await setup((_q, res) =>
      json(res, 200, { ...vectorOne, warnings: ["partial response: store 10.0.0.1:10901 unavailable"], infos: ['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "ovs_vswitchd_rconn_overflow"'] }),
    );
    const r = await prom.query("increase(ovs_vswitchd_rconn_overflow[5m])");
    expect(r.warnings).toEqual(["partial response: store 10.0.0.1:10901 unavailable"]);
    expect(r.infos[0]).toContain("might not be a counter");
  });

  it("NaN, +Inf and -Inf (real answer) become numbers", async () => {
    const { prom } = await setup((_q, res) => json(res, 200, fixture("prometheus", "vector-special-values.json")));
    const r = await prom.query("vector(1)/0");
    if (r.data.resultType !== "vector") throw new Error("vector expected");
    const values = r.data.result.map((s) => s.sample.value);
    expect(values[0]).toBe(Number.POSITIVE_INFINITY);
    expect(values[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(values[2])).toBe(true);
  });

  it("sends bearer token, basic auth and extra headers", async () => {
    const { prom, srv } = await setup((_q, res) => json(res, 200, vectorOne), { token: "sha256~secret-token", headers: { "X-Scope-OrgID": "tenant-a" } });
    await prom.query("up");
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer sha256~secret-token");
    expect(srv.requests[0]!.headers["x-scope-orgid"]).toBe("tenant-a");
    const basic = new PrometheusClient({ url: srv.url, basicAuth: { username: "admin", password: "p4ss-wörd" } });
    await basic.query("up");
    expect(srv.requests[1]!.headers.authorization).toBe(`Basic ${Buffer.from("admin:p4ss-wörd").toString("base64")}`);
  });

  it("Thanos partial_response and dedup are sent only when set (client default, per-call override)", async () => {
    const { prom, srv } = await setup((_q, res) => json(res, 200, vectorOne), { partialResponse: false, dedup: true });
    await prom.query("up", { time: 1767232800 });
    await prom.query("up", { partialResponse: true });
    const plain = new PrometheusClient({ url: srv.url });
    await plain.query("up");
    expect(srv.requests[0]!.params.get("partial_response")).toBe("false");
    expect(srv.requests[0]!.params.get("dedup")).toBe("true");
    expect(srv.requests[0]!.params.get("time")).toBe("1767232800");
    expect(srv.requests[1]!.params.get("partial_response")).toBe("true");
    expect(srv.requests[2]!.params.has("partial_response")).toBe(false);
    expect(srv.requests[2]!.params.has("dedup")).toBe(false);
  });

  it("series, labelNames, labelValues and metadata call the right endpoints", async () => {
    const { prom, srv } = await setup((q, res) => {
      const body =
        q.path === "/api/v1/series"
          ? fixture("prometheus", "series.json")
          : q.path === "/api/v1/labels"
            ? fixture("prometheus", "labels.json")
            : q.path === "/api/v1/metadata"
              ? fixture("prometheus", "metadata-metric.json")
              : fixture("prometheus", "label-values-bridge.json");
      json(res, 200, body);
    });
    const s = await prom.series(['ovs_vswitchd_bridge_flows_total{bridge="br-ex"}'], { start: 1767225600, end: 1767232800 });
    expect(s.data).toHaveLength(6);
    expect(s.data.every((l) => l.bridge === "br-ex")).toBe(true);
    expect((await prom.labelNames()).data).toContain("bridge");
    expect((await prom.labelValues("bridge")).data).toEqual(["br-ex", "br-int"]);
    expect((await prom.metadata({ metric: "prometheus_build_info" })).data).toEqual({
      prometheus_build_info: [{ type: "gauge", help: expect.stringContaining("constant '1' value") as string, unit: "" }],
    });
    await prom.labelValues("http.status"); // a UTF-8 name (Prometheus 3): U__ escaping in the path
    expect(srv.requests.map((r) => r.path)).toEqual(["/api/v1/series", "/api/v1/labels", "/api/v1/label/bridge/values", "/api/v1/metadata", "/api/v1/label/U__http_2e_status/values"]);
    expect(srv.requests[0]!.params.getAll("match[]")).toEqual(['ovs_vswitchd_bridge_flows_total{bridge="br-ex"}']);
    expect(srv.requests[3]!.params.get("metric")).toBe("prometheus_build_info");
    await expect(prom.labelValues("")).rejects.toMatchObject({ name: "PrometheusRequestError", code: "bad-argument" });
  });
});

describe("PrometheusClient: POST with GET fallback", () => {
  const longQuery = `sum by (node) (${Array.from({ length: 60 }, (_, i) => `ovs_vswitchd_bridge_flows_total{bridge="br-${i}"}`).join(" or ")})`;

  for (const status of [405, 501, 403]) {
    it(`a long query is POSTed; ${status} on POST falls back to GET, and later calls go straight to GET`, async () => {
      const { prom, srv } = await setup((q, res) => (q.method === "POST" ? json(res, status, "Method Not Allowed") : json(res, 200, vectorOne)), {
        postThreshold: 100,
      });
      await prom.query(longQuery);
      await prom.query(longQuery);
      expect(srv.requests.map((r) => r.method)).toEqual(["POST", "GET", "GET"]);
      expect(srv.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(srv.requests[0]!.params.get("query")).toBe(longQuery);
      expect(srv.requests[1]!.params.get("query")).toBe(longQuery);
    });
  }

  it("short queries use GET in auto mode; method: 'POST' forces POST", async () => {
    const { prom, srv } = await setup((_q, res) => json(res, 200, vectorOne));
    await prom.query("up");
    await new PrometheusClient({ url: srv.url, method: "POST" }).query("up");
    expect(srv.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  });
});

describe("PrometheusClient: no credential ever leaks", () => {
  const TOKEN = "sha256~Zx9TOPSECRETtoken";
  const PASSWORD = "hunter2-password";
  const leaks = (e: unknown, secret: string): boolean => {
    const err = e as Error & Record<string, unknown>;
    const texts = [String(err), err.message, err.stack ?? "", JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })];
    return texts.some((t) => t.includes(secret));
  };

  it("a server echoing the Authorization header in errors (text, HTML, JSON) does not leak the token", async () => {
    const { prom } = await setup((q, res, i) => {
      const auth = String(q.headers.authorization);
      if (q.params.get("query") === "text") {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`denied for ${auth}`);
      } else if (q.params.get("query") === "html") {
        res.writeHead(401, { "Content-Type": "text/html" });
        res.end(`<html><body>token ${auth} expired</body></html>`);
      } else json(res, 400, { status: "error", errorType: "bad_data", error: `bad token ${auth}`, warnings: [`w ${auth}`] });
      return i;
    }, { token: TOKEN, retries: 0 });
    for (const q of ["text", "html", "json"]) {
      const e = await caught(prom.query(q));
      expect(isPrometheusError(e)).toBe(true);
      expect(leaks(e, TOKEN)).toBe(false);
      expect(String(e)).toContain("<redacted>");
    }
    expect(inspect(prom, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
  });

  it("basic-auth password and its base64 form never leak", async () => {
    const { prom } = await setup((q, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`got ${String(q.headers.authorization)} / ${PASSWORD}`);
    }, { basicAuth: { username: "admin", password: PASSWORD }, retries: 0 });
    const e = await caught(prom.query("up"));
    expect(leaks(e, PASSWORD)).toBe(false);
    expect(leaks(e, Buffer.from(`admin:${PASSWORD}`).toString("base64"))).toBe(false);
  });
});

describe("retry policy", () => {
  it("retries 429 / 502 / 503 / 504 only", () => {
    expect([400, 401, 403, 404, 405, 422, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([429, 502, 503, 504]);
  });

  it("full jitter under an exponential ceiling; Retry-After (seconds or HTTP date) wins, capped", () => {
    const p = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(p, a, undefined, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(p, 3, undefined, () => 0)).toBe(0);
    expect(backoffDelay(p, 0, 400)).toBe(400);
    expect(backoffDelay(p, 0, 120_000)).toBe(1000);
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", Date.parse("2026-01-01T00:00:00Z"))).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 });
  });
});
