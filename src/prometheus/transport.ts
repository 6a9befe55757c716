/**
 * The HTTP side of the Prometheus client: authentication headers, POST form with a GET fallback,
 * per-attempt timeout, retries with backoff. Works with any `fetch` (the global one by default,
 * so it runs in browsers too; `ovskit/node` supplies one with TLS options).
 *
 * @module
 */
import { decodeApiAnswer } from "./decode.js";
import { PrometheusHttpError, PrometheusTimeoutError, isPrometheusHttpError, redactSecrets } from "./errors.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from "./retry.js";
import type { ApiResult } from "./types.js";

/** What the client passes to `fetch`. */
export interface PrometheusFetchInit {
  readonly method: "GET" | "POST";
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/** The part of a fetch `Response` the client reads. */
export interface PrometheusFetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A `fetch` function: `globalThis.fetch`, node-fetch, or a test double. */
export type PrometheusFetch = (url: string, init: PrometheusFetchInit) => Promise<PrometheusFetchResponse>;

/** How requests are sent: `"auto"` posts a form when the GET URL would be long. */
export type PrometheusMethod = "auto" | "GET" | "POST";

/** Settings of a {@link PrometheusTransport}. */
export interface TransportOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly fetch: PrometheusFetch;
  readonly method: PrometheusMethod;
  /** `"auto"` posts when the GET URL is longer than this (default 2,000 characters). */
  readonly postThreshold: number;
  readonly random: () => number;
}

/** A certificate that does not verify will not verify on the next attempt either: not retried. */
const TLS_VERIFY_FAILURE = /certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS_CERT/i;

/** Statuses after which a refused POST is retried as GET (RBAC proxies, old servers). */
const POST_REFUSED = new Set([403, 405, 501]);

/**
 * Sends API requests. One instance per client; it remembers when POST was refused so later
 * requests go straight to GET.
 *
 * @internal
 */
export class PrometheusTransport {
  readonly #o: TransportOptions;
  #postRefused = false;

  constructor(options: TransportOptions) {
    this.#o = { ...options, retry: options.retry ?? DEFAULT_RETRY_POLICY };
  }

  /** Base URL without trailing slash. */
  get baseUrl(): string {
    return this.#o.url.replace(/\/+$/, "");
  }

  /** Calls `path` (`/api/v1/query`) with form parameters; `postable` allows the POST form. */
  async call(path: string, params: ReadonlyArray<readonly [string, string]>, postable: boolean, signal?: AbortSignal): Promise<ApiResult<unknown>> {
    const form = new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString();
    const getUrl = `${this.baseUrl}${path}${form === "" ? "" : `?${form}`}`;
    let method: "GET" | "POST" = "GET";
    if (postable && !this.#postRefused) {
      if (this.#o.method === "POST" || (this.#o.method === "auto" && getUrl.length > this.#o.postThreshold)) method = "POST";
    }
    const { retry } = this.#o;
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let retryAfter: string | null = null;
      let body = "";
      let contentType = "";
      try {
        const answer = await this.#send(method, method === "POST" ? `${this.baseUrl}${path}` : getUrl, form, path, signal);
        ({ status, body, contentType } = answer);
        retryAfter = answer.retryAfter;
      } catch (e) {
        if (isPrometheusHttpError(e) && e.reason === "network" && attempt < retry.retries && !TLS_VERIFY_FAILURE.test(e.message)) {
          await sleep(backoffDelay(retry, attempt, undefined, this.#o.random), signal);
          continue;
        }
        throw e;
      }
      if (method === "POST" && POST_REFUSED.has(status)) {
        this.#postRefused = true;
        method = "GET";
        attempt--;
        continue;
      }
      if (isRetryableStatus(status) && attempt < retry.retries) {
        await sleep(backoffDelay(retry, attempt, parseRetryAfter(retryAfter), this.#o.random), signal);
        continue;
      }
      return decodeApiAnswer({ status, contentType, body, path, secrets: this.#o.secrets });
    }
  }

  /** One attempt: fetch and read the whole body under the timeout. */
  async #send(
    method: "GET" | "POST",
    url: string,
    form: string,
    path: string,
    outer: AbortSignal | undefined,
  ): Promise<{ status: number; body: string; contentType: string; retryAfter: string | null }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timeout"));
    }, this.#o.timeoutMs);
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted === true) onOuterAbort();
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    const headers: Record<string, string> = { Accept: "application/json", ...this.#o.headers };
    if (method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    try {
      const res = await this.#o.fetch(url, { method, headers, signal: controller.signal, ...(method === "POST" ? { body: form } : {}) });
      const body = await res.text();
      return { status: res.status, body, contentType: res.headers.get("content-type") ?? "", retryAfter: res.headers.get("retry-after") };
    } catch (e) {
      if (timedOut) throw new PrometheusTimeoutError(path, this.#o.timeoutMs);
      if (outer?.aborted === true) throw outer.reason;
      const message = e instanceof Error ? `${e.message}${causeText(e)}` : String(e);
      throw new PrometheusHttpError({ reason: "network", status: 0, path, detail: redactSecrets(message, this.#o.secrets), secrets: this.#o.secrets });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    }
  }
}

/** The `cause` chain of a fetch failure (undici puts ECONNREFUSED / certificate errors there). */
function causeText(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error) return ` (${cause.message})`;
  return "";
}
