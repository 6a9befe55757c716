/**
 * The Prometheus / Thanos HTTP API client.
 *
 * @module
 */
import { decodeQueryData } from "./decode.js";
import { durationToMs } from "../core/duration.js";
import { MAX_POINTS_PER_SERIES, mergeMatrices, rangePoints, splitRange } from "./range.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
import { type PrometheusFetch, type PrometheusMethod, PrometheusTransport } from "./transport.js";
import type { ApiResult, Labels, MatrixResult, MetricMetadata, QueryResult } from "./types.js";

/** A point in time: a `Date`, unix seconds, or an RFC 3339 string. */
export type PrometheusTime = Date | number | string;

/** TLS settings; honoured by the fetch of `ovskit/node` (`createNodePrometheusClient`). */
export interface PrometheusTlsOptions {
  /** PEM CA bundle to trust (in addition to nothing else: it replaces the system store). */
  readonly ca?: string;
  /** PEM client certificate. */
  readonly cert?: string;
  /** PEM private key of the client certificate. */
  readonly key?: string;
  /** Skip server certificate verification. Only when explicitly asked. */
  readonly insecureSkipVerify?: boolean;
  /** Server name for SNI and certificate checks, when it differs from the URL's host. */
  readonly serverName?: string;
}

/** Options of {@link PrometheusClient}. */
export interface PrometheusClientOptions {
  /** Base URL (`http://localhost:9090`, `https://thanos-querier-openshift-monitoring.apps...`). */
  readonly url: string;
  /** Bearer token (OpenShift: `oc whoami -t`). Never appears in errors. */
  readonly token?: string;
  /** HTTP basic authentication. The password never appears in errors. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Timeout of one attempt (request and body), default 30,000 ms. */
  readonly timeoutMs?: number;
  /** Retries (a count, or a full policy); default 3 retries with 200 ms backoff and jitter. */
  readonly retries?: number | Partial<RetryPolicy>;
  /** TLS settings: need a TLS-capable `fetch` (see `createNodePrometheusClient` in `ovskit/node`). */
  readonly tls?: PrometheusTlsOptions;
  /** The fetch implementation, default `globalThis.fetch`. */
  readonly fetch?: PrometheusFetch;
  /** `"auto"` (default): POST form when the GET URL would exceed `postThreshold` characters. */
  readonly method?: PrometheusMethod;
  /** See `method`; default 2,000. */
  readonly postThreshold?: number;
  /** Thanos `partial_response` (sent only when set). */
  readonly partialResponse?: boolean;
  /** Thanos `dedup` (sent only when set). */
  readonly dedup?: boolean;
  /** Points per series above which range queries are split, default 11,000. */
  readonly maxPointsPerSeries?: number;
  /** Random source for backoff jitter (tests). */
  readonly random?: () => number;
}

