/**
 * The trace parser's piece cache hands out deep copies made by a copier compiled for each
 * piece's shape (`copierFor`): every copy must deep-equal the piece and share no object with it
 * or with another copy. Checked on every action and match of every real trace, and on every
 * action list of the real OpenFlow dumps (learn, ct, clone, bundle, ... : the widest shapes).
 */
import { describe, expect, it } from "vitest";
import { type Action, parseFlowDump } from "../src/index.js";
import { parseTrace } from "../src/trace/parse.js";
import { subItems } from "../src/trace/nodes.js";
import type { Trace, TraceItem } from "../src/trace/types.js";
import { PieceCache, copierFor, matchListCopier } from "../src/trace/piece-cache.js";
import { fixture, fixtureNames } from "./helpers/fixtures.js";

/** Every node of a trace, depth first. */
function nodes(t: Trace): TraceItem[] {
  const out: TraceItem[] = [];
  const walk = (items: readonly TraceItem[]): void => {
    for (const i of items) {
      out.push(i);
      walk(subItems(i) ?? []);
    }
  };
  for (const s of t.sections) walk(s.items);
  return out;
}

/** Every object (and array) reachable from `v`. */
function objectsOf(v: unknown, into = new Set<object>()): Set<object> {
  if (typeof v !== "object" || v === null || into.has(v)) return into;
  into.add(v);
  for (const x of Array.isArray(v) ? v : Object.values(v)) objectsOf(x, into);
  return into;
}

function expectIndependentCopy<T>(original: T, copy: T): void {
  expect(copy).toStrictEqual(original);
  const mine = objectsOf(copy);
  let shared = 0;
  for (const o of objectsOf(original)) if (mine.has(o)) shared++;
  expect(shared).toBe(0);
}

const traces = fixtureNames("trace", ".trace")
  .filter((n) => !n.startsWith("bad-"))
  .map((n) => parseTrace(fixture("trace", n), { deprecatedFields: false }));
const pieces: unknown[] = [];
for (const t of traces) {
  for (const n of nodes(t)) {
    if (n.kind === "action") pieces.push(n.action);
    if (n.kind === "step") pieces.push(n.match);
  }
}
const flowActions: (readonly Action[])[] = fixtureNames("openflow", ".flows").flatMap((n) =>
  parseFlowDump(fixture("openflow", n)).items.map((f) => f.actions ?? []),
);

describe("copierFor", () => {
  it("copies every real trace piece and OpenFlow action list deeply, sharing nothing", () => {
    expect(pieces.length).toBeGreaterThan(500);
    expect(flowActions.length).toBeGreaterThan(500);
    for (const p of [...pieces, ...flowActions]) {
      const copy = copierFor(p);
      const a = copy();
      const b = copy();
      expectIndependentCopy(p, a);
      expectIndependentCopy(a, b);
    }
  });

  it("copies keep the piece's key order and the absent-vs-undefined distinction", () => {
    const piece = { kind: "x", a: undefined, b: [1, { c: 2n, d: null }], e: { f: [] as unknown[] } };
    const copy = copierFor(piece)();
    expect(Object.keys(copy)).toEqual(Object.keys(piece));
    expect("a" in copy).toBe(true);
    expectIndependentCopy(piece, copy);
  });
});

describe("matchListCopier", () => {
  it("copies every real step match deeply, sharing nothing", () => {
    let n = 0;
    for (const t of traces) {
      for (const s of nodes(t)) {
        if (s.kind !== "step") continue;
        n++;
        expectIndependentCopy(s.match, matchListCopier(s.match)());
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});

describe("PieceCache", () => {
  it("hands out the owned text and a fresh copy per hit; the first value is the caller's", () => {
    const line = "    resubmit(,8)";
    const cache = new PieceCache();
    expect(cache.get(line, 4, line.length)).toBeUndefined();
    const first = cache.set(line.slice(4), { kind: "resubmit", table: 8 });
    const hit = cache.get<typeof first>(line, 4, line.length);
    expect(hit?.text).toBe("resubmit(,8)");
    expect(hit?.value).toBe(first);
    const copy = hit?.copy();
    expect(copy).toStrictEqual(first);
    expect(copy).not.toBe(first);
    expect(hit?.copy()).not.toBe(copy);
  });

  it("finds every key, and starts over when full (bounded memory)", () => {
    const cache = new PieceCache();
    const line = (i: number): string => `  set_field:0x${i.toString(16)}->reg13`;
    for (let i = 0; i < 16_384; i++) {
      const t = line(i);
      expect(cache.get(t, 2, t.length)).toBeUndefined();
      cache.set(t.slice(2), { i });
    }
    for (let i = 0; i < 16_384; i += 97) {
      const t = line(i);
      expect(cache.get<{ i: number }>(t, 2, t.length)?.value.i).toBe(i);
    }
    // The 16,385th distinct text: the full table starts over with it alone.
    const next = line(16_384);
    cache.set(next.slice(2), { i: 16_384 });
    expect(cache.get(next, 2, next.length)?.value).toStrictEqual({ i: 16_384 });
    expect(cache.get(line(5), 2, line(5).length)).toBeUndefined();
  });

  it("tells apart texts that differ only past a common prefix or in length", () => {
    const cache = new PieceCache();
    cache.set("resubmit(,8)", { t: 8 });
    cache.set("resubmit(,80)", { t: 80 });
    const line = "xresubmit(,8) resubmit(,80)";
    expect(cache.get<{ t: number }>(line, 1, 13)?.value.t).toBe(8);
    expect(cache.get<{ t: number }>(line, 14, 27)?.value.t).toBe(80);
    expect(cache.get(line, 14, 26)).toBeUndefined();
    expect(cache.get(line, 1, 12)).toBeUndefined();
  });

  it("keeps no text longer than 512 characters", () => {
    const long = "x".repeat(600);
    const cache = new PieceCache();
    cache.set(long, { kind: "unknown" });
    expect(cache.get(long, 0, long.length)).toBeUndefined();
  });
});
