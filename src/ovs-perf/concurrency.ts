/**
 * Bounded concurrency for the collectors.
 *
 * @module
 */

/**
 * Maps `items` through the async `fn` with at most `limit` calls in flight; results keep the
 * input order. A rejection is returned as a settled result, never thrown, so one failing query
 * does not stop the others.
 *
 * @example
 * ```ts
 * import { mapSettledBounded } from "ovskit";
 * const r = await mapSettledBounded([1, 2, 3], 2, async (n) => n * 2);
 * console.log(r.map((x) => (x.status === "fulfilled" ? x.value : x.reason))); // [2, 4, 6]
 * ```
 */
export async function mapSettledBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i]!, i) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