/** Per-call options shared by the query methods. */
export interface QueryCallOptions {
  /** Server-side evaluation timeout (Prometheus `timeout` parameter), e.g. `"30s"`. */
  readonly evalTimeout?: string;
  /** Overrides the client's Thanos `partial_response`. */
  readonly partialResponse?: boolean;
  /** Overrides the client's Thanos `dedup`. */
  readonly dedup?: boolean;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/** Options of {@link PrometheusClient.queryRange}. */
export interface RangeOptions extends QueryCallOptions {
  readonly start: PrometheusTime;
  readonly end: PrometheusTime;
  /** Step: seconds, or a duration such as `"1m"`. */
  readonly step: number | string;
}

/** Options of the metadata-style calls (`series`, `labelNames`, `labelValues`). */
export interface SeriesOptions {
  readonly start?: PrometheusTime;
  readonly end?: PrometheusTime;
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/**
 * Formats a {@link PrometheusTime} for the API (unix seconds with millisecond precision, or
 * the RFC 3339 string as given).
 *
 * @example
 * ```ts
 * import { formatPrometheusTime } from "ovskit";
 * formatPrometheusTime(new Date(1500)); // "1.5"
 * ```
 */
export function formatPrometheusTime(t: PrometheusTime): string {
  if (typeof t === "string") return t;
  const seconds = t instanceof Date ? t.getTime() / 1000 : t;
  if (!Number.isFinite(seconds)) throw new RangeError(`not a valid time: ${String(t)}`);
  return String(Math.round(seconds * 1000) / 1000);
}

function toSeconds(t: PrometheusTime): number {
  if (typeof t === "number") return t;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid time: ${String(t)}`);
  return ms / 1000;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A client of the Prometheus HTTP API (also Thanos querier and the OpenShift monitoring stack).
 *
 * @example
 * ```ts
 * import { PrometheusClient } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090", retries: 2, timeoutMs: 10_000 });
 * const r = await prom.query('ovs_vswitchd_dp_flows_total');
 * if (r.data.resultType === "vector") for (const s of r.data.result) console.log(s.metric.pod, s.sample.value);
 * for (const w of r.warnings) console.warn(w);
 * ```
 */
export class PrometheusClient {
  readonly #t: PrometheusTransport;
  readonly #o: PrometheusClientOptions;

  constructor(options: PrometheusClientOptions) {
    if (!/^https?:\/\//i.test(options.url)) throw new TypeError(`PrometheusClient: url must start with http:// or https://, got ${JSON.stringify(options.url)}`);
    if (options.tls !== undefined && options.fetch === undefined) {
      throw new TypeError("PrometheusClient: tls options need a TLS-capable fetch; use createNodePrometheusClient() from ovskit/node");
    }
    this.#o = options;
    const headers: Record<string, string> = { ...options.headers };
    const secrets: string[] = [];
    for (const [k, v] of Object.entries(headers)) if (/^(authorization|cookie|x-api-key)$/i.test(k)) secrets.push(v, v.replace(/^\S+\s+/, ""));
    if (options.token !== undefined) {
      headers.Authorization = `Bearer ${options.token}`;
      secrets.push(options.token);
    } else if (options.basicAuth !== undefined) {
      const { username, password } = options.basicAuth;
      const encoded = base64(`${username}:${password}`);
      headers.Authorization = `Basic ${encoded}`;
      secrets.push(password, encoded);
    }
    const r = options.retries;
    const retry: RetryPolicy = typeof r === "number" ? { ...DEFAULT_RETRY_POLICY, retries: r } : { ...DEFAULT_RETRY_POLICY, ...r };
    const fetchFn: PrometheusFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#t = new PrometheusTransport({
      url: options.url,
      headers,
      secrets,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry,
      fetch: fetchFn,
      method: options.method ?? "auto",
      postThreshold: options.postThreshold ?? 2000,
      random: options.random ?? Math.random,
    });
  }

  /** The base URL (no credentials in it). */
  get url(): string {
    return this.#t.baseUrl;
  }

  #common(o: QueryCallOptions): Array<[string, string]> {
    const p: Array<[string, string]> = [];
    if (o.evalTimeout !== undefined) p.push(["timeout", o.evalTimeout]);
    const partial = o.partialResponse ?? this.#o.partialResponse;
    if (partial !== undefined) p.push(["partial_response", String(partial)]);
    const dedup = o.dedup ?? this.#o.dedup;
    if (dedup !== undefined) p.push(["dedup", String(dedup)]);
    return p;
  }

  /** Instant query (`/api/v1/query`) at `time` (default: the server's now). */
  async query(promql: string, options: QueryCallOptions & { readonly time?: PrometheusTime } = {}): Promise<QueryResult> {
    const params: Array<[string, string]> = [["query", promql]];
    if (options.time !== undefined) params.push(["time", formatPrometheusTime(options.time)]);
    params.push(...this.#common(options));
    const r = await this.#t.call("/api/v1/query", params, true, options.signal);
    return { data: decodeQueryData(r.data, "/api/v1/query"), warnings: r.warnings, infos: r.infos };
  }

  /**
   * Range query (`/api/v1/query_range`). Ranges of more than 11,000 points per series are split
   * into chunks on the same step grid and merged, transparently.
   */
  async queryRange(promql: string, options: RangeOptions): Promise<QueryResult<MatrixResult>> {
    const stepMs = durationToMs(options.step);
    if (stepMs <= 0) throw new RangeError("queryRange: step must be positive");
    const step = stepMs / 1000;
    const start = toSeconds(options.start);
    const end = toSeconds(options.end);
    if (end < start) throw new RangeError("queryRange: end is before start");
    const max = this.#o.maxPointsPerSeries ?? MAX_POINTS_PER_SERIES;
    const chunks = rangePoints(start, end, step) > max ? splitRange(start, end, step, max) : [{ start, end }];
    const parts: MatrixResult["result"][] = [];
    const warnings = new Set<string>();
    const infos = new Set<string>();
    for (const c of chunks) {
      const params: Array<[string, string]> = [
        ["query", promql],
        ["start", formatPrometheusTime(c.start)],
        ["end", formatPrometheusTime(c.end)],
        ["step", String(step)],
        ...this.#common(options),
      ];
      const r = await this.#t.call("/api/v1/query_range", params, true, options.signal);
      const data = decodeQueryData(r.data, "/api/v1/query_range");
      if (data.resultType !== "matrix") throw new TypeError(`query_range answered ${data.resultType}, not matrix`);
      parts.push(data.result);
      for (const w of r.warnings) warnings.add(w);
      for (const i of r.infos) infos.add(i);
    }
    const result = parts.length === 1 ? parts[0]! : mergeMatrices(parts);
    return { data: { resultType: "matrix", result }, warnings: [...warnings], infos: [...infos] };
  }

  /** Series matching any of the selectors (`/api/v1/series`). */
  async series(match: readonly string[], options: SeriesOptions = {}): Promise<ApiResult<Labels[]>> {
    if (match.length === 0) throw new TypeError("series: at least one match[] selector is needed");
    const r = await this.#t.call("/api/v1/series", this.#window(options, match), true, options.signal);
    return { data: asArray<Labels>(r.data), warnings: r.warnings, infos: r.infos };
  }

  /** Label names (`/api/v1/labels`), optionally only those of series matching `match`. */
  async labelNames(options: SeriesOptions & { readonly match?: readonly string[] } = {}): Promise<ApiResult<string[]>> {
    const r = await this.#t.call("/api/v1/labels", this.#window(options, options.match ?? []), true, options.signal);
    return { data: asArray<string>(r.data), warnings: r.warnings, infos: r.infos };
  }

  /** Values of one label (`/api/v1/label/<name>/values`). */
  async labelValues(name: string, options: SeriesOptions & { readonly match?: readonly string[] } = {}): Promise<ApiResult<string[]>> {
    if (!LABEL_NAME.test(name)) throw new TypeError(`labelValues: not a label name: ${JSON.stringify(name)}`);
    const path = `/api/v1/label/${name}/values`;
    const r = await this.#t.call(path, this.#window(options, options.match ?? []), false, options.signal);
    return { data: asArray<string>(r.data), warnings: r.warnings, infos: r.infos };
  }

  /** Metric metadata (`/api/v1/metadata`): type, help and unit per metric name. */
  async metadata(options: { readonly metric?: string; readonly limit?: number; readonly signal?: AbortSignal } = {}): Promise<ApiResult<Record<string, MetricMetadata[]>>> {
    const params: Array<[string, string]> = [];
    if (options.metric !== undefined) params.push(["metric", options.metric]);
    if (options.limit !== undefined) params.push(["limit", String(options.limit)]);
    const r = await this.#t.call("/api/v1/metadata", params, false, options.signal);
    const data = typeof r.data === "object" && r.data !== null ? (r.data as Record<string, MetricMetadata[]>) : {};
    return { data, warnings: r.warnings, infos: r.infos };
  }

  #window(o: SeriesOptions, match: readonly string[]): Array<[string, string]> {
    const p: Array<[string, string]> = match.map((m) => ["match[]", m]);
    if (o.start !== undefined) p.push(["start", formatPrometheusTime(o.start)]);
    if (o.end !== undefined) p.push(["end", formatPrometheusTime(o.end)]);
    if (o.limit !== undefined) p.push(["limit", String(o.limit)]);
    return p;
  }
}

function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** btoa over UTF-8 (btoa alone refuses non-Latin-1 characters). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
