/**
 * node-fetch v3 is ESM-only while ovskit also ships CommonJS (dist/node/index.cjs): the TLS fetch
 * loads it with a dynamic import() that tsup keeps as such in the CJS output. This suite checks the
 * shipped build (dist/, made by `npm run build` when it is missing): in fresh Node processes it
 * `require()`s the CJS build of `ovskit/node` and `import`s the ESM build (each loads the main
 * entry as the package `ovskit`), and runs a query over TLS (test CA) against a local https
 * server through each.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
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
  const out = join(ROOT, "dist", "node");
  beforeAll(async () => {
    if (!existsSync(join(out, "index.cjs")) || !existsSync(join(out, "index.js"))) await run("npm", ["run", "build"], { timeoutMs: 300_000 });
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
