/**
 * Output forms of ofproto/trace that the committed fixtures do not show, written by hand from
 * OVS's printing code (ofproto/ofproto-dpif-trace.c, ofproto-dpif-xlate.c), and the lenient
 * parser's handling of damaged or unusual input.
 */
import { describe, expect, it } from "vitest";
import {
  type Trace,
  type TraceActionLine,
  type TraceStep,
  OvsParseError,
  actionNotes,
  formatTrace,
  parseTrace,
  parseTraceDump,
  sectionBridges,
  sectionVerdict,
  stepActions,
  stepChildren,
  traceSteps,
  toJson,
  traceVerdict,
} from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

const FENCE = "=".repeat(79);
const FLOW = "Flow: in_port=1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,dl_type=0x0000";
const trace = (...lines: string[]): string => lines.join("\n") + "\n";
const results = (dp: string): string[] => ["", "Final flow: unchanged", "Megaflow: recirc_id=0,eth,in_port=1,dl_type=0x0000", `Datapath actions: ${dp}`];

describe("table miss forms", () => {
  it("reads `No match, and a \"packet-in\" is called for.` and the fragment-drop rule", () => {
    const t = parseTrace(
      trace(FLOW, "", 'bridge("br0")', "-------------", " 0. in_port=1, priority 10", "    resubmit(,1)", '    1. No match, and a "packet-in" is called for.', "            drop", "    resubmit(,2)", ' 2. Packets are IP fragments and the fragment handling mode is "drop".', "    drop", ...results("drop")),
    );
    const [t0, t1, t2] = traceSteps(t) as [TraceStep, TraceStep, TraceStep];
    expect(t0).toMatchObject({ table: 0, outcome: "match", priority: 10, cookie: 0n, match: [{ name: "in_port" }] });
    expect(t1).toMatchObject({ table: 1, outcome: "packet-in", depth: 1, indent: 1, match: [], matchText: "" });
    expect(t1.priority).toBeUndefined();
    expect(t2).toMatchObject({ table: 2, outcome: "frag-drop", depth: 1, indent: 0 });
    expect(stepChildren(t0)).toEqual([t1, t2]);
  });
});

describe("the action set (`--. Executing action set:`)", () => {
  it("is a node of its own, after the steps that wrote it", () => {
    const input = trace(
      FLOW,
      "",
      'bridge("br0")',
      "-------------",
      "     0. in_port=1, priority 32768",
      "            write_actions(output:2)",
      "            goto_table:1",
      "         1. priority 32768",
      "            drop",
      "--. Executing action set:",
      "    output:2",
      ...results("2"),
    );
    const { items, issues, accounting } = parseTraceDump(input);
    const t = items[0] as Trace;
    expect(issues).toEqual([]);
    expect(formatTrace(t)).toBe(input);
    const bridge = sectionBridges(t.sections[0])[0];
    expect(bridge?.items.map((i) => i.kind)).toEqual(["step", "action-set"]);
    const set = bridge?.items[1];
    expect(set?.kind === "action-set" && set.items.map((i) => i.kind === "action" && i.text)).toEqual(["output:2"]);
    const [t0, t1] = traceSteps(t) as [TraceStep, TraceStep];
    expect(t0).toMatchObject({ indent: 1, depth: 0, priority: 32768 });
    expect(stepActions(t0).map((a) => a.action.kind)).toEqual(["write_actions", "goto_table"]);
    expect(stepChildren(t0)).toEqual([t1]);
    expect(t1).toMatchObject({ table: 1, indent: 2, depth: 1 });
    expect(accounting).toMatchObject({ steps: 2, actions: 4, headers: 4, results: 3, issueLines: 0 });
  });
});

describe("thaw with restored actions", () => {
  it("types `Restoring actions:` and keeps the actions that run after it", () => {
    const t = parseTrace(
      trace(
        "Flow: recirc_id=0x1,eth,in_port=1,dl_type=0x0000",
        "",
        'bridge("br0")',
        "-------------",
        "    thaw",
        "            Resuming from table 0",
        "        Restoring actions: set_field:0x1->reg0,output:2",
        "    output:2",
        ...results("2"),
      ),
    );
    const items = sectionBridges(t.sections[0])[0]?.items ?? [];
    expect(items.map((i) => i.kind)).toEqual(["thaw", "action"]);
    const thaw = items[0];
    if (thaw?.kind !== "thaw") throw new Error("no thaw");
    expect(thaw.items.map((i) => i.kind === "thaw" && [i.text, i.table, i.actions?.map((a) => a.kind)])).toEqual([
      ["Resuming from table 0", 0, undefined],
      ["Restoring actions: set_field:0x1->reg0,output:2", undefined, ["set_field", "output"]],
    ]);
    expect(traceSteps(t)).toEqual([]);
    expect(stepChildren(t.sections[0])).toEqual([]);
  });
});

