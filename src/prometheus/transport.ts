/**
 * The HTTP side of the Prometheus client: POST form with a GET fallback, per-attempt timeout,
 * retries with backoff, redirects followed by hand (secrets only ever go to the configured
 * origin), bodies read under a byte bound. Works with any `fetch` (the global one by default,
 * so it runs in browsers too; `ovskit/node` supplies one with TLS options).
 *
 * @module
 */
import { isOvskitError } from "../core/ovskit-error.js";
import { type PrometheusResponseBody, discardBody, readBounded } from "./body.js";
import { decodeApiAnswer } from "./decode.js";
import { PrometheusHttpError, isPrometheusHttpError } from "./http-error.js";
import { PrometheusRedirectError } from "./redirect-error.js";
import { type Redactor, createRedactor } from "./secrets.js";
import { type RetryPolicy, backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from "./retry.js";
import { PrometheusTimeoutError } from "./timeout-error.js";
import type { ApiResult } from "./types.js";

/** What the client passes to `fetch`. */
export interface PrometheusFetchInit {
  readonly method: "GET" | "POST";
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /**
   * Always `"manual"` from the client: it follows redirects itself, so that secrets never reach
   * another origin. A custom fetch must return 3xx answers as they are.
   */
  readonly redirect?: "manual";
}

/** The part of a fetch `Response` the client reads. */
export interface PrometheusFetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The body as a stream, read under `maxResponseBytes`; without it `text()` is used. */
  readonly body?: PrometheusResponseBody | null;
  /** `"opaqueredirect"` for a redirect in a browser (its target is hidden from scripts). */
  readonly type?: string;
  text(): Promise<string>;
}

/** A `fetch` function: `globalThis.fetch`, node-fetch, or a test double. */
export type PrometheusFetch = (url: string, init: PrometheusFetchInit) => Promise<PrometheusFetchResponse>;

/** How requests are sent: `"auto"` posts a form when the GET URL would be long. */
export type PrometheusMethod = "auto" | "GET" | "POST";

/** What happens to a redirect to another origin (scheme, host or port). */
export type CrossOriginRedirectPolicy = "refuse" | "strip-secrets";

/** Settings of a {@link PrometheusTransport}. */
export interface TransportOptions {
  /** Base URL: no credentials, no trailing slash. */
  readonly baseUrl: string;
  /** Every configured header (authentication included). */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names of the headers that carry secrets: never sent to another origin. */
  readonly secretHeaders: ReadonlySet<string>;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly fetch: PrometheusFetch;
  readonly method: PrometheusMethod;
  /** `"auto"` posts when the GET URL is longer than this (default 2,000 characters). */
  readonly postThreshold: number;
  readonly random: () => number;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
  readonly crossOriginRedirects: CrossOriginRedirectPolicy;
}

/** Bytes one client call may still read (the requests of a split range query share one). */
export interface ByteBudget {
  remaining: number;
}

/** A certificate that does not verify will not verify on the next attempt either: not retried. */
const TLS_VERIFY_FAILURE = /certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS_CERT/i;

/** Statuses after which a refused POST is retried as GET (RBAC proxies, old servers). */
const POST_REFUSED = new Set([403, 405, 501]);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly bytes: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
}

/**
 * Sends API requests. One instance per client; it remembers when POST was refused so later
 * requests go straight to GET.
 *
 * @internal
 */
