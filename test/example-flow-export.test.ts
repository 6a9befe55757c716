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
    writeFileSync(cfg, 'exportNetworkFlows:\n  netFlow: ["192.168.1.99:2056"]\nflowsConfigMap:\n  nodePort: "2055"\n  sampling: "100"\n');
    const r = run(["render", cfg, "--node-ip", "10.0.0.12"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# apply$/m);
    expect(r.stdout).toContain(`ovs-vsctl -- --id=@netflow create netflow 'targets=["192.168.1.99:2056"]' active_timeout=60 -- set bridge br-int netflow=@netflow`);
    expect(r.stdout).toContain(`create ipfix 'targets=["10.0.0.12:2055"]' sampling=100`);
    expect(r.stdout).toMatch(/^# clear$/m);
  });

  it("render refuses an invalid configuration with the path of the problem, and prints the warnings", () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, 'exportNetworkFlows:\n  ipfix: ["fd00::1:4739"]\nflowsConfigMap:\n  nodePort: "2055"\n  sampling: "0"\n');
    const r = run(["render", cfg, "--node-ip", "10.0.0.12"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error exportNetworkFlows\.ipfix\[0\]: IPv6 addresses must be in brackets/);
    expect(r.stderr).toMatch(/warning ovs-flows-config\.sampling: 0 does not disable sampling/);
  });

  it("operator prints the ovnkube-node environment and the commands ovnkube-node runs on the node", () => {
    const cfg = join(dir, "objects.yaml");
    writeFileSync(
      cfg,
      "apiVersion: operator.openshift.io/v1\nkind: Network\nmetadata: { name: cluster }\nspec:\n  exportNetworkFlows:\n    sFlow: { collectors: [10.0.0.9:6343] }\n---\n" +
        "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ovs-flows-config, namespace: openshift-network-operator }\ndata: { sharedTarget: 10.96.0.9:2055, nodePort: '2055', cacheActiveTimeout: 1500ms }\n",
    );
    const r = run(["operator", cfg, "--node-ip", "10.0.0.12"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "# ovnkube-node container environment (cluster-network-operator)",
      "SFLOW_COLLECTORS=10.0.0.9:6343",
      "IPFIX_COLLECTORS=10.96.0.9:2055",
      "IPFIX_CACHE_ACTIVE_TIMEOUT=1",
      "# ovs-vsctl commands ovnkube-node runs on node 10.0.0.12",
      "ovs-vsctl -- clear bridge br-int netflow -- clear bridge br-int sflow -- clear bridge br-int ipfix",
      `ovs-vsctl -- --id=@sflow create sflow agent=ovn-k8s-mp0 'targets=["10.0.0.9:6343"]' -- set bridge br-int sflow=@sflow`,
      `ovs-vsctl -- --id=@ipfix create ipfix 'targets=["10.96.0.9:2055"]' cache_active_timeout=1 sampling=400 -- set bridge br-int ipfix=@ipfix`,
      "",
    ]);
    expect(r.stderr).toMatch(/warning ovs-flows-config\.nodePort: sharedTarget and nodePort are both set/);
    expect(r.stderr).toMatch(/warning ovs-flows-config\.cacheActiveTimeout: "1500ms" is truncated to 1 seconds/);
  });

  it("--help prints the usage and exits 0; no command exits 2", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ovskit flow-export render/);
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("flow-export: give a subcommand: render, operator or collect (flow-export --help for usage)\n");
    const unknown = run(["render", "x.yaml", "--frobnicate"]);
    expect([unknown.status, unknown.stderr]).toEqual([2, "flow-export: unknown option --frobnicate for render (--bridge, --agent, --node-ip, --strict) (flow-export --help for usage)\n"]);
    const missing = run(["render", "no-such.yaml"]);
    expect([missing.status, missing.stderr]).toEqual([1, "flow-export: no-such.yaml: no such file\n"]);
  });

  it("a YAML syntax error names the line", () => {
    const cfg = join(dir, "syntax.yaml");
    writeFileSync(cfg, "flowsConfigMap:\n  nodePort: [2055\n");
    const r = run(["render", cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line \d+, column \d+/);
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
