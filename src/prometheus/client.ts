/**
 * The Prometheus / Thanos HTTP API client.
 *
 * @module
 */
import { durationToMs } from "../core/duration.js";
import { isOvskitError } from "../core/ovskit-error.js";
import { decodeAlerts, decodeBuildInfo, decodeMetadata, decodeRules, decodeSeries, decodeStrings, decodeTargets } from "./api-decode.js";
import type { PrometheusAlerts, PrometheusBuildInfo, PrometheusApiRules, PrometheusTargets } from "./api-types.js";
import { type ClientConfig, resolveClientConfig } from "./client-config.js";
import { decodeQueryData } from "./decode.js";
import { labelNamePathSegment } from "./label-name.js";
import { mergeMatrices, planRange } from "./range.js";
import { PrometheusRequestError } from "./request-error.js";
import type { RetryPolicy } from "./retry.js";
import { type Redactor, createRedactor, scrubError } from "./secrets.js";
import { fail } from "./shape.js";
import { type CrossOriginRedirectPolicy, type PrometheusFetch, type PrometheusMethod, PrometheusTransport } from "./transport.js";
import type { ApiResult, Labels, MatrixResult, MetricMetadata, QueryResult } from "./types.js";

/** A point in time: a `Date`, unix seconds, or an RFC 3339 string (or unix seconds as text). */
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
  /**
   * Base URL (`http://localhost:9090`, `https://thanos-querier-openshift-monitoring.apps...`).
   * Credentials in it (`https://user:password@host`) are moved into the Authorization header
   * (basic authentication) and appear nowhere else.
   */
  readonly url: string;
  /** Bearer token (OpenShift: `oc whoami -t`). Never appears in errors. */
  readonly token?: string;
  /** HTTP basic authentication. The password never appears in errors. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /**
   * Extra request headers. The values of headers whose name matches `SECRET_HEADER_PATTERN`
   * (`Authorization`, `Cookie`, `X-Api-Key`, `...-Token`...) or is listed in `secretHeaders` are
   * secrets: redacted from errors, never sent to another origin.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** More header names whose values are secrets (case-insensitive). */
  readonly secretHeaders?: readonly string[];
  /** Timeout of one attempt (request, redirects and body), default 30,000 ms. */
  readonly timeoutMs?: number;
  /** Retries (a count, or a full policy); default 3 retries with 200 ms backoff and jitter. */
  readonly retries?: number | Partial<RetryPolicy>;
  /** TLS settings: need a TLS-capable `fetch` (see `createNodePrometheusClient` in `ovskit/node`). */
  readonly tls?: PrometheusTlsOptions;
  /** The fetch implementation, default `globalThis.fetch`. It must honour `redirect: "manual"`. */
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
  /** Points per series one range query may have in all, default 1,100,000. */
  readonly maxRangePoints?: number;
  /** Requests one range query may be split into, default 100. */
  readonly maxRangeRequests?: number;
  /**
   * Bytes one call may read (a split range query: all its answers together), default 64 MiB.
   * Enforced while the body streams in: a larger body is not buffered.
   */
  readonly maxResponseBytes?: number;
  /** Redirects followed in a row, default 5. */
  readonly maxRedirects?: number;
  /**
   * A redirect to another origin (scheme, host or port): `"refuse"` (default) throws a
   * `PrometheusRedirectError`; `"strip-secrets"` follows it without any secret header (and
   * without them for the rest of that request). Same-origin redirects keep every header.
   */
  readonly crossOriginRedirects?: CrossOriginRedirectPolicy;
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
  /** Most entries to return (Prometheus 2.51 and later honour it). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** Options of {@link PrometheusClient.rules}. */
export interface RulesOptions {
  /** Only alerting (`"alert"`) or recording (`"record"`) rules. */
  readonly type?: "alert" | "record";
  /** Only rules with these names (Prometheus 2.45 and later). */
  readonly ruleNames?: readonly string[];
  /** Only these groups (Prometheus 2.45 and later). */
  readonly ruleGroups?: readonly string[];
  /** Only groups of these files (Prometheus 2.45 and later). */
  readonly files?: readonly string[];
  readonly signal?: AbortSignal;
}

/** Options of {@link PrometheusClient.targets}. */
export interface TargetsOptions {
  /** `"active"`, `"dropped"` or `"any"` (the server's default). */
  readonly state?: "active" | "dropped" | "any";
  /** Only the targets of this scrape pool (job). */
  readonly scrapePool?: string;
  readonly signal?: AbortSignal;
}

