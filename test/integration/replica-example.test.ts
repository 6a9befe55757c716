/**
 * examples/replica.ts (`npm run replica`) with the real daemons: it starts a replica, prints the
 * commands and sockets, and stops every daemon on --once and on Ctrl-C (SIGINT).
 *
 * Needs openvswitch-switch ovn-central ovn-host; skipped with a warning when missing, FAILS under CI.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromJson } from "../../src/index.js";
import { CAPTURE, daemonsUnder, replicaRoot, skipReplicaSuite } from "./replica-helpers.js";
import { ROOT } from "./sandbox.js";

const skip = skipReplicaSuite("replica example");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");
const EXAMPLE = join(ROOT, "examples", "replica.ts");

describe.skipIf(skip)("examples/replica.ts", () => {
  let root: string;
  beforeAll(() => {
    root = replicaRoot();
  });
  afterAll(() => {
    expect(daemonsUnder(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it("--once: prints the bridges, what differs, the sockets and the commands, then stops", () => {
    const dir = join(root, "once");
    const out = spawnSync("node", ["--import", TSX, EXAMPLE, join(ROOT, "test", "fixtures", "ovs-save"), "--conf", join(CAPTURE, "conf.db"), "--dir", dir, "--once"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^replica of files in .*once \(override dummy datapath\), started in \d+ ms/);
    expect(out.stdout).toMatch(/bridge br-a: 15 flows, 3 groups, 0 meters, TLV map tun_metadata0 tun_metadata1\n {4}ports: 1\(a1\) 2\(a2\) 3\(a3\) 10\(a-to-b:patch\) LOCAL\(br-a\)/);
    expect(out.stdout).toContain("Interface dpdk0: type dpdk -> dummy");
    expect(out.stdout).toContain(`export OVS_RUNDIR='${dir}'`);
    expect(out.stdout).toContain(`br-a           ${dir}/br-a.mgmt`);
    expect(existsSync(dir)).toBe(false);
    expect(daemonsUnder(dir)).toEqual([]);
  });

  it("runs until Ctrl-C, then stops every daemon it started; --json prints the replica as plain data", async () => {
    const dir = join(root, "sigint");
    const child = spawn("node", ["--import", TSX, EXAMPLE, join(ROOT, "test", "fixtures", "ovs-save"), "--dir", dir, "--json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const deadline = Date.now() + 120_000;
    while (!err.includes("Ctrl-C stops") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(err).toContain("Ctrl-C stops");
    expect(daemonsUnder(dir).length).toBe(2);
    const data = fromJson<{ kind: string; origin: string; bridges: { name: string; flows: number }[] }>(out);
    expect([data.kind, data.origin, data.bridges.map((b) => `${b.name}:${b.flows}`)]).toEqual(["replica", "ovs-save", ["br-a:15", "br-b:8"]]);
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(err).toContain("SIGINT: stopping the replica");
    expect(daemonsUnder(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it("a bad argument is a usage error (exit 2), before any daemon", () => {
    const bad = spawnSync("node", ["--import", TSX, EXAMPLE, "--frobnicate"], { cwd: ROOT, encoding: "utf8" });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("unknown option --frobnicate") as unknown]);
  });
});
