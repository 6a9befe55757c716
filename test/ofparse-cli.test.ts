/**
 * The `ofparse` example end to end on the committed real fixtures: a few runs as a child
 * process (exit status, stdin, no colours when not a TTY), the rest through its `main()` in
 * this process with stdout / stderr captured (same code path, without a Node start-up each).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../examples/ofparse.js";
import { formatDatapathFlow, parseDatapathFlows } from "../src/datapath/index.js";
import { formatFlow, parseFlows } from "../src/openflow/index.js";
import { FIXTURES, fixture } from "./helpers/fixtures.js";

const OF = join(FIXTURES, "openflow", "ovn-br-int.of15.flows");
const OF13 = join(FIXTURES, "openflow", "ovn-br-int.of13.flows");
const DP = join(FIXTURES, "datapath", "ovn.dpctl.flows");
const ROOT = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "ovskit-ofparse-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs main() with stdout / stderr captured. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

/** Runs the script as a child process. */
function spawn(args: string[], input?: string, env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "examples/ofparse.ts", ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ANSI = /\u001b\[/;
const ofLines = parseFlows(fixture("openflow", "ovn-br-int.of15.flows")).map((f) => formatFlow(f));

describe("ofparse as a process", () => {
  it("reads stdin by default and prints without colours when stdout is not a terminal", () => {
    const r = spawn(["openflow", "console", "-l", "resubmit.table=8", "--heat-map"], readFileSync(OF, "utf8"));
    // stderr says what was shown (and -q silences it).
    expect(r.err).toMatch(new RegExp(`^ofparse: showing all ${ofLines.length.toLocaleString("en-US")} flows\nofparse: highlight: [1-9][\\d,]* of ${ofLines.length.toLocaleString("en-US")} flows matched 'resubmit.table=8'\n$`));
    expect(spawn(["openflow", "console", "-q", "-l", "resubmit.table=8"], readFileSync(OF, "utf8")).err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(ANSI);
    expect(r.out).toBe(ofLines.map((l) => l + "\n").join(""));
  });

  it("exits 2 with the column on a bad filter, 1 on bad input, with a clear message", async () => {
    const f = spawn(["openflow", "console", "-i", OF, "-f", "priority=180 garbage"]);
    expect(f.code).toBe(2);
    expect(f.out).toBe("");
    expect(f.err).toContain("ofparse: bad filter at line 1, column 14");
    expect(f.err).toContain("\n  priority=180 garbage\n               ^\n");
    const k = spawn(["openflow", "console", "-i", OF, "-f", "n_packets>0 && nw_dts=10.96.1.118"]);
    expect(k.code).toBe(2);
    expect(k.out).toBe("");
    expect(k.err).toContain("ofparse: bad filter at line 1, column 16: unknown key nw_dts: did you mean nw_dst?");
    const bad = join(tmp, "bad.flows");
    writeFileSync(bad, `${readFileSync(OF, "utf8")}this is not a flow\n`);
    const b = await run("openflow", "summary", "-i", bad);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(new RegExp(`^ofparse: ${bad}:${readFileSync(OF, "utf8").split("\n").length}:19: no actions= in flow\\n`));
    expect(b.err).toContain("--lenient");
    const u = await run("openflow", "tree");
    expect(u.code).toBe(2);
    expect(u.err).toContain("openflow formats are console, json, html, logic, cookie, dot, summary, diff");
  });
});

describe("ofparse progress bar", () => {
  it.skipIf(!existsSync("/usr/bin/script"))("draws a progress bar on stderr for a large input when stderr is a terminal", () => {
    const big = join(tmp, "big.flows");
    writeFileSync(big, readFileSync(OF, "utf8").repeat(3));
    const out = join(tmp, "big.summary");
    // `script` gives the child a terminal; stdout goes to a file (-o).
    const r = spawnSync("/usr/bin/script", ["-qec", `${process.execPath} --import tsx examples/ofparse.ts openflow summary -i ${big} -o ${out}`, "/dev/null"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${big}: \\[#{30}\\] 100% [0-9.]+ MiB, ${3 * ofLines.length} flows`));
    expect(readFileSync(out, "utf8")).toMatch(/^table\s+flows/);
    // Not a terminal: no progress bar.
    expect(spawn(["openflow", "summary", "-i", big]).err).toBe(`ofparse: showing all ${(3 * ofLines.length).toLocaleString("en-US")} flows\n`);
  });
});

describe("ofparse openflow", () => {
  it("colours with --color always, and NO_COLOR does not stop an explicit choice", async () => {
    const r = await run("openflow", "console", "-i", OF, "-f", "in_port=14", "-l", "in_port", "--color", "always");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\u001b\[36;1;7min_port=14\u001b\[0m/);
    expect(r.out.replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n")).toHaveLength(1);
  });

  it("filters, keeps the top N by heat, and writes JSON with aliases per input", async () => {
    const r = await run("openflow", "json", "-i", `w1,${OF}`, "-i", `w2,${OF13}`, "-f", "n_packets>0", "--top", "3", "-l", "resubmit");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { schema: string; sources: string[]; flows: { source: string; n_packets: string; highlight?: unknown[] }[] };
    expect(doc.schema).toBe("ovskit.openflow.flows/1");
    expect(doc.sources).toEqual(["w1", "w2"]);
    expect(doc.flows.map((f) => f.source)).toEqual(["w1", "w1", "w1", "w2", "w2", "w2"]);
    const w1 = doc.flows.slice(0, 3).map((f) => BigInt(f.n_packets));
    expect(w1).toEqual([...w1].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(doc.flows.some((f) => f.highlight !== undefined)).toBe(true);
  });

  it("writes the views: summary, logic (per cookie), cookie, dot, html", async () => {
    const s = await run("openflow", "summary", "-i", OF);
    expect(s.out.split("\n")[0]).toMatch(/^table\s+flows/);
    const l = await run("openflow", "logic", "-i", OF, "--by-cookie", "--show-flows");
    expect(l.out).toContain("table=0\n");
    expect(l.out).toMatch(/x 1 cookie=0x6ccfdc1d\n +cookie=0x6ccfdc1d, table=0, priority=100,in_port=14 actions=/);
    const c = await run("openflow", "cookie", "-i", OF);
    expect(c.out).toMatch(/^cookie=0x0 +\d+ flows$/m);
    const d = await run("openflow", "dot", "-i", OF);
    expect(d.out).toMatch(/^digraph "tables" \{/);
    const html = join(tmp, "p.html");
    const h = await run("openflow", "html", "-i", OF, "-l", "ct.zone", "-o", html);
    expect(h.out).toBe("");
    expect(readFileSync(html, "utf8")).toContain('<a class="goto" href="#table-8">resubmit(,8)</a>');
  });

  it("names cookies with the logical flows of an lflow-list --uuid file (the OVN join)", async () => {
    const file = join(tmp, "one.flows");
    writeFileSync(file, " cookie=0xc50fc3b0, table=8, priority=100,metadata=0x1,vlan_tci=0x1000/0x1000 actions=drop\n");
    const lflows = join(FIXTURES, "ovn", "lflow-list.uuid.txt");
    const c = await run("openflow", "cookie", "-i", file, "--lflows", lflows);
    expect(c.code).toBe(0);
    expect(c.out).toContain(
      "cookie=0xc50fc3b0 ingress table=0 (lr_in_admission) priority=100 match=(vlan.present || eth.src[40]) on 4 datapaths (GR_ovn-worker, GR_ovn-worker2, GR_ovn-worker3, ovn_cluster_router)  1 flows",
    );
    const l = await run("openflow", "logic", "-i", file, "--by-cookie", "--lflows", lflows);
    expect(l.out).toContain("x 1 cookie=ingress table=0 (lr_in_admission) priority=100");
    const noUuid = await run("openflow", "cookie", "-i", file, "--lflows", join(FIXTURES, "ovn", "lflow-list.txt"));
    expect(noUuid.code).toBe(1);
    expect(noUuid.err).toContain("--uuid");
  });

  it("names cookies through the detrace join with a Southbound database file", async () => {
    const r = await run("openflow", "cookie", "-i", join(FIXTURES, "ovn", "br-int.flows.txt"), "--sb", join(FIXTURES, "ovn", "ovnsb_db.db"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cookie=0x[0-9a-f]+ .*\((ls|lr)_(in|out)_[a-z_]+\) priority=\d+ match=\(/m);
    expect(r.out).toMatch(/^cookie=0x[0-9a-f]+ Port_Binding /m);
    const bad = await run("openflow", "cookie", "-i", join(FIXTURES, "ovn", "br-int.flows.txt"), "--sb", join(FIXTURES, "ovn", "lflow-list.txt"));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cannot read the Southbound database");
  });

  it("diffs two snapshots", async () => {
    const r = await run("openflow", "diff", "-i", OF13, "-i", OF);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+ added, \d+ removed, \d+ changed, \d+ unchanged\n$/m);
    const one = await run("openflow", "diff", "-i", OF);
    expect(one.code).toBe(2);
    expect(one.err).toContain("diff needs exactly two inputs");
  });

  it("defect: a blank line or an unknown action does not abort the dump", async () => {
    const file = join(tmp, "blank.flows");
    const lines = fixture("openflow", "ovn-br-int.of15.flows").split("\n");
    lines.splice(5, 0, "", " table=0, priority=1 actions=frobnicate(1)");
    writeFileSync(file, lines.join("\n"));
    const r = await run("openflow", "console", "-i", file);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(ofLines.length + 1);
    expect(r.err).toMatch(/ofparse: warning: .*blank\.flows:7:\d+: .*frobnicate/);
    const bad = join(tmp, "bad2.flows");
    writeFileSync(bad, `${lines.join("\n")}\ngarbage here\n`);
    const lenient = await run("openflow", "summary", "-i", bad, "--lenient");
    expect(lenient.code).toBe(0);
    expect(lenient.err).toMatch(/ofparse: error: .*bad2\.flows:\d+:\d+/);
    const missing = await run("openflow", "summary", "-i", join(tmp, "nope.flows"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read");
  });
});

describe("ofparse datapath", () => {
  const dpLines = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows")).map((f) => formatDatapathFlow(f));

  it("prints, filters and writes JSON", async () => {
    const all = await run("datapath", "console", "-i", DP);
    expect(all.out).toBe(dpLines.map((l) => l + "\n").join(""));
    const z = await run("datapath", "console", "-i", DP, "-f", "ct.zone=22 && packets>0");
    expect(z.out.trim().split("\n").every((l) => /ct\([^)]*zone=22\b/.test(l) && !l.includes("packets:0,"))).toBe(true);
    const j = await run("datapath", "json", "-i", DP, "--top", "2", "--heat-map=bytes");
    const doc = JSON.parse(j.out) as { flows: { bytes: string }[] };
    expect(doc.flows).toHaveLength(2);
    expect(BigInt(doc.flows[0]?.bytes ?? "0")).toBeGreaterThanOrEqual(BigInt(doc.flows[1]?.bytes ?? "0"));
  });

  it("keeps each node apart with several inputs: every flow keeps its source, one tree per node", async () => {
    const c = await run("datapath", "console", "-i", `w1,${DP}`, "-i", `w2,${DP}`);
    expect(c.out.split("\n").filter((l) => l.startsWith("## "))).toEqual(["## w1", "## w2"]);
    expect(c.out.split("\n").filter((l) => l !== "" && !l.startsWith("## ")).length).toBe(2 * dpLines.length);
    const j = await run("datapath", "json", "-i", `w1,${DP}`, "-i", `w2,${DP}`, "-f", "ct.zone=22");
    const doc = JSON.parse(j.out) as { sources: string[]; flows: { source: string }[] };
    expect(doc.sources).toEqual(["w1", "w2"]);
    expect(new Set(doc.flows.map((f) => f.source))).toEqual(new Set(["w1", "w2"]));
    const t = await run("datapath", "tree", "-i", `w1,${DP}`, "-i", `w2,${DP}`);
    const single = await run("datapath", "tree", "-i", DP);
    expect(t.out).toBe(`## w1\n${single.out}## w2\n${single.out}`);
    const h = await run("datapath", "html", "-i", `w1,${DP}`, "-i", `w2,${DP}`);
    expect(h.code).toBe(2);
  });

  it("draws the recirculation tree as text and DOT, filtered by subtree", async () => {
    const t = await run("datapath", "tree", "-i", DP);
    expect(t.out).toMatch(/^recirc_id\(0x0\),in_port\(\d+\)/);
    const f = await run("datapath", "tree", "-i", DP, "-f", "ct.zone=24");
    expect(f.out.length).toBeLessThan(t.out.length);
    expect(f.out).toContain("* ");
    const d = await run("datapath", "dot", "-i", DP);
    expect(d.out).toMatch(/^digraph "recirc" \{/);
    const html = join(tmp, "dp.html");
    const h = await run("datapath", "html", "-i", DP, "-f", "ct.zone=24", "-o", html);
    expect(h.code).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/<a class="goto" href="#recirc-0x[0-9a-f]+-\d+">recirc\(0x[0-9a-f]+\)<\/a>/);
    const bad = await run("datapath", "logic", "-i", DP);
    expect(bad.code).toBe(2);
  });
});

describe("ofparse is never silent (issue 15): every view says on stderr how many it showed of how many, and why", () => {
  const flows = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
  const n = flows.length.toLocaleString("en-US");
  const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));

  it("defect: a filter matching nothing printed nothing and said nothing; now 0 of N and why", async () => {
    const absent = await run("openflow", "console", "-i", OF, "-f", "tun_gbp_id=1");
    expect(absent.code).toBe(0);
    expect(absent.out).toBe("");
    expect(absent.err).toBe(`ofparse: 0 of ${n} flows matched 'tun_gbp_id=1': the key tun_gbp_id never appears in these ${n} flows\n`);
    const differ = await run("openflow", "console", "-i", OF, "-f", "in_port=4242");
    expect(differ.err).toBe(`ofparse: 0 of ${n} flows matched 'in_port=4242': no value matched in these ${n} flows\n`);
    // Counted by hand over the parsed flows: the same number.
    const hit = flows.filter((f) => (f.nPackets ?? 0n) > 0n).length;
    expect(hit).toBeGreaterThan(0);
    const some = await run("openflow", "summary", "-i", OF, "-f", "n_packets>0");
    expect(some.err).toBe(`ofparse: ${hit.toLocaleString("en-US")} of ${n} flows matched 'n_packets>0'\n`);
  });

  it("defect: --top on a dump whose counters are all 0 printed nothing; now it says so", async () => {
    const zero = join(tmp, "zero.flows");
    writeFileSync(zero, readFileSync(OF, "utf8").replace(/n_packets=\d+/g, "n_packets=0").replace(/n_bytes=\d+/g, "n_bytes=0"));
    const r = await run("openflow", "console", "-i", zero, "--top", "3");
    expect(r.out).toBe("");
    expect(r.err).toBe(`ofparse: 0 of ${n} flows: all packet counters are 0 in these ${n} flows: --top shows nothing\n`);
    const b = await run("openflow", "console", "-i", zero, "--top", "3", "--heat-map=bytes", "-f", "ip");
    expect(b.err).toMatch(new RegExp(`^ofparse: [\\d,]+ of ${n} flows matched 'ip'; all byte counters are 0 in the [\\d,]+ that matched: --top shows nothing\n$`));
    const hot = await run("openflow", "console", "-i", OF, "--top", "3");
    expect(hot.out.trim().split("\n")).toHaveLength(3);
    expect(hot.err).toBe(`ofparse: 3 of ${n} flows: showing the 3 hottest by packets\n`);
    const dz = join(tmp, "zero.dp.flows");
    writeFileSync(dz, fixture("datapath", "ovn.dpctl.flows").replace(/packets:\d+/g, "packets:0"));
    const d = await run("datapath", "console", "-i", dz, "--top", "2");
    expect(d.out).toBe("");
    expect(d.err).toBe(`ofparse: 0 of ${dp.length} datapath flows: all packet counters are 0 in these ${dp.length} datapath flows: --top shows nothing\n`);
  });

  it("defect: datapath tree / html -l highlighted nothing without -f; now the highlight alone colours and is counted", async () => {
    const expr = "ct.zone=24";
    const plain = await run("datapath", "tree", "-i", DP, "--color", "always");
    const lit = await run("datapath", "tree", "-i", DP, "--color", "always", "-l", expr);
    expect(lit.out).not.toBe(plain.out);
    const changed = lit.out.split("\n").filter((l, i) => l !== plain.out.split("\n")[i]);
    const want = dp.filter((f) => f.actions.some((a) => a.kind === "ct" && a.zone === 24)).length;
    expect(want).toBeGreaterThan(0);
    expect(changed.length).toBe(want);
    expect(lit.err).toBe(`ofparse: showing ${dp.length} of ${dp.length} datapath flows (30 recirculation nodes)\nofparse: highlight: ${want} of ${dp.length} datapath flows matched '${expr}'\n`);
    const html = join(tmp, "hl.html");
    const h = await run("datapath", "html", "-i", DP, "-l", expr, "-o", html);
    expect(h.code).toBe(0);
    expect(h.err).toContain(`highlight: ${want} of ${dp.length} datapath flows matched`);
    const f = await run("datapath", "tree", "-i", DP, "-f", expr, "--top", "2");
    expect(f.err).toMatch(new RegExp(`^ofparse: ${want} of ${dp.length} datapath flows matched '${expr}'; the tree shows them with their recirculation paths and subtrees: \\d+ flows in \\d+ recirculation nodes\nofparse: --top does not apply to the tree view: every kept flow is shown\n$`));
  });
});
