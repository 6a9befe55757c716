/**
 * Issue 16, "Prometheus client: bounds": one regression test per defect (each failed on the code
 * before the fix). Range queries are checked before any request (a counting fetch proves that
 * nothing was sent); bodies are read under a byte bound while they stream (a local server
 * streams a 700 MB body and counts what it managed to hand to the socket); sample values follow
 * Prometheus's own formatting; HTML pages are recognized by every start a login page has.
 */
import type { ServerResponse } from "node:http";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createTlsFetch } from "../src/node/prometheus/index.js";
import {
  DEFAULT_MAX_RANGE_POINTS,
  DEFAULT_MAX_RANGE_REQUESTS,
  DEFAULT_MAX_RESPONSE_BYTES,
  PrometheusClient,
  type PrometheusClientOptions,
  type PrometheusFetch,
  decodeApiAnswer,
  decodeQueryData,
  isPrometheusHttpError,
  isPrometheusLimitError,
  parseSampleValue,
  planRange,
  splitRange,
} from "../src/prometheus/index.js";
import { isOvskitError } from "../src/core/ovskit-error.js";
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

/** A fetch that counts calls and never answers usefully: any call is a failure of the test. */
function countingFetch(): { fetch: PrometheusFetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (url) => {
      calls.push(url);
      throw new Error("no request should have been sent");
    },
  };
}

const YEAR = 365 * 86400;
const T0 = 1767225600;

