/**
 * Validation of the two sources of flow-export configuration: the Network CR's
 * `exportNetworkFlows` and the `ovs-ipfix-config` ConfigMap. Every problem is reported, with the
 * path of the value (`ipfix[2]`, `sampling`), not only the first.
 *
 * @module
 */
import type { ExportConfigIssue, ExportConfigIssueCode } from "./errors.js";
import { type FlowsConfigOptions, readFlowsConfigMap } from "./flows-config-map.js";
import { collectorTarget, parseCollectorTarget } from "./targets.js";
import type { CollectorTarget } from "./types.js";

/** The CR's protocol keys, in the order they are checked. */
const CR_KEYS = ["netFlow", "sFlow", "ipfix"] as const;
const U32_MAX = 4294967295;

/**
 * The limits of OVS's IPFIX columns (the ConfigMap's numbers are uint32; OVS refuses
 * `sampling` 0 and `cache_active_timeout` above 4200).
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
 * `ipfix[2]`, built from `path`). A collector listed twice is a warning (ovn-kubernetes keeps
 * one, and so does ovskit).
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
    if (first !== undefined) return issues.push(issue(at, "duplicate", `${t.text} is already listed at ${path}[${first}] (ovn-kubernetes keeps one)`, "warning"));
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
export function validateExportNetworkFlows(input: unknown, options: FlowsConfigOptions = {}): ValidatedCr {
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
    for (const i of r.issues) issues.push(i); // no spread: a list may hold 100,000s of items
    out[key] = r.targets;
    // The Network CRD's schema: IPv4 ip:port only, 1 to 10 items.
    if (Array.isArray(list) && list.length > 10) issues.push(issue(path, "crd", `${list.length} collectors: the Network CRD accepts at most 10`, "warning"));
    if (Array.isArray(list)) {
      list.forEach((item: unknown, i) => {
        const t = typeof item === "string" ? parseCollectorTarget(item) : undefined;
        if (t !== undefined && !("error" in t) && t.family === 6) {
          issues.push(issue(`${path}[${i}]`, "crd", `${t.text}: the Network CRD accepts IPv4 ip:port only (the API server refuses IPv6 here)`, "warning"));
        }
      });
    }
  }
  return options.strict === true ? { ...out, issues: issues.map((i) => ({ ...i, severity: "error" as const })) } : out;
}


/**
 * What {@link validateIpfixConfigMap} found.
 *
 * @deprecated Since 0.2.0: use {@link readFlowsConfigMap} and its {@link FlowsConfig}; removed in 0.3.0.
 */
export interface ValidatedConfigMap {
  readonly sharedTarget?: CollectorTarget;
  readonly nodePort?: number;
  readonly sampling?: number;
  readonly cacheActiveTimeout?: number;
  readonly cacheMaxFlows?: number;
  readonly issues: ExportConfigIssue[];
}

/**
 * The ConfigMap read by {@link readFlowsConfigMap}, in the 0.1 shape (`sharedTarget` as a
 * target, `nodePort` as a number). The rules are the shipped operator's, as in
 * {@link readFlowsConfigMap}: `sharedTarget` wins over `nodePort` (a warning), unparsable or 0
 * values are warnings.
 *
 * @deprecated Since 0.2.0: use {@link readFlowsConfigMap}; removed in 0.3.0.
 * @example
 * ```ts
 * import { validateIpfixConfigMap } from "ovskit";
 * validateIpfixConfigMap({ sharedTarget: "10.96.0.9:2055", nodePort: "2055" }).issues[0].code; // "conflict" (a warning)
 * ```
 */
export function validateIpfixConfigMap(input: unknown, options: FlowsConfigOptions = {}): ValidatedConfigMap {
  const r = readFlowsConfigMap(input, options);
  const fc = r.flowsConfig;
  const c = fc?.collectors?.[0];
  const shared = fc?.from === "sharedTarget" && c?.ip !== undefined && c.port >= 1 && c.port <= 65535 ? collectorTarget(c.ip, c.port) : undefined;
  return {
    ...(shared !== undefined && { sharedTarget: shared }),
    ...(fc?.from === "nodePort" && c !== undefined && { nodePort: c.port }),
    ...(fc?.sampling !== undefined && { sampling: fc.sampling }),
    ...(fc?.cacheActiveTimeout !== undefined && { cacheActiveTimeout: fc.cacheActiveTimeout }),
    ...(fc?.cacheMaxFlows !== undefined && { cacheMaxFlows: fc.cacheMaxFlows }),
    issues: [...r.issues],
  };
}
