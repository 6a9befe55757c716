/**
 * The line-oriented dumps: `ovs-ofctl dump-flows` / `dump-groups`, `dpctl/dump-flows` with and
 * without `-m` (and `dpif/dump-flows`), `ovn-sbctl lflow-list`, as whole strings (lenient, with
 * line accounting checked line by line, and strict) and as streams cut at random places (the
 * same flows and issues as the string parse).
 */
import {
  decodeActions,
  decodeDatapathFlow,
  decodeFlows,
  decodeKeys,
  parseDatapathDump,
  parseDatapathFlowDump,
  parseDatapathFlow,
  parseDatapathStream,
  parseFlow,
  parseFlowDump,
  parseFlowStream,
  parseFlows,
  parseGroup,
  parseGroupDump,
  parseGroups,
  parseLogicalFlowDump,
  parseLogicalFlows,
} from "../../../src/index.js";
import { type DumpLike, accountingProblem } from "../accounting.js";
import type { Rng } from "../rng.js";
import { type FuzzTarget, type Seed, chunks, drain, fixtureText, lineGrowth, repeatGrowth, settle, tenMegabytes, textSeeds } from "../target.js";

/**
 * A dump result as the accounting check reads it: `items` (0.2) or the 0.1 name of the list
 * (`flows`, `groups`), whichever the parser returns.
 */
function asDump(r: unknown): DumpLike {
  const d = r as { items?: unknown[]; flows?: unknown[]; groups?: unknown[] } & DumpLike;
  return { items: d.items ?? d.flows ?? d.groups ?? [], issues: d.issues, accounting: d.accounting };
}

const itemLine = (item: { line?: number }): number | undefined => item.line;

/** OpenFlow reply headers (`NXST_FLOW reply (xid=0x4):`, `OFPST_GROUP_DESC reply (OF1.5) (xid=0x2): flags=[more]`). */
const isReplyHeader = (l: string): boolean => /^(NXST|OFPST)_[A-Z_]+ reply( \(OF1\.\d\))? \(xid=0x[0-9a-f]+\):( flags=\[[a-z ]*\])?[ \t]*$/.test(l);
/**
 * The thread headers of `dpctl/dump-flows` (dpif-netdev.c: `flow-dump from the main thread:`,
 * `flow-dump from pmd on cpu core: 3`, `flow-dump from non-dpdk interfaces:`). A line that goes
 * on with flow syntax is not a header.
 */
const isThreadHeader = (l: string): boolean => /^flow-dump from [^(),=]*$/.test(l);
const isLflowHeader = (l: string): boolean => l.startsWith("Datapath: ");

/** The same issues and items from the stream as from the string parse of the same text. */
function parity(stream: { items: number; issues: number }, whole: DumpLike): string | undefined {
  if (stream.items !== whole.items.length || stream.issues !== whole.issues.length) {
    return `the stream gave ${stream.items} items and ${stream.issues} issues, the string parse ${whole.items.length} and ${whole.issues.length}`;
  }
  return undefined;
}

async function streamCounts(gen: AsyncIterable<{ type: string }>): Promise<{ items: number; issues: number }> {
  const all = await drain(gen);
  return { items: all.filter((x) => x.type !== "issue").length, issues: all.filter((x) => x.type === "issue").length };
}

const flowSeeds = (): Seed[] => [...textSeeds("openflow", /\.flows$/), ...textSeeds("replica", /\.flows$/)];
const groupSeeds = (): Seed[] => [...textSeeds("openflow", /\.groups$/), ...textSeeds("replica", /\.groups$/)];
const datapathSeeds = (): Seed[] => [...textSeeds("datapath", /\.flows$/), ...textSeeds("odp-forms", /^dump-flows.*\.txt$/)];
const lflowSeeds = (): Seed[] => [...textSeeds("ovn", /^lflow-list.*\.txt$/), ...textSeeds("ovn-expr", /^lflow-list.*\.txt$/)];

/** One line of a real dump (for the single-line parsers' growth and 10 MB cases). */
const firstLine = (path: string, keep: (l: string) => boolean): string => fixtureText(path).split("\n").find(keep) as string;

