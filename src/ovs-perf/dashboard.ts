/**
 * A Grafana dashboard from metrics.yaml: one time series panel per metric (grouped in one row
 * per category), the thresholds as colour steps and threshold lines, the Prometheus data source
 * as a variable, and `node` / `bridge` variables that filter every panel.
 *
 * The JSON follows Grafana's dashboard model at `schemaVersion` {@link GRAFANA_SCHEMA_VERSION}
 * (Grafana 11.6): the test suite validates it against a JSON schema generated from Grafana's
 * own `@grafana/schema` 11.6 types (dashboard, time series panel options and field config).
 *
 * OVS series carry `pod`, not `node`: each panel query joins them to the node mapping series
 * (`kube_pod_info`), so that the legend shows the node and `$node` filters; series that already
 * carry `node` (the CPU of the systemd slices) are filtered on it directly.
 *
 * @module
 */
import { type MetricDefinition, type MetricsConfig, expandQuery } from "./config.js";
import type { MetricUnit } from "./units.js";

/**
 * The Grafana dashboard schema version the generated JSON declares (Grafana 11.6).
 *
 * @example
 * ```ts
 * import { GRAFANA_SCHEMA_VERSION, toGrafanaDashboard, defaultMetricsConfig } from "ovskit";
 * toGrafanaDashboard(defaultMetricsConfig()).schemaVersion === GRAFANA_SCHEMA_VERSION; // true
 * ```
 */
export const GRAFANA_SCHEMA_VERSION = 41;

/** A Grafana data source reference. */
export interface GrafanaDatasourceRef {
  readonly type: string;
  readonly uid: string;
}

/** A threshold step: from `value` on (`null`: from -Infinity), the colour. */
export interface GrafanaThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

/** A dashboard template variable (the subset ovskit writes). */
export interface GrafanaVariable {
  readonly type: "datasource" | "query";
  readonly name: string;
  readonly label: string;
  readonly query: string | { readonly qryType: number; readonly query: string; readonly refId: string };
  readonly datasource?: GrafanaDatasourceRef;
  readonly hide: 0;
  readonly refresh: 1 | 2;
  readonly regex: string;
  readonly includeAll: boolean;
  readonly multi: boolean;
  readonly allValue?: string;
  readonly sort?: number;
  readonly options: readonly never[];
}

/** A panel: a collapsible row or a time series. */
export type GrafanaPanel =
  | { readonly type: "row"; readonly id: number; readonly title: string; readonly collapsed: false; readonly gridPos: GrafanaGridPos; readonly panels: readonly never[] }
  | GrafanaTimeSeriesPanel;

/** Position in the 24-column grid. */
export interface GrafanaGridPos {
  readonly h: number;
  readonly w: number;
  readonly x: number;
  readonly y: number;
}

/** A time series panel. */
export interface GrafanaTimeSeriesPanel {
  readonly type: "timeseries";
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly datasource: GrafanaDatasourceRef;
  readonly gridPos: GrafanaGridPos;
  readonly targets: ReadonlyArray<{
    readonly refId: string;
    readonly datasource: GrafanaDatasourceRef;
    readonly expr: string;
    readonly legendFormat: string;
    readonly range: true;
    readonly instant: false;
    readonly editorMode: "code";
  }>;
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit: string;
      readonly min: number;
      readonly color: { readonly mode: "palette-classic" };
      readonly thresholds: { readonly mode: "absolute"; readonly steps: readonly GrafanaThresholdStep[] };
      readonly custom: { readonly drawStyle: "line"; readonly lineWidth: number; readonly fillOpacity: number; readonly showPoints: "never"; readonly thresholdsStyle: { readonly mode: "line" | "off" } };
    };
    readonly overrides: readonly never[];
  };
  readonly options: {
    readonly legend: { readonly showLegend: true; readonly displayMode: "table"; readonly placement: "bottom"; readonly calcs: readonly string[] };
    readonly tooltip: { readonly mode: "multi"; readonly sort: "desc" };
  };
}

/** The dashboard JSON (import it in Grafana, or put it in a dashboard provisioning directory). */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly schemaVersion: typeof GRAFANA_SCHEMA_VERSION;
  readonly version: number;
  readonly editable: boolean;
  readonly graphTooltip: 1;
  readonly timezone: string;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly fiscalYearStartMonth: 0;
  readonly links: readonly never[];
  readonly annotations: { readonly list: readonly unknown[] };
  readonly templating: { readonly list: readonly GrafanaVariable[] };
  readonly panels: readonly GrafanaPanel[];
}

/** Options of {@link toGrafanaDashboard}. */
export interface GrafanaDashboardOptions {
  readonly title?: string;
  /** Dashboard uid (8-40 characters; default `ovskit-ovs-perf`). */
  readonly uid?: string;
  /** Default time range start (default `now-6h`). */
  readonly from?: string;
  readonly refresh?: string;
}

const DS: GrafanaDatasourceRef = { type: "prometheus", uid: "${datasource}" };

const GRAFANA_UNIT: Readonly<Record<MetricUnit, string>> = { percent: "percent", bytes: "bytes", count: "short", per_second: "ops" };

/** The threshold steps of a metric: green / orange / red from the thresholds (inverted for direction `below`). */
function steps(m: MetricDefinition): GrafanaThresholdStep[] {
  const { warning, critical } = m.thresholds;
  if (m.direction === "below") {
    const out: GrafanaThresholdStep[] = [{ color: critical !== undefined ? "red" : warning !== undefined ? "orange" : "green", value: null }];
    if (critical !== undefined && warning !== undefined) out.push({ color: "orange", value: critical });
    if (warning !== undefined || critical !== undefined) out.push({ color: "green", value: warning ?? critical! });
    return out;
  }
  return [
    { color: "green", value: null },
    ...(warning !== undefined ? [{ color: "orange", value: warning }] : []),
    ...(critical !== undefined ? [{ color: "red", value: critical }] : []),
  ];
}

