/**
 * The `ovskit` command as users run it: the built bin (dist/cli/ovskit.js, built here when
 * missing or older than its sources), spawned from other directories, on the real fixtures.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "dist", "cli", "ovskit.js");
const tmp = mkdtempSync(join(tmpdir(), "ovskit-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
}

beforeAll(() => {
  const built = existsSync(BIN) && existsSync(join(ROOT, "dist", "node", "index.js")) ? statSync(BIN).mtimeMs : 0;
  if (built >= Math.max(...["bin", "examples", "src"].map((d) => newest(join(ROOT, d))))) return;
  const b = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);
}, 600_000);

function ovskit(args: string[], options: { cwd?: string; input?: string } = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? tmp, input: options.input ?? "", encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One line on stderr, starting with "ovskit: ", no stack trace. */
function oneLine(err: string): void {
  expect(err).toMatch(/^ovskit: [^\n]+\n$/);
  expect(err).not.toMatch(/\n\s+at /);
}

const OF = join(FIXTURES, "openflow", "ovn-br-int.of15.flows");
const DP = join(FIXTURES, "datapath", "ovn.dpctl.flows");

describe("ovskit --help", () => {
  it("the command list on stdout, exit 0; no command is a usage error", () => {
    const h = ovskit(["--help"]);
    expect([h.code, h.err]).toEqual([0, ""]);
    for (const c of ["openflow", "datapath", "groups", "trace", "detrace", "offline", "perf", "rules", "dashboard", "flow-export", "replica", "ctl", "nbctl", "sbctl", "vsctl", "demo"]) expect(h.out).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(h.out).toContain("Exit codes: 0 ok; 1 bad input or runtime failure; 2 usage error");
    expect(ovskit(["-h"]).out).toBe(h.out);
    const none = ovskit([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("ovskit: give a command");
  });

  const cases: [string[], RegExp][] = [
    [["openflow", "--help"], /^Usage: ovskit openflow\|datapath FORMAT/],
    [["openflow", "console", "--help"], /^Usage: ovskit openflow\|datapath FORMAT/],
    [["datapath", "tree", "-h"], /^Usage: ovskit openflow\|datapath FORMAT/],
    [["groups", "--help"], /^Usage: ovskit groups/],
    [["detrace", "--help"], /^Usage: ovskit detrace/],
    [["trace", "--help"], /^Usage: /],
    [["offline", "--help"], /^Usage: ovskit offline summary/],
    [["offline", "summary", "--help"], /^Usage: ovskit offline summary/],
    [["perf", "--help"], /^Usage: ovskit perf/],
    [["perf", "compare", "--help"], /^Usage: ovskit perf/],
    [["rules", "--help"], /^Usage: ovskit perf/],
    [["dashboard", "--help"], /^Usage: ovskit perf/],
    [["flow-export", "--help"], /^Usage: ovskit flow-export render/],
    [["flow-export", "collect", "--help"], /^Usage: ovskit flow-export render/],
    [["replica", "--help"], /^Usage: ovskit replica/],
    [["demo", "--help"], /^Usage: ovskit demo/],
    [["ctl", "--help"], /^Usage: ovskit ctl nbctl\|sbctl\|vsctl/],
    [["nbctl", "--help"], /^Usage: ovskit ctl nbctl\|sbctl\|vsctl/],
    [["help", "detrace"], /^Usage: ovskit detrace/],
    [["offline", "replica", "--help"], /^Usage: /],
    [["offline", "nbctl", "--help"], /^Usage: /],
  ];
  for (const [args, usage] of cases) {
    it(`ovskit ${args.join(" ")}: usage on stdout, exit 0`, () => {
      const r = ovskit(args);
      expect([r.code, r.err]).toEqual([0, ""]);
      expect(r.out).toMatch(usage);
    });
  }
});

describe("ovskit errors", () => {
  it("an unknown option or command: exit 2, one line, no stack", () => {
    for (const args of [["openflow", "console", "--frobnicate"], ["offline", "summary", "x", "--frobnicate"], ["detrace", "--frobnicate"], ["perf", "--frobnicate"], ["groups", "--frobnicate"], ["flow-export", "render", "x.yaml", "--frobnicate"], ["replica", "--frobnicate"], ["demo", "--frobnicate"], ["frobnicate"]]) {
      const r = ovskit(args);
      expect(r.code, args.join(" ")).toBe(2);
      oneLine(r.err);
      expect(r.err).toContain("frobnicate");
    }
    expect(ovskit(["opnflow"]).err).toContain('unknown command "opnflow" (did you mean openflow?)');
  });

  it("a missing file: exit 1, one line naming it", () => {
    for (const args of [["openflow", "console", "-i", "nope.flows"], ["datapath", "tree", "-i", "nope.flows"], ["nbctl", "--nb", "nope.db", "show"], ["groups", "-i", "nope.flows"], ["detrace", "--sb", "nope.db", "nope.trace"], ["offline", "summary", "nope"], ["flow-export", "render", "nope.flows"], ["rules", "--config", "nope.flows"]]) {
      const r = ovskit(args);
      expect(r.code, args.join(" ")).toBe(1);
      oneLine(r.err);
      expect(r.err).toContain("nope");
    }
    expect(ovskit(["openflow", "console", "-i", "nope.flows"]).err).toBe("ovskit: nope.flows: no such file\n");
  });

  it("--debug adds the stack trace", () => {
    const r = ovskit(["openflow", "console", "-i", "nope.flows", "--debug"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ovskit: \w*Error: nope\.flows: no such file\n\s+at /);
  });

  it("binary data is one line, not garbage", () => {
    const bin = join(tmp, "node.flows");
    copyFileSync(process.execPath, bin);
    const r = ovskit(["openflow", "console", "-i", bin]);
    expect(r.code).toBe(1);
    oneLine(r.err);
    expect(r.err).toMatch(/node\.flows: binary data \(a NUL byte at offset \d+\), not a text dump\n$/);
  });
});

describe("ovskit on real dumps", () => {
  it("reads a gzip dump whatever its name, and stdin", () => {
    const gz = join(tmp, "br-int.dump");
    copyFileSync(join(ROOT, "bench", "data", "ovn-br-int-large.of15.flows.gz"), gz);
    const r = ovskit(["openflow", "summary", "-i", gz]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("ovskit: showing all 22,348 flows\n");
    expect(r.out).toMatch(/^table\s+flows\s+packets/);
    expect(r.out).toMatch(/^0\s+69\s/m);
    const s = ovskit(["datapath", "console"], { input: readFileSyncUtf8(DP) });
    expect(s.code).toBe(0);
    expect(s.out).toContain("recirc_id(0x25)");
  });

  it("says which command reads a file of another kind", () => {
    const cases: [string[], string][] = [
      [["openflow", "console", "-i", DP], "looks like a datapath flow dump (ovs-appctl dpctl/dump-flows): use `ovskit datapath`"],
      [["openflow", "console", "-i", join(FIXTURES, "openflow", "ovn-br-int.of15.groups")], "looks like an OpenFlow group dump (ovs-ofctl dump-groups): use `ovskit groups`"],
      [["openflow", "summary", "-i", join(FIXTURES, "trace", "ovn-acl-drop.trace")], "looks like an ofproto/trace output: use `ovskit detrace --sb SB.db TRACE` (or --lflow-list FILE)"],
      [["datapath", "tree", "-i", OF], "looks like an OpenFlow flow dump (ovs-ofctl dump-flows): use `ovskit openflow`"],
      [["groups", "-i", OF], "looks like an OpenFlow flow dump (ovs-ofctl dump-flows): use `ovskit openflow`"],
      [["openflow", "console", "-i", join(FIXTURES, "ovn", "lflow-list.txt")], "looks like a logical flow list (ovn-sbctl lflow-list): use `ovskit openflow logic --lflows FILE` to name the cookies of a flow dump"],
      [["openflow", "console", "-i", join(FIXTURES, "ovn", "ovnsb_db.db")], "looks like an OVSDB database file: use `ovskit detrace --sb FILE`"],
      [["detrace", "--sb", join(FIXTURES, "ovn", "ovnsb_db.db"), OF], "looks like an OpenFlow flow dump (ovs-ofctl dump-flows): use `ovskit openflow` (or `ovskit detrace --flows FILE` to annotate it)"],
    ];
    for (const [args, message] of cases) {
      const r = ovskit(args);
      expect(r.code, args.join(" ")).toBe(1);
      oneLine(r.err);
      expect(r.err).toContain(message);
    }
  });

  it("resolves relative paths against the directory it runs in", () => {
    const cwd = join(FIXTURES, "openflow");
    const r = ovskit(["openflow", "summary", "-i", "ovn-br-int.of15.flows"], { cwd });
    expect(r.code).toBe(0);
    expect(r.err).toBe("ovskit: showing all 1,933 flows\n");
    expect(r.out).toMatch(/^table\s+flows/);
    const up = ovskit(["datapath", "tree", "-i", relative(tmp, DP)]);
    expect(up.code).toBe(0);
    const d = ovskit(["detrace", "--sb", "../ovn/ovnsb_db.db", "--nb", "../ovn/ovnnb_db.db", "../ovn/trace-acl-drop.txt"], { cwd });
    expect([d.code, d.err]).toEqual([0, ""]);
    expect(d.out).toMatch(/ls_in_acl|acl/i);
    const n = ovskit(["nbctl", "--nb", "../ovn/ovnnb_db.db", "ls-list"], { cwd });
    expect([n.code, n.err]).toEqual([0, ""]);
    expect(n.out).toMatch(/\(ovn-worker\)/);
    const o = ovskit(["offline", "summary", "../ovs-save", "--top", "2"], { cwd });
    expect(o.code).toBe(0);
    expect(o.out).toContain("bridge br-a: OpenFlow15");
  });

  it("offline summary never claims a join it did not make", () => {
    const r = ovskit(["offline", "summary", join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"), "--top", "2"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("OVN: cookies joined through var/lib/ovn/ovnsb_db.db (offline detrace)");
    expect(r.out).not.toContain("no SB database");
  });
});

function readFileSyncUtf8(p: string): string {
  return spawnSync("cat", [p], { encoding: "utf8" }).stdout;
}