describe("errors, failures and limits", () => {
  it("types >>>> errors <<<< and a failed translation", () => {
    const input = trace(
      FLOW,
      "",
      'bridge("br0")',
      "-------------",
      " 0. priority 0, cookie 0xffffffffffffffff",
      "    resubmit(,0)",
      "     >>>> over max translation depth 64 <<<<",
      ...results("drop"),
      "Translation failed (Recursion too deep), packet is dropped.",
    );
    const t = parseTrace(input);
    expect(formatTrace(t)).toBe(input);
    const [t0] = traceSteps(t) as [TraceStep];
    expect(t0.cookie).toBe(0xffffffffffffffffn);
    expect(actionNotes(t0, stepActions(t0)[0] as TraceActionLine)).toEqual([{ kind: "error", text: "over max translation depth 64", indent: 1, line: 7 }]);
    expect(t.sections[0]?.translationError).toBe("Recursion too deep");
    expect(traceVerdict(t)).toMatchObject({ drop: true, translationError: "Recursion too deep" });
  });

  it("reads `Action execution failed (...)` and its lone `.` line", () => {
    const input = trace(FLOW, "", 'bridge("br0")', "-------------", " 0. priority 0", "    output:2", ...results("2"), "Action execution failed (Invalid argument)", ".");
    const { items, issues, accounting } = parseTraceDump(input);
    expect(issues).toEqual([]);
    expect(items[0]?.sections[0].executionError).toBe("Invalid argument");
    expect(formatTrace(items[0] as Trace)).toBe(input);
    expect(accounting.results).toBe(5);
  });

  it("reads the recirculation limit, and a recirculation that is not conntrack", () => {
    const input = trace(
        FLOW,
        "",
        'bridge("br0")',
        "-------------",
        " 0. priority 0",
        "    output:2",
        ...results("hash(l4(0)),recirc(0x5)"),
        "",
        FENCE,
        "recirc(0x5)",
        FENCE,
        "",
        "Flow: recirc_id=0x5,dp_hash=0x1,eth,in_port=1,dl_type=0x0000",
        "",
        'bridge("br0")',
        "-------------",
        "    thaw",
        "        Resuming from table 3",
        " 3. dp_hash=0x1/0xf, priority 0",
        "    output:3",
        ...results("3"),
        "",
        FENCE,
        "Trace reached the recirculation limit.  Sopping the trace here.",
        "Queued but not processed: 3 recirculations.",
    );
    const t = parseTrace(input);
    expect(formatTrace(t)).toBe(input);
    expect(t.sections[1]).toMatchObject({ title: "recirc(0x5)", recircId: 5 });
    expect(t.sections[1]?.ctState).toBeUndefined();
    expect(t.recircLimit).toEqual({ queued: 3, text: "Trace reached the recirculation limit.  Sopping the trace here.", line: 30 });
    expect(traceVerdict(t)).toMatchObject({ section: 1, outputs: [3] });
    expect(sectionVerdict(t.sections[0]!)).toMatchObject({ recirc: [5], drop: false });
  });
});

describe("nested action lines of ct(...) and clone(...)", () => {
  it("marks them, gives ct its notes, and leaves a value note with the action that set it", () => {
    const t = parseTrace(
      trace(
        FLOW,
        "",
        'bridge("br0")',
        "-------------",
        " 0. priority 0",
        "    clone(ct(commit,exec(move:NXM_NX_REG0[0..31]->NXM_NX_CT_MARK[])),output:3)",
        "    ct(commit,exec(move:NXM_NX_REG0[0..31]->NXM_NX_CT_MARK[]))",
        "    move:NXM_NX_REG0[0..31]->NXM_NX_CT_MARK[]",
        "     -> NXM_NX_CT_MARK[] is now 0x5",
        "     -> Sets the packet to an untracked state, and clears all the conntrack fields.",
        "    output:3",
        "    output:4",
        ...results("ct(commit,mark=0x5/0xffffffff),3,4"),
      ),
    );
    const t0 = traceSteps(t)[0] as TraceStep;
    const [clone, ct, move, out3, out4] = stepActions(t0) as TraceActionLine[] as [TraceActionLine, TraceActionLine, TraceActionLine, TraceActionLine, TraceActionLine];
    expect([clone.nestedIn, ct.nestedIn, move.nestedIn, out3.nestedIn, out4.nestedIn]).toEqual([undefined, clone.line, ct.line, clone.line, undefined]);
    expect(actionNotes(t0, move).map((n) => n.text)).toEqual(["NXM_NX_CT_MARK[] is now 0x5"]);
    expect(actionNotes(t0, ct).map((n) => n.text)).toEqual(["Sets the packet to an untracked state, and clears all the conntrack fields."]);
  });
});

