import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildRecircTree,
  decodeDatapathFlow,
  formatDatapathFlow,
  parseDatapathActions,
  parseDatapathFlow,
  parseDatapathFlowDump,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";
import { total } from "./helpers/bounded.js";


const real = fixtureNames("datapath", ".flows").flatMap((f) =>
  linesOf(fixture("datapath", f)).filter((l) => l !== "" && !l.startsWith("flow-dump")),
);

const odpish = fc.string({ unit: fc.constantFrom(..."(),=:/ {}[]0123456789abcdefx.+-_recirc_idin_portethipv4ctactions:packets".split("")), maxLength: 200 });

describe("any string gives a datapath flow or an OvsParseError, in bounded time", () => {
  it("strings from the ODP alphabet", () => {
    fc.assert(fc.property(odpish, (s) => total(() => parseDatapathFlow(s))), { numRuns: 5000 });
    fc.assert(fc.property(odpish, (s) => total(() => parseDatapathActions(s))), { numRuns: 3000 });
  });

  it("real lines with random damage", () => {
    const damaged = fc.tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([l, a, b, ins]) => {
      const i = a % (l.length + 1);
      return l.slice(0, i) + ins + l.slice(Math.min(l.length, i + (b % 6)));
    });
    fc.assert(fc.property(damaged, (s) => total(() => parseDatapathFlow(s))), { numRuns: 5000 });
  });

  it("lazy and eager keys: same issues and accounting, decodeDatapathFlow(lazy) deep-equals eager (damaged real dumps)", () => {
    const damaged = fc.tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([l, a, b, ins]) => {
      const i = a % (l.length + 1);
      return l.slice(0, i) + ins + l.slice(Math.min(l.length, i + (b % 6)));
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(damaged, fc.constantFrom(...real)), { minLength: 1, maxLength: 8 }), (lines) => {
        const s = lines.join("\n");
        const lazy = parseDatapathFlowDump(s, { lazyKeys: true });
        const eager = parseDatapathFlowDump(s);
        expect(lazy.issues).toStrictEqual(eager.issues);
        expect(lazy.accounting).toStrictEqual(eager.accounting);
        expect(lazy.items.map(decodeDatapathFlow)).toStrictEqual(eager.items);
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it("lenient dumps never throw and account for every line; the tree never throws", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(odpish, fc.constantFrom(...real)), { maxLength: 20 }), (lines) => {
        const d = parseDatapathFlowDump(lines.join("\n"));
        const a = d.accounting;
        expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
        buildRecircTree(d.items);
      }),
      { numRuns: 1000 },
    );
  });

  it("pathological nesting gives a flow or a typed error", () => {
    total(() => parseDatapathFlow("in_port(1)," + "encap(".repeat(5000) + ")".repeat(5000) + ", packets:0, bytes:0, used:never, actions:drop"));
    total(() => parseDatapathActions("clone(".repeat(5000) + "drop" + ")".repeat(5000)));
  });
});

describe("round trip of generated flows", () => {
  const key = fc.oneof(
    fc.nat(0xffff).map((n) => `recirc_id(0x${n.toString(16)})`),
    fc.nat(100).map((n) => `in_port(${n})`),
    fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `ipv4(src=10.0.${a}.${b},frag=no)`),
    fc.constantFrom("eth_type(0x0800)", "ct_state(-new+est+trk)", "ct_label(0/0x1)", "skb_mark(0/0)", "udp(src=1000/0xff00,dst=53)"),
  );
  const action = fc.letrec<{ a: string }>((tie) => ({
    a: fc.oneof(
      { depthSize: "small" },
      fc.nat(64).map(String),
      fc.nat(0xfff).map((n) => `recirc(0x${n.toString(16)})`),
      fc.nat(65535).map((z) => `ct(commit,zone=${z},nat(src))`),
      fc.constantFrom("drop", "ct_clear", "pop_vlan", "set(ipv4(ttl=63))", "userspace(pid=0,slow_path(action))"),
      fc.array(tie("a"), { minLength: 1, maxLength: 3 }).map((x) => `clone(${x.join(",")})`),
    ),
  })).a;
  const line = fc
    .tuple(fc.array(key, { minLength: 1, maxLength: 6 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.array(action, { minLength: 1, maxLength: 4 }))
    .map(([keys, packets, actions]) => `${keys.join(",")}, packets:${packets}, bytes:0, used:never, actions:${actions.join(",")}`);

  it("formatDatapathFlow(parseDatapathFlow(line)) === line", () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(formatDatapathFlow(parseDatapathFlow(l))).toBe(l);
      }),
      { numRuns: 3000 },
    );
  });
});
