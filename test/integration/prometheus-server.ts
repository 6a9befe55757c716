/**
 * A throwaway real Prometheus for the integration tests: the OpenMetrics text is backfilled with
 * `promtool tsdb create-blocks-from openmetrics` into a fresh mkdtemp TSDB (under
 * $OVSKIT_SANDBOX_ROOT, else the system temp dir), then `prometheus` listens on a free loopback
 * port with a 100-year retention (the fixture's timestamps are fixed, so they must never expire)
 * and no scrape targets. `stop()` kills it and removes the directory (OVSKIT_IT_KEEP=1 keeps it).
 * With `rules`, the rules file is loaded (`rule_files:`) and evaluated every
 * `evaluationInterval` (rules evaluate at the wall clock: backfill data that ends near now).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { run } from "./sandbox.js";

/** Binaries needed, and the Debian package that has them. */
export const PROMETHEUS_BINARIES = ["prometheus", "promtool"] as const;
export const PROMETHEUS_PACKAGE = "prometheus";

export function missingPrometheusBinaries(): string[] {
  const dirs = (process.env.PATH ?? "").split(delimiter).concat(["/usr/bin", "/usr/local/bin"]);
  return PROMETHEUS_BINARIES.filter(
    (b) =>
      !dirs.some((d) => {
        try {
          accessSync(join(d, b), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** What {@link RealPrometheus.start} may add to the default setup. */
export interface RealPrometheusOptions {
  /** A rules file, loaded with the default configuration. */
  readonly rules?: string;
  /** Rule evaluation interval of the default configuration (default `1m`). */
  readonly evaluationInterval?: string;
  /** The whole prometheus.yml for the chosen port, instead of the default (no scrape targets). */
  readonly config?: (port: number) => string;
  /** Files written next to prometheus.yml (rules files). */
  readonly files?: Readonly<Record<string, string>>;
}

export class RealPrometheus {
  private constructor(
    readonly url: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(openMetrics: string, o: RealPrometheusOptions = {}): Promise<RealPrometheus> {
    const dir = mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), "ovskit-prom-it-"));
    const data = join(dir, "data");
    mkdirSync(data);
    writeFileSync(join(dir, "cluster.om"), openMetrics);
    for (const [name, text] of Object.entries(o.files ?? {})) writeFileSync(join(dir, name), text);
    let config = `global:\n  scrape_interval: 1h\n  evaluation_interval: ${o.evaluationInterval ?? "1m"}\n`;
    if (o.rules !== undefined) {
      writeFileSync(join(dir, "rules.yaml"), o.rules);
      config += `rule_files:\n  - ${join(dir, "rules.yaml")}\n`;
    }
    await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", join(dir, "cluster.om"), data], { timeoutMs: 60_000 });
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      writeFileSync(join(dir, "prometheus.yml"), o.config?.(port) ?? config);
      const child = spawn(
        "prometheus",
        [
          `--config.file=${join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${data}`,
          "--storage.tsdb.retention.time=100y",
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let log = "";
      child.stderr?.on("data", (b: Buffer) => {
        log = (log + b.toString("utf8")).slice(-20_000);
      });
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null) {
        try {
          if ((await fetch(`${url}/-/ready`)).status === 200) return new RealPrometheus(url, dir, child);
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      child.kill("SIGKILL");
      lastError = new Error(`prometheus did not become ready on ${url}:\n${log}`);
    }
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (this.child.exitCode === null) this.child.kill("SIGKILL");
    }
    if (process.env.OVSKIT_IT_KEEP !== "1") rmSync(this.dir, { recursive: true, force: true });
  }
}
