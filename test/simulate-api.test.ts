/**
 * The simulator's options and forms beyond one packet text: typed packets, learn modes, the
 * section limit, recirculation ids, batches with per-packet options, caveats, and the index.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createPipeline, parseFlows, parseTrace, type Pipeline, simulateBatch, simulateTrace, simulateTraceText, traceSteps } from "../src/index.js";
import { normalizeRecircIds, withoutMegaflow } from "./helpers/sim-compare.js";
import { loadSimPipeline, readSimCases, type SimCase, simSnapshotFile } from "./helpers/sim-snapshot.js";

const CASES = readSimCases();
const byName = (n: string): SimCase => {
  const c = CASES.find((x) => x.name === n);
  if (c === undefined) throw new Error(`fixture case ${n} is missing`);
  return c;
};
let pipeline: Pipeline;
beforeAll(() => {
  pipeline = loadSimPipeline();
});

describe("simulateTrace forms", () => {
  it("a typed packet (the match items of a parsed Flow: line) gives the same trace as its text", () => {
    const c = byName("pod-remote-tcp");
    const typed = parseTrace(c.answer).sections[0]?.flow.match ?? [];
    expect(typed.length).toBeGreaterThan(5);
    expect(simulateTraceText(pipeline, typed, { bridge: c.bridge })).toBe(simulateTraceText(pipeline, c.packet, { bridge: c.bridge }));
  });

  it("port names in the packet are the bridge's ports", () => {
    const c = byName("pod-local-names");
    expect(c.packet).toMatch(/^in_port=pod3,/);
    expect(normalizeRecircIds(simulateTraceText(pipeline, c.packet, { bridge: c.bridge }))).toBe(normalizeRecircIds(withoutMegaflow(c.answer)));
  });

  it("learn: ignored as ofproto/trace does by default; applied on request, with a caveat either way", () => {
    const c = byName("br-learn");
    const ignored = simulateTrace(pipeline, c.packet, { bridge: c.bridge });
    expect(ignored.simulation.learn).toBe("ignore");
    expect(ignored.simulation.caveats.map((x) => x.code)).toContain("learn-ignored");
    const applied = simulateTrace(pipeline, c.packet, { bridge: c.bridge, learn: "apply" });
    expect(applied.simulation.caveats.map((x) => x.code)).toContain("learn-applied");
    expect(simulateTraceText(pipeline, c.packet, { bridge: c.bridge, learn: "apply" })).not.toContain("suppressing side effects");
    // The pipeline itself is not changed: the next trace ignores the learned flow again.
    expect(simulateTraceText(pipeline, c.packet, { bridge: c.bridge })).toContain("suppressing side effects, so learn action ignored");
  });

  it("maxSections stops following recirculations; recircIdBase numbers them", () => {
    const c = byName("svc-tcp-ct-chain");
    const all = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
    expect(all.sections.length).toBe(parseTrace(c.answer).sections.length);
    expect(all.sections.length).toBeGreaterThan(2);
    const two = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext, maxSections: 2 });
    expect(two.sections.length).toBe(2);
    expect(two.simulation.caveats.map((x) => x.code)).toContain("section-limit");
    const base = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext, recircIdBase: 0x40 });
    expect(base.sections[1]?.recircId).toBe(0x40);
  });

  it("--ct-next states as numbers or flag lists; bad ones are refused like OVS", () => {
    const c = byName("pod-local-est");
    const named = simulateTraceText(pipeline, c.packet, { bridge: c.bridge, ctNext: ["trk,est", "est|trk"] });
    expect(simulateTraceText(pipeline, c.packet, { bridge: c.bridge, ctNext: [0x22, 0x22] })).toBe(named);
    expect(() => simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: ["new,est"] })).toThrow(/"new" and "est" are mutually exclusive/);
    expect(() => simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: ["foo"] })).toThrow(/unknown connection tracking state flag/);
  });

  it("says what it did not simulate", () => {
    const t = simulateTrace(pipeline, byName("svc-tcp-hash").packet, { bridge: "br-int" });
    expect(t.simulation.notSimulated).toEqual(["megaflow", "conntrack", "mac-learning", "recirc-ids"]);
    expect(t.simulation.caveats.map((x) => x.code)).toContain("ct-state-default");
    expect(t.sections.every((s) => s.megaflow === undefined)).toBe(true);
  });
});

describe("simulateBatch", () => {
  it("reuses the pipeline: every result equals the single simulation; options per packet", () => {
    const cases = CASES.filter((c) => c.category !== "bad-request").slice(0, 20);
    const results = [...simulateBatch(pipeline, cases.map((c) => ({ packet: c.packet, bridge: c.bridge, ctNext: c.ctNext })), { bridge: "br-int" })];
    expect(results.length).toBe(cases.length);
    results.forEach((r, i) => {
      const c = cases[i] as SimCase;
      if (!r.ok) throw new Error(`${c.name}: ${r.error.message}`);
      expect(traceSteps(r.trace).map((s) => `${s.table}/${s.priority}`)).toEqual(traceSteps(simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext })).map((s) => `${s.table}/${s.priority}`));
    });
  });
});

describe("createPipeline", () => {
  it("indexes the real dumps without issues, and counts what it indexed", () => {
    expect(pipeline.issues).toEqual([]);
    expect(pipeline.bridges.get("br-int")?.flowCount).toBe(parseFlows(simSnapshotFile("br-int.flows")).length);
  });

  it("a flow it cannot index is an issue, and a lookup in its table says one of them might have matched", () => {
    const p = createPipeline({ bridges: { br0: { flows: parseFlows(" priority=100,tun_metadata5=0x1 actions=output:2\n priority=0 actions=output:3\n") } } });
    expect(p.issues.map((i) => [i.code, i.bridge, i.table])).toEqual([
      ["no-ports", "br0", undefined],
      ["bad-match", "br0", 0],
    ]);
    expect(p.bridges.get("br0")?.flowCount).toBe(1);
    const t = simulateTrace(p, "in_port=1,tcp,nw_src=10.1.0.1,nw_dst=10.0.0.2,nw_ttl=64", { bridge: "br0" });
    expect(traceSteps(t).map((s) => s.priority)).toEqual([0]);
    expect(t.simulation.caveats.map((x) => x.code)).toEqual(["unindexed-flows", "no-ports"]);
  });
});
