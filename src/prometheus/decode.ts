/**
 * Decoding of Prometheus HTTP API answers into typed results or typed errors.
 *
 * @module
 */
import { PrometheusHttpError } from "./http-error.js";
import { PrometheusQueryError } from "./query-error.js";
import { type DecodeContext, asArray, asFinite, asLabels, asObject, describeValue, fail, isObject } from "./shape.js";
import { type ApiResult, type MatrixSeries, type QueryData, type Sample, type VectorSeries, parseSampleValue } from "./types.js";

/** What the decoder needs to know about one HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly path: string;
  /** Strings that must never appear in an error (token, password). */
  readonly secrets: readonly string[];
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** An HTML (or XHTML / XML) page: what login proxies and error pages send. */
const HTML_START = /^\uFEFF?\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<\?xml)/i;

function looksLikeHtml(contentType: string, body: string): boolean {
  return /text\/html|application\/xhtml\+xml/i.test(contentType) || HTML_START.test(body);
}

/**
 * Turns an HTTP answer into the API's `data` plus warnings / infos, or throws the matching
 * typed error: {@link PrometheusQueryError} for `{"status":"error"}`, {@link PrometheusHttpError}
 * for HTML pages (a body starting with `<!DOCTYPE html`, `<html`, `<!--` or `<?xml`, after an
 * optional BOM and whitespace, or a `text/html` content type), malformed bodies and bad statuses
 * without a JSON body. No secret in `secrets` appears in the error.
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
  const ok = status >= 200 && status < 300;
  let json: unknown;
  try {
    json = JSON.parse(raw.body.startsWith("\uFEFF") ? raw.body.slice(1) : raw.body);
  } catch (e) {
    throw new PrometheusHttpError({ reason: ok ? "malformed" : "status", status, path, body: raw.body, secrets, ...(ok ? { detail: `invalid JSON (${(e as Error).message})` } : {}) });
  }
  if (!isObject(json) || (json.status !== "success" && json.status !== "error")) {
    throw new PrometheusHttpError({ reason: ok ? "malformed" : "status", status, path, body: raw.body, secrets, ...(ok ? { detail: 'no "status" field' } : {}) });
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
  if (!ok) throw new PrometheusHttpError({ reason: "status", status, path, body: raw.body, secrets });
  return { data: json.data, warnings, infos };
}

function sample(ctx: DecodeContext, v: unknown, at: string): Sample {
  if (!Array.isArray(v) || v.length !== 2) fail(ctx, at, `a sample must be [time, "value"], got ${describeValue(ctx, v)}`);
  const time = asFinite(ctx, v[0], `${at}[0]`);
  const text = v[1];
  if (typeof text !== "string") fail(ctx, `${at}[1]`, `a sample value must be a string, got ${describeValue(ctx, text)}`);
  const value = parseSampleValue(text);
  if (value === undefined) fail(ctx, `${at}[1]`, `not a Prometheus sample value: ${describeValue(ctx, text)}`);
  return { time, value };
}

function decodeData(ctx: DecodeContext, data: unknown): QueryData {
  const d = asObject(ctx, data, "data");
  const r = d.result;
  switch (d.resultType) {
    case "vector": {
      const result: VectorSeries[] = asArray(ctx, r, "data.result").map((s, i) => {
        const at = `data.result[${i}]`;
        const o = asObject(ctx, s, at);
        if (o.value === undefined && o.histogram !== undefined) fail(ctx, at, "native histograms are not supported");
        return { metric: asLabels(ctx, o.metric, `${at}.metric`), sample: sample(ctx, o.value, `${at}.value`) };
      });
      return { resultType: "vector", result };
    }
    case "matrix": {
      const result: MatrixSeries[] = asArray(ctx, r, "data.result").map((s, i) => {
        const at = `data.result[${i}]`;
        const o = asObject(ctx, s, at);
        if (o.histograms !== undefined) fail(ctx, at, "native histograms are not supported");
        const values = asArray(ctx, o.values ?? [], `${at}.values`);
        return { metric: asLabels(ctx, o.metric, `${at}.metric`), samples: values.map((v, k) => sample(ctx, v, `${at}.values[${k}]`)) };
      });
      return { resultType: "matrix", result };
    }
    case "scalar":
      return { resultType: "scalar", result: sample(ctx, r, "data.result") };
    case "string": {
      if (!Array.isArray(r) || r.length !== 2 || typeof r[1] !== "string") fail(ctx, "data.result", `a string result must be [time, "text"], got ${describeValue(ctx, r)}`);
      return { resultType: "string", result: { time: asFinite(ctx, r[0], "data.result[0]"), value: r[1] } };
    }
    default:
      return fail(ctx, "data.resultType", `unknown result type ${describeValue(ctx, d.resultType)}`);
  }
}

/**
 * Decodes the `data` of a query answer into the typed {@link QueryData} union; sample values
 * become numbers (`"NaN"`, `"+Inf"`, `"-Inf"` included; see {@link parseSampleValue} for the
 * exact grammar), times must be finite.
 *
 * @param secrets strings that must never appear in the error (the client passes its own).
 * @throws {@link PrometheusHttpError} with reason `"malformed"` when the shape is wrong; the
 *   message says where (`data.result[3].value[1]`).
 * @example
 * ```ts
 * import { decodeQueryData } from "ovskit";
 * const d = decodeQueryData({ resultType: "vector", result: [{ metric: {}, value: [1, "+Inf"] }] }, "/api/v1/query");
 * if (d.resultType === "vector") console.log(d.result[0]!.sample.value); // Infinity
 * ```
 */
export function decodeQueryData(data: unknown, path: string, secrets: readonly string[] = []): QueryData {
  return decodeData({ path, secrets }, data);
}
