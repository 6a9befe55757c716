/**
 * Validation of the two sources of flow-export configuration: the Network CR's
 * `exportNetworkFlows` and the `ovs-ipfix-config` ConfigMap. Every problem is reported, with the
 * path of the value (`ipfix[2]`, `sampling`), not only the first.
 *
 * @module
 */
import { parsePrometheusDuration } from "../core/duration.js";
import type { ExportConfigIssue, ExportConfigIssueCode } from "./errors.js";
import { parseCollectorTarget } from "./targets.js";
import type { CollectorTarget } from "./types.js";

/** The CR's protocol keys, in the order they are checked. */
const CR_KEYS = ["netFlow", "sFlow", "ipfix"] as const;
const CM_KEYS = ["sharedTarget", "nodePort", "sampling", "cacheActiveTimeout", "cacheMaxFlows"];
const U32_MAX = 4294967295;

/**
 * The limits of the numeric ConfigMap keys.
 *
 * @example
 * ```ts
 * import { IPFIX_LIMITS } from "ovskit";
 * IPFIX_LIMITS.cacheActiveTimeout.max; // 4200
 * ```
 */
export const IPFIX_LIMITS = {
  sampling: { min: 1, max: U32_MAX, default: 400 },
  cacheActiveTimeout: { min: 0, max: 4200 },
  cacheMaxFlows: { min: 0, max: U32_MAX },
} as const;

function issue(path: string, code: ExportConfigIssueCode, message: string, severity: "error" | "warning" = "error"): ExportConfigIssue {
  return { path, code, message, severity };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks a list of `ip:port` collectors; returns the parsed targets and the issues (paths like
 * `ipfix[2]`, built from `path`).
 *
 * @example
 * ```ts
 * import { validateCollectors } from "ovskit";
 * validateCollectors(["10.0.0.1:2055", "10.0.0.1:2055"], "ipfix").issues[0]; // { path: "ipfix[1]", code: "duplicate", ... }
 * ```
 */
export function validateCollectors(list: unknown, path: string): { targets: CollectorTarget[]; issues: ExportConfigIssue[] } {
  const issues: ExportConfigIssue[] = [];
  const targets: CollectorTarget[] = [];
  if (!Array.isArray(list)) return { targets, issues: [issue(path, "type", "expected a list of ip:port collectors")] };
  if (list.length === 0) issues.push(issue(path, "missing", "the list of collectors is empty"));
  const seen = new Map<string, number>();
  list.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof item !== "string") return issues.push(issue(at, "type", `expected an ip:port string, got ${typeof item}`));
    const t = parseCollectorTarget(item);
    if ("error" in t) return issues.push(issue(at, "bad-target", t.error));
    const first = seen.get(t.text);
    if (first !== undefined) return issues.push(issue(at, "duplicate", `${t.text} is already listed at ${path}[${first}]`));
    seen.set(t.text, i);
    targets.push(t);
    return undefined;
  });
  return { targets, issues };
}

/** What {@link validateExportNetworkFlows} found. */
export interface ValidatedCr {
  readonly netFlow?: CollectorTarget[];
  readonly sFlow?: CollectorTarget[];
  readonly ipfix?: CollectorTarget[];
  readonly issues: ExportConfigIssue[];
}

/**
 * Validates `spec.exportNetworkFlows`. Each protocol takes a list of `ip:port` strings, or CNO's
 * `{ collectors: [...] }`. Paths are relative to `exportNetworkFlows` (`ipfix[2]`,
 * `sFlow.collectors[0]`).
 *
 * @example
 * ```ts
 * import { validateExportNetworkFlows } from "ovskit";
 * const v = validateExportNetworkFlows({ netFlow: ["10.0.0.1:2056"], ipfix: { collectors: ["fd00::1:4739"] } });
 * v.issues; // [{ path: "ipfix.collectors[0]", code: "bad-target", message: "IPv6 addresses must be in brackets: [fd00::1]:4739", ... }]
 * ```
 */
export function validateExportNetworkFlows(input: unknown): ValidatedCr {
  const issues: ExportConfigIssue[] = [];
  const out: { -readonly [K in keyof ValidatedCr]: ValidatedCr[K] } = { issues };
  if (input === undefined || input === null) return out;
  if (!isRecord(input)) return { issues: [issue("", "type", "exportNetworkFlows must be an object")] };
  for (const key of Object.keys(input)) {
    if (!(CR_KEYS as readonly string[]).includes(key)) issues.push(issue(key, "unknown-key", `unknown key "${key}" (expected netFlow, sFlow or ipfix)`, "warning"));
  }
  for (const key of CR_KEYS) {
    const v = input[key];
    if (v === undefined || v === null) continue;
    const list = isRecord(v) ? v.collectors : v;
    const path = isRecord(v) ? `${key}.collectors` : key;
    const r = validateCollectors(list, path);
    issues.push(...r.issues);
    out[key] = r.targets;
  }
  return out;
}