/** The panel query: the metric query joined to the node mapping and filtered by `$node` (and `$bridge`). */
function panelExpr(m: MetricDefinition, config: MetricsConfig): string {
  // The configured window, not Grafana's $__rate_interval: the thresholds of increase() metrics
  // are per settings.window, and the panel shows them as lines.
  const q = expandQuery(m, config);
  const { query: map, namespaceLabel: ns, podLabel: pod, nodeLabel: node } = config.settings.nodeMapping;
  const sel = (x: string) => (/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(x) ? `${x}{${node}=~"$node"}` : `(${x})`);
  const byPod = `(${q}) * on (${ns}, ${pod}) group_left (${node}) max by (${ns}, ${pod}, ${node}) (${sel(map)})`;
  const byNode = `(${q}) and on (${node}) max by (${node}) (${sel(map)})`;
  let expr = `(${byPod}) or (${byNode})`;
  if (m.entity.includes("bridge")) expr = `(${expr}) and on (bridge) max by (bridge) (ovs_vswitchd_bridge_flows_total{bridge=~"$bridge"})`;
  return expr;
}

function description(m: MetricDefinition): string {
  const t = m.thresholds;
  const op = m.direction === "below" ? "<=" : ">=";
  const levels = [t.warning !== undefined ? `warning ${op} ${t.warning}` : "", t.critical !== undefined ? `critical ${op} ${t.critical}` : ""].filter((x) => x !== "");
  return `${levels.length > 0 ? `Thresholds (ovskit metrics.yaml ${m.id}, on the ${m.statistic}): ${levels.join(", ")}. ` : `No threshold (context). `}${m.recommendation}`;
}

/**
 * Builds the dashboard (plain data; `JSON.stringify` it).
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig, toGrafanaDashboard } from "ovskit";
 * const dash = toGrafanaDashboard(defaultMetricsConfig(), { from: "now-24h" });
 * console.log(JSON.stringify(dash, null, 2));
 * ```
 */
export function toGrafanaDashboard(config: MetricsConfig, o: GrafanaDashboardOptions = {}): GrafanaDashboard {
  const panels: GrafanaPanel[] = [];
  let id = 1;
  let y = 0;
  const categories = [...new Set(config.metrics.map((m) => m.category))];
  for (const category of categories) {
    panels.push({ type: "row", id: id++, title: category, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: y++ }, panels: [] });
    config.metrics
      .filter((m) => m.category === category)
      .forEach((m, i) => {
        const legend = ["{{" + config.settings.nodeMapping.nodeLabel + "}}", ...m.entity.map((l) => `{{${l}}}`)].join(" ");
        const hasThresholds = m.thresholds.warning !== undefined || m.thresholds.critical !== undefined;
        panels.push({
          type: "timeseries",
          id: id++,
          title: m.title,
          description: description(m),
          datasource: DS,
          gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: y + Math.floor(i / 2) * 8 },
          targets: [{ refId: "A", datasource: DS, expr: panelExpr(m, config), legendFormat: legend, range: true, instant: false, editorMode: "code" }],
          fieldConfig: {
            defaults: {
              unit: GRAFANA_UNIT[m.unit],
              min: 0,
              color: { mode: "palette-classic" },
              thresholds: { mode: "absolute", steps: steps(m) },
              custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 10, showPoints: "never", thresholdsStyle: { mode: hasThresholds ? "line" : "off" } },
            },
            overrides: [],
          },
          options: {
            legend: { showLegend: true, displayMode: "table", placement: "bottom", calcs: ["min", "mean", "max", "lastNotNull"] },
            tooltip: { mode: "multi", sort: "desc" },
          },
        });
      });
    const n = config.metrics.filter((m) => m.category === category).length;
    y += Math.ceil(n / 2) * 8;
  }
  const { query: map, nodeLabel } = config.settings.nodeMapping;
  const variable = (name: string, label: string, query: string): GrafanaVariable => ({
    type: "query",
    name,
    label,
    datasource: DS,
    query: { qryType: 1, query, refId: "PrometheusVariableQueryEditor-VariableQuery" },
    hide: 0,
    refresh: 2,
    regex: "",
    includeAll: true,
    multi: true,
    allValue: ".*",
    sort: 1,
    options: [],
  });
  return {
    uid: o.uid ?? "ovskit-ovs-perf",
    title: o.title ?? "OVS performance (ovskit)",
    description: "Generated by ovskit from metrics.yaml (ovs-perf dashboard): one panel per metric, thresholds as colour steps.",
    tags: ["ovs", "ovn-kubernetes", "ovskit"],
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    editable: true,
    graphTooltip: 1,
    timezone: "browser",
    refresh: o.refresh ?? "1m",
    time: { from: o.from ?? "now-6h", to: "now" },
    fiscalYearStartMonth: 0,
    links: [],
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          hide: true,
          iconColor: "rgba(0, 211, 255, 1)",
          name: "Annotations & Alerts",
          type: "dashboard",
        },
      ],
    },
    templating: {
      list: [
        { type: "datasource", name: "datasource", label: "Data source", query: "prometheus", hide: 0, refresh: 1, regex: "", includeAll: false, multi: false, options: [] },
        variable("node", "Node", `label_values(${/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(map) ? map : "kube_pod_info"}, ${nodeLabel})`),
        variable("bridge", "Bridge", "label_values(ovs_vswitchd_bridge_flows_total, bridge)"),
      ],
    },
    panels,
  };
}
