/**
 * Decoding of Prometheus HTTP API answers into typed results or typed errors.
 *
 * @module
 */
import { PrometheusHttpError, PrometheusQueryError } from "./errors.js";
import { type ApiResult, type Labels, type MatrixSeries, type QueryData, type Sample, type VectorSeries, parseSampleValue } from "./types.js";

/** What the decoder needs to know about one HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly path: string;
  /** Strings that must never appear in an error (token, password). */
  readonly secrets: readonly string[];
}

/** Thrown inside the decoder for a value of the wrong shape; turned into a PrometheusHttpError. */
class ShapeError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*(<!doctype html|<html|<head|<body)/i.test(body);
}

/**
 * Turns an HTTP answer into the API's `data` plus warnings / infos, or throws the matching
 * typed error: {@link PrometheusQueryError} for `{"status":"error"}`, {@link PrometheusHttpError}
 * for HTML pages, malformed bodies and bad statuses without a JSON body.
 *
 * @example
 * ```ts
 * import { decodeApiAnswer } from "ovskit";
 * const r = decodeApiAnswer({ status: 200, contentType: "application/json", path: "/api/v1/query", secrets: [],
 *   body: '{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}' });
 * console.log(r.data); // { resultType: "scalar", result: [1, "2"] } (raw; see decodeQueryData)
 * ```
 */
export function decodeApiAnswer(raw: RawAnswer): ApiResult<unknown> {
  const { status, path, secrets } = raw;
  if (looksLikeHtml(raw.contentType, raw.body)) {
    throw new PrometheusHttpError({ reason: "html", status, path, body: raw.body, secrets });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.body);
  } catch (e) {
    const reason = status >= 200 && status < 300 ? "malformed" : "status";
    throw new PrometheusHttpError({ reason, status, path, body: raw.body, secrets, ...(reason === "malformed" ? { detail: `invalid JSON (${(e as Error).message})` } : {}) });
  }
  if (!isObject(json) || (json.status !== "success" && json.status !== "error")) {
    const reason = status >= 200 && status < 300 ? "malformed" : "status";
    throw new PrometheusHttpError({ reason, status, path, body: raw.body, secrets, ...(reason === "malformed" ? { detail: 'no "status" field' } : {}) });
  }
  const warnings = stringList(json.warnings);
  const infos = stringList(json.infos);
  if (json.status === "error") {
    throw new PrometheusQueryError({
      errorType: typeof json.errorType === "string" ? json.errorType : "unknown",
      error: typeof json.error === "string" ? json.error : "(no message)",
      status,
      path,
      warnings,
      secrets,
    });
  }
  if (status < 200 || status >= 300) throw new PrometheusHttpError({ reason: "status", status, path, body: raw.body, secrets });
  return { data: json.data, warnings, infos };
}

function sample(v: unknown): Sample {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "number" || typeof v[1] !== "string") {
    throw new ShapeError(`a sample must be [time, "value"], got ${JSON.stringify(v)?.slice(0, 80)}`);
  }
  const value = parseSampleValue(v[1]);
  if (value === undefined) throw new ShapeError(`not a sample value: ${JSON.stringify(v[1])}`);
  return { time: v[0], value };
}

function labels(v: unknown): Labels {
  if (!isObject(v)) throw new ShapeError("a series needs a metric object");
  for (const x of Object.values(v)) if (typeof x !== "string") throw new ShapeError("label values must be strings");
  return v as Labels;
}

function decodeData(data: unknown): QueryData {
  if (!isObject(data)) throw new ShapeError("data is not an object");
  const r = data.result;
  switch (data.resultType) {
    case "vector": {
      if (!Array.isArray(r)) throw new ShapeError("vector result is not an array");
      const result: VectorSeries[] = r.map((s: unknown) => {
        if (!isObject(s)) throw new ShapeError("vector element is not an object");
        if (s.value === undefined && s.histogram !== undefined) throw new ShapeError("native histograms are not supported");
        return { metric: labels(s.metric), sample: sample(s.value) };
      });
      return { resultType: "vector", result };
    }
    case "matrix": {
      if (!Array.isArray(r)) throw new ShapeError("matrix result is not an array");
      const result: MatrixSeries[] = r.map((s: unknown) => {
        if (!isObject(s)) throw new ShapeError("matrix element is not an object");
        const values = s.values ?? [];
        if (!Array.isArray(values)) throw new ShapeError("matrix values is not an array");
        return { metric: labels(s.metric), samples: values.map(sample) };
      });
      return { resultType: "matrix", result };
    }
    case "scalar":
      return { resultType: "scalar", result: sample(r) };
    case "string": {
      if (!Array.isArray(r) || typeof r[0] !== "number" || typeof r[1] !== "string") throw new ShapeError("bad string result");
      return { resultType: "string", result: { time: r[0], value: r[1] } };
    }
    default:
      throw new ShapeError(`unknown resultType ${JSON.stringify(data.resultType)}`);
  }
}

/**
 * Decodes the `data` of a query answer into the typed {@link QueryData} union; sample values
 * become numbers (`"NaN"`, `"+Inf"`, `"-Inf"` included).
 *
 * @throws {@link PrometheusHttpError} with reason `"malformed"` when the shape is wrong.
 * @example
 * ```ts
 * import { decodeQueryData } from "ovskit";
 * const d = decodeQueryData({ resultType: "vector", result: [{ metric: {}, value: [1, "+Inf"] }] }, "/api/v1/query");
 * if (d.resultType === "vector") console.log(d.result[0]!.sample.value); // Infinity
 * ```
 */
export function decodeQueryData(data: unknown, path: string): QueryData {
  try {
    return decodeData(data);
  } catch (e) {
    if (e instanceof ShapeError) throw new PrometheusHttpError({ reason: "malformed", status: 200, path, detail: e.message });
    throw e;
  }
}
