/**
 * Mapping of OVS series to nodes. OVS metrics carry `pod` / `instance`, not `node`; the
 * `kube_pod_info` series (kube-state-metrics) tell on which node each pod runs and its host IP.
 *
 * @module
 */
import type { Labels } from "../prometheus/index.js";
import type { NodeMappingSettings } from "./config.js";

/** A pod → node lookup built from `kube_pod_info` series. */
export interface NodeMap {
  /** Node of a series, and how it was found; `undefined` when it cannot be mapped. */
  nodeOf(labels: Labels): { node: string; via: "label" | "pod" | "instance" } | undefined;
  /** Number of pods known. */
  readonly pods: number;
}

/** Host part of an `instance` label (`10.0.0.5:9105` → `10.0.0.5`, `[fd00::5]:9105` → `fd00::5`). */
function instanceHost(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6 !== null) return v6[1]!;
  const colon = instance.lastIndexOf(":");
  return colon > 0 && instance.indexOf(":") === colon ? instance.slice(0, colon) : instance;
}

/**
 * Builds a {@link NodeMap} from `kube_pod_info`-like series. A series that already has the node
 * label keeps it; otherwise `namespace/pod` is looked up, then the pod name alone (when unique),
 * then the host of `instance` against the pods' host IPs (OVS pods use the host network).
 *
 * @example
 * ```ts
 * import { buildNodeMap, defaultMetricsConfig } from "ovskit";
 * const map = buildNodeMap([{ namespace: "ovn", pod: "ovs-node-a", node: "worker-a", host_ip: "10.0.0.1" }],
 *   defaultMetricsConfig().settings.nodeMapping);
 * map.nodeOf({ pod: "ovs-node-a", namespace: "ovn" }); // { node: "worker-a", via: "pod" }
 * ```
 */
export function buildNodeMap(podInfo: readonly Labels[], s: NodeMappingSettings): NodeMap {
  const byNsPod = new Map<string, string>();
  const byPod = new Map<string, string | null>();
  const byHost = new Map<string, string | null>();
  const add = <K>(m: Map<K, string | null>, k: K, node: string): void => {
    const old = m.get(k);
    m.set(k, old === undefined || old === node ? node : null);
  };
  for (const l of podInfo) {
    const node = l[s.nodeLabel];
    const pod = l[s.podLabel];
    if (node === undefined || node === "" || pod === undefined) continue;
    byNsPod.set(`${l[s.namespaceLabel] ?? ""}/${pod}`, node);
    add(byPod, pod, node);
    const host = l[s.hostIpLabel];
    if (host !== undefined && host !== "") add(byHost, host, node);
  }
  return {
    pods: byNsPod.size,
    nodeOf(labels) {
      const direct = labels[s.nodeLabel];
      if (direct !== undefined && direct !== "") return { node: direct, via: "label" };
      const pod = labels[s.podLabel];
      if (pod !== undefined) {
        const n = byNsPod.get(`${labels[s.namespaceLabel] ?? ""}/${pod}`) ?? byPod.get(pod);
        if (n !== undefined && n !== null) return { node: n, via: "pod" };
      }
      const instance = labels.instance;
      if (instance !== undefined) {
        const n = byHost.get(instanceHost(instance));
        if (n !== undefined && n !== null) return { node: n, via: "instance" };
      }
      return undefined;
    },
  };
}

/**
 * A readable name for a series that could not be mapped to a node: `pod:<ns>/<pod>`, else
 * `instance:<instance>`, else the label set.
 *
 * @example
 * ```ts
 * import { unmappedEntityName } from "ovskit";
 * unmappedEntityName({ namespace: "ovn", pod: "ovs-node-a" }); // "pod:ovn/ovs-node-a"
 * ```
 */
export function unmappedEntityName(labels: Labels): string {
  if (labels.pod !== undefined) return `pod:${labels.namespace === undefined ? "" : `${labels.namespace}/`}${labels.pod}`;
  if (labels.instance !== undefined) return `instance:${labels.instance}`;
  const rest = Object.entries(labels).filter(([k]) => k !== "__name__");
  return rest.length === 0 ? "(all)" : rest.map(([k, v]) => `${k}=${v}`).join(",");
}
