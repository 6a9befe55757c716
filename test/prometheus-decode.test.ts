/**
 * Decoding of real Prometheus 2.42 answers (test/fixtures/prometheus/*.json + *.meta, captured by
 * fixtures-gen/prometheus/capture.sh from a Prometheus backfilled with the six-node cluster).
 */
import { describe, expect, it } from "vitest";
import { decodeApiAnswer, decodeQueryData, isPrometheusQueryError, parseSampleValue } from "../src/prometheus/index.js";
import { fixture } from "./helpers/fixtures.js";

function answer(name: string) {
  const [status, contentType] = fixture("prometheus", `${name}.meta`).trim().split(" ");
  return decodeApiAnswer({ status: Number(status), contentType: contentType ?? "", body: fixture("prometheus", `${name}.json`), path: "/api/v1/query", secrets: [] });
}
const data = (name: string) => decodeQueryData(answer(name).data, "/api/v1/query");

describe("real answers decode into the typed union", () => {
  it("vector: six nodes' datapath flows", () => {
    const d = data("vector-instant");
    if (d.resultType !== "vector") throw new Error(d.resultType);
    expect(d.result).toHaveLength(6);
    expect(d.result.map((s) => s.sample.value)).toEqual([1000, 1100, 1200, 1300, 9000, 1500]);
    expect(d.result[0]!.metric).toMatchObject({ __name__: "ovs_vswitchd_dp_flows_total", pod: "ovnkube-node-a0x0q", namespace: "openshift-ovn-kubernetes" });
    expect(d.result[0]!.sample.time).toBe(1767232800);
  });

  it("vector with +Inf, -Inf, NaN", () => {
    const d = data("vector-special-values");
    if (d.resultType !== "vector") throw new Error(d.resultType);
    expect(d.result.map((s) => s.sample.value)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
  });

  it("scalar, string and matrix", () => {
    expect(data("scalar")).toEqual({ resultType: "scalar", result: { time: 1767232800, value: 15100 } }); // 1000 + 1100 + 1200 + 1300 + 9000 + 1500
    expect(data("string")).toEqual({ resultType: "string", result: { time: 1767232800, value: "ovs" } });
    const m = data("matrix-range");
    if (m.resultType !== "matrix") throw new Error(m.resultType);
    expect(m.result[0]!.samples.map((s) => s.value / 1048576)).toEqual([410, 411, 412, 413, 414, 415, 416, 417, 418, 419, 420]);
    const sel = data("matrix-selector");
    if (sel.resultType !== "matrix") throw new Error(sel.resultType);
    expect(sel.result[0]!.samples.map((s) => s.value)).toEqual([246, 248, 250, 252]);
  });

  it("errors: bad_data (400), execution (422), too many points (400)", () => {
    for (const [name, errorType, status] of [
      ["error-bad-data", "bad_data", 400],
      ["error-execution", "execution", 422],
      ["error-too-many-points", "bad_data", 400],
    ] as const) {
      let err: unknown;
      try {
        answer(name);
      } catch (e) {
        err = e;
      }
      expect(isPrometheusQueryError(err)).toBe(true);
      expect(err).toMatchObject({ errorType, status });
    }
  });

  it("parseSampleValue", () => {
    expect(parseSampleValue("1e+06")).toBe(1e6);
    expect(parseSampleValue("-Inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue("Inf")).toBeUndefined(); // Go writes "+Inf"; "Inf" is never sent
    expect(parseSampleValue("")).toBeUndefined();
    expect(parseSampleValue(" 1")).toBeUndefined();
    expect(parseSampleValue("abc")).toBeUndefined();
  });
});
