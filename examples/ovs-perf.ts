/**
 * ovs-perf: which node's Open vSwitch is in trouble, and why, from Prometheus / Thanos.
 *
 *   tsx examples/ovs-perf.ts instant [--time T]
 *   tsx examples/ovs-perf.ts duration --duration 1h [--end T] [--step 60]
 *   tsx examples/ovs-perf.ts metric --metric cpu|memory|dp_flows|bridge_flows|connections [--duration 1h]
 *   tsx examples/ovs-perf.ts monitor --interval 300 [--max-iterations N]
 *   tsx examples/ovs-perf.ts compare before.json after.json [--threshold 10]
 *   tsx examples/ovs-perf.ts rules [--resource [--namespace NS] [--name N] [--label k=v]] [--for 0s] [--json]
 *   tsx examples/ovs-perf.ts dashboard [--title T] [--uid U] [--from now-24h]
 *
 * Connection: --url / --token, else PROMETHEUS_URL / PROMETHEUS_TOKEN, else (with --kube) the
 * thanos-querier route of the current kubeconfig context. --ca FILE, --insecure (skip TLS
 * verification, only when asked). --config metrics.yaml (merged over the defaults;
 * --print-config shows them). A connection check runs first: an unreachable Prometheus, or one
 * without OVS metrics, is one plain message.
 * Output: --json prints the report on stdout and writes no file (unless --out is given);
 * otherwise the report goes to --out FILE (default ovs-perf-<mode>-<time>.json). Relative paths
 * are relative to the directory you ran the command from (also through `npm run perf`), never
 * the package directory. --include-points keeps the samples.
 * rules: the thresholds of metrics.yaml as a Prometheus rules file (YAML; --resource: a
 * PrometheusRule custom resource; --json: the object). dashboard: a Grafana dashboard (JSON).
 * Both print on stdout, or write --out FILE.
 * Exit status: 0 ok; 1 on errors (unreachable Prometheus with --json aside: see 3); 2 on usage
 * errors; 3 when no metric could be collected; 4 when the status is critical (compare: when
 * there are regressions).
 *
 * Through the ovskit command: ovskit perf MODE ..., ovskit rules ..., ovskit dashboard ...
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createNodePrometheusClient, loadMetricsConfigFile, readInputText, resolvePrometheusOptions } from "ovskit/node";
import { EXIT, UsageError, printHelp, runIfDirect, wantsHelp } from "./cli-kit.js";
import {
  DEFAULT_METRICS_YAML,
  METRIC_CATEGORIES,
  type MetricCategory,
  type OvsPerfReport,
  buildReport,
  collectOvsMetrics,
  compareReports,
  defaultMetricsConfig,
  formatMetricValue,
  parseReport,
  prometheusRulesYaml,
  type PrometheusClientOptions,
  toGrafanaDashboard,
  toPrometheusRuleResource,
  toPrometheusRules,
} from "ovskit";

const OPTIONS = {
    url: { type: "string" },
    token: { type: "string" },
    kube: { type: "boolean", default: false },
    ca: { type: "string" },
    insecure: { type: "boolean", default: false },
    config: { type: "string" },
    "print-config": { type: "boolean", default: false },
    time: { type: "string" },
    end: { type: "string" },
    duration: { type: "string" },
    step: { type: "string" },
    metric: { type: "string" },
    interval: { type: "string", default: "300" },
    "max-iterations": { type: "string" },
    threshold: { type: "string", default: "10" },
    out: { type: "string" },
    json: { type: "boolean", default: false },
    "include-points": { type: "boolean", default: false },
    resource: { type: "boolean", default: false },
    namespace: { type: "string" },
    name: { type: "string" },
    label: { type: "string", multiple: true },
    for: { type: "string" },
    title: { type: "string" },
    uid: { type: "string" },
    from: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0] ?? String(e));
  }
}

let args: ReturnType<typeof parse>["values"];
let positionals: string[] = [];
const time = (t: string | undefined): Date | undefined => (t === undefined ? undefined : /^\d+(\.\d+)?$/.test(t) ? new Date(Number(t) * 1000) : new Date(t));

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd()).join("\n");
}

/** Where a path given on the command line points: relative to the directory the user ran the command from. */
const userPath = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);

