/**
 * The hostile-server suite of issue 16 ("Keep it true"): a property over arbitrary client
 * configurations (bearer token, basic auth, credentials in the URL, x-api-key, a custom secret
 * header) and arbitrary combinations of server answers that echo what the client sent (raw,
 * base64, URL-encoded, form-encoded, HTML-escaped, in JSON fields, in HTML pages, in headers, in
 * redirect targets, in oversized or cut-off bodies). Whatever the server answers:
 * - the call resolves, or rejects with a Prometheus client error (an OvskitError);
 * - no secret of the configuration, nor its base64 / URL-encoded form, appears in the error's
 *   message, stack, String(), JSON, util.inspect, own properties or cause chain;
 * - another origin never receives any of them (redirects are followed with "strip-secrets").
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTlsFetch } from "../src/node/prometheus/index.js";
import { isOvskitError } from "../src/core/ovskit-error.js";
import { PrometheusClient, type PrometheusClientOptions, isPrometheusError } from "../src/prometheus/index.js";
import { type FakeServer, type RecordedRequest, startFakeServer } from "./helpers/prometheus-fake-server.js";
import type { ServerResponse } from "node:http";

/** Printable ASCII and Latin-1 letters that headers can carry, quotes, slashes, percent signs. */
const SECRET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~_-.+/=:@%!*'\"\\<>&?#äé".split("");
const secretArb = fc.array(fc.constantFrom(...SECRET_CHARS), { minLength: 8, maxLength: 40 }).map((a) => a.join(""));
const userArb = fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")), { minLength: 3, maxLength: 10 }).map((a) => a.join(""));

const authArb = fc.oneof(
  fc.record({ kind: fc.constant("none" as const) }),
  fc.record({ kind: fc.constant("token" as const), token: secretArb }),
  fc.record({ kind: fc.constant("basic" as const), username: userArb, password: secretArb }),
  fc.record({ kind: fc.constant("url" as const), username: userArb, password: secretArb }),
);
const configArb = fc.record({
  auth: authArb,
  apiKey: fc.option(secretArb, { nil: undefined }),
  custom: fc.option(secretArb, { nil: undefined }),
  method: fc.constantFrom<"auto" | "GET" | "POST">("auto", "GET", "POST"),
  fetch: fc.constantFrom("global", "node-fetch"),
});
type Config = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

/** Where the echoed text comes from: a header the client sent, or a configured secret itself. */
const SOURCES = ["authorization", "x-api-key", "x-tenant-key", "basic-decoded", "all-headers", "known"] as const;
const TRANSFORMS = ["raw", "base64", "base64url", "uri", "lowerhex", "form", "html", "json", "twice", "wrapped"] as const;
const echoArb = fc.record({ source: fc.constantFrom(...SOURCES), transform: fc.constantFrom(...TRANSFORMS) });
const SHAPES = [
  "error-fields",
  "sample-value",
  "label-value",
  "result-type",
  "matrix-time",
  "html",
  "xml",
  "comment-html",
  "text",
  "bad-json",
  "header-echo",
  "redirect-other",
  "redirect-same",
  "redirect-echo",
  "oversized",
  "cut-off",
] as const;
const answerArb = fc.record({
  shape: fc.constantFrom(...SHAPES),
  status: fc.constantFrom(200, 400, 401, 403, 422, 500, 502, 503),
  redirect: fc.constantFrom(301, 302, 303, 307, 308),
  echo: echoArb,
});
const scenarioArb = fc.record({ config: configArb, answers: fc.array(answerArb, { minLength: 1, maxLength: 3 }) });

function secretsOf(c: Config): string[] {
  const s: string[] = [];
  if (c.auth.kind === "token") s.push(c.auth.token);
  if (c.auth.kind === "basic" || c.auth.kind === "url") s.push(c.auth.password, `${c.auth.username}:${c.auth.password}`);
  if (c.apiKey !== undefined) s.push(c.apiKey);
  if (c.custom !== undefined) s.push(c.custom);
  return s;
}

