/**
 * examples/ovs-perf.ts without Prometheus: the rules and dashboard subcommands, paths relative to
 * the directory the user ran the command from (INIT_CWD under npm run), --json never writing into
 * the package directory, and the single message of an unreachable Prometheus. The modes that need
 * Prometheus run in test/integration/prometheus-ovs-perf.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultMetricsConfig, toGrafanaDashboard, toPrometheusRuleResource, toPrometheusRules } from "../src/ovs-perf/index.js";

const ROOT = join(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples/ovs-perf.ts");
const run = (args: string[], o: { cwd?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", EXAMPLE, ...args], {
    cwd: o.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, PROMETHEUS_URL: "", PROMETHEUS_TOKEN: "", INIT_CWD: "", ...o.env },
  });
const packageFiles = () => readdirSync(ROOT).sort();

describe("examples/ovs-perf.ts", () => {
  const dir = mkdtempSync(join(tmpdir(), "ovskit-ovs-perf-cli-"));

  it("rules: the rules file on stdout; --resource with namespace and labels; --json the object", () => {
    const yaml = run(["rules"]);
    expect(yaml.status).toBe(0);
    expect(parse(yaml.stdout)).toEqual(toPrometheusRules(defaultMetricsConfig()));
    const cr = run(["rules", "--resource", "--namespace", "openshift-ovn-kubernetes", "--label", "role=alert-rules", "--for", "10m"]);
    expect(parse(cr.stdout)).toEqual(toPrometheusRuleResource(defaultMetricsConfig(), { namespace: "openshift-ovn-kubernetes", labels: { role: "alert-rules" }, for: "10m" }));
    expect(JSON.parse(run(["rules", "--json"]).stdout)).toEqual(toPrometheusRules(defaultMetricsConfig()));
    const bad = run(["rules", "--label", "novalue"]);
    expect(bad.status).toBe(2); // a usage error
    expect(bad.stderr).toBe("ovs-perf: --label wants key=value, not novalue (ovs-perf --help for usage)\n");
  });

  it("dashboard: the JSON on stdout, or in --out relative to where the user ran npm (INIT_CWD), with a --config from there", () => {
    const before = packageFiles();
    const d = run(["dashboard", "--title", "OVS"]);
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual(toGrafanaDashboard(defaultMetricsConfig(), { title: "OVS" }));
    writeFileSync(join(dir, "metrics.yaml"), "metrics:\n  - { id: dp_flows, thresholds: { warning: 1, critical: 2 } }\n");
    // npm run perf -- dashboard ... runs in the package directory with INIT_CWD = the user's directory
    const out = run(["dashboard", "--config", "metrics.yaml", "--out", "dash.json"], { env: { INIT_CWD: dir } });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe("");
    const dash = JSON.parse(readFileSync(join(dir, "dash.json"), "utf8"));
    expect(dash.panels.find((p: { title: string }) => p.title === "datapath flows").fieldConfig.defaults.thresholds.steps.map((s: { value: number | null }) => s.value)).toEqual([null, 1, 2]);
    expect(packageFiles()).toEqual(before);
  });

  it("an unreachable Prometheus is one plain message; --json writes no file into the package directory", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const a = s.address();
        s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const before = packageFiles();
    const j = run(["instant", "--url", url, "--json"]);
    expect(j.stderr).toBe("");
    expect(j.status).toBe(3);
    const report = JSON.parse(j.stdout);
    expect(report).toMatchObject({ status: "unknown", connection: { status: "unreachable" }, summary: { info: 1, skippedMetrics: 23 } });
    expect(packageFiles()).toEqual(before);
    const t = run(["instant", "--url", url], { env: { INIT_CWD: dir } });
    expect(t.status).toBe(3);
    expect(t.stdout).toMatch(new RegExp(`^Prometheus at ${url.replace(/\./g, "\\.")} could not be queried: `, "m"));
    expect(t.stdout).not.toMatch(/ERROR: http/);
    expect(t.stdout.match(/could not be queried/g)).toHaveLength(1); // said once; no table of skipped metrics
    expect(t.stdout).toContain("status: UNKNOWN");
    expect(readdirSync(dir).filter((f) => f.startsWith("ovs-perf-instant-"))).toHaveLength(1);
  });
});
