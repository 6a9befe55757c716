/**
 * Issue 12: results are plain data. For every OpenFlow, group, datapath and logical flow fixture,
 * the dump result (eager and lazy) passes `assertPlainData`, and `structuredClone(result)` and
 * `fromJson(toJson(result))` are deep-equal to it, with JSON linear in the input. And the
 * helper itself refuses what is not plain data.
 */
import { describe, expect, it } from "vitest";
import {
  buildRecircTree,
  formatDatapathFlow,
  fromJson,
  parseDatapathFlow,
  parseFlow,
  parseGroup,
  parseDatapathFlowDump,
  parseDatapathFlows,
  parseFlowDump,
  parseFlows,
  parseGroupDump,
  parseLogicalFlowDump,
  toJson,
} from "../src/index.js";
import { filterRecircTree } from "../src/views/index.js";
import { fixture, fixtureNames } from "./helpers/fixtures.js";
import { assertPlainData, plainDataProblem } from "./helpers/plain-data.js";

/** At most ~40 bytes of JSON per input byte on real data (issue 12). */
const MAX_JSON_PER_BYTE = 40;

function roundTrips(value: unknown, input: string): number {
  assertPlainData(value);
  expect(structuredClone(value)).toStrictEqual(value);
  const json = toJson(value);
  expect(fromJson(json)).toStrictEqual(value);
  const perByte = json.length / input.length;
  expect(perByte).toBeLessThan(MAX_JSON_PER_BYTE);
  return perByte;
}

const flowFixtures = fixtureNames("openflow", ".flows");
const groupFixtures = fixtureNames("openflow", ".groups");
const dpFixtures = fixtureNames("datapath", ".flows");
const lflowFixtures = fixtureNames("ovn", ".txt").filter((n) => n.startsWith("lflow-list"));

describe("OpenFlow dumps are plain data and round-trip through JSON", () => {
  it.each(flowFixtures)("%s, eager and lazy", (name) => {
    const text = fixture("openflow", name);
    const eager = parseFlowDump(text);
    const lazy = parseFlowDump(text, { lazyActions: true });
    expect(eager.items.length).toBeGreaterThan(0);
    roundTrips(eager, text);
    roundTrips(lazy, text);
    roundTrips(parseFlows(text), text);
    // The 0.1 name is there, the same array, and invisible to JSON and cloning.
    expect(eager.flows).toBe(eager.items);
    expect(Object.keys(eager)).toEqual(["items", "issues", "accounting"]);
    expect("flows" in structuredClone(eager)).toBe(false);
  });
});

describe("group dumps", () => {
  it.each(groupFixtures)("%s", (name) => {
    const text = fixture("openflow", name);
    const dump = parseGroupDump(text);
    expect(dump.items.length).toBeGreaterThan(0);
    roundTrips(dump, text);
    expect(dump.groups).toBe(dump.items);
  });
});

describe("datapath dumps and their recirculation trees", () => {
  it.each(dpFixtures)("%s, eager and lazy", (name) => {
    const text = fixture("datapath", name);
    const eager = parseDatapathFlowDump(text);
    const lazy = parseDatapathFlowDump(text, { lazyKeys: true });
    expect(eager.items.length).toBeGreaterThan(0);
    roundTrips(eager, text);
    roundTrips(lazy, text);
    expect(eager.flows).toBe(eager.items);
    // Lazy keys are private copies: nothing keeps the input alive (checked through the JSON:
    // every keysText is a substring of its line).
    for (const f of lazy.items) expect(text.split("\n")[(f.line as number) - 1]).toContain(f.keysText);
    roundTrips(buildRecircTree(eager.items), text);
    roundTrips(buildRecircTree(lazy.items), text);
    roundTrips(filterRecircTree(parseDatapathFlows(text), (f) => f.recircId !== 0), text);
  });
});

describe("logical flow listings", () => {
  it.each(lflowFixtures)("%s", (name) => {
    const text = fixture("ovn", name);
    const dump = parseLogicalFlowDump(text);
    expect(dump.items.length).toBeGreaterThan(0);
    roundTrips(dump, text);
    expect(dump.flows).toBe(dump.items);
    // The flows of one Datapath: section share one frozen datapath record.
    expect(Object.isFrozen(dump.items[0]?.datapath)).toBe(true);
  });
});