function printSummary(r: OvsPerfReport): void {
  const when = r.mode === "instant" ? `at ${r.time}` : `${r.range?.start} .. ${r.range?.end} (step ${r.range?.stepSeconds}s)`;
  console.log(`ovs-perf ${r.mode} ${when}  source ${r.source.url}`);
  if (r.connection !== undefined && r.connection.status !== "ok") console.log(`\n${r.connection.message}\n`);
  const c = r.cluster;
  if (c !== undefined) {
    const parts = [
      c.nodes === null ? "nodes unknown" : `${c.nodes} nodes${c.nodesFrom === "ovs-series" ? " (seen in OVS series)" : ""}`,
      ...(c.openshiftVersion !== null ? [`OpenShift ${c.openshiftVersion}`] : []),
      ...(c.kubernetesVersion !== null ? [`Kubernetes ${c.kubernetesVersion}`] : []),
      ...(c.ovsVersions.length > 0 ? [`OVS ${c.ovsVersions.join(", ")}`] : []),
    ];
    console.log(`cluster: ${parts.join(", ")}`);
  }
  console.log(`status: ${r.status.toUpperCase()}  (${r.summary.critical} critical, ${r.summary.warning} warning, ${r.summary.info} info, ${r.summary.concerns} concerns)\n`);
  if (r.summary.skippedMetrics === r.metrics.length) {
    const a = r.alerts.find((x) => x.metric === "connection");
    if (a !== undefined) console.log(`-> ${a.recommendation}`);
    return;
  }
  const rows = [["metric", "entity", "min", "avg", "max", "p95", "last", "alert"]];
  const folded = r.connection?.status === "no-ovs-metrics";
  for (const m of r.metrics) {
    if (m.status === "skipped" || (folded && m.status === "empty" && /\bovs_/.test(m.query))) continue;
    if (m.status !== "ok") {
      rows.push([m.id, m.status === "error" ? `ERROR: ${m.error?.kind}` : "(no data)", "", "", "", "", "", ""]);
      continue;
    }
    for (const e of m.entities.filter((x) => m.top.includes(x.entity))) {
      const alert = r.alerts.find((a) => a.metric === m.id && a.entity === e.entity);
      const f = (v: number) => formatMetricValue(v, m.unit);
      rows.push([m.id, e.entity, f(e.min), f(e.avg), f(e.max), f(e.p95), f(e.last), alert?.severity ?? ""]);
    }
  }
  console.log(table(rows));
  if (r.nodeMapping.note !== undefined) console.log(`\nnote: ${r.nodeMapping.note}`);
  if (r.alerts.length > 0) console.log("\nalerts:");
  for (const a of r.alerts) console.log(`  [${a.severity}] ${a.message}\n      -> ${a.recommendation}`);
  if (r.insights.length > 0) console.log("\ninsights:");
  for (const i of r.insights) {
    console.log(`  (${i.severity}, confidence ${i.confidence}) ${i.message}`);
    if (i.recommendation !== undefined) console.log(`      -> ${i.recommendation}`);
  }
}

async function client(): Promise<ReturnType<typeof createNodePrometheusClient>> {
  let options: PrometheusClientOptions;
  if (args.url !== undefined) options = { url: args.url, ...(args.token !== undefined ? { token: args.token } : {}) };
  else options = (await resolvePrometheusOptions({ allowKubeDiscovery: args.kube })).options;
  if (args.ca !== undefined || args.insecure) {
    options = { ...options, tls: { ...options.tls, ...(args.ca !== undefined ? { ca: await readInputText(userPath(args.ca)) } : {}), ...(args.insecure ? { insecureSkipVerify: true } : {}) } };
  }
  return createNodePrometheusClient(options);
}

