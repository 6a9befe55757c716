/**
 * "Did you mean ...?": the known names nearest to a mistyped one, by edit distance.
 *
 * @module
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `nw_dts` → `nw_dst`
 * and `tabel` → `table` are 1 edit. Case-insensitive. Stops early (returns `max + 1`) once the
 * distance must exceed `max`.
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

/**
 * The names of `known` nearest to `name` (case-insensitive): those at the smallest edit
 * distance found, if it is within a third of the name's length (at least 1), at most `limit`;
 * a known name that starts with a name of 3+ characters counts as a little farther
 * (`resub` → `resubmit`). @internal
 *
 * @example
 * ```ts
 * nearestNames("nw_dts", ["nw_dst", "nw_src", "tp_dst"]); // ["nw_dst"]
 * ```
 */
export function nearestNames(name: string, known: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const max = Math.max(1, Math.floor(lower.length / 3));
  const found: { name: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const k of known) {
    if (seen.has(k)) continue;
    seen.add(k);
    const kl = k.toLowerCase();
    let d = distance(lower, kl, max);
    if (d > max && lower.length >= 3 && kl.startsWith(lower)) d = max + 0.5;
    if (d <= max + 0.5) found.push({ name: k, d });
  }
  const best = Math.min(...found.map((x) => x.d));
  return found
    .filter((x) => x.d === best)
    .sort((x, y) => Math.abs(x.name.length - name.length) - Math.abs(y.name.length - name.length) || (x.name < y.name ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.name);
}
