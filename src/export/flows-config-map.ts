/**
 * The `openshift-network-operator/ovs-flows-config` ConfigMap (the proposal's
 * `ovs-ipfix-config`, accepted as an alias) read the way the cluster-network-operator reads it
 * (`pkg/network/ovn_kubernetes.go`: `bootstrapFlowsConfig`, `renderOVNFlowsConfig`): what it
 * keeps, what it ignores with a log line, what it truncates.
 *
 * @module
 */
import type { ExportConfigIssue, ExportConfigIssueCode } from "./errors.js";
import { goDurationSeconds, parseGoDuration } from "./go-duration.js";
import { goParseUint32 } from "./go-net.js";
import { type OvnKubernetesCollector, parseOvnKubernetesCollectors } from "./ovn-kubernetes.js";

/**
 * The ConfigMap the shipped operators use (written by the network-observability-operator, read
 * by the cluster-network-operator), and the name the proposal gave it.
 *
 * @example
 * ```ts
 * import { FLOWS_CONFIG_MAP } from "ovskit";
 * `${FLOWS_CONFIG_MAP.namespace}/${FLOWS_CONFIG_MAP.name}`; // "openshift-network-operator/ovs-flows-config"
 * ```
 */
export const FLOWS_CONFIG_MAP = { name: "ovs-flows-config", namespace: "openshift-network-operator", alias: "ovs-ipfix-config" } as const;

/** The CNO's `bootstrap.FlowsConfig`: what it keeps of the ConfigMap. */
export interface FlowsConfig {
  /** `sharedTarget` as written, or `":" + nodePort` (an empty host: the node's own IP). */
  readonly target: string;
  /** The key the target came from. */
  readonly from: "sharedTarget" | "nodePort";
  /** The collectors ovn-kubernetes will parse out of `target` (undefined when it cannot). */
  readonly collectors?: readonly OvnKubernetesCollector[];
  /** Whole seconds (a Go duration, truncated). */
  readonly cacheActiveTimeout?: number;
  readonly cacheMaxFlows?: number;
  readonly sampling?: number;
}

/** What {@link readFlowsConfigMap} found. */
export interface FlowsConfigMapReading {
  /** The ConfigMap's name (from its metadata; `ovs-flows-config` when only data was given). */
  readonly name: string;
  /** What the operator keeps; absent when it ignores the whole ConfigMap. */
  readonly flowsConfig?: FlowsConfig;
  /** Paths are the data keys (`sampling`) or `metadata.name` / `metadata.namespace`. */
  readonly issues: readonly ExportConfigIssue[];
}

/** Options of {@link readFlowsConfigMap} (and of the functions built on it). */
export interface FlowsConfigOptions {
  /** Every warning (a value the operators ignore, truncate or drop) becomes an error. */
  readonly strict?: boolean;
}

