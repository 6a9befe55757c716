/**
 * Reading the two sources of a flow-export configuration out of YAML (or JSON) text: the
 * Network CR and the flow-export ConfigMap as Kubernetes objects (several documents, or a
 * `kind: List` as `kubectl get -o yaml` prints it), or a short form with top-level keys.
 *
 * @module
 */
import { parseAllDocuments } from "yaml";
import { OvsParseError } from "../core/parse-error.js";
import type { ExportConfigIssue } from "./errors.js";
import { FLOWS_CONFIG_MAP } from "./flows-config-map.js";
import type { FlowExportSources } from "./render.js";

/** What {@link parseFlowExportSources} found. */
export interface ParsedFlowExportSources {
  readonly sources: FlowExportSources;
  /** Documents that were skipped, and why (warnings; paths are `document[N]`). */
  readonly issues: readonly ExportConfigIssue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The longest text {@link parseFlowExportSources} reads (1 MiB): its time stays under a few seconds. */
const MAX_SOURCES_TEXT = 1 << 20;

/**
 * The Network CR's `spec.exportNetworkFlows` and the flow-export ConfigMap out of YAML text.
 * Each document (and each item of a `kind: List`) may be:
 * - a Network CR (`kind: Network`, `apiVersion: operator.openshift.io/v1`): its
 *   `spec.exportNetworkFlows`;
 * - a ConfigMap: kept whole, so that {@link readFlowsConfigMap} checks its name and namespace
 *   (with several, the one named `ovs-flows-config` wins over the alias `ovs-ipfix-config`);
 * - the short form: top-level `exportNetworkFlows` and `flowsConfigMap` (or the 0.1 key
 *   `ipfixConfigMap`) holding the CR's field and the ConfigMap's data.
 * Anything else is skipped with a warning. Throws an {@link OvsParseError} with line and column
 * on a YAML syntax error, on an alias bomb (more than 100 alias expansions), and on a text over
 * 1 MiB (the YAML reader takes seconds per MB; a real document is a few KB).
 *
 * @example
 * ```ts
 * import { parseFlowExportSources, operatorFlowExport } from "ovskit";
 * const { sources } = parseFlowExportSources(`
 * apiVersion: v1
 * kind: ConfigMap
 * metadata: { name: ovs-flows-config, namespace: openshift-network-operator }
 * data: { nodePort: "2055", sampling: "400" }
 * `);
 * operatorFlowExport(sources).env; // [{ name: "IPFIX_COLLECTORS", value: ":2055" }, { name: "IPFIX_SAMPLING", value: "400" }]
 * ```
 */
export function parseFlowExportSources(text: string): ParsedFlowExportSources {
  const issues: ExportConfigIssue[] = [];
  const skip = (n: number, message: string) => issues.push({ path: `document[${n}]`, code: "unknown-key", message, severity: "warning" });
  let exportNetworkFlows: unknown;
  const configMaps: Obj[] = [];
  let shortConfigMap: unknown;
  if (text.length > MAX_SOURCES_TEXT) {
    // The YAML reader takes about 4 s per MB of flow sequence: a real document is a few KB.
    throw new OvsParseError("bad-value", `${text.length} characters of flow-export YAML: at most ${MAX_SOURCES_TEXT} are read`, text.slice(0, 200), 0, 1);
  }
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const objects: unknown[] = [];
  for (const doc of list) {
    const e = doc.errors[0];
    if (e !== undefined) {
      const [line, col] = e.linePos?.[0] === undefined ? [1, 1] : [e.linePos[0].line, e.linePos[0].col];
      throw new OvsParseError("syntax", e.message.split("\n")[0] ?? "YAML syntax error", text.split(/\r?\n/)[line - 1] ?? "", col - 1, line);
    }
    let v: unknown;
    try {
      v = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // yaml refuses alias bombs ("Excessive alias count") and similar while building values.
      const line = doc.contents?.range === undefined ? 1 : text.slice(0, doc.contents.range[0]).split("\n").length;
      throw new OvsParseError("bad-value", err instanceof Error ? err.message : String(err), text.split(/\r?\n/)[line - 1] ?? "", 0, line);
    }
    if (isObj(v) && v.kind === "List" && Array.isArray(v.items)) for (const item of v.items as unknown[]) objects.push(item);
    else objects.push(v);
  }
  objects.forEach((v, n) => {
    if (v === null || v === undefined) return; // an empty document
    if (!isObj(v)) skip(n, "not an object");
    else if (v.kind === "Network") {
      const api = typeof v.apiVersion === "string" ? v.apiVersion : "";
      const spec = isObj(v.spec) ? v.spec : {};
      if (!api.startsWith("operator.openshift.io/")) skip(n, `a Network of ${api || "no apiVersion"}: exportNetworkFlows lives in the operator.openshift.io/v1 Network`);
      else if (spec.exportNetworkFlows !== undefined) exportNetworkFlows = spec.exportNetworkFlows;
    } else if (v.kind === "ConfigMap") configMaps.push(v);
    else if ("exportNetworkFlows" in v || "flowsConfigMap" in v || "ipfixConfigMap" in v) {
      if (v.exportNetworkFlows !== undefined) exportNetworkFlows = v.exportNetworkFlows;
      shortConfigMap = v.flowsConfigMap ?? v.ipfixConfigMap ?? shortConfigMap;
    } else skip(n, `a ${typeof v.kind === "string" ? v.kind : "document"} that is neither a Network CR, a ConfigMap nor { exportNetworkFlows, flowsConfigMap }`);
  });
  const nameOf = (cm: Obj) => (isObj(cm.metadata) ? cm.metadata.name : undefined);
  const chosen = configMaps.find((c) => nameOf(c) === FLOWS_CONFIG_MAP.name) ?? configMaps.find((c) => nameOf(c) === FLOWS_CONFIG_MAP.alias) ?? configMaps[0];
  for (const c of configMaps) {
    if (c !== chosen) issues.push({ path: `ConfigMap ${String(nameOf(c))}`, code: "unknown-key", message: `skipped: the flow-export ConfigMap is ${String(nameOf(chosen ?? {}))}`, severity: "warning" });
  }
  const flowsConfigMap = chosen ?? shortConfigMap;
  return {
    sources: { ...(exportNetworkFlows !== undefined && { exportNetworkFlows }), ...(flowsConfigMap !== undefined && { flowsConfigMap }) },
    issues,
  };
}
