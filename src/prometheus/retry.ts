/**
 * Retry policy of the Prometheus client: which answers are retried, and how long to wait
 * (exponential backoff with full jitter, or the server's `Retry-After`).
 *
 * @module
 */

/** How the client retries. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 3; 0 disables retries). */
  readonly retries: number;
  /** First backoff step in ms (default 200). */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts, also caps `Retry-After` (default 10,000). */
  readonly maxDelayMs: number;
}

/**
 * The default {@link RetryPolicy}: 3 retries, 200 ms doubling, at most 10 s per wait.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY_POLICY, PrometheusClient } from "ovskit";
 * new PrometheusClient({ url: "http://localhost:9090", retries: { ...DEFAULT_RETRY_POLICY, retries: 5 } });
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * True for the HTTP statuses that are worth another attempt: 429 and 502 / 503 / 504. Never
 * 400 or 422 (the query itself is wrong).
 *
 * @example
 * ```ts
 * import { isRetryableStatus } from "ovskit";
 * isRetryableStatus(503); // true
 * isRetryableStatus(422); // false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or not understood.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "ovskit";
 * parseRetryAfter("2");  // 2000
 * parseRetryAfter(null); // undefined
 * ```
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const date = Date.parse(t);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` (0-based): full jitter over an exponential ceiling,
 * `random() * min(maxDelayMs, baseDelayMs * 2^attempt)`, or the server's `Retry-After` (capped
 * at `maxDelayMs`) when it gave one.
 *
 * @example
 * ```ts
 * import { backoffDelay, DEFAULT_RETRY_POLICY } from "ovskit";
 * backoffDelay(DEFAULT_RETRY_POLICY, 2, undefined, () => 0.5); // 400
 * backoffDelay(DEFAULT_RETRY_POLICY, 0, 3000);                  // 3000 (Retry-After wins)
 * ```
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxDelayMs, retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason when it aborts first.
 *
 * @example
 * ```ts
 * import { sleep } from "ovskit";
 * await sleep(10);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