/** What {@link validateIpfixConfigMap} found. */
export interface ValidatedConfigMap {
  readonly sharedTarget?: CollectorTarget;
  readonly nodePort?: number;
  readonly sampling?: number;
  readonly cacheActiveTimeout?: number;
  readonly cacheMaxFlows?: number;
  readonly issues: ExportConfigIssue[];
}

/**
 * Validates the `ovs-ipfix-config` ConfigMap (its `data`, or the whole object with a `data`
 * key): exactly one of `sharedTarget` / `nodePort`, and `sampling`, `cacheActiveTimeout`,
 * `cacheMaxFlows` in range. Paths are the data keys.
 *
 * @example
 * ```ts
 * import { validateIpfixConfigMap } from "ovskit";
 * validateIpfixConfigMap({ sharedTarget: "10.96.0.9:2055", nodePort: "2055" }).issues[0].code; // "conflict"
 * validateIpfixConfigMap({ nodePort: "2055", cacheActiveTimeout: "60s", sampling: "0" }).issues[0].path; // "sampling"
 * ```
 */
export function validateIpfixConfigMap(input: unknown): ValidatedConfigMap {
  const issues: ExportConfigIssue[] = [];
  const out: { -readonly [K in keyof ValidatedConfigMap]: ValidatedConfigMap[K] } = { issues };
  const data = isRecord(input) && isRecord(input.data) ? input.data : input;
  if (!isRecord(data)) return { issues: [issue("", "type", "the ConfigMap data must be an object")] };
  for (const key of Object.keys(data)) {
    if (!CM_KEYS.includes(key)) issues.push(issue(key, "unknown-key", `unknown key "${key}" (expected one of ${CM_KEYS.join(", ")})`, "warning"));
  }
  const hasShared = data.sharedTarget !== undefined && data.sharedTarget !== "";
  const hasNode = data.nodePort !== undefined && data.nodePort !== "";
  if (hasShared && hasNode) issues.push(issue("nodePort", "conflict", "sharedTarget and nodePort are mutually exclusive"));
  if (!hasShared && !hasNode) issues.push(issue("sharedTarget", "missing", "one of sharedTarget or nodePort is required"));
  if (hasShared) {
    if (typeof data.sharedTarget !== "string") issues.push(issue("sharedTarget", "type", "expected an ip:port string"));
    else {
      const t = parseCollectorTarget(data.sharedTarget);
      if ("error" in t) issues.push(issue("sharedTarget", "bad-target", t.error));
      else out.sharedTarget = t;
    }
  }
  if (hasNode) {
    const port = integer(data.nodePort, "nodePort", 1, 65535, issues);
    if (port !== undefined) out.nodePort = port;
  }
  const sampling = integer(data.sampling, "sampling", IPFIX_LIMITS.sampling.min, IPFIX_LIMITS.sampling.max, issues);
  if (sampling !== undefined) out.sampling = sampling;
  const timeout = integer(data.cacheActiveTimeout, "cacheActiveTimeout", 0, 4200, issues, true);
  if (timeout !== undefined) out.cacheActiveTimeout = timeout;
  const maxFlows = integer(data.cacheMaxFlows, "cacheMaxFlows", 0, U32_MAX, issues);
  if (maxFlows !== undefined) out.cacheMaxFlows = maxFlows;
  return out;
}

/** Whole seconds of a duration (`90s`, `1m30s`: Prometheus / Go syntax), or undefined. */
function durationSeconds(text: string): number | undefined {
  try {
    const ms = parsePrometheusDuration(text.trim());
    return ms % 1000 === 0 ? ms / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** An integer in [min, max] from a number or a decimal string (or a duration: `90s`, `1m30s`). */
function integer(v: unknown, path: string, min: number, max: number, issues: ExportConfigIssue[], duration = false): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^\s*\d+\s*$/.test(v)) n = Number(v);
  else if (typeof v === "string" && duration && durationSeconds(v) !== undefined) n = durationSeconds(v) as number;
  else {
    issues.push(issue(path, "type", `"${String(v)}" is not a whole number${duration ? " of seconds (or a duration like 60s)" : ""}`));
    return undefined;
  }
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push(issue(path, "range", `${n} is out of range ${min}..${max}`));
    return undefined;
  }
  return n;
}