export class PrometheusTransport {
  readonly #o: TransportOptions;
  readonly #origin: string;
  readonly #publicHeaders: Record<string, string>;
  readonly #redact: Redactor;
  #postRefused = false;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.#redact = createRedactor(options.secrets);
    this.#origin = new URL(options.baseUrl).origin;
    this.#publicHeaders = Object.fromEntries(Object.entries(options.headers).filter(([k]) => !options.secretHeaders.has(k.toLowerCase())));
  }

  /** Base URL without trailing slash (and without credentials). */
  get baseUrl(): string {
    return this.#o.baseUrl;
  }

  /**
   * A fresh byte budget for one client call.
   */
  budget(): ByteBudget {
    return { remaining: this.#o.maxResponseBytes };
  }

  /** Calls `path` (`/api/v1/query`) with form parameters; `postable` allows the POST form. */
  async call(path: string, params: ReadonlyArray<readonly [string, string]>, postable: boolean, signal?: AbortSignal, budget: ByteBudget = this.budget()): Promise<ApiResult<unknown>> {
    const form = new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString();
    const getUrl = `${this.baseUrl}${path}${form === "" ? "" : `?${form}`}`;
    let method: "GET" | "POST" = "GET";
    if (postable && !this.#postRefused) {
      if (this.#o.method === "POST" || (this.#o.method === "auto" && getUrl.length > this.#o.postThreshold)) method = "POST";
    }
    const { retry } = this.#o;
    for (let attempt = 0; ; attempt++) {
      let answer: Answer;
      try {
        answer = await this.#send(method, method === "POST" ? `${this.baseUrl}${path}` : getUrl, form, path, signal, budget.remaining);
      } catch (e) {
        if (isPrometheusHttpError(e) && e.reason === "network" && attempt < retry.retries && !TLS_VERIFY_FAILURE.test(e.message)) {
          await sleep(backoffDelay(retry, attempt, undefined, this.#o.random), signal);
          continue;
        }
        throw e;
      }
      const { status } = answer;
      if (method === "POST" && POST_REFUSED.has(status)) {
        this.#postRefused = true;
        method = "GET";
        attempt--;
        continue;
      }
      if (isRetryableStatus(status) && attempt < retry.retries) {
        await sleep(backoffDelay(retry, attempt, parseRetryAfter(answer.retryAfter), this.#o.random), signal);
        continue;
      }
      budget.remaining -= answer.bytes;
      return decodeApiAnswer({ status, contentType: answer.contentType, body: answer.body, path, secrets: this.#o.secrets });
    }
  }

  /** One attempt: fetch (following redirects) and read the whole body under the timeout. */
  async #send(method: "GET" | "POST", url: string, form: string, path: string, outer: AbortSignal | undefined, maxBytes: number): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timeout"));
    }, this.#o.timeoutMs);
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted === true) onOuterAbort();
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    try {
      let current = new URL(url);
      let m = method;
      let trusted = true;
      for (let hops = 0; ; hops++) {
        const headers: Record<string, string> = { Accept: "application/json", ...(trusted ? this.#o.headers : this.#publicHeaders) };
        if (m === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
        const res = await this.#o.fetch(current.href, { method: m, headers, signal: controller.signal, redirect: "manual", ...(m === "POST" ? { body: form } : {}) });
        if (res.type === "opaqueredirect") {
          throw new PrometheusRedirectError({ code: "bad-location", status: res.status, path, location: "", redirects: hops, detail: "the browser hides the target of this redirect", secrets: this.#o.secrets });
        }
        const location = REDIRECTS.has(res.status) ? res.headers.get("location") : null;
        if (location === null) {
          const { text, bytes } = await readBounded(res, maxBytes, this.#o.maxResponseBytes, path);
          return { status: res.status, body: text, bytes, contentType: res.headers.get("content-type") ?? "", retryAfter: res.headers.get("retry-after") };
        }
        discardBody(res);
        const next = this.#redirectTarget(location, current, res.status, hops, path);
        if (next.origin !== this.#origin) {
          if (this.#o.crossOriginRedirects === "refuse") {
            throw new PrometheusRedirectError({ code: "cross-origin", status: res.status, path, location: `${next.origin}${next.pathname}`, redirects: hops, secrets: this.#o.secrets });
          }
          trusted = false;
        }
        if (m === "POST" && (res.status === 301 || res.status === 302 || res.status === 303)) {
          // What fetch does (POST becomes GET), but the query must still reach the server.
          for (const [k, v] of new URLSearchParams(form)) next.searchParams.append(k, v);
          m = "GET";
        }
        current = next;
      }
    } catch (e) {
      if (isOvskitError(e)) throw e;
      if (timedOut) throw new PrometheusTimeoutError(path, this.#o.timeoutMs);
      if (outer?.aborted === true) throw outer.reason;
      const message = e instanceof Error ? `${e.message}${causeText(e)}` : String(e);
      throw new PrometheusHttpError({ reason: "network", status: 0, path, detail: message, secrets: this.#o.secrets });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
      controller.abort(); // releases the connection of a body left unread (a refused one)
    }
  }

  /** True when a URL holds a secret, also once or several times percent-encoded. */
  #carriesSecret(href: string): boolean {
    let texts = [href];
    for (let round = 0; round < 4 && texts.length > 0; round++) {
      if (texts.some((t) => this.#redact(t) !== t)) return true;
      texts = texts.flatMap((t) => [decodeOnce(t), decodeOnce(t.replace(/\+/g, " "))]).filter((d, i, all) => d !== undefined && all.indexOf(d) === i && !texts.includes(d)) as string[];
    }
    return false;
  }

  /** The URL a redirect goes to, or a typed refusal. */
  #redirectTarget(location: string, current: URL, status: number, hops: number, path: string): URL {
    const refuse = (code: "bad-location" | "too-many-redirects", target: string, detail?: string): never => {
      throw new PrometheusRedirectError({ code, status, path, location: target, redirects: hops, secrets: this.#o.secrets, ...(detail === undefined ? {} : { detail }) });
    };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return refuse("bad-location", "", "the Location header is not a URL");
    }
    const shown = `${next.origin}${next.pathname}`;
    if (next.protocol !== "http:" && next.protocol !== "https:") return refuse("bad-location", "", `not an http(s) URL (${next.protocol})`);
    if (next.username !== "" || next.password !== "") return refuse("bad-location", shown, "the target carries credentials");
    if (this.#carriesSecret(next.href)) return refuse("bad-location", shown, "the target carries a secret of the client");
    if (hops >= this.#o.maxRedirects) return refuse("too-many-redirects", shown);
    next.hash = "";
    return next;
  }
}

function decodeOnce(t: string): string | undefined {
  try {
    return decodeURIComponent(t);
  } catch {
    // a stray "%": decode what can be decoded
    return t.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

/** The `cause` chain of a fetch failure (undici puts ECONNREFUSED / certificate errors there). */
function causeText(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error) return ` (${cause.message})`;
  return "";
}