/** The forms the assertion looks for. */
const forms = (s: string): string[] => [s, encodeURIComponent(s), Buffer.from(s).toString("base64").replace(/=+$/, ""), Buffer.from(s).toString("base64url")];

function transform(t: (typeof TRANSFORMS)[number], s: string): string {
  switch (t) {
    case "raw":
      return s;
    case "base64":
      return Buffer.from(s).toString("base64");
    case "base64url":
      return Buffer.from(s).toString("base64url");
    case "uri":
      return encodeURIComponent(s);
    case "lowerhex":
      return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    case "form":
      return new URLSearchParams({ x: s }).toString().slice(2);
    case "html":
      return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
    case "json":
      return JSON.stringify(s);
    case "twice":
      return s + s;
    case "wrapped":
      return `token [${s}] refused`;
  }
}

function echoText(echo: { source: (typeof SOURCES)[number]; transform: (typeof TRANSFORMS)[number] }, req: RecordedRequest, known: readonly string[]): string {
  const h = req.headers;
  let text: string;
  switch (echo.source) {
    case "authorization":
      text = String(h.authorization ?? "");
      break;
    case "x-api-key":
      text = String(h["x-api-key"] ?? "");
      break;
    case "x-tenant-key":
      text = String(h["x-tenant-key"] ?? "");
      break;
    case "basic-decoded":
      text = Buffer.from(String(h.authorization ?? "").replace(/^Basic /, ""), "base64").toString("utf8");
      break;
    case "all-headers":
      text = JSON.stringify(h);
      break;
    case "known":
      text = known.join(" ");
      break;
  }
  return transform(echo.transform, text);
}

let hostile: FakeServer;
let other: FakeServer;
let script: { answers: Array<(typeof answerArb extends fc.Arbitrary<infer T> ? T : never)>; known: string[] } = { answers: [], known: [] };

function safeHeader(v: string): string {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? v : encodeURIComponent(v);
}

function answer(req: RecordedRequest, res: ServerResponse, index: number): void {
  const a = script.answers[Math.min(index, script.answers.length - 1)]!;
  const e = echoText(a.echo, req, script.known);
  const send = (status: number, type: string | undefined, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { ...(type === undefined ? {} : { "Content-Type": type }), ...headers });
    res.end(body);
  };
  const json = (status: number, body: unknown): void => send(status, "application/json", JSON.stringify(body));
  switch (a.shape) {
    case "error-fields":
      return json(a.status === 200 ? 400 : a.status, { status: "error", errorType: e, error: e, warnings: [e, e] });
    case "sample-value":
      return json(200, { status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, e] }] }, warnings: [e] });
    case "label-value":
      return json(200, { status: "success", data: { resultType: "vector", result: [{ metric: { [e]: 5 }, value: [1, "1"] }] } });
    case "result-type":
      return json(200, { status: "success", data: { resultType: e, result: [] } });
    case "matrix-time":
      return json(200, { status: "success", data: { resultType: "matrix", result: [{ metric: {}, values: [[e, "1"]] }] } });
    case "html":
      return send(a.status, "text/html", `<!DOCTYPE html><html><body>Log in: ${e}</body></html>`);
    case "xml":
      return send(a.status, undefined, `<?xml version="1.0"?><error>${e}</error>`);
    case "comment-html":
      return send(a.status, undefined, `\uFEFF  <!-- ${e} --><html></html>`);
    case "text":
      return send(a.status, "text/plain", `denied: ${e}`);
    case "bad-json":
      return send(200, "application/json", `{"status":"success","data":${JSON.stringify(e)}`);
    case "header-echo":
      return send(a.status, safeHeader(`application/json; x=${e}`), JSON.stringify({ status: "error", errorType: "bad_data", error: "see headers" }), { "X-Echo": safeHeader(e), "Retry-After": safeHeader(e) });
    case "redirect-other":
      return send(a.redirect, undefined, e, { Location: `${other.url}${req.path}?${req.params.toString()}` });
    case "redirect-same":
      return send(a.redirect, undefined, e, { Location: `/again${req.path}?${req.params.toString()}` });
    case "redirect-echo":
      return send(a.redirect, undefined, "", { Location: safeHeader(`${other.url}/x?e=${encodeURIComponent(e)}`) });
    case "oversized":
      return send(200, "application/json", `{"status":"error","errorType":"bad_data","error":"${e}${"x".repeat(9000)}"}`);
    case "cut-off":
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100000" });
      res.write(`{"status":"success","data":"${e}`);
      setTimeout(() => res.socket?.destroy(), 5);
      return;
  }
}

