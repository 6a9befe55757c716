/**
 * Issue 16, "Prometheus client: secrets": one regression test per defect (each failed on the
 * code before the fix), against local node:http servers, with both fetch implementations (the
 * global fetch and node-fetch through createTlsFetch).
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createTlsFetch } from "../src/node/prometheus/index.js";
import { PrometheusClient, type PrometheusClientOptions, isPrometheusError, isPrometheusHttpError } from "../src/prometheus/index.js";
import { type FakeServer, type Handler, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler): Promise<FakeServer> {
  const s = await startFakeServer(handler);
  servers.push(s);
  return s;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

/** Every text an error offers: message, stack, String(), JSON, inspect (all own properties), causes. */
function errorTexts(e: unknown): string {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; x !== undefined && x !== null && depth < 10; x = (x as { cause?: unknown }).cause, depth++) {
    const err = x as Error & Record<string, unknown>;
    out.push(String(err), err.message ?? "", err.stack ?? "", JSON.stringify(err) ?? "", inspect(err, { depth: 10, showHidden: true }));
    for (const k of Object.keys(err)) out.push(JSON.stringify(err[k]) ?? "");
  }
  return out.join("\n");
}

/** The secret in the forms a server could echo it in. */
const forms = (s: string): string[] => [s, encodeURIComponent(s), Buffer.from(s).toString("base64").replace(/=+$/, "")];
const leaks = (e: unknown, secret: string): string[] => forms(secret).filter((f) => errorTexts(e).includes(f));

const TOKEN = "sha256~Zx9/TOP+SECRET_tok3n";
const API_KEY = "k3y-0f-the-api/with+slash";
const PASSWORD = "hunter2-passw0rd";

const FETCHES: Array<[string, PrometheusClientOptions["fetch"]]> = [
  ["global fetch", undefined],
  ["node-fetch", createTlsFetch({})],
];

describe("the decode path is redacted (a server echoing the credentials back)", () => {
  const auth = (q: { headers: Record<string, string | string[] | undefined> }) => String(q.headers.authorization);
  const cases: Array<[string, Handler]> = [
    ["as a sample value", (q, res) => json(res, 200, success({ resultType: "vector", result: [{ metric: {}, value: [1, auth(q)] }] }))],
    ["as resultType", (q, res) => json(res, 200, success({ resultType: auth(q), result: [] }))],
    ["as errorType", (q, res) => json(res, 400, { status: "error", errorType: auth(q), error: "x" })],
    ["as the error string, URL-encoded", (q, res) => json(res, 400, { status: "error", errorType: "bad_data", error: `denied ${encodeURIComponent(auth(q))}` })],
    ["as a label value of a series", (q, res) => json(res, 200, success({ resultType: "vector", result: [{ metric: { a: 1, b: auth(q) }, value: [1, "1"] }] }))],
    ["as a string result time", (q, res) => json(res, 200, success({ resultType: "string", result: [auth(q), "x"] }))],
  ];
  for (const [what, handler] of cases) {
    it(`token echoed ${what}`, async () => {
      const srv = await serve(handler);
      const e = await caught(new PrometheusClient({ url: srv.url, token: TOKEN, retries: 0 }).query("up"));
      expect(isPrometheusError(e)).toBe(true);
      expect(leaks(e, TOKEN)).toEqual([]);
    });
  }

  it("x-api-key echoed as a sample value", async () => {
    const srv = await serve((q, res) => json(res, 200, success({ resultType: "scalar", result: [1, String(q.headers["x-api-key"])] })));
    const e = await caught(new PrometheusClient({ url: srv.url, headers: { "X-Api-Key": API_KEY }, retries: 0 }).query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "malformed").toBe(true);
    expect(leaks(e, API_KEY)).toEqual([]);
  });

  it("a custom secret header (secretHeaders) echoed in an HTML page", async () => {
    const srv = await serve((q, res) => {
      res.writeHead(401, { "Content-Type": "text/html" });
      res.end(`<!-- login --><html><body>bad tenant key ${String(q.headers["x-tenant-key"])}</body></html>`);
    });
    const e = await caught(new PrometheusClient({ url: srv.url, headers: { "X-Tenant-Key": "tenant-secret-value" }, secretHeaders: ["x-tenant-key"], retries: 0 }).query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "html").toBe(true);
    expect(leaks(e, "tenant-secret-value")).toEqual([]);
    expect((e as Error).message).toContain("<redacted>");
  });

  it("basic-auth credentials echoed as a sample value (user:password decoded from the header)", async () => {
    const srv = await serve((q, res) => {
      const decoded = Buffer.from(String(q.headers.authorization).replace(/^Basic /, ""), "base64").toString("utf8");
      json(res, 200, success({ resultType: "vector", result: [{ metric: {}, value: [1, decoded] }] }));
    });
    const e = await caught(new PrometheusClient({ url: srv.url, basicAuth: { username: "admin", password: PASSWORD }, retries: 0 }).query("up"));
    expect(leaks(e, PASSWORD)).toEqual([]);
    expect(leaks(e, `admin:${PASSWORD}`)).toEqual([]);
  });
});

