import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples/flow-export.ts");
const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", EXAMPLE, ...args], { cwd: ROOT, encoding: "utf8" });

describe("examples/flow-export.ts", () => {
  const dir = mkdtempSync(join(tmpdir(), "ovskit-flow-export-"));

  it("render prints the ovs-vsctl commands of a CR + ConfigMap, node port resolved to the node IP", () => {
    const cfg = join(dir, "config.yaml");
    writeFileSync(cfg, 'exportNetworkFlows:\n  netFlow: ["192.168.1.99:2056"]\nipfixConfigMap:\n  nodePort: "2055"\n  sampling: "100"\n');
    const r = run(["render", cfg, "--node-ip", "10.0.0.12"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# apply$/m);
    expect(r.stdout).toContain(`ovs-vsctl -- --id=@netflow create netflow 'targets=["192.168.1.99:2056"]' active_timeout=60 -- set bridge br-int netflow=@netflow`);
    expect(r.stdout).toContain(`create ipfix 'targets=["10.0.0.12:2055"]' sampling=100`);
    expect(r.stdout).toMatch(/^# clear$/m);
  });

  it("render refuses an invalid configuration with the path of the problem", () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, 'exportNetworkFlows:\n  ipfix: ["fd00::1:4739"]\nipfixConfigMap:\n  sampling: "0"\n');
    const r = run(["render", cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ipfix\[0\]/);
    expect(r.stderr).toMatch(/sampling/);
  });

  it("collect decodes a real NetFlow v5 datagram sent to its port", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ["--import", "tsx", EXAMPLE, "collect", "--port", String(port), "--host", "127.0.0.1"], { cwd: ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!err.includes("listening") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(err).toMatch(/listening on 127\.0\.0\.1/);
      const sock = createSocket("udp4");
      sock.send(readFileSync(join(FIXTURES, "export", "netflow-001.bin")), port, "127.0.0.1");
      while (out === "" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      sock.close();
      expect(out).toMatch(/10\.\d+\.\d+\.\d+/);
    } finally {
      child.kill("SIGINT");
    }
  });
});
