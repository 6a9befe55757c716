/**
 * simulateTrace builds its `Trace` straight from the simulator's own trace tree, without
 * printing and re-parsing it. That model must be exactly what the trace parser reads from the
 * printed text: `simulateTrace(...)` deep-equals (toStrictEqual) `parseTrace(simulateTraceText(...))`
 * plus the `simulation` record, on every captured case of the agreement suites
 * (test/fixtures/sim and test/fixtures/replica), with a cold and a warm model cache, and in a
 * batch. Within one trace no object is shared between two places of the tree (the cache
 * shares parsed pieces only between traces).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type BridgeTexts, createPipeline, fromJson, parseFlows, parseTrace, type Pipeline, pipelineInputFromTexts, simulateBatch, simulateTrace, simulateTraceText, type SimulateOptions, toJson } from "../src/index.js";
import { FIXTURES } from "./helpers/fixtures.js";
import { loadSimPipeline, readSimCases } from "./helpers/sim-snapshot.js";

interface Case {
  readonly name: string;
  readonly packet: string;
  readonly options: SimulateOptions;
}

const SIM: Case[] = readSimCases()
  .filter((c) => c.category !== "bad-request")
  .map((c) => ({ name: `${c.category}: ${c.name}`, packet: c.packet, options: { bridge: c.bridge, ctNext: c.ctNext } }));

const REPLICA_DIR = join(FIXTURES, "replica");
const rd = (f: string): string => readFileSync(join(REPLICA_DIR, f), "utf8");
const REPLICA: Case[] = rd("packets.tsv")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => {
    const [name = "", bridge = "", flow = "", extra = ""] = l.split("\t");
    return { name, packet: flow, options: { bridge, ctNext: extra.split(/\s+/).filter((x) => x !== "" && x !== "--ct-next") } };
  });

function replicaPipeline(): Pipeline {
  const bridges: Record<string, BridgeTexts> = {};
  for (const b of ["br-int", "br-a", "br-b", "br-ex"]) {
    bridges[b] = { flows: rd(`${b}.no-stats.flows`), groups: rd(`${b}.groups`), show: rd(`ports-${b}.txt`), tlvMap: rd(`${b}.tlv`), ...(b === "br-a" ? { meters: rd("br-a.meters") } : {}) };
  }
  return createPipeline(pipelineInputFromTexts({ bridges, dpifShow: rd("dpif-show.txt") }));
}

/** What the model must be: the parser's reading of the printed text, plus the simulation record. */
function expected(pipeline: Pipeline, c: Case, simulation: unknown): unknown {
  return { ...parseTrace(simulateTraceText(pipeline, c.packet, c.options)), simulation };
}

/** Every object reachable from `x` more than once (by identity). */
function sharedObjects(x: unknown): unknown[] {
  const seen = new Set<object>();
  const twice: unknown[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (seen.has(v)) {
      twice.push(v);
      return;
    }
    seen.add(v);
    for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
  };
  walk(x);
  return twice;
}

for (const [suite, cases, load] of [
  ["test/fixtures/sim", SIM, loadSimPipeline],
  ["test/fixtures/replica", REPLICA, replicaPipeline],
] as const) {
  describe(`simulateTrace's model is parseTrace of simulateTraceText (${suite})`, () => {
    let cold: Pipeline;
    let warm: Pipeline;
    beforeAll(() => {
      cold = load();
      warm = load();
      // Warm the second pipeline's caches with every case first, so that each case below also
      // runs on pieces parsed for other traces.
      for (const c of cases) simulateTrace(warm, c.packet, c.options);
    });

    it("has the cases", () => {
      expect(cases.length).toBeGreaterThanOrEqual(suite.endsWith("sim") ? 90 : 20);
    });

    for (const c of cases) {
      it(c.name, () => {
        const first = simulateTrace(cold, c.packet, c.options);
        expect(first).toStrictEqual(expected(cold, c, first.simulation));
        const again = simulateTrace(warm, c.packet, c.options);
        expect(again).toStrictEqual(first);
        expect(sharedObjects(again)).toEqual([]);
        expect(structuredClone(again)).toStrictEqual(again);
        expect(fromJson(toJson(again))).toStrictEqual(again);
      });
    }

    it("a batch gives the same traces", () => {
      const results = [...simulateBatch(warm, cases.map((c) => ({ packet: c.packet, ...c.options })), { bridge: "br-int" })];
      results.forEach((r, i) => {
        const c = cases[i] as Case;
        expect(r.ok, c.name).toBe(true);
        if (r.ok) expect(r.trace, c.name).toStrictEqual(expected(warm, c, r.trace.simulation));
      });
    });
  });
}

describe("simulateTrace's model is parseTrace of simulateTraceText (forms the captures lack)", () => {
  // A bridge that makes the simulator print forms few or no captured cases have: a stack
  // underflow error, clone, the action set, learn (ignored and applied), a note, a conntrack
  // recirculation with actions after the ct, the recursion limit.
  const flows = [
    "table=0, priority=100,ip actions=ct(table=1,zone=5),output:3",
    "table=0, priority=90,ipv6 actions=pop:NXM_NX_REG0[],resubmit(,1)",
    "table=0, priority=60,arp actions=clone(set_field:1->reg0,resubmit(,2)),write_actions(output:4),goto_table:3",
    "table=0, priority=0 actions=resubmit(,0)",
    "table=1, priority=0 actions=output:2",
    "table=2, priority=0 actions=learn(table=5,NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),resubmit(,5)",
    "table=3, priority=0 actions=note:01020304",
  ].join("\n");
  const pipeline = createPipeline({ bridges: { br0: { flows: parseFlows(flows) } } });
  const cases: Case[] = [
    { name: "ct then frozen actions", packet: "in_port=1,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64", options: { bridge: "br0" } },
    { name: "stack underflow", packet: "in_port=1,ipv6", options: { bridge: "br0" } },
    { name: "clone, action set, learn ignored", packet: "in_port=1,arp", options: { bridge: "br0" } },
    { name: "learn applied", packet: "in_port=1,arp", options: { bridge: "br0", learn: "apply" } },
    { name: "resubmit loop", packet: "in_port=1,dl_type=0x1234", options: { bridge: "br0" } },
  ];
  it("prints those forms", () => {
    const all = cases.map((c) => simulateTraceText(pipeline, c.packet, c.options)).join("");
    for (const form of ["Resuming from table 1", ">>>> stack underflow <<<<", "clone(", "Executing action set", "suppressing side effects", "Translation failed ("]) expect(all).toContain(form);
  });
  for (const c of cases) {
    it(c.name, () => {
      const t = simulateTrace(pipeline, c.packet, c.options);
      expect(t).toStrictEqual(expected(pipeline, c, t.simulation));
      expect(sharedObjects(t)).toEqual([]);
    });
  }
});
