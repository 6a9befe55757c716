/**
 * From {@link PrometheusClientOptions} to what the transport needs: the base URL without
 * credentials (userinfo moves into the Authorization header), the headers, which of them are
 * secrets, the list of secrets to redact, and checked bounds.
 *
 * @module
 */
import { PrometheusRequestError } from "./request-error.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
import { base64Utf8, createRedactor } from "./secrets.js";
import type { PrometheusClientOptions } from "./client.js";
import type { CrossOriginRedirectPolicy } from "./transport.js";

/**
 * Header names whose values are secrets by default (besides those listed in `secretHeaders`):
 * any name containing `auth`, `cookie`, `token`, `secret`, `passw`, `api-key` / `apikey` /
 * `api_key`, `session`, `credential` or `signature`, case-insensitive.
 *
 * @example
 * ```ts
 * import { SECRET_HEADER_PATTERN } from "ovskit";
 * SECRET_HEADER_PATTERN.test("X-Api-Key");     // true
 * SECRET_HEADER_PATTERN.test("X-Scope-OrgID"); // false
 * ```
 */
export const SECRET_HEADER_PATTERN = /auth|cookie|token|secret|passw|api[-_]?key|session|credential|signature/i;

/**
 * The default bound on the bytes one call reads (64 MiB).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RESPONSE_BYTES } from "ovskit";
 * console.log(DEFAULT_MAX_RESPONSE_BYTES); // 67108864
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The default bound on redirects followed in a row.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_REDIRECTS } from "ovskit";
 * console.log(DEFAULT_MAX_REDIRECTS); // 5
 * ```
 */
export const DEFAULT_MAX_REDIRECTS = 5;

/** The resolved client configuration. */
export interface ClientConfig {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly secretHeaders: ReadonlySet<string>;
  readonly secrets: readonly string[];
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly postThreshold: number;
  readonly maxPointsPerSeries: number;
  readonly maxRangePoints: number;
  readonly maxRangeRequests: number;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
  readonly crossOriginRedirects: CrossOriginRedirectPolicy;
}

