/**
 * A minimal plain-data check for the OVSDB tests: the value holds only objects (prototype
 * `Object.prototype` or null), arrays, strings, numbers, booleans, bigint, null and
 * `Uint8Array`; every property is a data property (no getters); no cycles; no object or array
 * reached twice unless it is frozen (shared frozen empties are allowed). Local to the OVSDB
 * suites until the generic `test/helpers/plain-data.ts` (wave/flows) is on main.
 */
export function assertPlainData(value: unknown, path = "$"): void {
  const seen = new Set<object>();
  const onPath = new Set<object>();
  const walk = (v: unknown, at: string): void => {
    switch (typeof v) {
      case "string":
      case "number":
      case "boolean":
      case "bigint":
        return;
      case "undefined":
        throw new Error(`${at}: undefined (an absent property must be absent)`);
      case "function":
      case "symbol":
        throw new Error(`${at}: a ${typeof v} is not plain data`);
    }
    if (v === null) return;
    const o = v as object;
    if (o instanceof Uint8Array) return;
    if (onPath.has(o)) throw new Error(`${at}: a cycle`);
    if (seen.has(o)) {
      if (!Object.isFrozen(o)) throw new Error(`${at}: a node reached twice that is not frozen`);
      return;
    }
    seen.add(o);
    const proto = Object.getPrototypeOf(o) as unknown;
    if (!Array.isArray(o) && proto !== Object.prototype && proto !== null) {
      throw new Error(`${at}: a ${(o as { constructor?: { name?: string } }).constructor?.name ?? "class"} instance is not plain data`);
    }
    if (Object.getOwnPropertySymbols(o).length > 0) throw new Error(`${at}: symbol-keyed properties`);
    onPath.add(o);
    for (const key of Object.getOwnPropertyNames(o)) {
      if (Array.isArray(o) && key === "length") continue;
      const d = Object.getOwnPropertyDescriptor(o, key) as PropertyDescriptor;
      if (d.get !== undefined || d.set !== undefined) throw new Error(`${at}.${key}: a getter or setter`);
      if (!d.enumerable) throw new Error(`${at}.${key}: a hidden (non-enumerable) property`);
      walk(d.value, Array.isArray(o) ? `${at}[${key}]` : `${at}.${key}`);
    }
    onPath.delete(o);
  };
  walk(value, path);
}
