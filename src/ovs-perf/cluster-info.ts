/**
 * Cluster information for reports: node count, Kubernetes / OpenShift / OVS versions, read from
 * the series that carry them (`kube_node_info`, `kubernetes_build_info`, `cluster_version`,
 * `ovs_build_info`). Whatever is missing is `null` / empty with a note that says which series was
 * not found.
 *
 * @module
 */
import type { Labels } from "../prometheus/index.js";
import type { ClusterQuerySettings } from "./config.js";

/** What a report says about the cluster. */
export interface ClusterInfo {
  /** Number of nodes, `null` when nothing tells. */
  readonly nodes: number | null;
  readonly nodeNames: readonly string[];
  /** Where the node count comes from: the nodes query, else the nodes seen in the OVS series. */
  readonly nodesFrom: "nodes-query" | "ovs-series" | null;
  /** The Kubernetes version: the API server's `git_version`, else the most common one. */
  readonly kubernetesVersion: string | null;
  /** Every `git_version` seen (components and kubelets may differ during an upgrade). */
  readonly kubernetesVersions: readonly string[];
  /** Kubelet versions from the nodes query (`kubelet_version`). */
  readonly kubeletVersions: readonly string[];
  /** OpenShift version (`cluster_version{type="current"}`), `null` on plain Kubernetes. */
  readonly openshiftVersion: string | null;
  readonly ovsVersions: readonly string[];
  /** Which series were not found. */
  readonly notes: readonly string[];
}

/** The label sets each cluster query returned (`null`: the query failed). */
export interface ClusterSeries {
  readonly nodes: readonly Labels[] | null;
  readonly kubernetesVersion: readonly Labels[] | null;
  readonly openshiftVersion: readonly Labels[] | null;
  readonly ovsVersion: readonly Labels[] | null;
}

const distinct = (values: ReadonlyArray<string | undefined>): string[] =>
  [...new Set(values.filter((v): v is string => v !== undefined && v !== ""))].sort();

function mostCommon(values: ReadonlyArray<string | undefined>): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n || (c === n && best !== null && v < best)) [best, n] = [v, c];
  return best;
}

/**
 * Builds {@link ClusterInfo} from the label sets of the cluster queries, with the nodes seen in
 * the OVS series as the fallback node list.
 *
 * @example
 * ```ts
 * import { clusterInfoFromSeries, defaultMetricsConfig } from "ovskit";
 * const info = clusterInfoFromSeries(
 *   { nodes: [{ node: "w1", kubelet_version: "v1.29.8" }], kubernetesVersion: [{ job: "apiserver", git_version: "v1.29.8" }],
 *     openshiftVersion: [], ovsVersion: [{ version: "3.3.1" }] },
 *   defaultMetricsConfig().settings.cluster, ["w1"]);
 * info.nodes; // 1
 * info.openshiftVersion; // null
 * ```
 */
export function clusterInfoFromSeries(s: ClusterSeries, q: ClusterQuerySettings, ovsNodes: readonly string[]): ClusterInfo {
  const notes: string[] = [];
  const missing = (what: string, query: string, r: readonly Labels[] | null) =>
    notes.push(`${what}: ${r === null ? `the query ${query} failed` : `no ${query} series`}`);
  const nodeNames = distinct((s.nodes ?? []).map((l) => l.node));
  let nodes: string[] = nodeNames;
  let nodesFrom: ClusterInfo["nodesFrom"] = nodeNames.length > 0 ? "nodes-query" : null;
  if (nodeNames.length === 0) {
    missing("node count", q.nodes, s.nodes);
    nodes = distinct([...ovsNodes]);
    if (nodes.length > 0) {
      nodesFrom = "ovs-series";
      notes.push(`node count taken from the ${nodes.length} nodes seen in the OVS series (nodes without OVS metrics are not counted)`);
    }
  }
  const k8s = s.kubernetesVersion ?? [];
  if (k8s.length === 0) missing("Kubernetes version", q.kubernetesVersion, s.kubernetesVersion);
  const apiserver = k8s.filter((l) => /apiserver/.test(l.job ?? ""));
  const ocp = s.openshiftVersion ?? [];
  if (ocp.length === 0) missing("OpenShift version", q.openshiftVersion, s.openshiftVersion);
  const ovs = s.ovsVersion ?? [];
  if (ovs.length === 0) missing("OVS version", q.ovsVersion, s.ovsVersion);
  return {
    nodes: nodesFrom === null ? null : nodes.length,
    nodeNames: nodes,
    nodesFrom,
    kubernetesVersion: mostCommon((apiserver.length > 0 ? apiserver : k8s).map((l) => l.git_version)),
    kubernetesVersions: distinct(k8s.map((l) => l.git_version)),
    kubeletVersions: distinct((s.nodes ?? []).map((l) => l.kubelet_version)),
    openshiftVersion: mostCommon(ocp.map((l) => l.version)),
    ovsVersions: distinct(ovs.map((l) => l.version)),
    notes,
  };
}
