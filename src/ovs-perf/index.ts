/**
 * ovs-perf: OVS metric collectors over Prometheus (metrics.yaml), the performance analyzer
 * (alerts, insights, status), JSON reports and before / after comparison.
 *
 * @module
 */
export * from "./default-metrics.js";
export * from "./config.js";
export * from "./units.js";
export * from "./stats.js";
export * from "./concurrency.js";
export * from "./node-map.js";
export * from "./collect.js";
export * from "./alerts.js";
export * from "./insights.js";
export * from "./report.js";
export * from "./compare.js";