describe("range queries are checked before any request", () => {
  it("end: Infinity is a typed error (it was an infinite synchronous loop)", async () => {
    const { fetch, calls } = countingFetch();
    const e = await caught(new PrometheusClient({ url: "http://127.0.0.1:9", fetch, retries: 0 }).queryRange("up", { start: 0, end: Infinity, step: 60 }));
    expect(e).toMatchObject({ name: "PrometheusRequestError", code: "bad-time", argument: "end" });
    expect(calls).toEqual([]);
  });

  it("start: an invalid Date, NaN, or text that is not a time are typed errors", async () => {
    const { fetch, calls } = countingFetch();
    const prom = new PrometheusClient({ url: "http://127.0.0.1:9", fetch, retries: 0 });
    for (const start of [new Date(Number.NaN), Number.NaN, "yesterday-ish", -Infinity]) {
      expect(await caught(prom.queryRange("up", { start, end: 10, step: 1 }))).toMatchObject({ code: "bad-time", argument: "start" });
    }
    expect(await caught(prom.queryRange("up", { start: 0, end: 10, step: Number.NaN }))).toMatchObject({ name: "PrometheusDurationError" });
    expect(await caught(prom.queryRange("up", { start: 0, end: 10, step: -5 }))).toMatchObject({ name: "PrometheusDurationError" });
    expect(await caught(prom.queryRange("up", { start: -1.7e308, end: 1.7e308, step: 1 }))).toMatchObject({ code: "bad-range" });
    expect(calls).toEqual([]);
  });

  it("end: 1e15 at step 1 is refused with the step that would fit (it ran out of memory)", async () => {
    const { fetch, calls } = countingFetch();
    const e = await caught(new PrometheusClient({ url: "http://127.0.0.1:9", fetch }).queryRange("up", { start: 0, end: 1e15, step: 1 }));
    expect(isPrometheusLimitError(e)).toBe(true);
    expect(e).toMatchObject({ code: "too-many-points", option: "maxRangePoints", limit: DEFAULT_MAX_RANGE_POINTS, actual: 1e15 + 1 });
    expect((e as Error).message).toMatch(/use a step of at least \d/);
    expect(calls).toEqual([]);
  });

  it("a year at step 1ms is refused, not 2.87M sequential requests", async () => {
    const { fetch, calls } = countingFetch();
    const e = await caught(new PrometheusClient({ url: "http://127.0.0.1:9", fetch, retries: 0 }).queryRange("up", { start: T0, end: T0 + YEAR, step: "1ms" }));
    expect(e).toMatchObject({ name: "PrometheusLimitError", code: "too-many-points", actual: YEAR * 1000 + 1 });
    expect(calls).toEqual([]);
  });

  it("the two bounds are configurable: points, then split requests; the hint is a step that fits", async () => {
    const { fetch, calls } = countingFetch();
    const year15s = { start: T0, end: T0 + YEAR, step: "15s" }; // 2,102,401 points, 192 requests of 11,000
    const e = await caught(new PrometheusClient({ url: "http://127.0.0.1:9", fetch }).queryRange("up", year15s));
    expect(e).toMatchObject({ code: "too-many-points", actual: 2_102_401 });
    expect((e as Error).message).toContain("use a step of at least 29s");
    const f = await caught(new PrometheusClient({ url: "http://127.0.0.1:9", fetch, maxRangePoints: 3_000_000 }).queryRange("up", year15s));
    expect(f).toMatchObject({ code: "too-many-requests", option: "maxRangeRequests", limit: DEFAULT_MAX_RANGE_REQUESTS, actual: 192 });
    expect((f as Error).message).toContain("use a step of at least 29s");
    expect(calls).toEqual([]);
    // the step the error proposes is the smallest whole-second step that fits
    const limits = { maxPointsPerSeries: 11_000, maxRangePoints: DEFAULT_MAX_RANGE_POINTS, maxRangeRequests: DEFAULT_MAX_RANGE_REQUESTS };
    expect(planRange(T0, T0 + YEAR, 29, limits)).toHaveLength(99);
    expect(() => planRange(T0, T0 + YEAR, 28, limits)).toThrow(expect.objectContaining({ code: "too-many-points" }) as Error);
  });

  it("maxRangeRequests lets exactly that many requests go", async () => {
    const srv = await serve((q, res) => json(res, 200, success({ resultType: "matrix", result: [{ metric: {}, values: [[Number(q.params.get("start")), "1"]] }] })));
    const prom = new PrometheusClient({ url: srv.url, maxPointsPerSeries: 10, maxRangeRequests: 3 });
    await prom.queryRange("up", { start: 0, end: 29, step: 1 }); // 30 points: 3 requests
    expect(srv.requests).toHaveLength(3);
    expect(await caught(prom.queryRange("up", { start: 0, end: 30, step: 1 }))).toMatchObject({ code: "too-many-requests", actual: 4 });
    expect(srv.requests).toHaveLength(3);
  });

  it("bounds that are not positive whole numbers are refused when the client is made", () => {
    for (const [k, v] of [["maxRangePoints", 0], ["maxRangeRequests", -1], ["maxResponseBytes", Number.NaN], ["maxPointsPerSeries", 1.5], ["timeoutMs", Infinity], ["maxRedirects", -1]] as const) {
      expect(() => new PrometheusClient({ url: "http://127.0.0.1:9", [k]: v })).toThrow(expect.objectContaining({ name: "PrometheusRequestError", code: "bad-option", argument: k }) as Error);
    }
    expect(() => new PrometheusClient({ url: "http://127.0.0.1:9", retries: Infinity })).toThrow(expect.objectContaining({ argument: "retries" }) as Error);
  });

  it("splitRange itself refuses non-finite times and huge chunk counts without allocating", () => {
    expect(() => splitRange(0, Infinity, 60)).toThrow(expect.objectContaining({ code: "bad-time" }) as Error);
    expect(() => splitRange(0, 1e15, 1)).toThrow(expect.objectContaining({ code: "too-many-requests" }) as Error);
    expect(() => splitRange(0, 10, 0)).toThrow(expect.objectContaining({ code: "bad-range" }) as Error);
  });

  it("a vector answer to a range query is a typed 'malformed' error (it was an untyped TypeError)", async () => {
    const srv = await serve((_q, res) => json(res, 200, success({ resultType: "vector", result: [{ metric: {}, value: [1, "1"] }] })));
    const e = await caught(new PrometheusClient({ url: srv.url }).queryRange("up", { start: 0, end: 60, step: 15 }));
    expect(isPrometheusHttpError(e) && e.reason === "malformed").toBe(true);
    expect((e as Error).message).toContain('a range query must answer "matrix", got "vector"');
  });
});

