/**
 * The `settings:` block of metrics.yaml: window, topN, concurrency, node mapping, rule
 * generation and cluster information queries.
 *
 * @internal
 * @module
 */
import type { ClusterQuerySettings, MetricsConfig, NodeMappingSettings, RuleSettings } from "./config.js";
import { MetricsConfigError } from "./config-error.js";
import { type Obj, checkKeys, duration, isObj, labelMap, positiveInt, str } from "./config-read.js";

const ALERT_PREFIX = /^[A-Z][A-Za-z0-9_]*$/;

/** Built-in values of every setting (the reference for {@link DEFAULT_METRICS_YAML}). */
const BUILT_IN: MetricsConfig["settings"] = {
  window: "5m",
  topN: 10,
  concurrency: 4,
  nodeMapping: { query: "kube_pod_info", podLabel: "pod", namespaceLabel: "namespace", nodeLabel: "node", hostIpLabel: "host_ip" },
  rules: { group: "ovskit-ovs-perf", interval: "1m", for: "5m", alertPrefix: "Ovs", labels: {} },
  cluster: {
    nodes: "kube_node_info",
    kubernetesVersion: "kubernetes_build_info",
    openshiftVersion: 'cluster_version{type="current"}',
    ovsVersion: "ovs_build_info",
  },
};

function section(s: Obj, key: string): Obj {
  const v = s[key] ?? {};
  if (!isObj(v)) throw new MetricsConfigError(`settings.${key}`, "must be a mapping");
  return v;
}

/** @internal Validates `settings` and fills what it leaves out from `defaults` (else the built-in values). */
export function readSettings(raw: unknown, defaults: MetricsConfig["settings"] | undefined): MetricsConfig["settings"] {
  const d = defaults ?? BUILT_IN;
  const s = raw ?? {};
  if (!isObj(s)) throw new MetricsConfigError("settings", "must be a mapping");
  checkKeys(s, ["window", "topN", "concurrency", "nodeMapping", "rules", "cluster"], "settings");

  const nm = section(s, "nodeMapping");
  checkKeys(nm, ["query", "podLabel", "namespaceLabel", "nodeLabel", "hostIpLabel"], "settings.nodeMapping");
  const p = "settings.nodeMapping";
  const nodeMapping: NodeMappingSettings = {
    query: str(nm, "query", p, d.nodeMapping.query),
    podLabel: str(nm, "podLabel", p, d.nodeMapping.podLabel),
    namespaceLabel: str(nm, "namespaceLabel", p, d.nodeMapping.namespaceLabel),
    nodeLabel: str(nm, "nodeLabel", p, d.nodeMapping.nodeLabel),
    hostIpLabel: str(nm, "hostIpLabel", p, d.nodeMapping.hostIpLabel),
  };

  const r = section(s, "rules");
  checkKeys(r, ["group", "interval", "for", "alertPrefix", "labels"], "settings.rules");
  const alertPrefix = typeof r.alertPrefix === "string" ? r.alertPrefix : d.rules.alertPrefix;
  if (!ALERT_PREFIX.test(alertPrefix)) throw new MetricsConfigError("settings.rules.alertPrefix", "must start with an upper-case letter and hold only letters, digits and _");
  const labels = r.labels === undefined ? d.rules.labels : labelMap(r.labels, "settings.rules.labels");
  for (const reserved of ["severity", "ovskit_metric", "alertname"]) {
    if (reserved in labels) throw new MetricsConfigError(`settings.rules.labels.${reserved}`, "is set by ovskit itself");
  }
  const rules: RuleSettings = {
    group: str(r, "group", "settings.rules", d.rules.group),
    interval: duration(r, "interval", "settings.rules", d.rules.interval),
    for: duration(r, "for", "settings.rules", d.rules.for, { allowZero: true }),
    alertPrefix,
    labels,
  };

  const c = section(s, "cluster");
  checkKeys(c, ["nodes", "kubernetesVersion", "openshiftVersion", "ovsVersion"], "settings.cluster");
  const cluster: ClusterQuerySettings = {
    nodes: str(c, "nodes", "settings.cluster", d.cluster.nodes),
    kubernetesVersion: str(c, "kubernetesVersion", "settings.cluster", d.cluster.kubernetesVersion),
    openshiftVersion: str(c, "openshiftVersion", "settings.cluster", d.cluster.openshiftVersion),
    ovsVersion: str(c, "ovsVersion", "settings.cluster", d.cluster.ovsVersion),
  };

  return {
    window: duration(s, "window", "settings", d.window),
    topN: positiveInt(s, "topN", "settings", d.topN),
    concurrency: positiveInt(s, "concurrency", "settings", d.concurrency),
    nodeMapping,
    rules,
    cluster,
  };
}
