/**
 * `stringWork(fn)`: how many characters the string operations of `fn` touch, counted by
 * instrumenting `String.prototype` while `fn` runs. A deterministic measure of work for tests
 * that a parser stays linear (the work on a 4x input is about 4x), with no wall clock.
 *
 * Counted: `charCodeAt` (1 per call), `indexOf` / `lastIndexOf` / `includes` (the chars scanned),
 * `startsWith` / `endsWith` (the length compared), `slice` / `substring` (the length taken),
 * `RegExp#exec` / `RegExp#test` (the length of the subject).
 */
export function stringWork(fn: () => unknown): number {
  const S = String.prototype;
  const R = RegExp.prototype;
  const saved = {
    charCodeAt: S.charCodeAt,
    indexOf: S.indexOf,
    lastIndexOf: S.lastIndexOf,
    includes: S.includes,
    startsWith: S.startsWith,
    endsWith: S.endsWith,
    slice: S.slice,
    substring: S.substring,
    exec: R.exec,
    test: R.test,
  };
  let work = 0;
  const patch = <K extends keyof typeof saved>(target: object, name: K, count: (self: string, args: unknown[], result: unknown) => number): void => {
    const original = saved[name] as (...a: unknown[]) => unknown;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function (this: string, ...args: unknown[]): unknown {
        const result = original.apply(this, args);
        work += count(this, args, result);
        return result;
      },
    });
  };
  const from = (v: unknown, fallback: number): number => (typeof v === "number" ? Math.max(0, Math.trunc(v)) : fallback);
  patch(S, "charCodeAt", () => 1);
  patch(S, "indexOf", (s, a, r) => ((r as number) < 0 ? s.length : (r as number)) - from(a[1], 0) + String(a[0]).length);
  patch(S, "lastIndexOf", (s, a, r) => Math.min(s.length, from(a[1], s.length)) - Math.max(0, r as number) + 1);
  patch(S, "includes", (s, a) => s.length - from(a[1], 0));
  patch(S, "startsWith", (_s, a) => String(a[0]).length);
  patch(S, "endsWith", (_s, a) => String(a[0]).length);
  patch(S, "slice", (_s, _a, r) => (r as string).length);
  patch(S, "substring", (_s, _a, r) => (r as string).length);
  patch(R, "exec", (_s, a) => String(a[0]).length);
  patch(R, "test", (_s, a) => String(a[0]).length);
  try {
    fn();
  } catch {
    // A refused input did its work too.
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      Object.defineProperty(name === "exec" || name === "test" ? R : S, name, { configurable: true, writable: true, value });
    }
  }
  return work;
}