/**
 * Formats a {@link PrometheusTime} for the API (unix seconds with millisecond precision, or
 * the string as given).
 *
 * @throws {@link PrometheusRequestError} `"bad-time"` for a time that is not finite.
 * @example
 * ```ts
 * import { formatPrometheusTime } from "ovskit";
 * formatPrometheusTime(new Date(1500)); // "1.5"
 * ```
 */
export function formatPrometheusTime(t: PrometheusTime, argument = "time"): string {
  if (typeof t === "string") return t;
  const seconds = t instanceof Date ? t.getTime() / 1000 : t;
  if (!Number.isFinite(seconds)) throw new PrometheusRequestError("bad-time", argument, `not a finite time: ${String(t)}`);
  return String(Math.round(seconds * 1000) / 1000);
}

/** Unix seconds of a time; strings may be unix seconds or RFC 3339 (as Prometheus accepts). */
function toSeconds(t: PrometheusTime, argument: string): number {
  let s: number;
  if (typeof t === "number") s = t;
  else if (t instanceof Date) s = t.getTime() / 1000;
  else s = /^\s*-?\d+(\.\d+)?\s*$/.test(t) ? Number(t) : Date.parse(t) / 1000;
  if (!Number.isFinite(s)) throw new PrometheusRequestError("bad-time", argument, `not a finite time: ${String(t).slice(0, 100)}`);
  return s;
}

function checkLimit(limit: number | undefined): Array<[string, string]> {
  if (limit === undefined) return [];
  if (!(Number.isSafeInteger(limit) && limit >= 0)) throw new PrometheusRequestError("bad-argument", "limit", `must be a whole number >= 0, got ${limit}`);
  return [["limit", String(limit)]];
}

