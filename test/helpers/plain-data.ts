/**
 * `assertPlainData(value)`: the check behind "results are plain data" (DESIGN.md), reusable by
 * every format's tests.
 *
 * Plain data is objects (prototype `Object.prototype` or `null`), arrays, strings, numbers,
 * booleans, bigint, null, undefined and `Uint8Array`. It fails, naming the path of the offending
 * value (`$.items[3].actions[0]`), on:
 * - class instances, `Map`, `Set`, `Error`, `Date`, functions and symbols (values or keys);
 * - getters / setters (accessor properties), and array properties that are not elements;
 * - a non-enumerable property, unless it is a documented deprecated alias: a data property
 *   holding the very value of an enumerable sibling (`dump.flows === dump.items`), which is then
 *   not walked again;
 * - an object reachable twice (within the value, or through a cycle) that is not deep-frozen:
 *   parsers may share frozen pieces between the items of a dump, nothing else.
 */

export interface PlainDataOptions {
  /**
   * Names of documented 0.1 fields that a result keeps as non-enumerable properties until 0.3.0
   * (the CHANGELOG's migration table), whatever their value: invisible to JSON and
   * `structuredClone`, they are not walked. E.g. `["reason", "excerpt"]` on OVN parse errors.
   */
  readonly hiddenFields?: readonly string[];
}

/** Throws an `Error` naming the path and the reason when `value` is not plain data. */
export function assertPlainData(value: unknown, options: PlainDataOptions = {}): void {
  const problem = plainDataProblem(value, options);
  if (problem !== undefined) throw new Error(`not plain data: ${problem}`);
}

/** The first reason `value` is not plain data (`"$.a[2]: a Map"`), or `undefined`. */
export function plainDataProblem(value: unknown, options: PlainDataOptions = {}): string | undefined {
  const hidden = new Set(options.hiddenFields ?? []);
  const seen = new Map<object, string>();
  const onPath = new Set<object>();
  const deepFrozen = new Set<object>();

  const isDeepFrozen = (o: object): boolean => {
    if (deepFrozen.has(o)) return true;
    if (!Object.isFrozen(o)) return false;
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      const v: unknown = d?.value;
      if (typeof v === "object" && v !== null && !isDeepFrozen(v)) return false;
    }
    deepFrozen.add(o);
    return true;
  };

  const walk = (v: unknown, path: string): string | undefined => {
    switch (typeof v) {
      case "string":
      case "number":
      case "boolean":
      case "bigint":
      case "undefined":
        return undefined;
      case "function":
        return `${path}: a function`;
      case "symbol":
        return `${path}: a symbol`;
    }
    if (v === null) return undefined;
    const o = v as object;
    if (onPath.has(o)) return `${path}: a cycle (refers back to ${seen.get(o) ?? "?"})`;
    const first = seen.get(o);
    if (first !== undefined) {
      return isDeepFrozen(o) ? undefined : `${path}: the object at ${first} is reachable twice and is not frozen`;
    }
    seen.set(o, path);
    const proto = Object.getPrototypeOf(o) as unknown;
    if (proto === Uint8Array.prototype) return undefined;
    const isArray = Array.isArray(o);
    if (isArray ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
      const name = (o as { constructor?: { name?: unknown } }).constructor?.name;
      return `${path}: a ${typeof name === "string" ? name : "non-plain object"} (not a plain object or array)`;
    }
    const descriptors = Object.getOwnPropertyDescriptors(o) as Record<string | symbol, PropertyDescriptor>;
    const keys = Reflect.ownKeys(descriptors);
    const enumerableValues = new Set<unknown>();
    for (const k of keys) {
      const d = descriptors[k] as PropertyDescriptor;
      if (d.enumerable === true && "value" in d) enumerableValues.add(d.value);
    }
    onPath.add(o);
    try {
      for (const k of keys) {
        const at = typeof k === "symbol" ? `${path}[${String(k)}]` : isArray ? `${path}[${k}]` : `${path}.${k}`;
        if (typeof k === "symbol") return `${at}: a symbol key`;
        const d = descriptors[k] as PropertyDescriptor;
        if (!("value" in d)) return `${at}: a getter / setter`;
        if (isArray && k === "length") continue;
        if (isArray && !isIndex(k)) return `${at}: an array property that is not an element`;
        if (d.enumerable !== true) {
          if (enumerableValues.has(d.value) && typeof d.value === "object" && d.value !== null) continue;
          if (typeof k === "string" && hidden.has(k)) continue;
          return `${at}: a non-enumerable property that is not an alias of an enumerable one`;
        }
        const problem = walk(d.value, at);
        if (problem !== undefined) return problem;
      }
    } finally {
      onPath.delete(o);
    }
    return undefined;
  };
  return walk(value, "$");
}

function isIndex(k: string): boolean {
  const n = Number(k);
  return Number.isInteger(n) && n >= 0 && String(n) === k;
}
