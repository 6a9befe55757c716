/**
 * Growth of the flow parsers with the input (issue 16): time and memory at 1x / 2x / 4x / 8x of
 * an input of BASE megabytes, for one huge line and for many lines, built from real fixture text.
 * Each measurement runs in a fresh child process, so peak memory is the parse's own.
 *
 *   node --expose-gc --import tsx bench/growth.ts [--base MB] [--json OUT.json]
 *
 * Columns: ms (parse time), peak/input (the process's peak RSS growth during the parse, per input
 * byte: the result, the garbage made on the way, and anything kept alive), retained/input (heap
 * still used by the result after a full GC, per input byte). Linear time means ms doubles with the
 * input; "at most ~20x the input in memory" is the peak/input column.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fmtInt, printTable, runJson } from "./lib.js";

const { values: opts } = parseArgs({
  options: { base: { type: "string" }, json: { type: "string" }, child: { type: "string" }, mb: { type: "string" } },
});

/** One case: builds an input of about `bytes` bytes and parses it. */
interface Case {
  readonly name: string;
  readonly build: (bytes: number) => string;
  readonly parse: (text: string) => unknown;
}

async function cases(): Promise<Case[]> {
  const { ovskit } = await import("./ovskit.js");
  const { fixture } = await import("../test/helpers/fixtures.js");
  const line = (prefix: string, unit: string, suffix: string) => (bytes: number) =>
    prefix + unit.repeat(Math.max(1, Math.round((bytes - prefix.length - suffix.length) / unit.length))) + suffix;
  const lines = (text: string) => (bytes: number) => {
    const body = text.endsWith("\n") ? text : `${text}\n`;
    return body.repeat(Math.max(1, Math.round(bytes / body.length)));
  };
  const of = fixture("openflow", "ovn-br-int.of15.flows");
  const groups = fixture("openflow", "ovn-br-int.of15.groups");
  const bucket = (groups.split("\n").find((l: string) => l.includes(",bucket=")) as string).split(",bucket=")[1] as string;
  const dp = fixture("datapath", "ovn.dpctl-m.flows");
  const lf = fixture("ovn", "lflow-list.uuid.txt");
  const ofActions = "ct(commit,zone=NXM_NX_REG13[0..15],nat(src),exec(set_field:0/0x1->ct_label)),set_field:0x1e->reg13,resubmit(,27),";
  const dpActions = "ct(commit,zone=27,label=0/0x1,nat(src)),set(eth(src=0a:58:0a:f4:01:01,dst=0a:58:0a:f4:01:03)),set(ipv4(src=10.0.0.1,ttl=63)),recirc(0x25),2,";
  const dpKeys = "eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:01),ipv4(src=10.244.1.3/255.255.255.254,dst=10.244.2.3,proto=6,tos=0/0x3,ttl=64,frag=no),";
  return [
    { name: "OpenFlow: one actions line, eager", build: line(" priority=1 actions=", ofActions, "drop"), parse: (t) => ovskit.parseFlow(t) },
    { name: "OpenFlow: one actions line, lazy", build: line(" priority=1 actions=", ofActions, "drop"), parse: (t) => ovskit.parseFlow(t, { lazyActions: true }) },
    { name: "OpenFlow: dump, eager", build: lines(of), parse: (t) => ovskit.parseFlowDump(t) },
    { name: "OpenFlow: dump, lazy", build: lines(of), parse: (t) => ovskit.parseFlowDump(t, { lazyActions: true }) },
    { name: "groups: one group, many buckets", build: line(" group_id=1,type=select,", `bucket=${bucket},`, "bucket=actions=drop"), parse: (t) => ovskit.parseGroup(t) },
    { name: "datapath: one actions line", build: line("recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:", dpActions, "drop"), parse: (t) => ovskit.parseDatapathFlow(t) },
    { name: "datapath: one keys line, eager", build: line("recirc_id(0),in_port(1),", dpKeys, "eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop"), parse: (t) => ovskit.parseDatapathFlow(t) },
    { name: "datapath: one keys line, lazy", build: line("recirc_id(0),in_port(1),", dpKeys, "eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop"), parse: (t) => ovskit.parseDatapathFlow(t, { lazyKeys: true }) },
    { name: "datapath: dump -m, eager", build: lines(dp), parse: (t) => ovskit.parseDatapathFlowDump(t) },
    { name: "datapath: dump -m, lazy", build: lines(dp), parse: (t) => ovskit.parseDatapathFlowDump(t, { lazyKeys: true }) },
    { name: "lflow-list: one long match", build: line('Datapath: "sw0" (5e1c0000-0000-0000-0000-000000000000)  Pipeline: ingress\n  table=0 (ls_in_port_sec_l2  ), priority=50   , match=(', "ip4.src == 10.0.0.1 || ", "1), action=(next;)"), parse: (t) => ovskit.parseLogicalFlowDump(t) },
    { name: "lflow-list: listing", build: lines(lf), parse: (t) => ovskit.parseLogicalFlowDump(t) },
  ];
}

interface ChildOut {
  readonly bytes: number;
  readonly ms: number;
  readonly peakPerByte: number;
  readonly retainedPerByte: number;
}

async function child(name: string, mb: number): Promise<void> {
  const c = (await cases()).find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case ${name}`);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  // Warm the parser up on a small input, so the measurement is not of the JIT.
  c.parse(c.build(64 * 1024));
  const text = c.build(mb * 1024 * 1024);
  for (let i = 0; i < 3; i++) gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const t0 = performance.now();
  const result = c.parse(text);
  const ms = performance.now() - t0;
  const peak = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss) - rss0;
  for (let i = 0; i < 3; i++) gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  const out: ChildOut = { bytes: text.length, ms, peakPerByte: Math.max(0, peak) / text.length, retainedPerByte: retained / text.length };
  console.log(JSON.stringify(out));
  // The result stays alive until here.
  if (result === undefined) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (opts.child !== undefined) {
    await child(opts.child, Number(opts.mb));
    return;
  }
  const base = Number(opts.base ?? "1");
  const rows: string[][] = [["case", "input", "ms", "x vs 1x", "peak/input", "retained/input"]];
  const all: Record<string, ChildOut[]> = {};
  for (const c of await cases()) {
    const runs: ChildOut[] = [];
    for (const factor of [1, 2, 4, 8]) {
      const r = await runJson<ChildOut>(process.execPath, ["--expose-gc", "--import", "tsx", join(ROOT, "bench/growth.ts"), "--child", c.name, "--mb", String(base * factor)]);
      if (!r.ok) {
        rows.push([c.name, `${base * factor} MB`, "FAILED", r.reason.slice(0, 80), "", ""]);
        continue;
      }
      runs.push(r.json);
      const first = runs[0] as ChildOut;
      rows.push([
        factor === 1 ? c.name : "",
        `${(r.json.bytes / 1024 / 1024).toFixed(1)} MB`,
        fmtInt(r.json.ms),
        (r.json.ms / first.ms).toFixed(1),
        `${r.json.peakPerByte.toFixed(1)}x`,
        `${r.json.retainedPerByte.toFixed(1)}x`,
      ]);
      console.error(`[growth] ${c.name} ${base * factor} MB: ${r.json.ms.toFixed(0)} ms`);
    }
    all[c.name] = runs;
  }
  printTable(`Growth with the input (1x = ${base} MB): time should double with the input, memory stay flat per byte`, rows);
  if (opts.json !== undefined) writeFileSync(opts.json, JSON.stringify({ base, results: all }, null, 2));
}

await main();