describe("unusual but valid layouts", () => {
  it("accepts CRLF line endings and one-digit tables without their padding space", () => {
    const t = parseTrace(trace(FLOW, "", 'bridge("br0")', "-------------", "0. in_port=1, priority 5", "    output:LOCAL", "    ->", ...results("100")).replace(/\n/g, "\r\n"));
    const [t0] = traceSteps(t) as [TraceStep];
    expect(t0).toMatchObject({ table: 0, priority: 5, indent: 0 });
    const out = stepActions(t0)[0] as TraceActionLine;
    expect(out.action).toEqual({ kind: "output", port: "LOCAL" });
    expect(actionNotes(t0, out)).toEqual([{ kind: "note", text: "", indent: 1, line: 7 }]);
  });

  it("reads lone CR line endings as line ends (no line vanishes into the one before it; fuzz seed wave2)", () => {
    const lf = fixture("trace", "ovn-pod-to-service.trace");
    const lines = lf.split("\n").filter((l) => l !== "");
    const mixed = lines.map((l, i) => l + (i % 3 === 0 ? "\r" : i % 3 === 1 ? "\r\n" : "\n")).join("");
    const want = parseTraceDump(lines.join("\n"));
    const got = parseTraceDump(mixed);
    expect(got.accounting).toEqual(want.accounting);
    expect(got.accounting.lines).toBe(lines.length);
    expect(toJson(got.items)).toBe(toJson(want.items));
    expect(traceSteps(parseTrace(lines.join("\r"))).length).toBe(traceSteps(want.items[0] as Trace).length);
  });

  it("keeps nodes OVS would nest under an action line", () => {
    const input = trace(FLOW, "", 'bridge("br0")', "-------------", " 0. priority 0", "    frobnicate(1)", "            output:2", "     -> after", ...results("2"));
    const { items, issues } = parseTraceDump(input);
    expect(issues.map((i) => i.code)).toEqual(["unknown-action"]);
    const t0 = traceSteps(items[0] as Trace)[0] as TraceStep;
    const a = stepActions(t0)[0] as TraceActionLine;
    expect(a.action).toMatchObject({ kind: "unknown", name: "frobnicate" });
    expect(a.items?.map((i) => i.kind === "action" && i.text)).toEqual(["output:2"]);
    expect(actionNotes(t0, a).map((n) => n.text)).toEqual(["after"]);
    expect(formatTrace(items[0] as Trace)).toBe(input);
  });

  it("does not recurse: a 20,000-step resubmit chain parses and walks", () => {
    const lines = [FLOW, "", 'bridge("br0")', "-------------"];
    for (let i = 0; i < 20_000; i++) lines.push(`${String(i % 250).padStart(2)}. reg0=${i}, priority 1, cookie 0x${(i + 1).toString(16)}`, `    resubmit(,${(i + 1) % 250})`);
    const input = trace(...lines, ...results("drop"));
    const t = parseTrace(input);
    const all = traceSteps(t);
    expect(all).toHaveLength(20_000);
    expect(all.at(-1)?.depth).toBe(19_999);
    expect(formatTrace(t)).toBe(input);
  });
});

