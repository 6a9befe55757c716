/**
 * ovs-perf: OVS metric collectors over Prometheus (metrics.yaml), the connection check and
 * cluster information, the performance analyzer (alerts, insights, status), JSON reports,
 * before / after comparison, and the Prometheus alerting rules and Grafana dashboard generated
 * from the same metrics.yaml.
 *
 * @module
 */
export { DEFAULT_METRICS_YAML } from "./default-metrics.js";
export {
  METRIC_CATEGORIES,
  type ClusterQuerySettings,
  type MetricCategory,
  type MetricDefinition,
  type MetricsConfig,
  type NodeMappingSettings,
  type RuleSettings,
  type Statistic,
  type ThresholdDirection,
  defaultMetricsConfig,
  expandQuery,
  parseMetricsConfig,
} from "./config.js";
export { MetricsConfigError, isMetricsConfigError } from "./config-error.js";
export { OVS_CUMULATIVE_METRICS, rawCounterUses } from "./counters.js";
export { type ByteUnit, type MetricUnit, convertBytes, formatMetricValue, parseByteQuantity } from "./units.js";
export { type LinearFit, type SeriesSummary, linearFit, summarize } from "./stats.js";
export { mapSettledBounded } from "./concurrency.js";
export { type NodeMap, buildNodeMap, unmappedEntityName } from "./node-map.js";
export { type CollectionError, type ConnectionCheck, type ConnectionCheckOptions, checkPrometheusConnection } from "./connection.js";
export { type ClusterInfo, type ClusterSeries, clusterInfoFromSeries } from "./cluster-info.js";
export {
  type CollectOptions,
  type Collection,
  type EntityStats,
  type MetricCollection,
  type NodeMappingInfo,
  collectOvsMetrics,
} from "./collect.js";
export { type Alert, type AlertSeverity, computeAlerts } from "./alerts.js";
export { DEFAULT_INSIGHT_SETTINGS, type Insight, type InsightKind, type InsightSettings, computeInsights } from "./insights.js";
export {
  OVS_PERF_REPORT_SCHEMA,
  type BuildReportOptions,
  type OverallStatus,
  type OvsPerfReport,
  buildReport,
  overallStatus,
  parseReport,
} from "./report.js";
export { OvsPerfReportError, isOvsPerfReportError } from "./report-error.js";
export { type ComparisonRow, type ReportComparison, compareReports } from "./compare.js";
export {
  type PrometheusAlertingRule,
  type PrometheusRuleGroup,
  type PrometheusRuleResource,
  type PrometheusRuleResourceOptions,
  type PrometheusRulesFile,
  type PrometheusRulesOptions,
  alertNameOf,
  prometheusRulesYaml,
  toPrometheusRuleResource,
  toPrometheusRules,
} from "./rules.js";
export {
  GRAFANA_SCHEMA_VERSION,
  type GrafanaDashboard,
  type GrafanaDashboardOptions,
  type GrafanaDatasourceRef,
  type GrafanaGridPos,
  type GrafanaPanel,
  type GrafanaThresholdStep,
  type GrafanaTimeSeriesPanel,
  type GrafanaVariable,
  toGrafanaDashboard,
} from "./dashboard.js";
