import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { type Trace, formatTrace, parseTrace, parseTraceDump, traceSteps } from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

/** The longest real trace with recirculations: the building blocks of the big inputs. */
const BASE = fixtureNames("trace", ".trace")
  .filter((n) => !n.startsWith("bad-"))
  .map((n) => linesOf(fixture("trace", n)))
  .filter((l) => l.some((x) => x.startsWith("recirc(")))
  .sort((a, b) => b.length - a.length)[0] as string[];

const finalAt = BASE.findIndex((l) => l.startsWith("Final flow:"));
const HEAD = BASE.slice(0, 4); // Flow:, blank, bridge("br-int"), dashes
const TREE = BASE.slice(4, finalAt - 1); // the initial pass's steps and actions
const FIRST_RESULTS = BASE.slice(finalAt - 1, BASE.findIndex((l) => l.startsWith("Datapath actions:")) + 1);
const SECTIONS = BASE.slice(BASE.findIndex((l) => l.startsWith("====")) - 1); // every recirculation section

/** One section whose tree is the initial pass's step blocks repeated: one long resubmit chain. */
function deepTrace(lines: number): string {
  const out = [...HEAD];
  while (out.length + FIRST_RESULTS.length < lines) out.push(...TREE);
  out.push(...FIRST_RESULTS);
  return out.join("\n") + "\n";
}

/** The real trace followed by its recirculation sections repeated. */
function sectionsTrace(lines: number): string {
  const out = [...BASE];
  while (out.length < lines) out.push(...SECTIONS);
  return out.join("\n") + "\n";
}

describe("big traces (timing is measured in bench/: run-datapath.ts, run-scaling.ts)", () => {
  it.each([
    ["one section, a 5,000-line resubmit chain", deepTrace],
    ["recirculation sections repeated to 5,000 lines", sectionsTrace],
  ])("%s: parses without an issue and prints back", (_, make) => {
    const text = make(5000);
    expect(linesOf(text).length).toBeGreaterThanOrEqual(5000);
    const t = parseTrace(text);
    expect(traceSteps(t).length).toBeGreaterThan(1000);
    expect(parseTraceDump(text).issues).toEqual([]);
    expect(formatTrace(t)).toBe(text);
  });

  it("long and pathological lines parse (leniently) without a crash", () => {
    const head = HEAD.join("\n");
    for (const line of [
      " 0. " + "reg0=1,".repeat(20_000) + "ip, priority 1",
      "    " + "clone(".repeat(5000) + ")".repeat(5000),
      "    set_field:" + "f".repeat(100_000) + "->xxreg0",
      " ".repeat(100_000) + "0. priority 1",
      "    -> " + "x".repeat(200_000),
    ]) {
      const d = parseTraceDump(`${head}\n${line}\n`);
      expect(d.accounting.lines).toBe(5);
      expect(d.accounting.items + d.accounting.headers + d.accounting.blank + d.accounting.issueLines).toBe(5);
    }
  });
});

describe("a parsed trace does not keep its input alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const heap = (): number => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };

  /** Heap retained by a parsed ~5 MB trace, with or without the input text still referenced. */
  function retained(keepText: boolean): { bytes: number; size: number; sections: number; held: number } {
    const before = heap();
    let text: string | undefined = sectionsTrace(80_000);
    const size = text.length;
    let trace: Trace | undefined = parseTrace(text);
    const held = keepText ? text : undefined;
    text = undefined;
    const bytes = heap() - before;
    const sections = trace.sections.length;
    trace = undefined;
    return { bytes, size, sections, held: held?.length ?? 0 };
  }

  it("dropping the text frees it: no string in the model is a view into it", () => {
    retained(false);
    const dropped = retained(false);
    const kept = retained(true);
    expect(dropped.sections).toBeGreaterThan(100);
    expect(kept.held).toBe(kept.size);
    // The input is one-byte text: keeping it costs ~`size` bytes more, unless the model pins it anyway.
    expect(kept.bytes - dropped.bytes).toBeGreaterThan(dropped.size * 0.6);
  });
});