describe("the lenient parser on damaged traces", () => {
  const good = [FLOW, "", 'bridge("br0")', "-------------", " 0. in_port=1, priority 10, cookie 0x1", "    resubmit(,1)", " 1. priority 0", "    output:2", ...results("2")];

  it("reports a line at an impossible indentation and keeps the rest", () => {
    const input = trace(...good.slice(0, 6), "  bad indentation", ...good.slice(6));
    const { items, issues, accounting: a } = parseTraceDump(input);
    expect(issues).toMatchObject([{ severity: "error", code: "syntax", line: 7, lineCount: 1 }]);
    expect(traceSteps(items[0] as Trace).map((s) => s.table)).toEqual([0, 1]);
    expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
    expect(() => parseTrace(input)).toThrow(expect.objectContaining({ code: "syntax", line: 7 }));
  });

  it("keeps a step whose match is damaged, with an empty match, as an issue", () => {
    const input = trace(...good.slice(0, 4), " 0. nw_dst=300.1.1.1, priority 10", ...good.slice(5));
    const { items, issues, accounting } = parseTraceDump(input);
    expect(issues).toMatchObject([{ code: "bad-value", line: 5 }]);
    expect(traceSteps(items[0] as Trace).map((s) => [s.table, s.match.length])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(accounting.steps).toBe(1);
    let caught: unknown;
    try {
      parseTrace(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OvsParseError);
    expect(caught).toMatchObject({ code: "bad-value", line: 5 });
  });

  it("keeps a step whose priority is damaged, and its actions", () => {
    const input = trace(...good.slice(0, 4), " 0. in_port=1, priority x1", ...good.slice(5));
    const { items, issues } = parseTraceDump(input);
    expect(issues).toMatchObject([{ code: "bad-value", message: "bad priority", line: 5 }]);
    const [t0, t1] = traceSteps(items[0] as Trace) as [TraceStep, TraceStep];
    expect(t0.priority).toBeUndefined();
    expect(t0.match).toEqual([{ name: "in_port", value: { kind: "int", value: 1n, hex: false } }]);
    expect(stepActions(t0).map((a) => a.text)).toEqual(["resubmit(,1)"]);
    expect(stepChildren(t0)).toEqual([t1]);
  });

  it("a step with a table number over 255 costs one issue, and it and its sub-lines are kept", () => {
    const input = trace(...good.slice(0, 4), "    999. priority 1", "            output:1", "            output:2", ...good.slice(4));
    const { items, issues, accounting: a } = parseTraceDump(input);
    expect(issues).toMatchObject([{ code: "bad-value", message: "bad table number", line: 5 }]);
    const t = items[0] as Trace;
    expect(traceSteps(t).map((s) => s.table)).toEqual([999, 0, 1]);
    expect(stepActions(traceSteps(t)[0] as TraceStep).map((x) => x.text)).toEqual(["output:1", "output:2"]);
    expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
    expect(formatTrace(t)).toBe(input);
    expect(() => parseTrace(input)).toThrow(expect.objectContaining({ code: "bad-value", line: 5 }));
  });

  it("reports junk before the trace and parses the trace after it", () => {
    const input = trace("$ ovs-appctl ofproto/trace br0 in_port=1", ...good);
    const { items, issues } = parseTraceDump(input);
    expect(issues).toMatchObject([{ code: "unrecognized", line: 1 }]);
    expect(traceSteps(items[0] as Trace)).toHaveLength(2);
  });

  it("warns about a truncated trace", () => {
    const { items, issues } = parseTraceDump(trace(...good.slice(0, 7)));
    expect(issues).toMatchObject([{ severity: "warning", code: "missing", lineCount: 0 }]);
    expect(traceVerdict(items[0] as Trace)).toMatchObject({ complete: false });
    expect(() => parseTrace(trace(...good.slice(0, 7)))).not.toThrow();
  });

  it("reads traces pasted one after the other as several items; parseTrace refuses the second", () => {
    const input = trace(...good, ...good);
    const { items, issues, accounting: a } = parseTraceDump(input);
    expect(issues).toEqual([]);
    expect(items).toHaveLength(2);
    expect(items.map((t) => [t.sections.length, t.sections[0].line, traceSteps(t).length])).toEqual([
      [1, 1, 2],
      [1, good.length + 1, 2],
    ]);
    expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
    expect(items.map((t) => formatTrace(t)).join("")).toBe(input);
    expect(() => parseTrace(input)).toThrow(expect.objectContaining({ code: "syntax", line: good.length + 1 }));
    // A truncated trace followed by another: both kept, the first one said to be truncated.
    const cut = parseTraceDump(trace(...good.slice(0, 7), ...good));
    expect(cut.items).toHaveLength(2);
    expect(cut.issues).toMatchObject([{ severity: "warning", code: "missing", line: 1 }]);
  });

  it("reports an unknown action as a warning only", () => {
    const input = trace(...good.slice(0, 7), "    frob(1)", ...good.slice(8));
    expect(parseTraceDump(input).issues).toMatchObject([{ severity: "warning", code: "unknown-action", line: 8 }]);
    expect(stepActions(traceSteps(parseTrace(input))[1] as TraceStep)[0]?.action.kind).toBe("unknown");
  });
});
