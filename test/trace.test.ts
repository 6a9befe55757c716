import { describe, expect, it } from "vitest";
import {
  type Trace,
  type TraceActionLine,
  type TraceItem,
  type TraceSection,
  type TraceStep,
  TraceRequestError,
  formatDatapathActions,
  isOvsParseError,
  parseTrace,
  parseTraceDump,
  recircTargets,
  actionNotes,
  sectionBridges,
  sectionFinalFlow,
  sectionSteps,
  stepActions,
  stepChildren,
  traceCookies,
  traceSteps,
  traceTables,
  traceVerdict,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

const ALL = fixtureNames("trace", ".trace");
const TRACES = ALL.filter((f) => !f.startsWith("bad-"));
const BAD = ALL.filter((f) => f.startsWith("bad-"));
const text = (name: string): string => fixture("trace", name);
const has = (name: string): boolean => ALL.includes(name);

/** Every node of a section, depth-first, without recursion. */
function allItems(section: TraceSection): TraceItem[] {
  const out: TraceItem[] = [];
  const stack: [readonly TraceItem[], number][] = [[section.items, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [readonly TraceItem[], number];
    const item = top[0][top[1]++];
    if (item === undefined) {
      stack.pop();
      continue;
    }
    out.push(item);
    if ("items" in item && item.items !== undefined) stack.push([item.items, 0]);
  }
  return out;
}

const steps = (t: Trace, section: number): TraceStep[] => sectionSteps(t.sections[section] as TraceSection);
const tables = (t: Trace, section: number): number[] => steps(t, section).map((s) => s.table);
/** The cookie OVS printed on line `n` (1-based) of a fixture, read independently of the parser. */
const cookieOn = (lines: string[], n: number): bigint => BigInt(/, cookie (0x[0-9a-f]+)$/.exec(lines[n - 1] ?? "")?.[1] ?? "0");

describe("ofproto/trace fixtures: every real trace", () => {
  it("has fixtures to test", () => {
    expect(TRACES.length).toBeGreaterThan(10);
    expect(BAD.length).toBeGreaterThan(0);
  });

  for (const name of TRACES) {
    it(`${name}: zero issues, every line accounted for, strict parse agrees`, () => {
      const input = text(name);
      const { items, issues, accounting: a } = parseTraceDump(input);
      expect(issues).toEqual([]);
      expect(items).toHaveLength(1);
      const t = items[0] as Trace;
      expect(a.lines).toBe(linesOf(input).length);
      expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
      expect(a.steps + a.actions + a.notes + a.results).toBe(a.items);
      expect(a.issueLines).toBe(0);

      // The accounting matches the model, node for node.
      const nodes = t.sections.flatMap(allItems);
      expect(nodes.filter((i) => i.kind === "step").length).toBe(a.steps);
      expect(nodes.filter((i) => i.kind === "action").length).toBe(a.actions);
      expect(nodes.filter((i) => i.kind === "note" || i.kind === "warning" || i.kind === "error").length).toBe(a.notes);

      // Line numbers are those of the input.
      const lines = linesOf(input);
      for (const i of nodes) {
        const line = lines[i.line - 1] ?? "";
        if (i.kind === "step") expect(line.trimStart().startsWith(`${i.table}. `)).toBe(true);
        else if (i.kind === "action") expect(line.trim()).toBe(i.text);
        else if (i.kind === "bridge") expect(line.trim()).toBe(`bridge("${i.name}")`);
        else if (i.kind === "note") expect(line.trim()).toBe(`-> ${i.text}`.trim());
      }
      for (const s of t.sections) {
        expect(lines[s.flow.line - 1]).toBe(`Flow: ${s.flow.text}`);
        expect(lines[(s.megaflow?.line ?? 0) - 1]).toBe(`Megaflow: ${s.megaflow?.text}`);
        expect(s.datapathActionsText).toBeDefined();
        // Typed datapath actions print back as OVS wrote them.
        expect(formatDatapathActions(s.datapathActions ?? [])).toBe(s.datapathActionsText);
      }

      // The strict parser gives the same trace.
      const strict = parseTrace(input);
      expect(traceSteps(strict).length).toBe(a.steps);
      expect(strict.sections.length).toBe(t.sections.length);

      // Steps are in line order, and every step is its parent's child.
      const all = traceSteps(t);
      for (let i = 1; i < all.length; i++) {
        const prev = all[i - 1] as TraceStep;
        const cur = all[i] as TraceStep;
        expect(cur.section > prev.section || cur.line > prev.line).toBe(true);
      }
      const childCount = all.reduce((n, s) => n + stepChildren(s).length, 0);
      const roots = t.sections.reduce((n, s) => n + stepChildren(s).length, 0);
      expect(childCount + roots).toBe(all.length);
      for (const s of all) for (const c of stepChildren(s)) expect(c.depth).toBe(s.depth + 1);
    });
  }
});

describe("ofproto/trace: OVS refusing the request", () => {
  for (const name of BAD) {
    it(`${name}: parseTrace throws a TraceRequestError carrying OVS's text`, () => {
      const input = text(name);
      const message = linesOf(input)[0] as string;
      let caught: unknown;
      try {
        parseTrace(input);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(TraceRequestError);
      expect(isOvsParseError(caught)).toBe(true);
      const e = caught as TraceRequestError;
      expect(e.code).toBe("decode-error");
      expect(e.ovsMessage).toBe(message);
      expect(e.message).toContain(message);
      expect(e.line).toBe(1);

      const dump = parseTraceDump(input);
      expect(dump.items).toEqual([]);
      expect(dump.issues).toHaveLength(1);
      expect(dump.issues[0]).toMatchObject({ severity: "error", code: "decode-error", message, line: 1, lineCount: linesOf(input).length });
      expect(dump.accounting.issueLines).toBe(dump.accounting.lines);
    });
  }

  it("the answer without the ovs-appctl line (stdout only) is recognized too", () => {
    expect(() => parseTrace("br-x: unknown bridge\n")).toThrow(TraceRequestError);
    expect(() => parseTrace("Bad openflow flow syntax: in_port=999,garbage=1: unknown field garbage")).toThrow(TraceRequestError);
  });

  it("empty input and text that is no trace give typed errors", () => {
    expect(() => parseTrace("")).toThrow(expect.objectContaining({ code: "missing" }));
    expect(() => parseTrace("hello\nworld\n")).toThrow(expect.objectContaining({ code: "unrecognized", line: 1 }));
    const d = parseTraceDump("hello\n\nworld\n");
    expect(d.items).toEqual([]);
    expect(d.issues.map((i) => [i.code, i.line])).toEqual([
      ["unrecognized", 1],
      ["unrecognized", 3],
    ]);
    expect(d.accounting).toMatchObject({ lines: 3, blank: 1, issueLines: 2 });
  });
});

describe.runIf(has("ovn-pod-to-service.trace"))("ovn-pod-to-service.trace: pod to a service VIP, conntrack + DNAT", () => {
  const input = text("ovn-pod-to-service.trace");
  const lines = linesOf(input);
  const t = parseTrace(input);
  const flow = t.sections[0].flow;

  it("types the Flow: line with the OpenFlow match parser", () => {
    const m = new Map(flow.match.map((f) => [f.name, f.value]));
    expect(flow.match[0]).toEqual({ name: "tcp" });
    expect(m.get("nw_src")).toEqual({ kind: "ipv4", value: "10.244.1.5" });
    expect(m.get("nw_dst")).toEqual({ kind: "ipv4", value: "10.96.0.11" });
    expect(m.get("dl_src")).toEqual({ kind: "mac", value: "0a:58:0a:f4:01:05" });
    expect(m.get("tp_dst")).toMatchObject({ kind: "int", value: 80n });
    expect(m.get("nw_frag")).toEqual({ kind: "name", name: "no" });
    expect(m.get("tcp_flags")).toEqual({ kind: "flags", flags: [{ name: "syn", set: true }], pipe: true });
    expect(flow.line).toBe(1);
  });

  it("finds the tables visited, in order, in each section", () => {
    expect(tables(t, 0)).toEqual([0, 8, 73, 9, 10, 11, 12, 13, 14]);
    expect(tables(t, 1)).toEqual([15, 16, 17, 18, 19, 20]);
    expect(tables(t, 3)).toEqual([45, 46, 47, 48, 49, 50, 75, 51, 64, 65]);
    const visits = traceTables(t);
    expect(visits[0]).toEqual({ bridge: "br-int", table: 0, count: 1 });
    // Table 8 again in the last pass, once in each logical switch pipeline.
    expect(visits.find((v) => v.table === 8)?.count).toBe(traceSteps(t).filter((x) => x.table === 8).length);
    expect(visits.find((v) => v.table === 8)?.count).toBeGreaterThan(1);
    expect(new Set(visits.map((v) => v.table)).size).toBe(visits.length);
  });

  it("rebuilds the real nesting from OVS's indentation", () => {
    const [t0, t8, t73, t9] = steps(t, 0) as [TraceStep, TraceStep, TraceStep, TraceStep];
    // Table 8 resubmits to 73 (not its last action: printed one level deeper) and then to 9.
    expect(stepChildren(t8).map((c) => c.table)).toEqual([73, 9]);
    expect(stepChildren(t0).map((c) => c.table)).toEqual([8]);
    expect([t0.depth, t8.depth, t73.depth, t9.depth]).toEqual([0, 1, 2, 2]);
    expect([t0.indent, t8.indent, t73.indent, t9.indent]).toEqual([0, 0, 1, 0]);
    expect(stepChildren(t.sections[0])).toEqual([t0]);
  });

  it("parses each step's priority, cookie, match and actions", () => {
    const [t0, t8, t73] = steps(t, 0) as [TraceStep, TraceStep, TraceStep];
    expect(t0).toMatchObject({ kind: "step", table: 0, outcome: "match", priority: 100, bridge: "br-int", section: 0, line: 5 });
    expect(t0.cookie).toBe(cookieOn(lines, 5));
    expect(t0.match).toEqual([{ name: "in_port", value: { kind: "int", value: 13n, hex: false } }]);
    expect(stepActions(t0).map((a) => a.action.kind)).toEqual(["set_field", "set_field", "set_field", "set_field", "set_field", "resubmit"]);
    expect(stepActions(t0).at(-1)?.action).toEqual({ kind: "resubmit", table: 8 });
    expect(t73.priority).toBe(90);
    expect(t73.cookie).toBe(cookieOn(lines, t73.line));
    expect(t73.matchText).toBe("ip,reg14=0x2,metadata=0x1,dl_src=0a:58:0a:f4:01:05,nw_src=10.244.1.5");
    // The note after `move:` is attached to it, and kept in order among the items.
    const move = stepActions(t8).find((a) => a.action.kind === "move");
    expect(move && actionNotes(t8, move).map((n) => [n.kind, n.text])).toEqual([["note", "NXM_NX_XXREG0[111] is now 0"]]);
    expect(t8.items.map((i) => i.kind)).toEqual(["action", "action", "step", "action", "note", "action", "step"]);

    const t14 = steps(t, 0).at(-1) as TraceStep;
    expect(t14).toMatchObject({ table: 14, priority: 120 });
    expect(t14.match.find((f) => f.name === "nw_dst")?.value).toEqual({ kind: "ipv4", value: "10.96.0.11" });
    const ct = stepActions(t14).find((a) => a.action.kind === "ct");
    expect(ct?.action).toMatchObject({ kind: "ct", table: 15, commit: false, nat: { kind: "nat", flags: [] } });
    // OVS prints ct's nested `nat` as a line of its own; ct's notes come after it and are ct's.
    const nat = stepActions(t14).at(-1);
    expect(nat?.action).toEqual({ kind: "nat", flags: [] });
    expect(nat?.nestedIn).toBe(ct?.line);
    expect(nat && actionNotes(t14, nat)).toEqual([]);
    expect(ct && actionNotes(t14, ct).map((n) => n.text)).toEqual([
      "A clone of the packet is forked to recirculate. The forked pipeline will be resumed at table 15.",
      "Sets the packet to an untracked state, and clears all the conntrack fields.",
    ]);
    expect(t14.items.map((i) => i.kind).slice(-4)).toEqual(["action", "action", "note", "note"]);
  });

  it("reads every recirculation section: title, recirc id, ct_state, NAT lines, thaw", () => {
    expect(t.sections).toHaveLength(4);
    for (let i = 1; i < t.sections.length; i++) {
      const s = t.sections[i] as TraceSection;
      const prev = t.sections[i - 1] as TraceSection;
      expect(s.title).toBe(`recirc(0x${(s.recircId ?? -1).toString(16)}) - resume conntrack with default ct_state=trk|new (use --ct-next to customize)`);
      expect(recircTargets(prev.datapathActions ?? [])).toEqual([s.recircId]);
      expect(s.ctStateDefault).toBe(true);
      expect(s.ctState?.flags.map((f) => f.name)).toEqual(["trk", "new"]);
      const thaw = sectionBridges(s)[0]?.items[0];
      expect(thaw).toMatchObject({ kind: "thaw", text: "thaw" });
      expect(thaw?.kind === "thaw" ? thaw.items[0] : undefined).toMatchObject({ kind: "thaw", table: stepChildren(s)[0]?.table });
    }
    const dnat = t.sections[2]?.nat;
    expect(dnat?.initial?.match.find((f) => f.name === "nw_dst")?.value).toEqual({ kind: "ipv4", value: "10.96.0.11" });
    expect(dnat?.modified?.match.find((f) => f.name === "nw_dst")?.value).toEqual({ kind: "ipv4", value: "10.244.1.3" });
    expect(dnat?.modified?.match.find((f) => f.name === "tp_dst")?.value).toMatchObject({ value: 8080n });
    expect(dnat?.line).toBe((dnat?.initial?.line ?? 0) - 1);
    expect(dnat?.extra).toBeUndefined();
    expect(t.sections[1]?.nat).toMatchObject({ initial: { text: "", match: [] }, modified: { text: "", match: [] } });
    expect(t.sections[1]?.flow.match.find((f) => f.name === "ct_state")?.value).toEqual({
      kind: "flags",
      flags: [
        { name: "new", set: true },
        { name: "trk", set: true },
      ],
      pipe: true,
    });
  });

  it("types the results of each section and gives the verdict", () => {
    const first = t.sections[0];
    expect(first.datapathActions?.map((a) => a.kind)).toEqual(["ct", "recirc"]);
    expect(first.datapathActions?.[0]).toMatchObject({ kind: "ct", zone: 22, commit: false, nat: { kind: "nat", flags: [] } });
    expect(first.datapathActionsText).toBe(`ct(zone=22,nat),recirc(0x${(t.sections[1]?.recircId ?? 0).toString(16)})`);
    expect(first.megaflow?.match.slice(0, 3)).toEqual([
      { name: "recirc_id", value: { kind: "int", value: 0n, hex: false } },
      { name: "eth" },
      { name: "tcp" },
    ]);
    expect(sectionFinalFlow(first)?.match.find((f) => f.name === "reg13")?.value).toMatchObject({ value: 0x16n });
    const last = t.sections[3] as TraceSection;
    expect(last.datapathActions?.map((a) => a.kind)).toEqual(["ct", "output"]);
    const v = traceVerdict(t);
    expect(v).toMatchObject({ section: 3, outputs: [2], drop: false, controller: false, recirc: [], complete: true });
    expect(v.ct[0]).toMatchObject({ commit: true, zone: 27 });
    expect(v.sections.map((s) => s.recirc.length)).toEqual([1, 1, 1, 0]);
    expect(v.sections[0]).toMatchObject({ drop: false, outputs: [], recirc: [t.sections[1]?.recircId] });
    expect(traceCookies(t)[0]).toBe(cookieOn(lines, 5));
    expect(new Set(traceCookies(t)).size).toBe(traceCookies(t).length);
    expect(traceCookies(t)).not.toContain(0n);
  });
});

describe.runIf(has("ovn-ct-next-chain.trace"))("ovn-ct-next-chain.trace: --ct-next states", () => {
  const t = parseTrace(text("ovn-ct-next-chain.trace"));
  it("reads the --ct-next ct_state of each recirculation", () => {
    expect(t.sections.slice(1).map((s) => s.title?.replace(/^recirc\(0x[0-9a-f]+\)/, "recirc(ID)"))).toEqual([
      "recirc(ID) - resume conntrack with ct_state=new|trk",
      "recirc(ID) - resume conntrack with ct_state=new|trk|dnat",
      "recirc(ID) - resume conntrack with ct_state=est|trk",
    ]);
    expect(t.sections.slice(1).map((s) => s.ctStateDefault)).toEqual([false, false, false]);
    expect(t.sections[2]?.ctState?.flags.map((f) => f.name)).toEqual(["new", "trk", "dnat"]);
    expect(traceVerdict(t)).toMatchObject({ outputs: [2], drop: false });
  });
});

describe.runIf(has("bridges-group-all.trace"))("bridges-group-all.trace: group buckets and a patch port", () => {
  const t = parseTrace(text("bridges-group-all.trace"));
  it("nests buckets, their actions and the peer bridge under the step", () => {
    const s = t.sections[0] as TraceSection;
    expect(sectionBridges(s).map((b) => b.name)).toEqual(["br-a", "br-b"]);
    const [a0, b0] = traceSteps(t) as [TraceStep, TraceStep];
    expect(a0).toMatchObject({ bridge: "br-a", table: 0, priority: 100, cookie: 0xa2n, depth: 0 });
    expect(stepActions(a0).map((a) => a.text)).toEqual(["group:2"]);
    const buckets = a0.items.filter((i) => i.kind === "bucket");
    expect(buckets.map((b) => b.kind === "bucket" && b.id)).toEqual([0, 1, 2]);
    expect(buckets[2]?.kind === "bucket" && buckets[2].items.map((i) => i.kind)).toEqual(["action", "action", "bridge"]);
    expect(b0).toMatchObject({ bridge: "br-b", table: 0, priority: 80, cookie: 0xb2n, depth: 1, indent: 2 });
    expect(stepChildren(a0)).toEqual([b0]);
    const normal = stepActions(b0)[0] as TraceActionLine;
    expect(normal.action).toEqual({ kind: "output", port: "NORMAL" });
    expect(actionNotes(b0, normal).map((n) => n.text)).toEqual(["no learned MAC for destination, flooding"]);
    expect(s.finalFlow).toEqual({ unchanged: true, line: 21 });
    expect(sectionFinalFlow(s)).toEqual({ ...s.flow, line: 21 });
    expect(traceVerdict(t)).toMatchObject({ outputs: [18, 17, 22, 20, 21], drop: false, recirc: [] });
    expect(traceTables(t)).toEqual([
      { bridge: "br-a", table: 0, count: 1 },
      { bridge: "br-b", table: 0, count: 1 },
    ]);
  });
});

describe.runIf(has("bridges-clone.trace"))("bridges-clone.trace: clone and its nested actions", () => {
  const t = parseTrace(text("bridges-clone.trace"));
  it("keeps clone's nested action lines and the step it resubmits to", () => {
    const [t0, t6] = traceSteps(t) as [TraceStep, TraceStep];
    const actions = stepActions(t0);
    expect(actions.map((a) => a.action.kind)).toEqual(["clone", "set_field", "set_field", "resubmit", "dec_ttl", "output"]);
    expect(actions.map((a) => a.nestedIn === actions[0]?.line)).toEqual([false, true, true, true, false, false]);
    const clone = actions[0]?.action;
    expect(clone?.kind === "clone" && clone.actions.length).toBe(3);
    expect(t6).toMatchObject({ table: 6, priority: 0, cookie: 0xafn, depth: 1, indent: 1 });
    expect(stepChildren(t0)).toEqual([t6]);
    expect(traceVerdict(t).outputs).toEqual([17, 18]);
  });
});

describe.runIf(has("bridges-learn.trace"))("bridges-learn.trace: warnings and consecutive bridges", () => {
  const t = parseTrace(text("bridges-learn.trace"));
  it("types the >> warning and attaches it to the learn action", () => {
    const [t0] = traceSteps(t) as [TraceStep];
    const learn = stepActions(t0)[0] as TraceActionLine;
    expect(learn.action.kind).toBe("learn");
    expect(actionNotes(t0, learn)).toEqual([{ kind: "warning", text: "suppressing side effects, so learn action ignored", indent: 1, line: 7 }]);
    // br-b comes from table 10's output to a patch port: nested in it, although printed flush left.
    const s = t.sections[0] as TraceSection;
    expect(sectionBridges(s).map((b) => b.name)).toEqual(["br-a", "br-b"]);
    expect(tables(t, 0)).toEqual([0, 10, 0, 1]);
    expect(steps(t, 0).map((x) => `${x.bridge}:${x.table}@${x.depth}`)).toEqual(["br-a:0@0", "br-a:10@1", "br-b:0@2", "br-b:1@3"]);
  });
});

describe.runIf(has("bridges-group-select.trace"))("bridges-group-select.trace: bucket selection notes", () => {
  const t = parseTrace(text("bridges-group-select.trace"));
  it("keeps the notes on the group action and the chosen bucket", () => {
    const [t0] = traceSteps(t) as [TraceStep];
    expect(actionNotes(t0, stepActions(t0)[0] as TraceActionLine).map((n) => n.text).at(-1)).toBe("using bucket 2");
    expect(t0.items.find((i) => i.kind === "bucket")).toMatchObject({ kind: "bucket", id: 2 });
    expect(stepChildren(t.sections[1] as TraceSection)[0]).toMatchObject({ table: 2, cookie: 0xb4n });
    // ct with no nat / exec: OVS prints `drop` for its empty nested list.
    const b1 = traceSteps(t).find((x) => x.bridge === "br-b" && x.table === 1) as TraceStep;
    const holder = (l: number | undefined) => stepActions(b1).find((a) => a.line === l)?.text;
    expect(stepActions(b1).map((a) => [a.text, holder(a.nestedIn), actionNotes(b1, a).length])).toEqual([
      ["ct(table=2,zone=7)", undefined, 2],
      ["drop", "ct(table=2,zone=7)", 0],
    ]);
    expect(traceVerdict(t)).toMatchObject({ section: 1, outputs: [20] });
  });
});

describe.runIf(has("ovn-ipv6-nd-ns.trace"))("ovn-ipv6-nd-ns.trace: packet-in to ovn-controller", () => {
  const t = parseTrace(text("ovn-ipv6-nd-ns.trace"));
  it("types IPv6 fields and sees the controller action", () => {
    expect(t.sections[0].flow.match.find((f) => f.name === "ipv6_src")?.value).toEqual({ kind: "ipv6", value: "fd00:10:244:1::3" });
    expect(t.sections[0].datapathActions?.[0]?.kind).toBe("userspace");
    expect(traceVerdict(t)).toMatchObject({ controller: true, userspace: true, drop: false, outputs: [] });
  });
});

describe.runIf(has("ovn-pod-to-external.trace"))("ovn-pod-to-external.trace: SNAT and the external bridge", () => {
  const t = parseTrace(text("ovn-pod-to-external.trace"));
  it("follows the patch port to breth0 in the last section", () => {
    const last = t.sections.at(-1) as TraceSection;
    expect(sectionBridges(last).map((b) => b.name)).toEqual(["br-int", "breth0"]);
    const ext = sectionSteps(last).filter((s) => s.bridge === "breth0");
    expect(ext).toHaveLength(1);
    expect(ext[0]).toMatchObject({ table: 0, priority: 0, cookie: 0n, matchText: "", match: [] });
    expect(last.nat?.modified?.match.find((f) => f.name === "nw_src")?.value).toEqual({ kind: "ipv4", value: "172.18.0.2" });
    expect(traceVerdict(t)).toMatchObject({ outputs: [15, 100], drop: false });
  });
});

describe.runIf(has("ovn-pod-to-pod-remote.trace"))("ovn-pod-to-pod-remote.trace: geneve tunnel", () => {
  it("reports the tunnel push and its output", () => {
    const v = traceVerdict(parseTrace(text("ovn-pod-to-pod-remote.trace")));
    expect(v.tunnels).toHaveLength(1);
    expect(v.tunnels[0]).toMatchObject({ kind: "tnl_push", tnlPort: 6081 });
    expect(v.drop).toBe(false);
  });
});

describe.runIf(has("ovn-acl-drop.trace"))("ovn-acl-drop.trace: dropped by an ACL", () => {
  it("is a drop in the last section", () => {
    const t = parseTrace(text("ovn-acl-drop.trace"));
    expect(t.sections.at(-1)?.datapathActions?.map((a) => a.kind)).toEqual(["drop"]);
    expect(traceVerdict(t)).toMatchObject({ drop: true, outputs: [], recirc: [], controller: false });
  });
});

describe("captured-slow-path-arp-reply.trace (captured by this suite's author): OVN answers an ARP", () => {
  const input = text("captured-slow-path-arp-reply.trace");
  const t = parseTrace(input);
  it("reads the slow path reasons and the output back to the sender", () => {
    const s = t.sections[0] as TraceSection;
    expect(s.slowPath).toEqual(["Uses action(s) not supported by datapath."]);
    expect(t.sections[0].datapathActions?.map((a) => a.kind)).toEqual(["set", "set", "output"]);
    expect(traceVerdict(t)).toMatchObject({ outputs: [4], drop: false, controller: false });
    expect(traceCookies(t).slice(0, 2)).toEqual([0x6748cebdn, 0x81e6044cn]);
  });
});

describe.runIf(has("ovn-acl-drop.trace"))("ovn-acl-drop.trace: `No match.` steps", () => {
  it("reads them as misses with the implicit drop", () => {
    const t = parseTrace(text("ovn-acl-drop.trace"));
    const miss = traceSteps(t).filter((x) => x.outcome === "no-match");
    expect(miss.length).toBeGreaterThan(0);
    for (const m of miss) {
      expect(m.priority).toBeUndefined();
      expect(m.match).toEqual([]);
      expect(stepActions(m).map((a) => a.text)).toEqual(["drop"]);
    }
  });
});
