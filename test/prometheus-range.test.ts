/**
 * Range queries over Prometheus's 11,000-points-per-series limit: split on the step grid, sent as
 * several requests (each within the limit, checked by a local server that answers like the real
 * Prometheus), merged back transparently.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_POINTS_PER_SERIES, PrometheusClient, mergeMatrices, rangePoints, splitRange } from "../src/prometheus/index.js";
import { fixture } from "./helpers/fixtures.js";
import { type FakeServer, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("splitRange", () => {
  it("covers every grid point exactly once, each chunk within the limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 200, max: 11_000 }), (start, points, step, max) => {
        const end = start + points * step;
        const chunks = splitRange(start, end, step, max);
        const total = rangePoints(start, end, step);
        expect(chunks.length).toBe(Math.ceil(total / max));
        let expected = start;
        for (const c of chunks) {
          expect(c.start).toBe(expected);
          const n = rangePoints(c.start, c.end, step);
          expect(n).toBeLessThanOrEqual(max);
          expected = c.end + step;
        }
        expect(chunks.at(-1)!.end).toBe(end);
      }),
      { numRuns: 300 },
    );
  });

  it("handles fractional steps without drift", () => {
    const chunks = splitRange(1767225600, 1767232800, 0.5);
    expect(chunks.map((c) => rangePoints(c.start, c.end, 0.5))).toEqual([11_000, 3401]);
    expect(chunks[1]!.start).toBe(1767225600 + 11_000 * 0.5);
  });

  it("mergeMatrices joins equal label sets in any label order and drops duplicate timestamps", () => {
    const m = mergeMatrices([
      [{ metric: { a: "1", b: "2" }, samples: [{ time: 0, value: 1 }, { time: 15, value: 2 }] }],
      [
        { metric: { b: "2", a: "1" }, samples: [{ time: 15, value: 2 }, { time: 30, value: 3 }] },
        { metric: { a: "9" }, samples: [{ time: 30, value: 9 }] },
      ],
    ]);
    expect(m).toHaveLength(2);
    expect(m[0]!.samples.map((s) => s.time)).toEqual([0, 15, 30]);
  });
});

describe("queryRange over 11,000 points", () => {
  it("is split, every request stays within the limit, and the answer is merged", async () => {
    server = await startFakeServer((q, res) => {
      const start = Number(q.params.get("start"));
      const end = Number(q.params.get("end"));
      const step = Number(q.params.get("step"));
      if (rangePoints(start, end, step) > MAX_POINTS_PER_SERIES) {
        json(res, 400, fixture("prometheus", "error-too-many-points.json"));
        return;
      }
      const values = [];
      for (let t = start; t <= end + 1e-9; t += step) values.push([t, String(t - 1767225600)]);
      json(res, 200, success({ resultType: "matrix", result: [{ metric: { node: "worker-0" }, values }, { metric: { node: "worker-1" }, values: values.slice(0, 1) }] }), {});
    });
    const prom = new PrometheusClient({ url: server.url });
    // 2 days at 15 s: 11,521 points, the case where the Python analyzer's fixed step broke.
    const r = await prom.queryRange("ovs_vswitchd_dp_flows_total", { start: 1767225600, end: 1767225600 + 2 * 86400, step: "15s" });
    expect(server.requests).toHaveLength(2);
    const [a, b] = server.requests;
    expect(a!.params.get("start")).toBe("1767225600");
    expect(a!.params.get("end")).toBe(String(1767225600 + 10_999 * 15));
    expect(b!.params.get("start")).toBe(String(1767225600 + 11_000 * 15));
    expect(r.data.result).toHaveLength(2);
    const samples = r.data.result[0]!.samples;
    expect(samples).toHaveLength(11_521);
    expect(samples.every((s, i) => s.time === 1767225600 + 15 * i && s.value === 15 * i)).toBe(true);
    expect(r.data.result[1]!.samples).toHaveLength(2);
  });

  it("with splitting disabled the real Prometheus error comes back typed", async () => {
    server = await startFakeServer((_q, res) => json(res, 400, fixture("prometheus", "error-too-many-points.json")));
    const prom = new PrometheusClient({ url: server.url, maxPointsPerSeries: 1e9 });
    await expect(prom.queryRange("up", { start: 0, end: 86400, step: 1 })).rejects.toMatchObject({ errorType: "bad_data", status: 400 });
  });

  it("refuses a reversed range and a zero step with a typed error", async () => {
    const prom = new PrometheusClient({ url: "http://127.0.0.1:9" });
    await expect(prom.queryRange("up", { start: 10, end: 0, step: 1 })).rejects.toMatchObject({ name: "PrometheusRequestError", code: "bad-range", argument: "end" });
    await expect(prom.queryRange("up", { start: 0, end: 10, step: "0" })).rejects.toMatchObject({ name: "PrometheusRequestError", code: "bad-range", argument: "step" });
  });
});