describe("credentials in the URL", () => {
  it("move into the Authorization header; client.url and every error are without them", async () => {
    const srv = await serve((q, res) => json(res, 500, `no: ${String(q.headers.authorization)} ${PASSWORD}`));
    const withCreds = srv.url.replace("http://", `http://admin:${encodeURIComponent(PASSWORD)}@`);
    const prom = new PrometheusClient({ url: withCreds, retries: 0 });
    expect(prom.url).toBe(srv.url);
    expect(inspect(prom, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
    const e = await caught(prom.query("up"));
    expect(isPrometheusHttpError(e) && e.status === 500).toBe(true);
    expect(srv.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`);
    expect(srv.requests[0]!.path).toBe("/api/v1/query");
    expect(leaks(e, PASSWORD)).toEqual([]);
  });

  it("percent-encoded userinfo is decoded; a network error does not show it either", async () => {
    const srv = await serve(() => undefined);
    const url = srv.url.replace("http://", "http://us%40er:p%3Ass%2Fw0rd!@");
    await srv.close();
    servers.length = 0;
    for (const [, fetch] of FETCHES) {
      const prom = new PrometheusClient({ url, retries: 0, ...(fetch ? { fetch } : {}) });
      const e = await caught(prom.query("up"));
      expect(isPrometheusHttpError(e) && e.reason === "network").toBe(true);
      for (const s of ["p:ss/w0rd!", "p%3Ass%2Fw0rd!", "us@er:p:ss/w0rd!"]) expect(leaks(e, s)).toEqual([]);
    }
  });

  it("credentials twice (URL and token) are refused without showing them", () => {
    let e: unknown;
    try {
      new PrometheusClient({ url: `http://admin:${PASSWORD}@127.0.0.1:9`, token: TOKEN });
    } catch (x) {
      e = x;
    }
    expect(e).toMatchObject({ name: "PrometheusRequestError", code: "bad-url" });
    expect(leaks(e, PASSWORD)).toEqual([]);
    let f: unknown;
    try {
      new PrometheusClient({ url: `ftp://admin:${PASSWORD}@127.0.0.1:9` });
    } catch (x) {
      f = x;
    }
    expect(f).toMatchObject({ code: "bad-url" });
    expect(leaks(f, PASSWORD)).toEqual([]);
  });
});

describe("redirects are followed by hand", () => {
  for (const [name, fetch] of FETCHES) {
    const opts = (url: string, extra: Partial<PrometheusClientOptions> = {}): PrometheusClientOptions => ({
      url,
      token: TOKEN,
      headers: { "X-Api-Key": API_KEY, "X-Scope-OrgID": "tenant-a" },
      retries: 0,
      ...(fetch ? { fetch } : {}),
      ...extra,
    });
    const vector = success({ resultType: "vector", result: [{ metric: {}, value: [1, "7"] }] });
    const received = (s: FakeServer) => JSON.stringify(s.requests.map((r) => [r.path, [...r.params], r.headers]));

    it(`${name}: a redirect to another host:port is refused by default; nothing reaches it`, async () => {
      const other = await serve((_q, res) => json(res, 200, vector));
      const srv = await serve((q, res) => {
        res.writeHead(302, { Location: `${other.url}/api/v1/query?query=up` });
        res.end();
      });
      const e = await caught(new PrometheusClient(opts(srv.url)).query("up"));
      expect(e).toMatchObject({ name: "PrometheusRedirectError", code: "cross-origin", status: 302, location: `${other.url}/api/v1/query` });
      expect(other.requests).toHaveLength(0);
      expect(leaks(e, TOKEN).concat(leaks(e, API_KEY))).toEqual([]);
    });

    it(`${name}: crossOriginRedirects "strip-secrets" follows without Authorization and x-api-key`, async () => {
      const other = await serve((_q, res) => json(res, 200, vector));
      const srv = await serve((q, res) => {
        res.writeHead(307, { Location: `${other.url}${q.path}?${q.params.toString()}` });
        res.end();
      });
      const r = await new PrometheusClient(opts(srv.url, { crossOriginRedirects: "strip-secrets" })).query("up");
      expect(r.data.resultType).toBe("vector");
      expect(other.requests).toHaveLength(1);
      const got = received(other);
      for (const s of [TOKEN, API_KEY, encodeURIComponent(TOKEN)]) expect(got).not.toContain(s);
      expect(other.requests[0]!.headers.authorization).toBeUndefined();
      expect(other.requests[0]!.headers["x-scope-orgid"]).toBe("tenant-a"); // not a secret
      expect(srv.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it(`${name}: another scheme on the same host and port is another origin too`, async () => {
      const srv = await serve((q, res) => {
        res.writeHead(301, { Location: `${srv.url.replace("http:", "https:")}${q.path}` });
        res.end();
      });
      const e = await caught(new PrometheusClient(opts(srv.url)).query("up"));
      expect(e).toMatchObject({ name: "PrometheusRedirectError", code: "cross-origin", location: `${srv.url.replace("http:", "https:")}/api/v1/query` });
      expect(srv.requests).toHaveLength(1);
    });

    it(`${name}: a same-origin redirect keeps every header (relative Location)`, async () => {
      const srv = await serve((q, res) => {
        if (q.path === "/api/v1/query") {
          res.writeHead(308, { Location: `/prom/api/v1/query?${q.params.toString()}` });
          res.end();
        } else json(res, 200, vector);
      });
      await new PrometheusClient(opts(srv.url)).query("up");
      expect(srv.requests.map((r) => r.path)).toEqual(["/api/v1/query", "/prom/api/v1/query"]);
      expect(srv.requests[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(srv.requests[1]!.headers["x-api-key"]).toBe(API_KEY);
      expect(srv.requests[1]!.params.get("query")).toBe("up");
    });

    it(`${name}: a POST redirected with 303 becomes a GET that still carries the query`, async () => {
      const srv = await serve((q, res) => {
        if (q.method === "POST") {
          res.writeHead(303, { Location: "/moved/api/v1/query" });
          res.end();
        } else json(res, 200, vector);
      });
      await new PrometheusClient(opts(srv.url, { method: "POST" })).query("sum(up)");
      expect(srv.requests.map((r) => [r.method, r.path, r.params.get("query")])).toEqual([
        ["POST", "/api/v1/query", "sum(up)"],
        ["GET", "/moved/api/v1/query", "sum(up)"],
      ]);
    });

    it(`${name}: a redirect loop stops after maxRedirects`, async () => {
      const srv = await serve((_q, res) => {
        res.writeHead(302, { Location: "/api/v1/query?query=up" });
        res.end();
      });
      const e = await caught(new PrometheusClient(opts(srv.url, { maxRedirects: 3 })).query("up"));
      expect(e).toMatchObject({ name: "PrometheusRedirectError", code: "too-many-redirects", redirects: 3 });
      expect(srv.requests).toHaveLength(4);
    });

    it(`${name}: a Location with credentials or another scheme is refused`, async () => {
      const srv = await serve((q, res) => {
        res.writeHead(302, { Location: q.params.get("query") === "a" ? `http://u:${PASSWORD}@127.0.0.1:1/x` : "file:///etc/passwd" });
        res.end();
      });
      const prom = new PrometheusClient(opts(srv.url));
      const a = await caught(prom.query("a"));
      expect(a).toMatchObject({ name: "PrometheusRedirectError", code: "bad-location" });
      expect(leaks(a, PASSWORD)).toEqual([]);
      expect(await caught(prom.query("b"))).toMatchObject({ code: "bad-location" });
    });
  }
});
