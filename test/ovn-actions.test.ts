import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type OvnAction, formatOvnActions, parseOvnActions, tryParseOvnActions } from "../src/ovn/actions/index.js";
import { parseLogicalFlowDump } from "../src/ovn/lflow.js";
import { total } from "./helpers/bounded.js";
import { fixture, fixtureNames } from "./helpers/fixtures.js";

/** The tree without source spans, for readable assertions. */
function shape(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(shape);
  if (typeof x !== "object" || x === null) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (k !== "from" && k !== "to") out[k] = shape(v);
  return out;
}
const p = (s: string) => shape(parseOvnActions(s));
const field = (name: string, start?: number, end?: number) =>
  start === undefined ? { kind: "field", name } : { kind: "field", name, start, end: end ?? start };
/** Spaces and comments do not matter to OVN; the printer writes single spaces and drops comments. */
const norm = (s: string) => s.replace(/\/\*.*?\*\//g, "").replace(/\s+/g, "");

/** Every distinct `action=(...)` of the real listings in test/fixtures/ovn and ovn-expr. */
const realActions = (() => {
  const set = new Set<string>();
  for (const name of fixtureNames("ovn", ".txt").filter((n) => n.startsWith("lflow-list"))) {
    for (const f of parseLogicalFlowDump(fixture("ovn", name)).flows) set.add(f.actions);
  }
  for (const name of fixtureNames("ovn-expr", ".txt").filter((n) => n === "actions.txt")) {
    for (const l of fixture("ovn-expr", name).split("\n")) if (l !== "") set.add(l);
  }
  return [...set];
})();

describe("real logical flow actions", () => {
  it("has a few hundred distinct action lists", () => {
    expect(realActions.length).toBeGreaterThan(300);
  });

  it("parses every one of them", () => {
    expect(realActions.filter((a) => !tryParseOvnActions(a).ok)).toEqual([]);
  });

  it("prints every one back equal up to spacing and comments, and the print parses to the same tree", () => {
    for (const a of realActions) {
      const tree = parseOvnActions(a);
      const printed = formatOvnActions(tree);
      expect(norm(printed)).toBe(norm(a));
      expect(shape(parseOvnActions(printed))).toEqual(shape(tree));
    }
  });

  it("knows every action name northd used", () => {
    const unknown = new Set<string>();
    const walk = (list: readonly OvnAction[]) => {
      for (const a of list) {
        if (a.kind === "call" || a.kind === "ct_lb" || a.kind === "ct_nat") {
          if (!a.known) unknown.add(a.name);
          if (a.body) walk(a.body);
        }
      }
    };
    for (const a of realActions) walk(parseOvnActions(a));
    expect([...unknown]).toEqual([]);
  });
});

describe("parseOvnActions statements", () => {
  it("next, with a table, with a pipeline", () => {
    expect(p("next;")).toEqual([{ kind: "next" }]);
    expect(p("next(3);")).toEqual([{ kind: "next", table: 3 }]);
    expect(p("next(pipeline=egress, table=0);")).toEqual([{ kind: "next", pipeline: "egress", table: 0 }]);
  });

  it("output, drop, ip.ttl--", () => {
    expect(p("ip.ttl--; output;")).toEqual([{ kind: "dec_ttl" }, { kind: "output" }]);
    expect(p("drop;")).toEqual([{ kind: "drop" }]);
    expect(p("/* drop */")).toEqual([]);
  });

  it("assignments of constants, strings and fields; exchanges", () => {
    expect(p('outport = "lsp1"; reg0[1] = 1; xreg0[0..47] = 0a:58:0a:f4:01:01; eth.dst <-> eth.src; reg1 = reg2;')).toEqual([
      { kind: "assign", dst: field("outport"), value: { kind: "string", value: "lsp1" } },
      { kind: "assign", dst: field("reg0", 1), value: { kind: "int", value: 1n, hex: false } },
      { kind: "assign", dst: field("xreg0", 0, 47), value: { kind: "mac", value: "0a:58:0a:f4:01:01" } },
      { kind: "exchange", a: field("eth.dst"), b: field("eth.src") },
      { kind: "assign", dst: field("reg1"), value: field("reg2") },
    ]);
  });

  it("functions with results", () => {
    const [a, b, c] = parseOvnActions("reg9[2] = lookup_arp(inport, arp.spa, arp.sha); outport = get_fdb(eth.dst); reg0[15] = check_in_port_sec();");
    expect(shape(a)).toMatchObject({
      kind: "call",
      name: "lookup_arp",
      result: field("reg9", 2),
      known: true,
      args: [
        { text: "inport", value: field("inport"), sep: "," },
        { text: "arp.spa", value: field("arp.spa"), sep: "," },
        { text: "arp.sha", value: field("arp.sha") },
      ],
    });
    expect(shape(b)).toMatchObject({ kind: "call", name: "get_fdb", result: field("outport"), args: [{ value: field("eth.dst") }] });
    expect(shape(c)).toMatchObject({ kind: "call", name: "check_in_port_sec", result: field("reg0", 15), args: [] });
  });

  it("nested blocks", () => {
    expect(p("ct_commit { ct_mark.blocked = 0; }; icmp4 { eth.dst <-> eth.src; output; }; arp { arp.op = 2; };")).toEqual([
      { kind: "call", name: "ct_commit", body: [{ kind: "assign", dst: field("ct_mark.blocked"), value: { kind: "int", value: 0n, hex: false } }], known: true },
      { kind: "call", name: "icmp4", body: [{ kind: "exchange", a: field("eth.dst"), b: field("eth.src") }, { kind: "output" }], known: true },
      { kind: "call", name: "arp", body: [{ kind: "assign", dst: field("arp.op"), value: { kind: "int", value: 2n, hex: false } }], known: true },
    ]);
  });

  it("ct_lb_mark backends (IPv4, IPv6 in brackets), hash fields and flags", () => {
    const [a] = parseOvnActions('ct_lb_mark(backends=10.244.1.3:8080,[fd00::3]:8080; hash_fields="ip_dst,ip_src"; force_snat);');
    expect(a).toMatchObject({
      kind: "ct_lb",
      name: "ct_lb_mark",
      backends: [{ ip: "10.244.1.3", port: 8080 }, { ip: "fd00::3", port: 8080 }],
      hashFields: ["ip_dst", "ip_src"],
    });
    if (a?.kind !== "ct_lb") throw new Error("not ct_lb");
    expect(a.args?.map((x) => [x.key, x.valueText, x.sep])).toEqual([
      ["backends", "10.244.1.3:8080,[fd00::3]:8080", ";"],
      ["hash_fields", '"ip_dst,ip_src"', ";"],
      [undefined, "force_snat", undefined],
    ]);
    expect(parseOvnActions("ct_lb_mark;")[0]).toMatchObject({ kind: "ct_lb", backends: [] });
  });

  it("ct_dnat / ct_snat with address and port range", () => {
    expect(parseOvnActions("ct_snat(172.18.0.2, 32768-60999);")[0]).toMatchObject({ kind: "ct_nat", name: "ct_snat", address: "172.18.0.2", ports: { low: 32768, high: 60999 } });
    expect(parseOvnActions("ct_dnat;")[0]).toMatchObject({ kind: "ct_nat", name: "ct_dnat" });
    expect(parseOvnActions("ct_dnat_in_czone(10.0.0.5);")[0]).toMatchObject({ kind: "ct_nat", address: "10.0.0.5" });
  });

  it("keyword arguments with sets, and unknown actions as generic calls", () => {
    const [a, b] = parseOvnActions('reg0[3] = put_dhcp_opts(offerip = 10.0.0.4, router = 10.0.0.1, dns_server = {8.8.8.8, 1.1.1.1}, lease_time = 3600); frobnicate(x=1) { next; };');
    expect(shape(a)).toMatchObject({ kind: "call", name: "put_dhcp_opts", result: field("reg0", 3) });
    if (a?.kind !== "call") throw new Error("not a call");
    expect(a.args?.map((x) => x.key)).toEqual(["offerip", "router", "dns_server", "lease_time"]);
    expect(shape(a.args?.[2]?.value)).toMatchObject({ kind: "set", values: [{ value: "8.8.8.8" }, { value: "1.1.1.1" }] });
    expect(shape(b)).toMatchObject({ kind: "call", name: "frobnicate", known: false, body: [{ kind: "next" }] });
  });

  it("keeps source spans", () => {
    const text = "reg0[1] = 1; next(pipeline=ingress, table=3);";
    expect(parseOvnActions(text).map((a) => text.slice(a.from, a.to))).toEqual(["reg0[1] = 1", "next(pipeline=ingress, table=3)"]);
  });
});

describe("parseOvnActions errors", () => {
  const bad: [string, number, RegExp][] = [
    ["next", 4, /expected ";", found end of input/],
    ["next; output", 12, /";"/],
    ["reg0 = ;", 7, /constant, set or field/],
    ["ct_commit { next; ;", 18, /action/],
    ["ct_commit { next; };x", 21, /";"/],
    ["next(pipeline=sideways);", 14, /ingress/],
    ["reg0[ = 1;", 6, /bit index/],
    ["put_arp(inport, arp.spa;", 24, /"\)"/],
    ['outport = "unterminated;', 10, /string/i],
    ["123;", 0, /action/],
  ];
  it.each(bad)("%j fails at column %i", (text, column, message) => {
    const r = tryParseOvnActions(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.getPrototypeOf(r.error)).toBe(Object.prototype);
    expect(r.error).toMatchObject({ code: "syntax", line: 1 });
    expect(r.error.column).toBe(column + 1);
    expect(r.error.message).toMatch(message);
  });

  it("refuses blocks nested beyond the limit instead of overflowing the stack", () => {
    const deep = "clone { ".repeat(5000) + "next; " + "}; ".repeat(5000);
    const r = tryParseOvnActions(deep);
    expect(r.ok).toBe(false);
  });
});

describe("parseOvnActions on any string", () => {
  it("returns statements or a typed error", () => {
    const alphabet = fc.constantFrom(..."abcnext_ ;=<->-[]{}(),.:\"0123456789/*".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join("")), (s) => {
        total(() => parseOvnActions(s));
      }),
      { numRuns: 3000 },
    );
  });

  it("damaged real actions give a result or a typed error", () => {
    fc.assert(
      fc.property(fc.constantFrom(...realActions), fc.nat(), fc.string({ maxLength: 3 }), (a, at, junk) => {
        const i = at % (a.length + 1);
        const r = tryParseOvnActions(a.slice(0, i) + junk + a.slice(i + 1));
        expect(r.ok || r.error.code === "syntax").toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
