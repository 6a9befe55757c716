/**
 * `npm install ovskit` then `npx ovskit ...`, for real: the package as `npm pack` makes it,
 * installed from the tarball into a fresh project (its dependencies come from the npm
 * registry), run from that project's directories with relative paths, gzip included.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");
const dir = mkdtempSync(join(tmpdir(), "ovskit-npm-pack-"));
const project = join(dir, "project");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function npx(args: string[], cwd = project): { code: number | null; out: string; err: string } {
  const r = spawnSync("npx", ["--no-install", "ovskit", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "ignore" });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, stdio: "ignore" });
  const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (tgz === undefined) throw new Error("npm pack made no tarball");
  mkdirSync(join(project, "dumps"), { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "ovskit-user", version: "1.0.0", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(dir, tgz)], { cwd: project, stdio: "ignore" });
  copyFileSync(join(FIXTURES, "datapath", "ovn.dpctl.flows"), join(project, "dumps", "worker-1.dpctl"));
  writeFileSync(join(project, "dumps", "br-int.flows.gz"), gzipSync(readFileSync(join(FIXTURES, "openflow", "ovn-br-int.of15.flows"))));
}, 600_000);

describe("npx ovskit, installed from the npm pack tarball", () => {
  it("--help, exit 0", () => {
    const h = npx(["--help"]);
    expect([h.code, h.err]).toEqual([0, ""]);
    expect(h.out).toMatch(/^Usage: ovskit COMMAND/);
  });

  it("reads a gzip dump and a plain one by relative paths, from the project and from a subdirectory", () => {
    const s = npx(["openflow", "summary", "-i", "dumps/br-int.flows.gz"]);
    expect(s.code).toBe(0);
    expect(s.err).toMatch(/^ovskit: showing all [\d,]+ flows\n$/); // never silent: one count line on stderr
    expect(s.out).toMatch(/^table\s+flows\s+packets/);
    const t = npx(["datapath", "tree", "-i", "worker-1.dpctl"], join(project, "dumps"));
    expect(t.code).toBe(0);
    expect(t.err).toMatch(/^ovskit: [^\n]*recirculation[^\n]*\n$/);
    expect(t.out).toContain("recirc_id(0x25)");
  });

  it("errors are one line with the documented exit code; the demo says where its data lives", () => {
    const m = npx(["openflow", "console", "-i", "nope.flows"]);
    expect([m.code, m.err]).toEqual([1, "ovskit: nope.flows: no such file\n"]);
    const w = npx(["openflow", "console", "-i", "dumps/worker-1.dpctl"]);
    expect(w.code).toBe(1);
    expect(w.err).toContain("looks like a datapath flow dump (ovs-appctl dpctl/dump-flows): use `ovskit datapath`");
    const u = npx(["openflow", "--frobnicate"]);
    expect(u.code).toBe(2);
    const d = npx(["demo"]);
    expect(d.code).toBe(1);
    expect(d.err).toContain("ships with the source repository");
  });
});
