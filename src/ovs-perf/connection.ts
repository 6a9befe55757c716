/**
 * The connection check that runs before the metric queries: is Prometheus there, and does it
 * hold OVS metrics at all? One plain answer instead of one failure per metric.
 *
 * @module
 */
import {
  type PrometheusClient,
  type PrometheusTime,
  isPrometheusHttpError,
  isPrometheusLimitError,
  isPrometheusQueryError,
  isPrometheusRedirectError,
  isPrometheusRequestError,
  isPrometheusTimeoutError,
} from "../prometheus/index.js";

/** Why a metric (or the connection check) could not be collected. */
export interface CollectionError {
  /**
   * `http`: no usable answer (network, TLS, status, a login page); `query`: Prometheus refused the
   * query; `timeout`; `limit`: the answer passed one of the client's bounds (`maxResponseBytes`,
   * `maxRangePoints`...); `redirect`: a redirect the client would not follow; `request`: the
   * request itself was invalid (a bad time or step); `other`: anything else.
   */
  readonly kind: "http" | "query" | "timeout" | "limit" | "redirect" | "request" | "other";
  readonly message: string;
  /** Prometheus errorType for kind `"query"`. */
  readonly errorType?: string;
  /** HTTP status for kinds `"http"` / `"query"`. */
  readonly status?: number;
}

/**
 * Result of {@link checkPrometheusConnection}:
 * - `ok`: Prometheus answered and holds OVS series (`ovsSeries` of them);
 * - `unreachable`: no usable answer (connection refused, DNS, TLS, timeout, a login page,
 *   401 / 403...): the metric queries are not run;
 * - `no-ovs-metrics`: Prometheus answers but holds no `ovs_vswitchd_*` / `ovs_db_*` series at the
 *   time asked: the metric queries still run (CPU comes from cAdvisor), and the OVS metrics that
 *   come back empty are covered by this one message.
 */
export interface ConnectionCheck {
  readonly status: "ok" | "unreachable" | "no-ovs-metrics";
  /** Prometheus base URL (never with credentials). */
  readonly url: string;
  /** One sentence for people. */
  readonly message: string;
  /** Number of OVS series found, `null` when Prometheus could not be asked. */
  readonly ovsSeries: number | null;
  readonly error?: CollectionError;
}

/** The PromQL selector of "OVS metrics" used by the check. */
const OVS_SELECTOR = '{__name__=~"ovs_vswitchd_.+|ovs_db_.+"}';

/** @internal Maps a thrown client error to a plain {@link CollectionError}. */
export function describeCollectionError(e: unknown): CollectionError {
  if (isPrometheusQueryError(e)) return { kind: "query", message: e.message, errorType: e.errorType, status: e.status };
  if (isPrometheusTimeoutError(e)) return { kind: "timeout", message: e.message };
  if (isPrometheusHttpError(e)) return { kind: "http", message: e.message, status: e.status };
  if (isPrometheusLimitError(e)) return { kind: "limit", message: e.message };
  if (isPrometheusRedirectError(e)) return { kind: "redirect", message: e.message, status: e.status };
  if (isPrometheusRequestError(e)) return { kind: "request", message: e.message };
  return { kind: "other", message: e instanceof Error ? e.message : String(e) };
}

/** Options of {@link checkPrometheusConnection}. */
export interface ConnectionCheckOptions {
  /** Evaluation time (default: now, as Prometheus sees it). */
  readonly time?: PrometheusTime;
  /** Look back this many seconds from `time` for OVS series (range mode: the whole range). */
  readonly lookbackSeconds?: number;
  readonly signal?: AbortSignal;
}

/**
 * Asks Prometheus once how many OVS series it holds (`count(ovs_vswitchd_* or ovs_db_*)` at
 * `time`, or over the `lookbackSeconds` before it) and says plainly what is wrong when that fails
 * or finds nothing.
 *
 * @example
 * ```ts
 * import { PrometheusClient, checkPrometheusConnection } from "ovskit";
 * const check = await checkPrometheusConnection(new PrometheusClient({ url: "http://localhost:9090" }));
 * if (check.status !== "ok") console.error(check.message);
 * ```
 */
export async function checkPrometheusConnection(client: PrometheusClient, o: ConnectionCheckOptions = {}): Promise<ConnectionCheck> {
  const url = client.url;
  const lookback = o.lookbackSeconds !== undefined && o.lookbackSeconds > 0 ? Math.ceil(o.lookbackSeconds) : undefined;
  const query = lookback === undefined ? `count(${OVS_SELECTOR})` : `count(last_over_time(${OVS_SELECTOR}[${lookback}s]))`;
  try {
    const r = await client.query(query, { ...(o.time !== undefined ? { time: o.time } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    const n = r.data.resultType === "vector" ? (r.data.result[0]?.sample.value ?? 0) : 0;
    if (n > 0) return { status: "ok", url, message: `Prometheus at ${url} answers and holds ${n} OVS series.`, ovsSeries: n };
    return {
      status: "no-ovs-metrics",
      url,
      message:
        `Prometheus at ${url} answers, but holds no OVS metric (no ovs_vswitchd_* or ovs_db_* series${lookback === undefined ? "" : " in the range"}): ` +
        "check that the OVS metrics of ovnkube-node are scraped (its metrics endpoint with OVS metrics enabled, and a ServiceMonitor for it) and that the time asked is inside the retention.",
      ovsSeries: 0,
    };
  } catch (e) {
    const error = describeCollectionError(e);
    return {
      status: "unreachable",
      url,
      message: `Prometheus at ${url} could not be queried: ${error.message}. No metric was queried; check the URL, the token and the network path (proxy, route, TLS).`,
      ovsSeries: null,
      error,
    };
  }
}
