/**
 * The Trace model as plain data: one tree (each node in one place), lossless JSON whose size is
 * linear in the input, `formatTrace` printing every real trace back byte for byte, `layoutTrace`,
 * the 0.1 fields kept as non-enumerable properties, and the NAT header kept whole (issue 16).
 */
import { describe, expect, it } from "vitest";
import {
  type Trace,
  type TraceItem,
  type TraceSection,
  type TraceStep,
  actionNotes,
  formatTrace,
  fromJson,
  layoutTrace,
  parseTrace,
  parseTraceDump,
  sectionBridges,
  sectionFinalFlow,
  stepActions,
  stepChildren,
  stepNotes,
  toJson,
  traceSteps,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

/**
 * Plain data: objects with Object's prototype (or none), arrays, strings, numbers, booleans,
 * bigints, null, Uint8Array; no getters, functions, Maps, Sets, Errors, class instances. With
 * `unshared`, no object or array is reachable twice (each node sits in exactly one place).
 * (A minimal stand-in for test/helpers/plain-data.ts, which wave/flows is writing.)
 */
function assertPlainData(value: unknown, options: { unshared?: boolean; sharedUnder?: RegExp } = {}): void {
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[value, "$"]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, path] = top;
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === "string" || t === "number" || t === "boolean" || t === "bigint") continue;
    if (t !== "object") throw new Error(`${path}: a ${t} is not plain data`);
    const o = v as object;
    if (options.unshared === true && seen.has(o) && !(options.sharedUnder?.test(path) ?? false)) {
      throw new Error(`${path}: the same object sits in two places`);
    }
    seen.add(o);
    if (o instanceof Uint8Array) continue;
    const proto = Object.getPrototypeOf(o) as unknown;
    if (!Array.isArray(o) && proto !== Object.prototype && proto !== null) throw new Error(`${path}: ${o.constructor?.name ?? "an object"} is not plain data`);
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      if (!d.enumerable) continue;
      if (d.get !== undefined || d.set !== undefined) throw new Error(`${path}.${k}: a getter is not plain data`);
      stack.push([d.value, `${path}.${k}`]);
    }
  }
}

const REAL = [
  ...fixtureNames("trace", ".trace")
    .filter((n) => !n.startsWith("bad-"))
    .map((n) => ["trace", n] as const),
  ...fixtureNames("ovn", ".txt")
    .filter((n) => n.startsWith("trace-") && !n.endsWith(".detrace.txt"))
    .map((n) => ["ovn", n] as const),
];

/** Every node of a trace, depth-first. */
function nodes(t: Trace): TraceItem[] {
  const out: TraceItem[] = [];
  const stack: (readonly TraceItem[])[] = t.sections.map((s) => s.items).reverse();
  for (let items = stack.pop(); items !== undefined; items = stack.pop()) {
    for (const i of items) {
      out.push(i);
      if ("items" in i && i.items !== undefined) stack.push(i.items);
    }
  }
  return out;
}