export const dumpTargets: FuzzTarget[] = [
  {
    name: "parseFlowDump",
    covers: ["parseFlowDump", "parseFlows", "parseFlow", "decodeFlows", "decodeFlow", "decodeActions"],
    input: "text",
    seeds: flowSeeds,
    run: (t: string, rng: Rng) => {
      const lazyActions = rng.chance(0.3);
      const dump = parseFlowDump(t, { lazyActions });
      // A lazy flow's actions are decoded, as a consumer would (that must not throw either).
      const decoded = lazyActions ? decodeFlows(dump.items).length : undefined;
      if (lazyActions && dump.items[0] !== undefined) void decodeActions(dump.items[0]);
      // Strict: the same text either parses whole or throws a typed error at a line.
      const strict = settle(() => parseFlows(t, { lazyActions }).length);
      const one = settle(() => parseFlow(t.split("\n")[0] ?? ""));
      return { dump, strict, one, decoded };
    },
    check: (r: { dump: unknown }, text: string) => accountingProblem(asDump(r.dump), text, { itemLine, isHeader: isReplyHeader, itemsAreLines: true }),
    growth: [repeatGrowth("flows repeated", () => fixtureText("openflow/ovn-br-int.of15.flows"))],
    bigLine: () => tenMegabytes(" cookie=0x0, duration=1.0s, table=0, n_packets=0, n_bytes=0, priority=1 actions=", "load:0x1->NXM_NX_REG0[],", "drop\n"),
  },
  {
    name: "parseFlowStream",
    covers: ["parseFlowStream"],
    input: "text",
    seeds: flowSeeds,
    run: async (t: string, rng: Rng) => ({ stream: await streamCounts(parseFlowStream(chunks(t, rng))), whole: parseFlowDump(t) }),
    check: (r: { stream: { items: number; issues: number }; whole: unknown }) => parity(r.stream, asDump(r.whole)),
  },
  {
    name: "parseGroupDump",
    covers: ["parseGroupDump", "parseGroups", "parseGroup"],
    input: "text",
    seeds: groupSeeds,
    run: (t: string) => ({ dump: parseGroupDump(t), strict: settle(() => parseGroups(t).length), one: settle(() => parseGroup(t.split("\n")[1] ?? t)) }),
    check: (r: { dump: unknown }, text: string) => accountingProblem(asDump(r.dump), text, { itemLine, isHeader: isReplyHeader, itemsAreLines: true }),
    growth: [
      repeatGrowth("groups repeated", () => fixtureText("openflow/ovn-br-int.of15.groups")),
      lineGrowth("buckets", " group_id=1,type=select,selection_method=dp_hash", ",bucket=bucket_id:0,weight:100,actions=ct(commit,table=20,zone=NXM_NX_REG13[0..15],nat(dst=10.96.0.10:53))", "\n"),
    ],
    bigLine: () => tenMegabytes(" group_id=1,type=select", ",bucket=weight:1,actions=output:1", "\n"),
  },
  {
    name: "parseDatapathDump",
    covers: ["parseDatapathFlowDump", "parseDatapathDump", "parseDatapathFlows", "parseDatapathFlow", "decodeDatapathFlow", "decodeKeys"],
    input: "text",
    seeds: datapathSeeds,
    run: (t: string, rng: Rng) => {
      const lazyKeys = rng.chance(0.3);
      const dump = parseDatapathFlowDump(t, { lazyKeys });
      // A lazy flow's keys are decoded, as a consumer would (that must not throw either).
      if (lazyKeys) for (const f of dump.items) void decodeDatapathFlow(f);
      if (lazyKeys && dump.items[0] !== undefined) void decodeKeys(dump.items[0]);
      return { dump, one: settle(() => parseDatapathFlow(t.split("\n")[0] ?? "")) };
    },
    check: (r: { dump: unknown }, text: string) => accountingProblem(asDump(r.dump), text, { itemLine, isHeader: isThreadHeader, itemsAreLines: true }),
    growth: [
      repeatGrowth("-m flows repeated", () => fixtureText("datapath/ovn.dpctl-m.flows")),
      repeatGrowth("flows repeated", () => fixtureText("datapath/ovn.dpctl.flows")),
      lineGrowth("long actions", firstLine("datapath/ovn.dpctl.flows", (l) => l.includes("actions:")).replace(/actions:.*$/, "actions:"), "set(tunnel(tun_id=0x5,dst=172.18.0.3,ttl=64,tp_dst=6081,flags(df|csum|key))),", "1\n"),
    ],
    bigLine: () => tenMegabytes("recirc_id(0),in_port(1),eth_type(0x0800),ipv4(frag=no), packets:0, bytes:0, used:never, actions:", "ct(zone=5,nat),", "drop\n"),
  },
  {
    name: "parseDatapathStream",
    covers: ["parseDatapathFlowStream", "parseDatapathStream"],
    input: "text",
    seeds: datapathSeeds,
    run: async (t: string, rng: Rng) => ({ stream: await streamCounts(parseDatapathStream(chunks(t, rng))), whole: parseDatapathDump(t) }),
    check: (r: { stream: { items: number; issues: number }; whole: unknown }) => parity(r.stream, asDump(r.whole)),
  },
  {
    name: "parseLogicalFlowDump",
    covers: ["parseLogicalFlowDump", "parseLogicalFlows", "parseLogicalFlow"],
    input: "text",
    seeds: lflowSeeds,
    run: (t: string) => ({ dump: parseLogicalFlowDump(t), strict: settle(() => parseLogicalFlows(t).length) }),
    check: (r: { dump: unknown }, text: string) => accountingProblem(asDump(r.dump), text, { itemLine, isHeader: isLflowHeader, itemsAreLines: true }),
    growth: [repeatGrowth("lflows repeated", () => fixtureText("ovn/lflow-list.txt"))],
    bigLine: () =>
      tenMegabytes('Datapath: "ls" (00000000-0000-0000-0000-000000000001)  Pipeline: ingress\n  table=0 (ls_in_check_port_sec), priority=100  , match=(', "ip4.src == 10.0.0.1 || ", "1), action=(next;)\n"),
  },
];