const KEYS = ["sharedTarget", "nodePort", "sampling", "cacheActiveTimeout", "cacheMaxFlows"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the flow-export ConfigMap (the object with `metadata` and `data`, or its `data` alone)
 * as the cluster-network-operator does:
 * - `sharedTarget` is used when the key is present (even with `nodePort`: a `conflict`
 *   warning), else `nodePort` becomes `":PORT"`; with neither, or with an empty target, the
 *   operator ignores the ConfigMap (a warning, no `flowsConfig`);
 * - `cacheActiveTimeout` is a Go duration (`"60s"`; a bare `"60"` is ignored), truncated to whole
 *   seconds; `cacheMaxFlows` and `sampling` are uint32; a value that does not parse is ignored
 *   with a warning, not fatal;
 * - a 0 is kept but the operator's template does not pass it on, so ovn-kubernetes' default
 *   applies (`sampling` 0 does not disable sampling: 1 in 400 it stays): a warning;
 * - errors are what breaks further down: a target ovnkube-node cannot parse (it exits), a
 *   port outside 1..65535, a `cacheActiveTimeout` over 4200 s or negative (OVS refuses it);
 * - a `metadata.name` other than `ovs-flows-config` (or the alias `ovs-ipfix-config`, a warning)
 *   or a namespace other than `openshift-network-operator` is an error: the operator never
 *   reads that ConfigMap.
 *
 * @example
 * ```ts
 * import { readFlowsConfigMap } from "ovskit";
 * const r = readFlowsConfigMap({ sharedTarget: "1.2.3.4:3030", nodePort: "3131", cacheActiveTimeout: "3200ms", sampling: "55" });
 * r.flowsConfig; // { target: "1.2.3.4:3030", from: "sharedTarget", collectors: [...], cacheActiveTimeout: 3, sampling: 55 }
 * r.issues.map((i) => i.code); // ["conflict", "truncated"]
 * ```
 */
export function readFlowsConfigMap(input: unknown, options: FlowsConfigOptions = {}): FlowsConfigMapReading {
  const issues: ExportConfigIssue[] = [];
  const add = (path: string, code: ExportConfigIssueCode, message: string, severity: "error" | "warning" = "warning") =>
    issues.push({ path, code, message, severity: severity === "warning" && options.strict === true ? "error" : severity });
  const isObject = isObj(input) && (input.kind === "ConfigMap" || isObj(input.metadata) || (isObj(input.data) && Object.keys(input).every((k) => ["apiVersion", "kind", "metadata", "data"].includes(k))));
  const name = checkMetadata(isObject ? input.metadata : undefined, add);
  const data: unknown = isObject ? (input.data ?? {}) : input;
  if (!isObj(data)) {
    add("", "type", "the ConfigMap data must be an object of strings", "error");
    return { name, issues };
  }
  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) add(key, "unknown-key", `unknown key "${key}" (the operator reads ${KEYS.join(", ")})`);
  }
  const text = (key: string): string | undefined => {
    if (!Object.hasOwn(data, key) || data[key] === undefined) return undefined;
    const v = data[key];
    if (typeof v === "string") return v;
    if (v === null) return ""; // a null map value decodes to ""
    if (typeof v === "number" || typeof v === "bigint") {
      add(key, "type", `${String(v)} is a number: ConfigMap data values are strings (write "${String(v)}"); the API server refuses a number`);
      return String(v);
    }
    add(key, "type", `a ${Array.isArray(v) ? "list" : typeof v} is not a ConfigMap data value (strings only)`, "error");
    return undefined;
  };

  // The target: sharedTarget when the key is there, else ":" + nodePort.
  const shared = text("sharedTarget");
  const nodePort = text("nodePort");
  let target: string;
  let targetKey: "sharedTarget" | "nodePort";
  if (shared !== undefined) {
    target = shared;
    targetKey = "sharedTarget";
    if (nodePort !== undefined) add("nodePort", "conflict", "sharedTarget and nodePort are both set: the operator uses sharedTarget and ignores nodePort");
  } else if (nodePort !== undefined) {
    target = `:${nodePort}`;
    targetKey = "nodePort";
  } else {
    add("sharedTarget", "missing", "neither sharedTarget nor nodePort: the operator ignores this ConfigMap");
    return { name, issues };
  }
  if (target === "") {
    add(targetKey, "ignored", "the target is empty: the operator ignores this ConfigMap");
    return { name, issues };
  }
  const parsed = parseOvnKubernetesCollectors(target);
  let collectors: readonly OvnKubernetesCollector[] | undefined;
  if ("error" in parsed) add(targetKey, "bad-target", `ovnkube-node exits on "${target}": ipfix targets invalid: ${parsed.error}`, "error");
  else {
    collectors = parsed.collectors;
    for (const c of collectors) if (c.port < 1 || c.port > 65535) add(targetKey, "bad-target", `port ${c.port} is out of range 1..65535: OVS cannot send to ${c.text}`, "error");
    if (target.includes(",")) add(targetKey, "bad-target", `"${target}" holds several collectors: ovn-kubernetes splits the list on commas and uses them all`);
  }

  const out: { -readonly [K in keyof FlowsConfig]: FlowsConfig[K] } = { target, from: targetKey, ...(collectors !== undefined && { collectors }) };
  const cat = text("cacheActiveTimeout");
  if (cat !== undefined) {
    const d = parseGoDuration(cat);
    if ("error" in d) {
      const hint = /^\d+$/.test(cat) ? ` (a Go duration needs a unit: "${cat}s")` : "";
      add("cacheActiveTimeout", "ignored", `the operator ignores "${cat}": ${d.error}${hint}`);
    } else {
      const s = goDurationSeconds(d.ns);
      if (s.seconds === undefined) add("cacheActiveTimeout", "range", `"${cat}" is negative: the operator's uint conversion is platform-specific (amd64 wraps it to a huge number), which OVS refuses`, "error");
      else {
        if (s.truncated) add("cacheActiveTimeout", "truncated", `"${cat}" is truncated to ${s.seconds} seconds`);
        if (s.seconds > 4200) add("cacheActiveTimeout", "range", `${s.seconds} seconds: OVS refuses cache_active_timeout above 4200, ovnkube-node cannot set up the node`, "error");
        if (s.seconds === 0) add("cacheActiveTimeout", "zero-dropped", `0 is not passed on (the operator's template drops zero values): ovn-kubernetes uses 60 seconds`);
        out.cacheActiveTimeout = s.seconds;
      }
    }
  }
  const cmf = text("cacheMaxFlows");
  if (cmf !== undefined) {
    const n = goParseUint32(cmf);
    if ("error" in n) add("cacheMaxFlows", "ignored", `the operator ignores "${cmf}": ${n.error}`);
    else out.cacheMaxFlows = n.value;
  }
  const sStr = text("sampling");
  if (sStr !== undefined) {
    const n = goParseUint32(sStr);
    if ("error" in n) add("sampling", "ignored", `the operator ignores "${sStr}": ${n.error}`);
    else {
      if (n.value === 0) add("sampling", "zero-dropped", "0 does not disable sampling: the operator's template drops zero values and ovn-kubernetes samples 1 packet in 400");
      out.sampling = n.value;
    }
  }
  return { name, flowsConfig: out, issues };
}

function checkMetadata(meta: unknown, add: (path: string, code: ExportConfigIssueCode, message: string, severity?: "error" | "warning") => void): string {
  const { name: shipped, namespace, alias } = FLOWS_CONFIG_MAP;
  if (!isObj(meta)) return shipped;
  const name = meta.name;
  if (typeof name === "string" && name !== shipped) {
    if (name === alias) add("metadata.name", "configmap-name", `"${alias}" is the proposal's name: the shipped cluster-network-operator reads only ${namespace}/${shipped}`);
    else add("metadata.name", "configmap-name", `"${name}" is not the flow-export ConfigMap (${namespace}/${shipped}, or the alias ${alias})`, "error");
  }
  if (meta.namespace !== undefined && meta.namespace !== namespace) {
    add("metadata.namespace", "configmap-name", `namespace "${String(meta.namespace)}": the operator reads the ConfigMap in ${namespace} only`, "error");
  }
  return typeof name === "string" && (name === shipped || name === alias) ? name : shipped;
}
