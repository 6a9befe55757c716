/**
 * Issue 16 (parsers: nothing vanishes, errors name what is wrong) and issue 12 (a byte order
 * mark parses like none) for flows, groups, datapath flows and logical flows.
 */
import { describe, expect, it } from "vitest";
import {
  datapathThreadHeader,
  decodeFlow,
  parseDatapathFlow,
  parseDatapathFlowDump,
  parseDatapathFlowStream,
  parseDatapathFlows,
  parseFlow,
  parseFlowDump,
  parseFlowStream,
  parseFlows,
  parseGroupDump,
  parseGroups,
  parseLogicalFlowDump,
  parseLogicalFlows,
  toJson,
} from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

const DP_FLOW = "recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:drop";

describe("datapath thread headers are only the ones OVS prints (lib/dpctl.c)", () => {
  it("a flow line that starts with `flow-dump from ` is not a header: it is reported, and the thread of the next flows stays right", () => {
    const text = ["flow-dump from the main thread:", `flow-dump from x: ${DP_FLOW}`, DP_FLOW, ""].join("\n");
    const dump = parseDatapathFlowDump(text);
    expect(dump.accounting).toEqual({ lines: 3, items: 1, headers: 1, blank: 0, issueLines: 1 });
    expect(dump.issues).toMatchObject([{ severity: "error", line: 2, text: `flow-dump from x: ${DP_FLOW}` }]);
    expect(dump.items[0]?.thread).toBe("the main thread");
    expect(() => parseDatapathFlows(text)).toThrow(expect.objectContaining({ line: 2 }));
  });

  it("recognizes the real forms, old and new", () => {
    expect(datapathThreadHeader("flow-dump from the main thread:")).toBe("the main thread");
    expect(datapathThreadHeader("flow-dump from pmd on cpu core: 12")).toBe("pmd on cpu core: 12");
    expect(datapathThreadHeader("flow-dump from non-dpdk interfaces:")).toBe("non-dpdk interfaces");
    expect(datapathThreadHeader("flow-dump from the main thread:\r")).toBe("the main thread");
    for (const no of ["flow-dump from x:", "flow-dump from pmd on cpu core: ", "flow-dump from pmd on cpu core: 1x", "flow-dump from the main thread: extra", DP_FLOW]) {
      expect(datapathThreadHeader(no), no).toBeUndefined();
    }
    const real = fixture("datapath", "ovn.dpctl-m-names.flows");
    const dump = parseDatapathFlowDump(real);
    expect(dump.issues).toEqual([]);
    expect(dump.accounting.headers).toBe(real.split("\n").filter((l) => l.startsWith("flow-dump from ")).length);
    expect(new Set(dump.items.map((f) => f.thread))).toEqual(new Set(["the main thread", "pmd on cpu core: 1"]));
  });
});

describe("no line vanishes: lone CR line endings", () => {
  const lines = fixture("datapath", "ovn.dpctl-m.flows").split("\n").filter((l) => l !== "");

  it("a datapath dump with CR line endings gives the same flows as with LF", () => {
    const lf = parseDatapathFlowDump(lines.join("\n"));
    const cr = parseDatapathFlowDump(lines.join("\r"));
    expect(cr.items.length).toBe(lf.items.length);
    expect(cr.items.length).toBeGreaterThan(10);
    expect(cr.issues).toEqual(lf.issues);
    expect(cr.accounting).toEqual(lf.accounting);
    const a = cr.accounting;
    expect(a.lines).toBe(a.items + a.headers + a.blank + a.issueLines);
  });

  it("OpenFlow, group and logical flow dumps too (CR, CRLF and LF mixed)", () => {
    for (const [text, parse] of [
      [fixture("openflow", "ovn-br-int.of15.flows"), (t: string) => parseFlowDump(t)],
      [fixture("openflow", "ovn-br-int.of15.groups"), (t: string) => parseGroupDump(t)],
      [fixture("ovn", "lflow-list.uuid.txt"), (t: string) => parseLogicalFlowDump(t)],
    ] as const) {
      const ls = text.split("\n").filter((l) => l !== "");
      const mixed = ls.map((l, i) => l + (i % 3 === 0 ? "\r" : i % 3 === 1 ? "\r\n" : "\n")).join("");
      const want = parse(ls.join("\n"));
      const got = parse(mixed);
      expect(got.items).toEqual(want.items);
      expect(got.accounting).toEqual(want.accounting);
      expect(want.items.length).toBeGreaterThan(10);
    }
  });
});

