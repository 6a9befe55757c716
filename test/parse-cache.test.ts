import { describe, expect, it } from "vitest";
import { deepFreeze, ParseCache } from "../src/core/parse-cache.js";
import { owned } from "../src/core/strings.js";
import { formatFlow, parseFlowDump, parseFlows } from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

describe("sharing identical pieces within a dump", () => {
  const text = fixture("openflow", "ovn-br-int.of15.flows");
  const flows = parseFlows(text);

  it("gives flows with equal action lists one frozen list", () => {
    const drops = flows.filter((f) => f.actions.length === 1 && f.actions[0]?.kind === "drop");
    expect(drops.length).toBeGreaterThan(10);
    expect(new Set(drops.map((f) => f.actions)).size).toBe(1);
    expect(Object.isFrozen(drops[0]?.actions)).toBe(true);
    expect(() => (drops[0]?.actions as unknown as unknown[]).push({ kind: "drop" })).toThrow(TypeError);
  });

  it("shares equal match items and keeps them frozen, values included", () => {
    const items = flows.flatMap((f) => f.match.filter((m) => m.name === "metadata" && m.value?.kind === "int" && m.value.value === 1n));
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items).size).toBe(1);
    expect(Object.isFrozen(items[0]?.value)).toBe(true);
  });

  it("keeps each flow's own match list separate", () => {
    const [a, b] = flows;
    expect(a?.match).not.toBe(b?.match);
  });

  it("does not change what is parsed (same text with and without sharing)", () => {
    const lines = text.split("\n");
    for (const f of flows.slice(0, 500)) expect(formatFlow(f)).toBe(lines[(f.line as number) - 1]);
  });

  it("does not share between dumps", () => {
    const again = parseFlowDump(text).flows;
    expect(again[0]?.actions).not.toBe(flows[0]?.actions);
  });
});

describe("ParseCache", () => {
  it("starts over when full, so memory stays bounded", () => {
    const c = new ParseCache(3);
    for (let i = 0; i < 10; i++) c.set(`k${i}`, 0, 2, { i });
    expect(c.size).toBeLessThanOrEqual(3);
    expect(c.get("k9", 0, 2)).toEqual({ i: 9 });
    expect(c.get("xk9y", 1, 3)).toEqual({ i: 9 });
    expect(c.get("k99", 0, 3)).toBeUndefined();
  });

  it("deep-freezes what it keeps", () => {
    const v = deepFreeze({ a: [{ b: 1 }] });
    expect(Object.isFrozen(v.a[0])).toBe(true);
  });
});

describe("owned strings", () => {
  it("copies long substrings and keeps the text", () => {
    const big = "x".repeat(100) + "needle-of-some-length" + "y".repeat(100);
    const s = owned(big.slice(100, 121));
    expect(s).toBe("needle-of-some-length");
  });
});