const loadConfig = () => (args.config !== undefined ? loadMetricsConfigFile(userPath(args.config)) : Promise.resolve(defaultMetricsConfig()));

/** Writes `text` to --out (relative to the user's directory), or prints it. */
function output(text: string): void {
  if (args.out !== undefined) writeFileSync(userPath(args.out), text.endsWith("\n") ? text : `${text}\n`);
  else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

async function runOnce(kind: "instant" | "range", categories?: MetricCategory[]): Promise<OvsPerfReport> {
  const config = await loadConfig();
  const prom = await client();
  const end = time(args.end);
  const at = time(args.time);
  const collection = await collectOvsMetrics(prom, config, {
    mode: kind,
    ...(categories !== undefined ? { categories } : {}),
    ...(kind === "instant" && at !== undefined ? { time: at } : {}),
    ...(kind === "range" ? { duration: args.duration ?? "1h", ...(end !== undefined ? { end } : {}), ...(args.step !== undefined ? { step: /^\d+(\.\d+)?$/.test(args.step) ? Number(args.step) : args.step } : {}) } : {}),
  });
  return buildReport(collection, { url: prom.url, includePoints: args["include-points"] });
}

function emit(r: OvsPerfReport): void {
  const text = `${JSON.stringify(r, null, 2)}\n`;
  if (args.json) {
    // stdout only: --json never leaves a file behind, unless --out asks for one
    if (args.out !== undefined) writeFileSync(userPath(args.out), text);
    process.stdout.write(text);
    return;
  }
  const out = userPath(args.out ?? `ovs-perf-${r.mode}-${r.generatedAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(out, text);
  printSummary(r);
  console.log(`\nreport written to ${out}`);
}

/** 4 when critical, 3 when nothing could be collected, else 0. */
function exitCode(r: OvsPerfReport): number {
  return r.status === "critical" ? EXIT.critical : r.status === "unknown" ? EXIT.nothing : EXIT.ok;
}

const USAGE = `Usage: ovskit perf [MODE] [options]        (MODE: instant, the default)
  ovskit perf instant [--time T]
  ovskit perf duration --duration 1h [--end T] [--step 60]
  ovskit perf metric --metric cpu|memory|dp_flows|bridge_flows|connections [--duration 1h]
  ovskit perf monitor --interval 300 [--max-iterations N]
  ovskit perf compare BEFORE.json AFTER.json [--threshold 10]
  ovskit rules [--resource [--namespace NS] [--name N] [--label k=v]...] [--for 0s] [--json]
  ovskit dashboard [--title T] [--uid U] [--from now-24h]

Connection: --url URL / --token TOKEN, else PROMETHEUS_URL / PROMETHEUS_TOKEN, else (with --kube)
the thanos-querier route of the current kubeconfig context. --ca FILE, --insecure (skip TLS
verification, only when asked). A connection check runs first: an unreachable Prometheus, or one
without OVS metrics, is one plain message.
Thresholds and queries: --config metrics.yaml (merged over the defaults; --print-config shows
the defaults, or the file given). T: Unix seconds or an ISO date.
Output: the summary on stdout and the JSON report in --out FILE (default
ovs-perf-MODE-TIME.json in the current directory); --json prints the report on stdout and
writes no file (unless --out is given). --include-points keeps the samples.
rules: the thresholds as a Prometheus rules file (YAML; --resource: a PrometheusRule custom
resource; --json: JSON). dashboard: a Grafana dashboard (JSON). Both print on stdout, or --out FILE.
Exit status: 0 ok; 1 error; 2 usage; 3 no metric could be collected; 4 status critical
(compare: regressions over the threshold).
`;

const MODES = ["instant", "duration", "metric", "monitor", "compare", "rules", "dashboard"];

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return printHelp(USAGE);
  ({ values: args, positionals } = parse(argv));
  const mode = positionals[0] ?? "instant";
  if (!MODES.includes(mode)) throw new UsageError(`unknown mode "${mode}" (${MODES.join(", ")})`);
  if (mode !== "compare" && positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (args["print-config"]) {
    console.log(args.config !== undefined ? await readInputText(userPath(args.config)) : DEFAULT_METRICS_YAML);
    return 0;
  }
  switch (mode) {
    case "instant":
    case "duration": {
      const r = await runOnce(mode === "instant" ? "instant" : "range");
      emit(r);
      return exitCode(r);
    }
    case "metric": {
      const m = args.metric as MetricCategory | undefined;
      if (m === undefined || !METRIC_CATEGORIES.includes(m)) throw new UsageError(`--metric must be one of ${METRIC_CATEGORIES.join(", ")}`);
      const r = await runOnce(args.duration !== undefined ? "range" : "instant", [m]);
      emit(r);
      return exitCode(r);
    }
    case "monitor": {
      const interval = Number(args.interval) * 1000;
      const max = args["max-iterations"] === undefined ? Number.POSITIVE_INFINITY : Number(args["max-iterations"]);
      if (!(interval > 0) || !(max > 0)) throw new UsageError("--interval and --max-iterations must be positive numbers");
      let last: OvsPerfReport | undefined;
      for (let i = 1; i <= max; i++) {
        last = await runOnce("instant");
        console.log(`\n=== iteration ${i} ${last.generatedAt} ===`);
        emit(last);
        if (i < max) await new Promise((r) => setTimeout(r, interval));
      }
      return last === undefined ? 0 : exitCode(last);
    }
    case "compare": {
      const [a, b] = positionals.slice(1);
      if (a === undefined || b === undefined) throw new UsageError("compare needs two report files");
      const cmp = compareReports(parseReport(await readInputText(userPath(a))), parseReport(await readInputText(userPath(b))), { thresholdPercent: Number(args.threshold) });
      if (args.json) {
        console.log(JSON.stringify(cmp, null, 2));
        return cmp.regressions.length > 0 ? EXIT.critical : 0;
      }
      console.log(`status: ${cmp.statusBefore} -> ${cmp.statusAfter}; ${cmp.regressions.length} regression(s) over ${cmp.thresholdPercent} %\n`);
      const rows = [["metric", "entity", "stat", "before", "after", "change", ""]];
      for (const r of cmp.rows) {
        const f = (v: number | null) => (v === null ? "-" : formatMetricValue(v, r.unit));
        rows.push([r.metric, r.entity, r.statistic, f(r.before), f(r.after), r.changePercent === null ? "n/a" : `${r.changePercent > 0 ? "+" : ""}${r.changePercent} %`, r.regression ? "REGRESSION" : ""]);
      }
      console.log(table(rows));
      return cmp.regressions.length > 0 ? EXIT.critical : 0;
    }
    case "rules": {
      const config = await loadConfig();
      const labels = Object.fromEntries(
        (args.label ?? []).map((kv) => {
          const i = kv.indexOf("=");
          if (i <= 0) throw new UsageError(`--label wants key=value, not ${kv}`);
          return [kv.slice(0, i), kv.slice(i + 1)];
        }),
      );
      const o = { ...(args.for !== undefined ? { for: args.for } : {}) };
      const doc = args.resource
        ? toPrometheusRuleResource(config, { ...o, labels, ...(args.name !== undefined ? { name: args.name } : {}), ...(args.namespace !== undefined ? { namespace: args.namespace } : {}) })
        : toPrometheusRules(config, o);
      output(args.json ? JSON.stringify(doc, null, 2) : prometheusRulesYaml(doc));
      return 0;
    }
    case "dashboard": {
      const config = await loadConfig();
      const dash = toGrafanaDashboard(config, { ...(args.title !== undefined ? { title: args.title } : {}), ...(args.uid !== undefined ? { uid: args.uid } : {}), ...(args.from !== undefined ? { from: args.from } : {}) });
      output(JSON.stringify(dash, null, 2));
      return 0;
    }
    default:
      throw new Error(`unknown mode ${mode} (instant, duration, metric, monitor, compare, rules, dashboard)`);
  }
}

runIfDirect(import.meta.url, "ovs-perf", main);