describe("single lines (no dump caches) are plain data too", () => {
  it("datapath actions that hold parts of their node (set, clone, sample, check_pkt_len, tnl_push, push_vlan, ct)", () => {
    const actions = [
      "set(ipv4(src=10.0.0.1,ttl=63))",
      "clone(recirc(0x1),3)",
      "sample(sample=50.0%,actions(userspace(pid=1)))",
      "check_pkt_len(size=1500,gt(4),le(clone(drop)))",
      "tnl_push(tnl_port(4),header(size=50,type=5,eth(dst=0a:58:0a:f4:01:01,src=0a:58:0a:f4:01:02,dl_type=0x0800),ipv4(src=172.18.0.2,dst=172.18.0.3,proto=17,tos=0,ttl=64,frag=0x4000),udp(src=0,dst=6081,csum=0x0),geneve(oam,vni=0x1)),out_port(1))",
      "push_vlan(vid=10,pcp=0)",
      "ct(commit,zone=27,mark=0x1/0x1,label=0x2/0x2,nat(src))",
    ].join(",");
    const line = `recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:${actions}`;
    const f = parseDatapathFlow(line);
    assertPlainData(f);
    expect(structuredClone(f)).toStrictEqual(f);
    expect(fromJson(toJson(f))).toStrictEqual(f);
    expect(formatDatapathFlow(f)).toBe(line);
    expect(f.actions.map((a) => a.kind)).toEqual(["set", "clone", "sample", "check_pkt_len", "tnl_push", "push_vlan", "ct"]);
  });

  it("nested actions: the JSON grows with the text, not with the depth", () => {
    const perByte = (depth: number): number => {
      const line = `in_port(1), packets:0, bytes:0, used:never, actions:${"clone(".repeat(depth)}drop${")".repeat(depth)}`;
      return toJson(parseDatapathFlow(line)).length / line.length;
    };
    expect(perByte(60)).toBeLessThan(perByte(8) * 2);
    const of = (depth: number): number => {
      const line = ` priority=1 actions=${"clone(".repeat(depth)}drop${")".repeat(depth)}`;
      return toJson(parseFlow(line)).length / line.length;
    };
    expect(of(90)).toBeLessThan(of(8) * 2);
  });

  it("OpenFlow flows and groups", () => {
    assertPlainData(parseFlow(" cookie=0x1, duration=1.5s, priority=1,ip actions=clone(ct(commit,exec(set_field:1->ct_mark))),learn(table=1,NXM_OF_ETH_DST[])"));
    assertPlainData(parseGroup(" group_id=1,type=select,selection_method=hash,fields(ip_src=255.255.255.0,tcp_src),bucket=actions=drop,bucket=weight:2,actions=clone(drop)"));
  });
});

describe("assertPlainData refuses what is not plain data", () => {
  class Thing {
    x = 1;
  }
  const frozen = Object.freeze({ kind: "resubmit", table: 8 });
  const shared = { a: 1 };
  const cases: [string, unknown, RegExp][] = [
    ["a class instance", { items: [new Thing()] }, /\$\.items\[0\]: a Thing/],
    ["a getter", { get actions() { return []; } }, /\$\.actions: a getter/],
    ["a Map", { tables: new Map() }, /\$\.tables: a Map/],
    ["a Set", { matches: new Set() }, /a Set/],
    ["an Error", { parsed: new Error("x") }, /a Error/],
    ["a Date", { mtime: new Date(0) }, /a Date/],
    ["a function", { f: () => 1 }, /a function/],
    ["a symbol value", { s: Symbol("x") }, /a symbol/],
    ["a symbol key", { [Symbol("k")]: 1 }, /a symbol key/],
    ["a non-frozen object reachable twice", { a: shared, b: [shared] }, /reachable twice and is not frozen/],
    ["a cycle", (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })(), /a cycle/],
    ["an array with a named property", Object.assign([1], { extra: 2 }), /not an element/],
    ["a hidden property that is no alias", Object.defineProperty({ a: 1 }, "secret", { value: [1], enumerable: false }), /non-enumerable/],
  ];
  it.each(cases)("%s", (_name, value, message) => {
    expect(() => assertPlainData(value)).toThrow(message);
    expect(plainDataProblem(value)).toMatch(message);
  });

  it("accepts plain data, frozen sharing, Uint8Array, bigint, and documented aliases", () => {
    const items = [{ n: 1n }];
    const withAlias = Object.defineProperty({ items }, "flows", { value: items, enumerable: false });
    for (const ok of [
      { a: [frozen, frozen], b: null, c: undefined, d: "x", e: 1, f: true, g: 2n },
      Object.create(null) as object,
      { bytes: new Uint8Array([1, 2]) },
      withAlias,
    ]) {
      expect(plainDataProblem(ok)).toBeUndefined();
    }
  });
});
