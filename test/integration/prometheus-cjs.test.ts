/**
 * node-fetch v3 is ESM-only while ovskit also ships CommonJS (dist/node/index.cjs): the TLS fetch
 * loads it with a dynamic import() that tsup keeps as such in the CJS output. This suite builds
 * src/node/prometheus with tsup (both formats, into a temporary directory under
 * node_modules/.cache so that bare imports resolve), then, in fresh Node processes, `require()`s
 * the CJS build and `import`s the ESM build, and runs a query over TLS (test CA) against a local
 * https server through each.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, run } from "./sandbox.js";

const TLS = join(ROOT, "test", "fixtures", "prometheus", "tls");

const script = (load: string) => `
const https = require("node:https");
const fs = require("node:fs");
const tls = (n) => fs.readFileSync(${JSON.stringify(TLS)} + "/" + n, "utf8");
const server = https.createServer({ key: tls("server.key"), cert: tls("server.pem") }, (req, res) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ status: "success", data: { resultType: "scalar", result: [1, "+Inf"] } }));
});
server.listen(0, "127.0.0.1", async () => {
  try {
    const m = ${load};
    const prom = m.createNodePrometheusClient({ url: "https://127.0.0.1:" + server.address().port, tls: { ca: tls("ca.pem") }, retries: 0 });
    const r = await prom.query("up");
    console.log(JSON.stringify({ type: r.data.resultType, value: String(r.data.result.value) }));
  } catch (e) { console.log("ERROR " + e.message); }
  server.close();
});
`;

describe("CommonJS and ESM builds of the Node Prometheus helpers", () => {
  let out: string;
  beforeAll(async () => {
    mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
    out = mkdtempSync(join(ROOT, "node_modules", ".cache", "ovskit-cjs-"));
    await run("npx", ["--no-install", "tsup", "src/node/prometheus/index.ts", "--format", "esm,cjs", "--out-dir", out, "--no-dts", "--silent"], { timeoutMs: 120_000 });
  });
  afterAll(() => {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  it("the CJS output keeps import('node-fetch') dynamic (no require of an ESM-only package)", () => {
    const cjs = readFileSync(join(out, "index.cjs"), "utf8");
    expect(cjs).toContain("import('node-fetch')");
    expect(cjs).not.toMatch(/require\(["']node-fetch["']\)/);
  });

  it("require() of the CJS build works and queries over TLS", async () => {
    const r = await run("node", ["-e", script(`require(${JSON.stringify(join(out, "index.cjs"))})`)]);
    expect(r.stdout.trim()).toBe('{"type":"scalar","value":"Infinity"}');
  });

  it("import() of the ESM build works and queries over TLS", async () => {
    const r = await run("node", ["-e", script(`await import(${JSON.stringify(join(out, "index.js"))})`)]);
    expect(r.stdout.trim()).toBe('{"type":"scalar","value":"Infinity"}');
  });
});