/** Streams `total` bytes of a JSON string body in 64 KiB chunks, honouring backpressure. */
function streamBody(total: number, announce: boolean, stats: { written: number; closed: boolean }): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { "Content-Type": "application/json", ...(announce ? { "Content-Length": String(total) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, "x");
    res.write('{"status":"success","data":"');
    res.on("close", () => {
      stats.closed = true;
    });
    const pump = (): void => {
      while (stats.written < total && !res.destroyed) {
        stats.written += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      if (!res.destroyed) res.end('"}');
    };
    pump();
  };
}

async function untilClosed(stats: { closed: boolean }): Promise<void> {
  for (let i = 0; i < 2000 && !stats.closed; i++) await new Promise((r) => setTimeout(r, 5));
}

const FETCHES: Array<[string, PrometheusClientOptions["fetch"]]> = [
  ["global fetch", undefined],
  ["node-fetch", createTlsFetch({})],
];

describe("response bodies are bounded while they stream", () => {
  const BIG = 700 * 1024 * 1024;
  const CAP = 1024 * 1024;
  for (const [name, fetch] of FETCHES) {
    it(`${name}: a 700 MB body is not read past maxResponseBytes`, async () => {
      const stats = { written: 0, closed: false };
      const srv = await serve((_q, res) => streamBody(BIG, false, stats)(res));
      const e = await caught(new PrometheusClient({ url: srv.url, retries: 0, maxResponseBytes: CAP, ...(fetch ? { fetch } : {}) }).query("up"));
      expect(e).toMatchObject({ name: "PrometheusLimitError", code: "body-too-large", option: "maxResponseBytes", limit: CAP });
      await untilClosed(stats);
      expect(stats.closed).toBe(true); // the client closed the connection
      expect(stats.written).toBeGreaterThan(CAP);
      expect(stats.written).toBeLessThan(48 * 1024 * 1024); // socket buffers at most; 700 MB were on offer
      if (process.env.OVSKIT_REPORT_BYTES === "1") console.log(`${name}: server handed ${stats.written} bytes to the socket`);
    });

    it(`${name}: a Content-Length over the bound is refused before reading`, async () => {
      const stats = { written: 0, closed: false };
      const srv = await serve((_q, res) => streamBody(BIG, true, stats)(res));
      const e = await caught(new PrometheusClient({ url: srv.url, retries: 0, maxResponseBytes: CAP, ...(fetch ? { fetch } : {}) }).query("up"));
      expect(e).toMatchObject({ code: "body-too-large", actual: BIG });
      await untilClosed(stats);
      expect(stats.written).toBeLessThan(48 * 1024 * 1024);
    });
  }

  it("the default bound is 64 MiB, and a body within the bound is read whole", async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * 1024 * 1024);
    const values = Array.from({ length: 5000 }, (_, i) => [i, String(i)]);
    const srv = await serve((_q, res) => json(res, 200, success({ resultType: "matrix", result: [{ metric: {}, values }] })));
    const r = await new PrometheusClient({ url: srv.url, maxResponseBytes: 200_000 }).queryRange("up", { start: 0, end: 4999, step: 1 });
    expect(r.data.result[0]!.samples).toHaveLength(5000);
  });

  it("the requests of a split range query share one byte budget", async () => {
    const srv = await serve((q, res) => {
      const start = Number(q.params.get("start"));
      const values = Array.from({ length: 10 }, (_, i) => [start + i, "1".repeat(40)]);
      json(res, 200, success({ resultType: "matrix", result: [{ metric: {}, values }] }));
    });
    const body = JSON.stringify(success({ resultType: "matrix", result: [{ metric: {}, values: Array.from({ length: 10 }, (_, i) => [i, "1".repeat(40)]) }] })).length;
    const prom = new PrometheusClient({ url: srv.url, maxPointsPerSeries: 10, maxResponseBytes: Math.floor(body * 2.5) });
    expect((await prom.queryRange("up", { start: 0, end: 19, step: 1 })).data.result).toHaveLength(1); // 2 answers fit
    expect(await caught(prom.queryRange("up", { start: 0, end: 29, step: 1 }))).toMatchObject({ code: "body-too-large" }); // 3 do not
  });
});

/** What Prometheus writes for a float: Go's strconv.AppendFloat with 'e' below 1e-6 and from 1e21 on, else 'f'. */
function goFormat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (Object.is(v, -0)) return "-0";
  return String(v).replace(/e([+-])(\d)$/, "e$10$2"); // JS switches to exponents at the same bounds; Go pads them to two digits
}

