/**
 * Documents users hand to ovskit: metrics.yaml (`parseMetricsConfig`), saved ovs-perf reports
 * (`parseReport`) and the lossless JSON of any result (`fromJson`).
 */
import {
  DEFAULT_METRICS_YAML,
  PrometheusClient,
  buildReport,
  collectOvsMetrics,
  defaultMetricsConfig,
  fromJson,
  parseMetricsConfig,
  parseReport,
  parseTraceDump,
  toJson,
} from "../../../src/index.js";
import { type FuzzTarget, type Seed, fixtureText, lineGrowth, tenMegabytes, textSeeds } from "../target.js";

let reportSeeds: Seed[] = [];

/** A real ovs-perf report: collected through the client from the committed Prometheus answers. */
async function buildReportSeeds(): Promise<void> {
  if (reportSeeds.length > 0) return;
  const answer = (path: string) => fixtureText(`prometheus/${path.endsWith("query_range") ? "matrix-range" : "vector-instant"}.json`);
  const client = new PrometheusClient({
    url: "http://127.0.0.1:9",
    retries: 0,
    fetch: async (url) => {
      const body = answer(new URL(url).pathname);
      return { status: 200, headers: { get: (n: string) => (n.toLowerCase() === "content-type" ? "application/json" : null) }, text: async () => body };
    },
  });
  const now = () => new Date(1_700_000_000_000);
  for (const mode of ["instant", "range"] as const) {
    const c = await collectOvsMetrics(client, defaultMetricsConfig(), { mode, now, checkConnection: false, ...(mode === "range" && { duration: "1h", step: 60 }) });
    reportSeeds.push({ name: `ovs-perf report (${mode})`, data: JSON.stringify(buildReport(c, { url: "http://127.0.0.1:9", now }), null, 2) });
  }
}

/** JSON documents: the committed JSON fixtures and `toJson` of a parsed trace (bigints, tags). */
function jsonSeeds(): Seed[] {
  return [
    ...textSeeds("prometheus", /\.json$/),
    ...textSeeds("ovsdb", /^nb-clustered\.dump\.json$/),
    { name: "toJson(parseTraceDump(trace/ovn-acl-drop.trace))", data: toJson(parseTraceDump(fixtureText("trace/ovn-acl-drop.trace")), { indent: 1 }) },
  ];
}

export const configTargets: FuzzTarget[] = [
  {
    name: "parseMetricsConfig",
    covers: ["parseMetricsConfig"],
    input: "text",
    window: false,
    seeds: () => [{ name: "DEFAULT_METRICS_YAML", data: DEFAULT_METRICS_YAML }],
    run: (t: string) => parseMetricsConfig(t),
    growth: [
      {
        name: "metrics repeated",
        make: (k) => {
          const entry = (i: number) => `  - id: m${i}\n    title: M ${i}\n    category: vswitchd\n    unit: percent\n    query: rate(x[$window])\n    thresholds: { warning: 70, critical: 90 }\n`;
          return `replaceDefaults: true\nmetrics:\n${Array.from({ length: 400 * k }, (_, i) => entry(i)).join("")}`;
        },
      },
    ],
    bigLine: () => tenMegabytes("settings:\n  window: 5m\nmetrics:\n  - id: a\n    query: ", "x", "\n"),
  },
  {
    name: "parseReport",
    covers: ["parseReport"],
    input: "text",
    window: false,
    prepare: buildReportSeeds,
    seeds: () => reportSeeds,
    run: (t: string) => parseReport(t),
  },
  {
    name: "fromJson",
    covers: ["fromJson"],
    input: "text",
    window: false,
    seeds: jsonSeeds,
    run: (t: string) => fromJson(t),
    growth: [lineGrowth("tagged bigints", "[", '{"$bigint":"18446744073709551615"},', "1]"), { name: "nested arrays", make: (k) => "[".repeat(16_384 * k) + "]".repeat(16_384 * k) }],
    bigLine: () => tenMegabytes('{"a":"', "x", '"}'),
  },
];
