/**
 * Readers of metrics.yaml values that throw {@link MetricsConfigError} naming the key.
 *
 * @internal
 * @module
 */
import { parsePrometheusDuration } from "../core/duration.js";
import { MetricsConfigError } from "./config-error.js";

/** @internal */
export type Obj = Record<string, unknown>;
/** @internal */
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** @internal */
export const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** @internal */
export function checkKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new MetricsConfigError(path === "" ? k : `${path}.${k}`, `unknown key (allowed: ${allowed.join(", ")})`);
  }
}

/** @internal */
export function str(o: Obj, key: string, path: string, fallback?: string): string {
  const v = o[key] ?? fallback;
  if (typeof v !== "string" || v.trim() === "") throw new MetricsConfigError(`${path}.${key}`, "must be a non-empty string");
  return v;
}

/** @internal */
export function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], fallback?: T): T {
  const v = o[key] ?? fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new MetricsConfigError(`${path}.${key}`, `must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`);
  }
  return v as T;
}

/** @internal */
export function positiveInt(o: Obj, key: string, path: string, fallback: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new MetricsConfigError(`${path}.${key}`, "must be a positive integer");
  return v;
}

/** @internal A positive Prometheus duration (`5m`, `1h30m`). */
export function duration(o: Obj, key: string, path: string, fallback: string, { allowZero = false }: { readonly allowZero?: boolean } = {}): string {
  const v = str(o, key, path, fallback);
  let ms: number;
  try {
    ms = parsePrometheusDuration(v);
  } catch (e) {
    throw new MetricsConfigError(`${path}.${key}`, (e as Error).message);
  }
  if (ms < 0 || (ms === 0 && !allowZero)) throw new MetricsConfigError(`${path}.${key}`, allowZero ? "must not be negative" : "must be positive");
  return v;
}

/** @internal A mapping of label names to string values. */
export function labelMap(v: unknown, path: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) throw new MetricsConfigError(path, "must be a mapping of label names to strings");
  for (const [k, x] of Object.entries(v)) {
    if (!LABEL.test(k)) throw new MetricsConfigError(`${path}.${k}`, "is not a valid label name");
    if (typeof x !== "string") throw new MetricsConfigError(`${path}.${k}`, "must be a string");
  }
  return { ...(v as Record<string, string>) };
}
