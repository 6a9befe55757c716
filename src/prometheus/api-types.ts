/**
 * Typed results of the Prometheus HTTP API's metadata, rules, alerts, targets and build
 * information endpoints. Field names are Prometheus's own (see its HTTP API documentation);
 * everything is plain data.
 *
 * @module
 */
import type { Labels } from "./types.js";

/** One alert of `/api/v1/alerts` or of an alerting rule. */
export interface PrometheusAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  /** `"pending"` or `"firing"` (`"inactive"` does not appear in answers). */
  readonly state: string;
  /** RFC 3339 time the alert became active, as Prometheus wrote it (nanoseconds kept). */
  readonly activeAt?: string;
  /** The value of the alert expression (Prometheus sends it as text: `"1e+00"`). */
  readonly value: number;
  /** RFC 3339 time since when `keep_firing_for` holds the alert (newer Prometheus). */
  readonly keepFiringSince?: string;
}

/** What recording and alerting rules share. */
export interface PrometheusApiRuleBase {
  readonly name: string;
  /** The PromQL expression. */
  readonly query: string;
  readonly labels: Labels;
  /** `"ok"`, `"err"` or `"unknown"`. */
  readonly health: string;
  /** The last evaluation error, when `health` is `"err"`. */
  readonly lastError?: string;
  /** Seconds the last evaluation took. */
  readonly evaluationTime?: number;
  /** RFC 3339 time of the last evaluation. */
  readonly lastEvaluation?: string;
}

/** An alerting rule with its current alerts. */
export interface PrometheusApiAlertingRule extends PrometheusApiRuleBase {
  readonly type: "alerting";
  /** `"inactive"`, `"pending"` or `"firing"`. */
  readonly state: string;
  /** `for:` in seconds. */
  readonly duration: number;
  /** `keep_firing_for:` in seconds (Prometheus 2.42 and later). */
  readonly keepFiringFor?: number;
  readonly annotations: Labels;
  readonly alerts: readonly PrometheusAlert[];
}

/** A recording rule. */
export interface PrometheusApiRecordingRule extends PrometheusApiRuleBase {
  readonly type: "recording";
}

/** A rule of `/api/v1/rules`, discriminated by `type` (Prometheus's own field). */
export type PrometheusApiRule = PrometheusApiAlertingRule | PrometheusApiRecordingRule;

/** A rule group of `/api/v1/rules`. */
export interface PrometheusApiRuleGroup {
  readonly name: string;
  /** The rules file the group comes from. */
  readonly file: string;
  /** Evaluation interval in seconds. */
  readonly interval: number;
  /** `limit:` of the group (0: none), when the server says. */
  readonly limit?: number;
  readonly rules: readonly PrometheusApiRule[];
  readonly evaluationTime?: number;
  readonly lastEvaluation?: string;
}

/** `data` of `/api/v1/rules`. */
export interface PrometheusApiRules {
  readonly groups: readonly PrometheusApiRuleGroup[];
}

/** `data` of `/api/v1/alerts`. */
export interface PrometheusAlerts {
  readonly alerts: readonly PrometheusAlert[];
}

/** A target being scraped (`activeTargets` of `/api/v1/targets`). */
export interface PrometheusActiveTarget {
  /** Labels before relabelling (`__address__`, `__metrics_path__`...). */
  readonly discoveredLabels: Labels;
  /** Labels after relabelling (`job`, `instance`...). */
  readonly labels: Labels;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly globalUrl?: string;
  /** `""` when the last scrape succeeded. */
  readonly lastError?: string;
  /** RFC 3339 time of the last scrape (`0001-01-01T00:00:00Z` before the first). */
  readonly lastScrape?: string;
  /** Seconds the last scrape took. */
  readonly lastScrapeDuration?: number;
  /** `"up"`, `"down"` or `"unknown"`. */
  readonly health: string;
  /** Prometheus durations (`"30s"`). */
  readonly scrapeInterval?: string;
  readonly scrapeTimeout?: string;
}

/** A target dropped by relabelling (`droppedTargets`). */
export interface PrometheusDroppedTarget {
  readonly discoveredLabels: Labels;
}

/** `data` of `/api/v1/targets`. */
export interface PrometheusTargets {
  readonly activeTargets: readonly PrometheusActiveTarget[];
  readonly droppedTargets: readonly PrometheusDroppedTarget[];
  /** Dropped targets per scrape pool (newer Prometheus). */
  readonly droppedTargetCounts?: Readonly<Record<string, number>>;
}

/** `data` of `/api/v1/status/buildinfo`. */
export interface PrometheusBuildInfo {
  /** `"2.42.0"` (Debian: `"2.42.0+ds"`). */
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
}