/** The URL as text for an error: everything up to the last "@" (credentials) left out. */
function shownUrl(url: string): string {
  const at = url.lastIndexOf("@");
  const shown = at < 0 ? url : `<credentials removed>@${url.slice(at + 1)}`;
  return JSON.stringify(shown.length > 200 ? `${shown.slice(0, 200)}...` : shown);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A whole number in [min, max], or the typed error naming the option. */
function bound(name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new PrometheusRequestError("bad-option", name, `must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function retryPolicy(r: PrometheusClientOptions["retries"]): RetryPolicy {
  const p: RetryPolicy = typeof r === "number" ? { ...DEFAULT_RETRY_POLICY, retries: r } : { ...DEFAULT_RETRY_POLICY, ...r };
  return {
    retries: bound("retries", p.retries, 3, 0, 100),
    baseDelayMs: bound("retries.baseDelayMs", p.baseDelayMs, 200, 0, 3_600_000),
    maxDelayMs: bound("retries.maxDelayMs", p.maxDelayMs, 10_000, 0, 3_600_000),
  };
}

/**
 * Checks the options and resolves them (URL credentials into the Authorization header).
 *
 * @internal
 * @example
 * ```ts
 * resolveClientConfig({ url: "http://admin:pw@localhost:9090" }).baseUrl; // "http://localhost:9090"
 * ```
 */
export function resolveClientConfig(options: PrometheusClientOptions): ClientConfig {
  let u: URL;
  try {
    u = new URL(options.url);
  } catch {
    throw new PrometheusRequestError("bad-url", "url", `not a URL: ${shownUrl(String(options.url))}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new PrometheusRequestError("bad-url", "url", `must start with http:// or https://, got ${shownUrl(options.url)}`);
  if (u.search !== "" || u.hash !== "") throw new PrometheusRequestError("bad-url", "url", "must not have a query string or fragment (the client adds the API path and parameters)");
  if (options.tls !== undefined && options.fetch === undefined) {
    throw new PrometheusRequestError("bad-option", "tls", "tls options need a TLS-capable fetch; use createNodePrometheusClient() from ovskit/node");
  }
  const secrets: string[] = [];
  const headers: Record<string, string> = {};
  const secretHeaders = new Set<string>((options.secretHeaders ?? []).map((h) => h.toLowerCase()));
  const explicitAuth = options.token !== undefined || options.basicAuth !== undefined;
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (explicitAuth && k.toLowerCase() === "authorization") continue; // token / basicAuth win
    headers[k] = v;
    if (SECRET_HEADER_PATTERN.test(k)) secretHeaders.add(k.toLowerCase());
  }
  for (const [k, v] of Object.entries(headers)) {
    if (!secretHeaders.has(k.toLowerCase())) continue;
    secrets.push(v, v.replace(/^\S+\s+/, ""));
    // Parts of a cookie header; tiny ones would blank out unrelated text and are left alone.
    for (const cookie of v.split(";")) secrets.push(...[cookie.trim(), cookie.replace(/^[^=]*=/, "").trim()].filter((p) => p.length >= 6));
  }
  // Configured secrets are redacted even when another credential is the one sent.
  if (options.token !== undefined) secrets.push(options.token);
  if (options.basicAuth !== undefined) secrets.push(options.basicAuth.password, `${options.basicAuth.username}:${options.basicAuth.password}`);
  if (u.username !== "" || u.password !== "") {
    const username = decode(u.username);
    const password = decode(u.password);
    secrets.push(u.password, password, `${username}:${password}`, `${u.username}:${u.password}`);
    if (explicitAuth || Object.keys(headers).some((k) => k.toLowerCase() === "authorization")) {
      throw new PrometheusRequestError("bad-url", "url", "credentials are given twice (in the URL and as token, basicAuth or an Authorization header)");
    }
    const encoded = base64Utf8(`${username}:${password}`);
    headers.Authorization = `Basic ${encoded}`;
    secrets.push(encoded);
  } else if (options.token !== undefined) {
    headers.Authorization = `Bearer ${options.token}`;
    secrets.push(options.token, headers.Authorization);
  } else if (options.basicAuth !== undefined) {
    const { username, password } = options.basicAuth;
    const encoded = base64Utf8(`${username}:${password}`);
    headers.Authorization = `Basic ${encoded}`;
    secrets.push(password, `${username}:${password}`, encoded);
  }
  if (headers.Authorization !== undefined) secretHeaders.add("authorization");
  const uniqueSecrets = [...new Set(secrets.filter((s) => s.trim() !== ""))];
  const redirects = options.crossOriginRedirects ?? "refuse";
  if (redirects !== "refuse" && redirects !== "strip-secrets") {
    throw new PrometheusRequestError("bad-option", "crossOriginRedirects", `must be "refuse" or "strip-secrets", got ${JSON.stringify(createRedactor(uniqueSecrets)(String(redirects)))}`);
  }
  return {
    baseUrl: `${u.origin}${u.pathname.replace(/\/+$/, "")}`,
    headers,
    secretHeaders,
    secrets: uniqueSecrets,
    retry: retryPolicy(options.retries),
    timeoutMs: bound("timeoutMs", options.timeoutMs, 30_000, 1, 86_400_000),
    postThreshold: bound("postThreshold", options.postThreshold, 2000, 0),
    maxPointsPerSeries: bound("maxPointsPerSeries", options.maxPointsPerSeries, 11_000, 1),
    maxRangePoints: bound("maxRangePoints", options.maxRangePoints, 1_100_000, 1),
    maxRangeRequests: bound("maxRangeRequests", options.maxRangeRequests, 100, 1, 100_000),
    maxResponseBytes: bound("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1),
    maxRedirects: bound("maxRedirects", options.maxRedirects, DEFAULT_MAX_REDIRECTS, 0, 100),
    crossOriginRedirects: redirects,
  };
}