describe("streams split lines as the string parsers do", () => {
  /** Chunks of `text` cut every `size` chars (so a CR and its LF may land in two chunks), as bytes or strings. */
  async function* chunks(text: string, size: number, bytes: boolean): AsyncGenerator<string | Uint8Array> {
    const enc = new TextEncoder();
    for (let i = 0; i < text.length; i += size) yield bytes ? enc.encode(text.slice(i, i + size)) : text.slice(i, i + size);
  }
  const collect = async <T>(gen: AsyncGenerator<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const x of gen) out.push(x);
    return out;
  };

  it("CR, CRLF, LF and a BOM, in string and byte chunks of any size", async () => {
    const lines = fixture("datapath", "ovn.dpctl-m.flows").split("\n").filter((l) => l !== "");
    const mixed = "\uFEFF" + lines.map((l, i) => l + (i % 3 === 0 ? "\r" : i % 3 === 1 ? "\r\n" : "\n")).join("");
    const want = parseDatapathFlowDump(mixed);
    expect(want.items.length).toBe(lines.length - lines.filter((l) => l.startsWith("flow-dump")).length);
    for (const size of [1, 7, 64, 4096]) {
      for (const bytes of [false, true]) {
        const got = await collect(parseDatapathFlowStream(chunks(mixed, size, bytes)));
        expect(got.filter((x) => x.type === "flow").map((x) => (x.type === "flow" ? x.flow : undefined))).toEqual(want.items);
        expect(got.filter((x) => x.type === "issue")).toEqual([]);
      }
    }
    const of = fixture("openflow", "ovn-br-int.of15.flows").replace(/\n/g, "\r");
    const flows = await collect(parseFlowStream(chunks(of, 333, true), { lazyActions: true }));
    expect(flows.map((x) => (x.type === "flow" ? x.flow : x.issue))).toEqual(parseFlowDump(of, { lazyActions: true }).items);
  });
});