describe("every real trace", () => {
  it("has fixtures", () => {
    expect(REAL.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(REAL)("%s/%s", (dir, name) => {
    const text = fixture(dir, name);
    const t = parseTrace(text);

    it("formatTrace prints it back byte for byte", () => {
      expect(formatTrace(t)).toBe(text);
    });

    it("is plain data, each node in one place; structuredClone and toJson/fromJson give it back", () => {
      // The datapath action parser (not the trace's) shares key objects inside an action list.
      assertPlainData(t, { unshared: true, sharedUnder: /\.datapathActions\./ });
      expect(t.kind).toBe("trace");
      expect(structuredClone(t)).toEqual(t);
      expect(fromJson(toJson(t))).toEqual(t);
      expect(toJson(t).length / text.length).toBeLessThan(12);
    });

    it("layoutTrace gives it back: every position is the one formatTrace prints", () => {
      expect(layoutTrace(t)).toEqual(t);
    });

    it("the parsed nodes' lines are their lines in the text", () => {
      const lines = linesOf(text);
      for (const n of nodes(t)) {
        const line = lines[n.line - 1] ?? "";
        // OVS prints a one-digit table as "%2d." and a note as " -> ": one space more.
        const padded = (n.kind === "step" && n.table < 10) || n.kind === "note" || n.kind === "warning" || n.kind === "error";
        expect(line.length - line.trimStart().length).toBe(n.indent * 4 + (padded ? 1 : 0));
      }
    });

    it("keeps the renamed 0.1 fields as non-enumerable properties, and not the derived lists by default", () => {
      const first = t.sections[0];
      expect(t.flow).toBe(first.flow);
      expect(t.datapathActions).toBe(first.datapathActions);
      expect(t.datapathActionsText).toBe(first.datapathActionsText);
      expect(t.megaflow).toBe(first.megaflow);
      expect(t.finalFlow?.match).toEqual(sectionFinalFlow(first)?.match);
      expect(Object.keys(t)).not.toContain("flow");
      for (const s of t.sections) expect("steps" in s || "bridges" in s).toBe(false);
      for (const s of traceSteps(t)) {
        expect("children" in s || "actions" in s || "notes" in s).toBe(false);
        for (const a of stepActions(s)) expect("notes" in a).toBe(false);
      }
      const dump = parseTraceDump(text);
      expect(dump.trace).toBe(dump.items[0]);
      expect(Object.keys(dump)).toEqual(["items", "issues", "accounting"]);
    });

    it("{ deprecatedFields: true }: the 0.1 derived lists too, as non-enumerable properties (strict and lenient)", () => {
      const old = parseTrace(text, { deprecatedFields: true });
      expect(old).toStrictEqual(t);
      expect(old.flow).toBe(old.sections[0].flow);
      for (const s of old.sections) {
        expect(s.steps).toEqual(stepChildren(s));
        expect(s.bridges).toEqual(sectionBridges(s));
        expect(Object.keys(s)).not.toContain("steps");
      }
      for (const s of traceSteps(old)) {
        expect(s.children).toEqual(stepChildren(s));
        expect(s.actions).toEqual(stepActions(s));
        expect(s.notes).toEqual(stepNotes(s));
        for (const a of stepActions(s)) expect(a.notes).toEqual(actionNotes(s, a));
        expect(Object.keys(s)).not.toContain("children");
      }
      const dump = parseTraceDump(text, { deprecatedFields: true });
      expect(dump.items).toStrictEqual(parseTraceDump(text).items);
      const first = dump.items[0];
      expect(first === undefined ? [] : stepChildren(first.sections[0])).toEqual(first?.sections[0].steps);
    });

    it("{ deprecatedFields: false }: the same tree, without the 0.1 fields (strict and lenient)", () => {
      const lean = parseTrace(text, { deprecatedFields: false });
      expect(lean).toStrictEqual(t);
      expect(Object.getOwnPropertyNames(lean)).toEqual(Object.keys(lean));
      expect("flow" in lean).toBe(false);
      for (const s of traceSteps(lean)) {
        expect(Object.getOwnPropertyNames(s)).toEqual(Object.keys(s));
        for (const a of stepActions(s)) expect("notes" in a).toBe(false);
      }
      expect(parseTraceDump(text, { deprecatedFields: false }).items).toStrictEqual(parseTraceDump(text).items);
      expect("flow" in (parseTraceDump(text, { deprecatedFields: false }).items[0] ?? {})).toBe(false);
    });
  });
});

describe("repeated texts in one trace (parsed once per parse, each node still in one place)", () => {
  // The bench's shape: the longest real recirculating trace with its sections repeated, so every
  // action text and step match occurs several times.
  const base = REAL.map(([d, n]) => linesOf(fixture(d, n)))
    .filter((l) => l.some((x) => x.startsWith("recirc(")))
    .sort((a, b) => b.length - a.length)[0] as string[];
  const sections = base.slice(base.findIndex((l) => l.startsWith("====")) - 1);
  const text = [...base, ...sections, ...sections].join("\n") + "\n";
  const t = parseTrace(text);

  it("gives every repeated action and match its own copy, equal to the first", () => {
    assertPlainData(t, { unshared: true, sharedUnder: /\.datapathActions\./ });
    const steps = traceSteps(t);
    const byText = new Map<string, (typeof steps)[number]>();
    let repeats = 0;
    for (const s of steps) {
      const first = byText.get(s.matchText);
      if (first === undefined) byText.set(s.matchText, s);
      else if (s.matchText !== "") {
        repeats++;
        expect(s.match).toStrictEqual(first.match);
        expect(s.match).not.toBe(first.match);
        const a = stepActions(s);
        const b = stepActions(first);
        if (a.length > 0 && a.length === b.length && a[0]?.text === b[0]?.text) expect(a[0]?.action).not.toBe(b[0]?.action);
      }
    }
    expect(repeats).toBeGreaterThan(10);
    expect(formatTrace(t)).toBe(text);
  });

  it("parses each copy as the first: the repeated sections deep-equal the original ones but for line numbers", () => {
    const once = parseTrace([...base, ...sections].join("\n") + "\n");
    const strip = (x: unknown): unknown => JSON.parse(toJson(x), (k, v: unknown) => (k === "line" || k === "nestedIn" || k === "index" || k === "section" ? undefined : v));
    const n = once.sections.length;
    expect(t.sections.length).toBeGreaterThan(n);
    expect(strip(t.sections[t.sections.length - 1])).toStrictEqual(strip(once.sections[n - 1]));
  });
});

describe("JSON size is linear in the input", () => {
  // The deepest real trace, its initial pass repeated into one long resubmit chain: the shape
  // that made 0.1's JSON double at every nesting level (a 4 KB trace gave 2.2 MB).
  const base = linesOf(fixture("trace", "ovn-pod-to-service.trace"));
  const finalAt = base.findIndex((l) => l.startsWith("Final flow:"));
  const head = base.slice(0, 4);
  const tree = base.slice(4, finalAt - 1);
  const results = base.slice(finalAt - 1, base.findIndex((l) => l.startsWith("Datapath actions:")) + 1);
  const deep = (repeats: number): string => {
    const out = [...head];
    for (let i = 0; i < repeats; i++) out.push(...tree);
    return [...out, ...results].join("\n") + "\n";
  };

  it("at most ~40 bytes of JSON per input byte, and the same ratio at 1x, 2x, 4x, 8x the depth", () => {
    const ratios = [10, 20, 40, 80].map((n) => {
      const text = deep(n);
      const t = parseTrace(text);
      expect(formatTrace(t)).toBe(text);
      expect(traceSteps(t).at(-1)?.depth).toBeGreaterThan(n * 5);
      return toJson(t).length / text.length;
    });
    for (const r of ratios) expect(r).toBeLessThan(40);
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeLessThan(1.1);
  });

  it("plain JSON.stringify finishes on a real 197-line OVN trace (0.1: over 10 minutes, 790 MB)", () => {
    const text = fixture("trace", "ovn-pod-to-pod-local.trace");
    const json = JSON.stringify(parseTrace(text), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(json.length / text.length).toBeLessThan(12);
  });
});

describe("a trace built by a program (as the pipeline simulator does) prints and reads back", () => {
  const at = { line: 0, indent: 0 };
  const step = (table: number, items: TraceItem[], extra: Partial<TraceStep> = {}): TraceStep => ({
    kind: "step",
    table,
    outcome: "match",
    matchText: table === 0 ? "in_port=1" : "",
    match: table === 0 ? [{ name: "in_port", value: { kind: "int", value: 1n, hex: false } }] : [],
    priority: 100,
    cookie: BigInt(table + 0xa0),
    bridge: "",
    section: 0,
    depth: 0,
    items,
    ...at,
    ...extra,
  });
  const built: Trace = {
    kind: "trace",
    sections: [
      {
        kind: "section",
        index: 0,
        flow: { text: "in_port=1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,dl_type=0x0000", match: [], line: 0 },
        items: [
          {
            kind: "bridge",
            name: "br0",
            items: [
              step(0, [
                { kind: "action", text: "resubmit(,1)", action: { kind: "resubmit", table: 1 }, ...at },
                step(1, [{ kind: "action", text: "drop", action: { kind: "drop" }, ...at }]),
                { kind: "action", text: "output:2", action: { kind: "output", port: 2 }, ...at },
                { kind: "note", text: "no live bucket", ...at },
              ]),
            ],
            ...at,
          },
        ],
        finalFlow: { unchanged: true, line: 0 },
        megaflow: { text: "recirc_id=0,eth,in_port=1,dl_type=0x0000", match: [], line: 0 },
        datapathActions: [{ kind: "output", port: 2, node: { name: "2" } } as never],
        datapathActionsText: "2",
        line: 0,
      },
    ],
  };

  it("layoutTrace gives positions, formatTrace prints OVS's layout, and parseTrace reads the same nodes", () => {
    const t = layoutTrace(built);
    const text = formatTrace(t);
    expect(text).toBe(
      [
        "Flow: in_port=1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,dl_type=0x0000",
        "",
        'bridge("br0")',
        "-------------",
        " 0. in_port=1, priority 100, cookie 0xa0",
        "    resubmit(,1)",
        "     1. priority 100, cookie 0xa1",
        "            drop",
        "    output:2",
        "     -> no live bucket",
        "",
        "Final flow: unchanged",
        "Megaflow: recirc_id=0,eth,in_port=1,dl_type=0x0000",
        "Datapath actions: 2",
        "",
      ].join("\n"),
    );
    const [t0, t1] = traceSteps(t) as [TraceStep, TraceStep];
    expect([t0.line, t0.indent, t0.depth, t0.bridge]).toEqual([5, 0, 0, "br0"]);
    expect([t1.line, t1.indent, t1.depth, t1.bridge]).toEqual([7, 1, 1, "br0"]);
    const back = parseTrace(text);
    expect(traceSteps(back).map((s) => [s.table, s.line, s.indent, s.depth, s.cookie])).toEqual(traceSteps(t).map((s) => [s.table, s.line, s.indent, s.depth, s.cookie]));
    expect(stepChildren(back.sections[0])).toHaveLength(1);
    expect(formatTrace(back)).toBe(text);
  });
});

describe("issue 16: nothing under `Replacing src/dst IP/ports to simulate NAT:` is dropped", () => {
  const text = fixture("trace", "ovn-pod-to-service.trace");
  const lines = linesOf(text);
  const at = lines.findIndex((l, i) => l.startsWith("Replacing") && (lines[i + 1] ?? "").length > " Initial flow: ".length);
  const edit = (fn: (l: string[]) => void): string => {
    const copy = [...lines];
    fn(copy);
    return copy.join("\n") + "\n";
  };
  const section = (t: Trace): TraceSection => t.sections.find((s) => s.nat?.line === at + 1) as TraceSection;

  it("keeps the Replacing line's position and both flows (0.1 kept no position for it)", () => {
    const nat = section(parseTrace(text)).nat;
    expect(nat?.line).toBe(at + 1);
    expect(nat?.initial?.line).toBe(at + 2);
    expect(nat?.modified?.line).toBe(at + 3);
    expect(nat?.initial?.text).toBe((lines[at + 1] as string).slice(" Initial flow: ".length));
  });

  it("keeps text after the header's colon, with a warning (0.1 dropped it silently)", () => {
    const damaged = edit((l) => (l[at] += " extra text"));
    const d = parseTraceDump(damaged);
    expect(d.issues).toMatchObject([{ severity: "warning", line: at + 1 }]);
    const nat = section(d.items[0] as Trace).nat;
    expect(nat?.extra).toEqual([{ text: `${lines[at]} extra text`, line: at + 1 }]);
    expect(nat?.initial?.line).toBe(at + 2);
    expect(formatTrace(d.items[0] as Trace)).toBe(damaged);
  });

  it("keeps a repeated Initial flow: line and an unknown line (0.1 overwrote the first and dropped nothing else only by luck)", () => {
    const damaged = edit((l) => l.splice(at + 3, 0, " Initial flow: nw_src=1.1.1.1", " Something else: x"));
    const d = parseTraceDump(damaged);
    expect(d.issues.map((i) => [i.severity, i.line])).toEqual([
      ["warning", at + 4],
      ["warning", at + 5],
    ]);
    const nat = section(d.items[0] as Trace).nat;
    expect(nat?.initial?.text).toBe((lines[at + 1] as string).slice(" Initial flow: ".length));
    expect(nat?.extra?.map((e) => e.text)).toEqual([" Initial flow: nw_src=1.1.1.1", " Something else: x"]);
    expect(formatTrace(d.items[0] as Trace)).toBe(damaged);
    expect(d.accounting.issueLines).toBe(0);
  });
});

describe("a UTF-8 byte order mark", () => {
  it("parses like no mark, strict and lenient", () => {
    const text = fixture("trace", "bridges-patch-ct.trace");
    expect(parseTrace("\uFEFF" + text)).toEqual(parseTrace(text));
    expect(parseTraceDump("\uFEFF" + text)).toEqual(parseTraceDump(text));
    expect(formatTrace(parseTrace("\uFEFF" + text))).toBe(text);
  });
});

describe("forms only the OVS-only sandbox shows (fixtures-gen/generate-trace-forms.sh)", () => {
  const t = (name: string): Trace => parseTrace(fixture("trace", `forms-${name}.trace`));

  it("a resubmit loop: 64 nested steps, the error note, and the translation failure", () => {
    const trace = t("translation-failed");
    const steps = traceSteps(trace);
    expect(steps).toHaveLength(65);
    expect(steps.at(-1)?.depth).toBe(64);
    const last = steps.at(-1) as TraceStep;
    expect(actionNotes(last, stepActions(last)[0]!)).toMatchObject([{ kind: "error", text: "over max translation depth 64" }]);
    expect(trace.sections[0].translationError).toBe("Recursion too deep");
  });

  it("the action set is a node of its own, the last of the first table's (OVS runs it in that table's context)", () => {
    const [t0] = stepChildren(t("action-set").sections[0]);
    expect(t0?.items.map((i) => i.kind)).toEqual(["action", "note", "action", "step", "action-set"]);
    const set = t0?.items[4];
    expect(set?.kind === "action-set" && set.items.map((i) => i.kind === "action" && i.text)).toEqual(["output:3"]);
    expect(stepNotes(t0!)).toEqual([]);
    expect(actionNotes(t0!, stepActions(t0!)[0]!).map((n) => n.text)).toEqual(["action set is: output:3"]);
  });

  it("NAT over IPv6: the bracketed addresses of the Initial / Modified flow lines are typed", () => {
    const nat = t("nat-ipv6").sections[1]?.nat;
    expect(nat?.initial?.match.find((f) => f.name === "ipv6_dst")?.value).toEqual({ kind: "ipv6", value: "fd00::2" });
    expect(nat?.modified?.match.find((f) => f.name === "ipv6_dst")?.value).toEqual({ kind: "ipv6", value: "fd00::99" });
    expect(nat?.modified?.match.find((f) => f.name === "tp_dst")?.value).toMatchObject({ value: 8080n });
  });

  it("NAT over a range: the first address and port", () => {
    const nat = t("nat-range").sections[1]?.nat;
    expect(nat?.modified?.text).toBe("nw_src=10.0.0.9,tp_src=1000,nw_dst=10.0.0.2,tp_dst=80");
  });

  it("misses: `No match.` and the fragment-drop rule", () => {
    expect(traceSteps(t("miss")).map((s) => s.outcome)).toEqual(["match", "no-match"]);
    expect(traceSteps(t("frag-drop")).map((s) => s.outcome)).toEqual(["frag-drop"]);
  });
});
