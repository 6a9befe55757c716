/**
 * Shape checks for decoding Prometheus API data: each check names where in the answer the value
 * sits (`data.result[3].value[1]`) and throws a {@link PrometheusHttpError} `"malformed"` whose
 * text never carries a secret of the client.
 *
 * @module
 */
import { PrometheusHttpError } from "./http-error.js";
import { createRedactor, excerpt } from "./secrets.js";
import type { Labels } from "./types.js";

/** What a decoder needs to raise a proper error. */
export interface DecodeContext {
  /** API path the data came from (`/api/v1/rules`). */
  readonly path: string;
  /** Strings that must never appear in an error (token, password). */
  readonly secrets: readonly string[];
}

/**
 * Throws the `"malformed"` error for a value at `at`.
 *
 * @internal
 * @example
 * ```ts
 * fail({ path: "/api/v1/query", secrets: [] }, "data.result", "not an array");
 * ```
 */
export function fail(ctx: DecodeContext, at: string, what: string): never {
  throw new PrometheusHttpError({ reason: "malformed", status: 200, path: ctx.path, detail: `${at}: ${what}`, secrets: ctx.secrets });
}

/**
 * A short description of a value for an error message: its type, and the start of a string
 * (secrets removed before it is cut, so that no part of one is left).
 *
 * @internal
 * @example
 * ```ts
 * describeValue(ctx, "0x10"); // 'the string "0x10"'
 * ```
 */
export function describeValue(ctx: DecodeContext, v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(excerpt(v, 40, createRedactor(ctx.secrets)))}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  if (typeof v === "number") return Number.isFinite(v) ? `the number ${v}` : `the number ${String(v)}`;
  return `a ${typeof v}`;
}

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @internal
 * @example
 * ```ts
 * isObject({}); // true
 * ```
 */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The value as an object, or the `"malformed"` error.
 *
 * @internal
 * @example
 * ```ts
 * asObject(ctx, data, "data");
 * ```
 */
export function asObject(ctx: DecodeContext, v: unknown, at: string): Record<string, unknown> {
  return isObject(v) ? v : fail(ctx, at, `expected an object, got ${describeValue(ctx, v)}`);
}

/**
 * The value as an array, or the `"malformed"` error.
 *
 * @internal
 * @example
 * ```ts
 * asArray(ctx, data.result, "data.result");
 * ```
 */
export function asArray(ctx: DecodeContext, v: unknown, at: string): unknown[] {
  return Array.isArray(v) ? v : fail(ctx, at, `expected an array, got ${describeValue(ctx, v)}`);
}

/**
 * The value as a string, or the `"malformed"` error.
 *
 * @internal
 * @example
 * ```ts
 * asString(ctx, rule.name, "data.groups[0].rules[1].name");
 * ```
 */
export function asString(ctx: DecodeContext, v: unknown, at: string): string {
  return typeof v === "string" ? v : fail(ctx, at, `expected a string, got ${describeValue(ctx, v)}`);
}

/**
 * The value as a finite number, or the `"malformed"` error.
 *
 * @internal
 * @example
 * ```ts
 * asFinite(ctx, group.interval, "data.groups[0].interval");
 * ```
 */
export function asFinite(ctx: DecodeContext, v: unknown, at: string): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fail(ctx, at, `expected a finite number, got ${describeValue(ctx, v)}`);
}

/**
 * An array of strings, or the `"malformed"` error.
 *
 * @internal
 * @example
 * ```ts
 * asStrings(ctx, data, "data");
 * ```
 */
export function asStrings(ctx: DecodeContext, v: unknown, at: string): string[] {
  const a = asArray(ctx, v, at);
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== "string") fail(ctx, `${at}[${i}]`, `expected a string, got ${describeValue(ctx, a[i])}`);
  return a as string[];
}

/**
 * A label set (an object of strings), or the `"malformed"` error. The parsed object itself is
 * returned (copying would turn a `__proto__` label into a prototype).
 *
 * @internal
 * @example
 * ```ts
 * asLabels(ctx, s.metric, "data.result[0].metric");
 * ```
 */
export function asLabels(ctx: DecodeContext, v: unknown, at: string): Labels {
  const o = asObject(ctx, v, at);
  for (const k of Object.keys(o)) if (typeof o[k] !== "string") fail(ctx, `${at}.${k}`, `label values must be strings, got ${describeValue(ctx, o[k])}`);
  return o as Labels;
}
