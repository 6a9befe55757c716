/** hotDatapathFlows, hotCookies and datapathSourcesJson (moved out of the CLIs) on real dumps. */
import { describe, expect, it } from "vitest";
import { datapathFlowsJson, datapathSourcesJson, hotCookies, hotDatapathFlows, parseDatapathFlows, parseFlows, toJson, fromJson } from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
const of = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));

describe("hotDatapathFlows", () => {
  it("ranks by packets or bytes, ties in input order, zero counters left out", () => {
    for (const by of ["packets", "bytes"] as const) {
      const all = hotDatapathFlows(dp, { by, top: dp.length });
      const n = (f: (typeof dp)[number]) => (by === "bytes" ? f.bytes : f.packets) ?? 0n;
      expect(all.length).toBe(dp.filter((f) => n(f) > 0n).length);
      expect(all.length).toBeGreaterThan(2);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1]!, all[i]!];
        expect(n(a) > n(b) || (n(a) === n(b) && dp.indexOf(a) < dp.indexOf(b))).toBe(true);
      }
      expect(hotDatapathFlows(dp, { by, top: 2 })).toEqual(all.slice(0, 2));
    }
    expect(hotDatapathFlows(dp.map((f) => ({ ...f, packets: 0n })), { top: 3 })).toEqual([]);
  });
});

describe("hotCookies", () => {
  it("sums packets per non-zero cookie, ranks by packets then flows, and agrees with a direct count", () => {
    const top = hotCookies(of, { top: 1000 });
    const cookies = new Set(of.map((f) => f.cookie ?? 0n));
    cookies.delete(0n);
    expect(top.length).toBe(cookies.size);
    for (const c of top.slice(0, 5)) {
      const mine = of.filter((f) => f.cookie === c.cookie);
      expect(c.flows).toBe(mine.length);
      expect(c.packets).toBe(mine.reduce((s, f) => s + (f.nPackets ?? 0n), 0n));
      expect(c.bytes).toBe(mine.reduce((s, f) => s + (f.nBytes ?? 0n), 0n));
    }
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1]!, top[i]!];
      expect(a.packets > b.packets || (a.packets === b.packets && a.flows >= b.flows)).toBe(true);
    }
    expect(top[0]!.packets).toBeGreaterThan(0n);
    expect(hotCookies(of, { top: 3 })).toEqual(top.slice(0, 3));
    expect(hotCookies(of, { by: "bytes", top: 1 })[0]!.bytes).toBe(top.reduce((m, c) => (c.bytes > m ? c.bytes : m), 0n));
    expect(structuredClone(top)).toEqual(top);
  });
});

describe("datapathSourcesJson", () => {
  it("one input: the plain document; several: sources in order and a source on every flow", () => {
    expect(datapathSourcesJson([{ source: "w1", flows: dp }])).toEqual(datapathFlowsJson(dp));
    const doc = datapathSourcesJson([
      { source: "w1", flows: dp.slice(0, 3) },
      { source: "w2", flows: dp.slice(3, 5) },
    ]);
    expect(doc.sources).toEqual(["w1", "w2"]);
    expect(doc.flows.map((f) => ("source" in f ? f.source : undefined))).toEqual(["w1", "w1", "w1", "w2", "w2"]);
    expect(doc.flows[3]).toEqual({ source: "w2", ...datapathFlowsJson(dp.slice(3, 4)).flows[0] });
    expect(fromJson(toJson(doc))).toEqual(doc);
  });
});