describe("sample values follow Prometheus's formatting exactly", () => {
  it('"0x10" and "1e400" are decode errors (they were 16 and Infinity)', () => {
    for (const bad of ["0x10", "1e400", "-1e400", "Infinity", "Inf", "inf", "+1", ".5", "1.", "1E5", "1e5", "1_000", " 1", "1 ", "", "0b1", "1e+400"]) {
      expect(parseSampleValue(bad), bad).toBeUndefined();
      let e: unknown;
      try {
        decodeQueryData({ resultType: "scalar", result: [1, bad] }, "/api/v1/query");
      } catch (x) {
        e = x;
      }
      expect(isPrometheusHttpError(e) && e.reason === "malformed", bad).toBe(true);
      expect((e as Error).message).toContain("data.result[1]: not a Prometheus sample value");
    }
  });

  it("every float64 Prometheus writes is read back exactly", () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        expect(Object.is(parseSampleValue(goFormat(v)), v)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(["1e-07", "1.5e+21", "1e+00", "0e+00", "-0", "5e-324", "1.7976931348623157e+308"].map(parseSampleValue)).toEqual([1e-7, 1.5e21, 1, 0, -0, 5e-324, 1.7976931348623157e308]);
    expect(parseSampleValue("1".padEnd(309, "0"))).toBe(1e308); // the 'f' form of old Prometheus versions
  });

  it("any other string is refused, never misread", () => {
    const grammar = /^(NaN|[+-]Inf|-?(0|[1-9]\d*)(\.\d+)?|-?\d(\.\d+)?e[+-]\d{2,})$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789.e+-xIfnNa _E".split("")), maxLength: 12 }), (s) => {
        const v = parseSampleValue(s);
        if (!grammar.test(s)) expect(v).toBeUndefined();
        else if (v !== undefined) expect(v).toBe(Number(s.replace("Inf", "Infinity")));
      }),
      { numRuns: 20_000 },
    );
  });

  it("a time that is not a finite number (1e400 in the JSON) is a decode error", () => {
    expect(() => decodeQueryData(JSON.parse('{"resultType":"vector","result":[{"metric":{},"value":[1e400,"1"]}]}'), "/api/v1/query")).toThrow(/data\.result\[0\]\.value\[0\]: expected a finite number/);
  });
});

describe("HTML pages are recognized by every start a login page has", () => {
  const raw = (body: string, contentType = "") => {
    try {
      decodeApiAnswer({ status: 200, contentType, body, path: "/api/v1/query", secrets: [] });
    } catch (e) {
      return e;
    }
    return undefined;
  };
  for (const body of [
    "<!-- OpenShift OAuth proxy --><html><body>Log in</body></html>",
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body>Log in</body></html>',
    "\uFEFF<!DOCTYPE html><html><body>Log in</body></html>",
    "\uFEFF \r\n\t<html><body>Log in</body></html>",
    "\n\n<!doctype HTML><title>Sign in</title>",
  ]) {
    it(`${JSON.stringify(body.slice(0, 24))}... is an HTML page, not "malformed"`, () => {
      const e = raw(body);
      expect(isPrometheusHttpError(e) && e.reason === "html").toBe(true);
      expect((e as Error).message).toContain("login page");
    });
  }

  it("also through the client, without a content type", async () => {
    const srv = await serve((_q, res) => {
      res.writeHead(200);
      res.end("<!-- sso --><html><body>Log in with OpenShift</body></html>");
    });
    const e = await caught(new PrometheusClient({ url: srv.url, retries: 0 }).query("up"));
    expect(isPrometheusHttpError(e) && e.reason === "html").toBe(true);
  });

  it("JSON with a BOM is still JSON; text that is neither stays 'malformed'", () => {
    expect(decodeApiAnswer({ status: 200, contentType: "application/json", body: '\uFEFF{"status":"success","data":1}', path: "/x", secrets: [] }).data).toBe(1);
    const e = raw("<<<not html");
    expect(isOvskitError(e) && (e as { reason?: string }).reason === "malformed").toBe(true);
  });
});
