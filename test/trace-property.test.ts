import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Trace,
  formatTrace,
  fromJson,
  parseTrace,
  parseTraceDump,
  stepChildren,
  toJson,
  traceCookies,
  traceSteps,
  traceTables,
  traceVerdict,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";
import { total } from "./helpers/bounded.js";

const NAMES = fixtureNames("trace", ".trace");
const REAL = NAMES.map((n) => linesOf(fixture("trace", n)));
const REAL_LINES = [...new Set(REAL.flat())];


/** The lenient parser never throws, accounts for every line, and its helpers work on what it returns. */
function lenientHolds(text: string): void {
  const { items, issues, accounting: a } = parseTraceDump(text);
  expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
  expect(a.steps + a.actions + a.notes + a.results).toBe(a.items);
  expect(a.lines).toBe(linesOf(text.replace(/\r\n/g, "\n")).length);
  for (const i of issues) {
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.line).toBeLessThanOrEqual(Math.max(1, a.lines));
  }
  for (const t of items) useAll(t);
}

function useAll(t: Trace): void {
  traceSteps(t);
  traceTables(t);
  traceCookies(t);
  traceVerdict(t);
}

/** Whatever the input was, the lenient result is plain data, and what formatTrace prints reads back as itself. */
function plainAndPrintable(text: string): void {
  const { items } = parseTraceDump(text);
  expect(structuredClone(items)).toEqual(items);
  expect(fromJson(toJson(items))).toEqual(items);
  const printed = items.map(formatTrace).join("");
  expect(parseTraceDump(printed).items.map(formatTrace).join("")).toBe(printed);
}

/** Characters that trace lines are made of, so that random strings reach deep into the parser. */
const traceChar = fc.constantFrom(
  ..." ,=:()[]{}\"\\->/.+-|0123456789abcdefxACTNXM_resubmitprioritycookieFlowbridge\n\n\n".split(""),
  "Flow: ",
  " -> ",
  " >> ",
  " >>>> ",
  " <<<<",
  "    ",
  " 0. ",
  "12. ",
  ", priority 5",
  ", cookie 0x1",
  'bridge("br0")',
  "----",
  "=".repeat(79),
  "Final flow: ",
  "Megaflow: ",
  "Datapath actions: ",
  "recirc(0x1) - resume conntrack with ct_state=new|trk",
  "thaw",
  "bucket 1",
);
const traceish = fc.array(traceChar, { maxLength: 200 }).map((parts) => parts.join(""));

describe("any string gives a Trace or an OvsParseError", () => {
  it("random unicode strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (s) => {
        total(() => parseTrace(s));
        lenientHolds(s);
      }),
      { numRuns: 1500 },
    );
  });

  it("strings from the trace alphabet", () => {
    fc.assert(
      fc.property(traceish, (s) => {
        total(() => parseTrace(s));
        lenientHolds(s);
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(traceish, (s) => plainAndPrintable(s)), { numRuns: 500 });
  });

  it("real lines, shuffled, at random indentations", () => {
    const line = fc.tuple(fc.constantFrom(...REAL_LINES), fc.nat(13)).map(([l, n]) => " ".repeat(n) + l.trimStart());
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.constantFrom(...REAL_LINES)), { maxLength: 60 }), (lines) => {
        const s = lines.join("\n");
        total(() => parseTrace(s));
        lenientHolds(s);
      }),
      { numRuns: 1500 },
    );
  });
});

/** One edit of a trace's lines. */
const edit = fc.oneof(
  // Character damage inside a line: cut, insert, delete.
  fc.record({ kind: fc.constant("chars" as const), line: fc.nat(), at: fc.nat(), cut: fc.nat(8), ins: fc.string({ maxLength: 6 }) }),
  // Line damage: delete, duplicate, move, re-indent.
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("move" as const), line: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), line: fc.nat(), by: fc.integer({ min: -6, max: 6 }) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function damage(lines: readonly string[], edits: readonly Edit[]): string {
  const out = [...lines];
  for (const e of edits) {
    if (out.length === 0) break;
    const i = e.line % out.length;
    const l = out[i] as string;
    switch (e.kind) {
      case "chars": {
        const a = e.at % (l.length + 1);
        out[i] = l.slice(0, a) + e.ins + l.slice(Math.min(l.length, a + e.cut));
        break;
      }
      case "delete":
        out.splice(i, 1);
        break;
      case "duplicate":
        out.splice(i, 0, l);
        break;
      case "move":
        out.splice(i, 1);
        out.splice(e.to % (out.length + 1), 0, l);
        break;
      case "indent":
        out[i] = e.by >= 0 ? " ".repeat(e.by) + l : l.slice(Math.min(-e.by, l.length - l.trimStart().length));
        break;
    }
  }
  return out.join("\n") + "\n";
}

describe("random damage to real traces", () => {
  const damaged = fc
    .tuple(fc.nat(REAL.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([k, edits]) => damage(REAL[k] as string[], edits));

  it("parseTrace throws nothing but OvsParseError", () => {
    fc.assert(fc.property(damaged, (s) => total(() => parseTrace(s))), { numRuns: 1500 });
  });

  it("parseTraceDump never throws, and accounts for every line", () => {
    fc.assert(fc.property(damaged, (s) => lenientHolds(s)), { numRuns: 1500 });
  });

  it("what parseTraceDump makes of them is plain data and prints back as itself", () => {
    fc.assert(fc.property(damaged, (s) => plainAndPrintable(s)), { numRuns: 150 });
  });

  it("a damaged line costs at most its own subtree: the other sections still parse", () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ minLength: 1, maxLength: 4 }), (seed, junk) => {
        const multi = REAL.filter((lines) => lines.some((l) => l.startsWith("recirc(")));
        const lines = [...(multi[seed % multi.length] as string[])];
        const firstFence = lines.findIndex((l) => l.startsWith("===="));
        // Damage a tree line of the initial pass only.
        const target = 4 + (seed % Math.max(1, firstFence - 10));
        lines[target] = junk + (lines[target] as string);
        const clean = parseTrace((multi[seed % multi.length] as string[]).join("\n"));
        const trace = parseTraceDump(lines.join("\n")).items[0];
        expect(trace?.sections.length).toBe(clean.sections.length);
        const last = trace?.sections.at(-1);
        expect(last?.datapathActionsText).toBe(clean.sections.at(-1)?.datapathActionsText);
        expect(last && stepChildren(last).length).toBe(stepChildren(clean.sections.at(-1) ?? clean.sections[0]).length);
      }),
      { numRuns: 300 },
    );
  });
});