describe("errors name the field", () => {
  it("an info item out of range names the item and quotes the value", () => {
    expect(() => parseFlow(" idle_age=18446744073709551616, priority=1 actions=drop")).toThrow(
      expect.objectContaining({ code: "bad-value", column: 11, message: expect.stringContaining('bad idle_age "18446744073709551616"') }),
    );
    for (const item of ["idle_timeout", "hard_timeout", "importance", "idle_age", "hard_age"]) {
      expect(() => parseFlow(` ${item}=1x, priority=1 actions=drop`)).toThrow(expect.objectContaining({ message: expect.stringContaining(`bad ${item} "1x"`) }));
    }
    expect(() => parseFlow(" n_packets=12z, priority=1 actions=drop")).toThrow(expect.objectContaining({ message: expect.stringContaining('bad n_packets "12z"') }));
    expect(() => parseDatapathFlow("in_port(1), packets:x, bytes:0, used:never, actions:drop")).toThrow(expect.objectContaining({ message: expect.stringContaining('bad packets "x"') }));
  });

  it("a huge bad value is cut in the message", () => {
    try {
      parseFlow(` idle_age=${"9".repeat(100_000)}, priority=1 actions=drop`);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });
});

describe("a UTF-8 byte order mark parses like none", () => {
  const BOM = "\uFEFF";
  it("in dumps and in single lines", () => {
    const of = fixture("openflow", "ovn-br-int.of15.flows");
    expect(parseFlowDump(BOM + of)).toEqual(parseFlowDump(of));
    expect(parseFlows(BOM + of)).toEqual(parseFlows(of));
    const line = " priority=1,ip actions=drop";
    expect(parseFlow(BOM + line)).toEqual(parseFlow(line));
    const groups = fixture("openflow", "ovn-br-int.of15.groups");
    expect(parseGroups(BOM + groups)).toEqual(parseGroups(groups));
    const dp = fixture("datapath", "ovn.dpctl-m.flows");
    expect(parseDatapathFlowDump(BOM + dp)).toEqual(parseDatapathFlowDump(dp));
    expect(parseDatapathFlow(BOM + DP_FLOW)).toEqual(parseDatapathFlow(DP_FLOW));
    const lf = fixture("ovn", "lflow-list.uuid.txt");
    expect(parseLogicalFlows(BOM + lf)).toEqual(parseLogicalFlows(lf));
  });
});

describe("a line of many unknown actions: its warnings stay linear in its length (fuzz suite)", () => {
  const unknowns = Array.from({ length: 3000 }, (_, i) => `frob${i}(1)`).join(",");
  const line = ` cookie=0x1, table=0, priority=1 actions=${unknowns},drop`;

  it("lists the first 10 unknown actions of a line, then counts the others in one warning", () => {
    for (const lazyActions of [false, true]) {
      const dump = parseFlowDump(`${line}\n priority=2 actions=frob(2)\n`, { lazyActions });
      expect(dump.items).toHaveLength(2);
      const first = dump.issues.filter((i) => i.line === 1);
      expect(first).toHaveLength(11);
      expect(first.slice(0, 10).map((i) => i.message)).toEqual(Array.from({ length: 10 }, (_, i) => `unknown action "frob${i}": frob${i}(1)`));
      expect(first[10]).toMatchObject({ severity: "warning", code: "unknown-action", column: line.indexOf("frob10(") + 1 });
      expect(first[10]?.message).toBe('2990 more unknown actions on this line (not listed one by one), the first: unknown action "frob10": frob10(1)');
      expect(dump.issues.filter((i) => i.line === 2)).toHaveLength(1);
      // One line per issue: 3,001 issues would be 105 MB of JSON; the result is the items plus 12 lines.
      expect(toJson(dump).length).toBeLessThan(40 * line.length);
    }
  });

  it("counts a group line's buckets together", () => {
    const buckets = Array.from({ length: 40 }, (_, i) => `bucket=bucket_id:${i},actions=frob${i}(1)`).join(",");
    const dump = parseGroupDump(` group_id=1,type=select,${buckets}\n`);
    expect(dump.items).toHaveLength(1);
    expect(dump.issues).toHaveLength(11);
    expect(dump.issues[10]?.message).toMatch(/^30 more unknown actions on this line/);
  });
});

describe("ct arguments that take a value (property suite: `ct(commit,alg)`)", () => {
  // OVS's parse_CT reads table, zone, alg and timeout from `key=value`; without a value it is an
  // error. The parser used to take the value from the start of the text (`eq + 1` with no `=`):
  // the eager `alg` was the whole line up to the item, the lazy one the item only.
  const items = ["ct(commit,alg)", "ct(alg=)", "ct(zone)", "ct(zone=)", "ct(table)", "ct(commit,timeout)", "ct(timeout=)"];

  it("is an unknown action with the reason, alike in eager and lazy parsing", () => {
    for (const item of items) {
      const line = ` cookie=0x0, duration=1.527s, table=14, n_packets=0, n_bytes=0, priority=18,tcp actions=${item}`;
      const eager = parseFlowDump(line);
      const lazy = parseFlowDump(line, { lazyActions: true });
      const action = eager.items[0]?.actions[0];
      expect(action?.kind, item).toBe("unknown");
      expect(action?.kind === "unknown" ? action.reason : "", item).toMatch(/^ct (alg|zone|table|timeout) needs a value \(/);
      expect(eager.issues.map((i) => i.message), item).toHaveLength(1);
      expect(lazy.issues, item).toStrictEqual(eager.issues);
      const decoded = lazy.items[0] === undefined ? undefined : decodeFlow(lazy.items[0]);
      expect(decoded?.actions, item).toStrictEqual(eager.items[0]?.actions);
    }
  });

  it("the valued forms still parse", () => {
    const [f] = parseFlows(" priority=1 actions=ct(commit,table=8,zone=NXM_NX_REG13[0..15],alg=ftp)");
    expect(f?.actions[0]).toMatchObject({ kind: "ct", commit: true, table: 8, alg: "ftp" });
  });
});