function optionsFor(c: Config): PrometheusClientOptions {
  const url = c.auth.kind === "url" ? hostile.url.replace("http://", `http://${encodeURIComponent(c.auth.username)}:${encodeURIComponent(c.auth.password)}@`) : hostile.url;
  const headers: Record<string, string> = { "X-Scope-OrgID": "tenant-a" };
  if (c.apiKey !== undefined) headers["X-Api-Key"] = c.apiKey;
  if (c.custom !== undefined) headers["X-Tenant-Key"] = c.custom;
  return {
    url,
    headers,
    secretHeaders: ["x-tenant-key"],
    ...(c.auth.kind === "token" ? { token: c.auth.token } : {}),
    ...(c.auth.kind === "basic" ? { basicAuth: { username: c.auth.username, password: c.auth.password } } : {}),
    retries: 0,
    timeoutMs: 3000,
    maxResponseBytes: 8192,
    maxRedirects: 2,
    crossOriginRedirects: "strip-secrets",
    method: c.method,
    postThreshold: 0,
    ...(c.fetch === "node-fetch" ? { fetch: createTlsFetch({}) } : {}),
  };
}

/** Every text an error offers, its cause chain included. */
function errorTexts(e: unknown): string {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; typeof x === "object" && x !== null && depth < 10; x = (x as { cause?: unknown }).cause, depth++) {
    const err = x as Error & Record<string, unknown>;
    out.push(String(err), String(err.message), String(err.stack), JSON.stringify(err) ?? "", inspect(err, { depth: 10, showHidden: true }));
    for (const k of Object.keys(err)) out.push(typeof err[k] === "string" ? (err[k] as string) : (JSON.stringify(err[k]) ?? ""));
  }
  return out.join("\n");
}

beforeAll(async () => {
  hostile = await startFakeServer(answer);
  other = await startFakeServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }));
    return req;
  });
});
afterAll(async () => {
  await hostile?.close();
  await other?.close();
});

describe("hostile Prometheus server (property)", () => {
  it("no secret in any error, none sent to another origin, every error typed", async () => {
    let calls = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ config, answers }) => {
        const secrets = secretsOf(config);
        script = { answers, known: secrets };
        hostile.requests.length = 0;
        other.requests.length = 0;
        let error: unknown;
        try {
          const prom = new PrometheusClient(optionsFor(config));
          expect(inspect(prom, { showHidden: true, depth: 10 })).not.toContain(secrets[0] ?? "\u0000");
          expect(prom.url).toBe(hostile.url);
          await prom.query("sum(up)");
        } catch (e) {
          error = e;
        }
        calls++;
        if (error !== undefined) {
          errors++;
          if (!isOvskitError(error) || !isPrometheusError(error)) throw new Error(`not a Prometheus client error: ${String(error)}`);
          const text = errorTexts(error);
          for (const s of secrets) for (const f of forms(s)) if (text.includes(f)) throw new Error(`secret form ${JSON.stringify(f)} in ${error.name}: ${text.slice(0, 400)}`);
        }
        const sentElsewhere = JSON.stringify(other.requests.map((r) => [r.path, [...r.params], r.headers]));
        for (const s of secrets) for (const f of forms(s)) if (sentElsewhere.includes(f)) throw new Error(`secret form ${JSON.stringify(f)} reached another origin`);
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 300) },
    );
    expect(calls).toBe(Number(process.env.HOSTILE_RUNS ?? 300));
    expect(errors).toBeGreaterThan(calls * 0.6); // most answers are hostile; a few (redirects to "other") succeed
  }, 600_000);
});