/**
 * A client of the Prometheus HTTP API (also Thanos querier and the OpenShift monitoring stack).
 * Every call is bounded (time, bytes, range size, redirects) and every error it throws is a
 * typed `OvskitError` without any secret of the configuration in it.
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
  readonly #c: ClientConfig;
  readonly #redact: Redactor;

  constructor(options: PrometheusClientOptions) {
    this.#c = resolveClientConfig(options);
    this.#o = options;
    this.#redact = createRedactor(this.#c.secrets);
    const fetchFn: PrometheusFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#t = new PrometheusTransport({
      ...this.#c,
      fetch: fetchFn,
      method: options.method ?? "auto",
      random: options.random ?? Math.random,
    });
  }

  /** The base URL (no credentials in it). */
  get url(): string {
    return this.#t.baseUrl;
  }

  /** Runs a call; whatever it throws leaves without a secret (the last line of defence). */
  async #run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (isOvskitError(e)) scrubError(e, this.#redact);
      throw e;
    }
  }

  #ctx(path: string): { path: string; secrets: readonly string[] } {
    return { path, secrets: this.#c.secrets };
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
  query(promql: string, options: QueryCallOptions & { readonly time?: PrometheusTime } = {}): Promise<QueryResult> {
    return this.#run(async () => {
      const params: Array<[string, string]> = [["query", promql]];
      if (options.time !== undefined) params.push(["time", formatPrometheusTime(options.time)]);
      params.push(...this.#common(options));
      const r = await this.#t.call("/api/v1/query", params, true, options.signal);
      return { data: decodeQueryData(r.data, "/api/v1/query", this.#c.secrets), warnings: r.warnings, infos: r.infos };
    });
  }

  /**
   * Range query (`/api/v1/query_range`). Ranges of more than `maxPointsPerSeries` (11,000)
   * points per series are split into chunks on the same step grid and merged, transparently.
   * Refused before any request (typed errors): times that are not finite, a step that is not
   * positive, more than `maxRangePoints` points or `maxRangeRequests` requests.
   */
  queryRange(promql: string, options: RangeOptions): Promise<QueryResult<MatrixResult>> {
    return this.#run(async () => {
      const step = durationToMs(options.step) / 1000;
      const start = toSeconds(options.start, "start");
      const end = toSeconds(options.end, "end");
      const chunks = planRange(start, end, step, this.#c);
      const budget = this.#t.budget();
      const path = "/api/v1/query_range";
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
        const r = await this.#t.call(path, params, true, options.signal, budget);
        const data = decodeQueryData(r.data, path, this.#c.secrets);
        if (data.resultType !== "matrix") fail(this.#ctx(path), "data.resultType", `a range query must answer "matrix", got "${data.resultType}"`);
        parts.push(data.result);
        for (const w of r.warnings) warnings.add(w);
        for (const i of r.infos) infos.add(i);
      }
      const result = parts.length === 1 ? parts[0]! : mergeMatrices(parts);
      return { data: { resultType: "matrix", result }, warnings: [...warnings], infos: [...infos] };
    });
  }

  /** Series matching any of the selectors (`/api/v1/series`). */
  series(match: readonly string[], options: SeriesOptions = {}): Promise<ApiResult<Labels[]>> {
    return this.#run(async () => {
      if (match.length === 0) throw new PrometheusRequestError("bad-argument", "match", "series needs at least one match[] selector");
      const r = await this.#t.call("/api/v1/series", this.#window(options, match), true, options.signal);
      return { data: decodeSeries(this.#ctx("/api/v1/series"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** Label names (`/api/v1/labels`), optionally only those of series matching `match`. */
  labelNames(options: SeriesOptions & { readonly match?: readonly string[] } = {}): Promise<ApiResult<string[]>> {
    return this.#run(async () => {
      const r = await this.#t.call("/api/v1/labels", this.#window(options, options.match ?? []), true, options.signal);
      return { data: decodeStrings(this.#ctx("/api/v1/labels"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /**
   * Values of one label (`/api/v1/label/<name>/values`). The name is encoded for the path (see
   * `labelNamePathSegment`): UTF-8 names work with Prometheus 3; Prometheus 2 refuses them with
   * a `bad_data` `PrometheusQueryError`.
   */
  labelValues(name: string, options: SeriesOptions & { readonly match?: readonly string[] } = {}): Promise<ApiResult<string[]>> {
    return this.#run(async () => {
      if (name === "") throw new PrometheusRequestError("bad-argument", "name", "the label name is empty");
      const path = `/api/v1/label/${labelNamePathSegment(name)}/values`;
      const r = await this.#t.call(path, this.#window(options, options.match ?? []), false, options.signal);
      return { data: decodeStrings(this.#ctx(path), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** Metric metadata (`/api/v1/metadata`): type, help and unit per metric name. */
  metadata(options: { readonly metric?: string; readonly limit?: number; readonly signal?: AbortSignal } = {}): Promise<ApiResult<Record<string, MetricMetadata[]>>> {
    return this.#run(async () => {
      const params: Array<[string, string]> = [];
      if (options.metric !== undefined) params.push(["metric", options.metric]);
      params.push(...checkLimit(options.limit));
      const r = await this.#t.call("/api/v1/metadata", params, false, options.signal);
      return { data: decodeMetadata(this.#ctx("/api/v1/metadata"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** Alerting and recording rules with their state (`/api/v1/rules`). */
  rules(options: RulesOptions = {}): Promise<ApiResult<PrometheusApiRules>> {
    return this.#run(async () => {
      const params: Array<[string, string]> = [];
      if (options.type !== undefined) params.push(["type", options.type]);
      for (const n of options.ruleNames ?? []) params.push(["rule_name[]", n]);
      for (const g of options.ruleGroups ?? []) params.push(["rule_group[]", g]);
      for (const f of options.files ?? []) params.push(["file[]", f]);
      const r = await this.#t.call("/api/v1/rules", params, false, options.signal);
      return { data: decodeRules(this.#ctx("/api/v1/rules"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** The active (pending and firing) alerts (`/api/v1/alerts`). */
  alerts(options: { readonly signal?: AbortSignal } = {}): Promise<ApiResult<PrometheusAlerts>> {
    return this.#run(async () => {
      const r = await this.#t.call("/api/v1/alerts", [], false, options.signal);
      return { data: decodeAlerts(this.#ctx("/api/v1/alerts"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** Scrape targets, active and dropped (`/api/v1/targets`). */
  targets(options: TargetsOptions = {}): Promise<ApiResult<PrometheusTargets>> {
    return this.#run(async () => {
      const params: Array<[string, string]> = [];
      if (options.state !== undefined) params.push(["state", options.state]);
      if (options.scrapePool !== undefined) params.push(["scrapePool", options.scrapePool]);
      const r = await this.#t.call("/api/v1/targets", params, false, options.signal);
      return { data: decodeTargets(this.#ctx("/api/v1/targets"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  /** The server's version and build (`/api/v1/status/buildinfo`). */
  buildInfo(options: { readonly signal?: AbortSignal } = {}): Promise<ApiResult<PrometheusBuildInfo>> {
    return this.#run(async () => {
      const r = await this.#t.call("/api/v1/status/buildinfo", [], false, options.signal);
      return { data: decodeBuildInfo(this.#ctx("/api/v1/status/buildinfo"), r.data), warnings: r.warnings, infos: r.infos };
    });
  }

  #window(o: SeriesOptions, match: readonly string[]): Array<[string, string]> {
    const p: Array<[string, string]> = match.map((m) => ["match[]", m]);
    if (o.start !== undefined) p.push(["start", formatPrometheusTime(o.start, "start")]);
    if (o.end !== undefined) p.push(["end", formatPrometheusTime(o.end, "end")]);
    p.push(...checkLimit(o.limit));
    return p;
  }
}
