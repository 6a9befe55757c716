import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Action,
  type Flow,
  decodeFlow,
  decodeFlows,
  formatFlow,
  isLazyFlow,
  isOvsParseError,
  parseActions,
  parseFlow,
  parseFlowDump,
  parseFlows,
} from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";
import { total } from "./helpers/bounded.js";


const realLines = fixture("openflow", "all-families.of15.flows").split("\n").filter((l) => l.startsWith(" "));

/** Strings built from the alphabet of flow lines, so they reach deep into the parser. */
const flowish = fc.string({
  unit: fc.constantFrom(..." ,=:()[]{}\"\\->/.+-|0123456789abcdefxyzACTNXM_actionsprioritynwsrcdl".split("")),
  maxLength: 200,
});

describe("any string gives a flow or an OvsParseError, in bounded time", () => {
  it("random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => total(() => parseFlow(s))), { numRuns: 2000 });
  });

  it("strings from the flow alphabet", () => {
    fc.assert(fc.property(flowish, (s) => total(() => parseFlow(s))), { numRuns: 5000 });
  });

  it("real lines with random damage (cut, insert, delete)", () => {
    const damaged = fc
      .tuple(fc.constantFrom(...realLines), fc.nat(), fc.nat(), fc.string({ maxLength: 5 }))
      .map(([l, a, b, ins]) => {
        const i = a % (l.length + 1);
        const j = Math.min(l.length, i + (b % 8));
        return l.slice(0, i) + ins + l.slice(j);
      });
    fc.assert(fc.property(damaged, (s) => total(() => parseFlow(s))), { numRuns: 5000 });
  });

  it("lenient dump parsing never throws and accounts for every line", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(flowish, fc.constantFrom(...realLines)), { maxLength: 20 }), (lines) => {
        const text = lines.join("\n");
        const { accounting: a } = parseFlowDump(text);
        expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
      }),
      { numRuns: 1000 },
    );
  });

  it("pathological lines give a flow or a typed error", () => {
    total(() => parseFlow(" priority=1 actions=" + "clone(".repeat(5000) + ")".repeat(5000)));
    total(() => parseFlow(" priority=1 actions=" + "clone(".repeat(99) + "drop" + ")".repeat(99)));
    total(() => parseFlow("a=".repeat(50_000)));
    total(() => parseFlow('"'.repeat(50_000)));
  });
});

/** Generated flows from typed building blocks, in OVS's printed form. */
const port = fc.integer({ min: 1, max: 65279 });
const table = fc.integer({ min: 0, max: 253 });
const hex = (max: bigint) => fc.bigInt({ min: 0n, max }).map((n) => (n === 0n ? "0" : "0x" + n.toString(16)));
const ip4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
const matchItem = fc.oneof(
  fc.constantFrom("ip", "tcp", "udp", "arp", "ipv6", "icmp"),
  port.map((p) => `in_port=${p}`),
  hex(0xffffffffn).map((v) => `reg0=${v}`),
  fc.tuple(hex(0xffffffffffffffffn), fc.bigInt({ min: 1n, max: 0xffffffffffffffffn })).map(([v, m]) => `metadata=${v}/0x${m.toString(16)}`),
  fc.tuple(ip4, fc.integer({ min: 1, max: 31 })).map(([a, p]) => `nw_dst=${a}/${p}`),
  ip4.map((a) => `nw_src=${a}`),
  fc.constantFrom("+new+trk", "-new+est+trk", "+trk+inv").map((s) => `ct_state=${s}`),
  fc.integer({ min: 0, max: 65535 }).map((p) => `tp_dst=${p}`),
);
const action = fc.letrec<{ action: string }>((tie) => ({
  action: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    port.map((p) => `output:${p}`),
    table.map((t) => `resubmit(,${t})`),
    fc.tuple(hex(0xffffffffn), fc.integer({ min: 0, max: 15 })).map(([v, r]) => `set_field:${v}->reg${r}`),
    fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 })).map(([a, b]) => `move:NXM_NX_REG${a}[0..15]->NXM_NX_REG${b}[16..31]`),
    fc.tuple(fc.boolean(), table, fc.integer({ min: 0, max: 65535 })).map(([c, t, z]) => `ct(${c ? "commit," : ""}table=${t},zone=${z})`),
    fc.constantFrom("drop", "ct_clear", "NORMAL", "LOCAL", "conjunction(5,1/2)", "ct(commit,zone=NXM_NX_REG13[0..15],nat(src=10.0.0.1-10.0.0.9:1024-2048,random))"),
    fc.array(tie("action"), { minLength: 1, maxLength: 3 }).map((a) => `clone(${a.join(",")})`),
  ),
})).action;
const flowLine = fc
  .record({
    cookie: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
    sec: fc.nat(1_000_000),
    ms: fc.nat(999),
    table,
    packets: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    bytes: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    priority: fc.integer({ min: 0, max: 65535 }),
    match: fc.array(matchItem, { maxLength: 6 }),
    actions: fc.array(action, { minLength: 1, maxLength: 5 }),
  })
  .map((f) => {
    const dur = f.ms === 0 ? `${f.sec}s` : `${f.sec}.${String(f.ms).padStart(3, "0")}s`;
    const match = [`priority=${f.priority}`, ...f.match].join(",");
    return ` cookie=0x${f.cookie.toString(16)}, duration=${dur}, table=${f.table}, n_packets=${f.packets}, n_bytes=${f.bytes}, ${match} actions=${f.actions.join(",")}`;
  });

describe("round trip of generated flows", () => {
  it("formatFlow(parseFlow(line)) === line", () => {
    fc.assert(
      fc.property(flowLine, (line) => {
        expect(formatFlow(parseFlow(line))).toBe(line);
      }),
      { numRuns: 3000 },
    );
  });

  it("parse(format(flow)) gives the same model", () => {
    fc.assert(
      fc.property(flowLine, (line) => {
        const f: Flow = parseFlow(line);
        const again = parseFlow(formatFlow(f));
        expect(again.actions).toEqual(f.actions as Action[]);
        expect(again.match).toEqual(f.match);
        expect(again.cookie).toBe(f.cookie);
      }),
      { numRuns: 1000 },
    );
  });

  it("lazy and eager parsing agree", () => {
    fc.assert(
      fc.property(fc.array(flowLine, { maxLength: 10 }), (lines) => {
        const text = lines.join("\n");
        expect(decodeFlows(parseFlows(text, { lazyActions: true }))).toStrictEqual(parseFlows(text));
      }),
      { numRuns: 300 },
    );
  });
});

/** Real lines of every OpenFlow fixture (OVN br-int: learn, ct, conjunction, ...; every family). */
const fixtureLines = [...new Set(["ovn-br-int.of15.flows", "ovn-br-int.of13.names.flows", "all-families.of15.flows", "all-families.of10.flows"]
  .flatMap((n) => fixture("openflow", n).split("\n"))
  .filter((l) => l.includes(" actions=")))];

/** A real line with random damage: cut, insert, delete (around the actions more often). */
const damagedLine = fc
  .tuple(fc.constantFrom(...fixtureLines), fc.nat(), fc.nat(), fc.string({ maxLength: 4 }), fc.boolean())
  .map(([l, a, b, ins, inActions]) => {
    const from = inActions ? l.indexOf(" actions=") : 0;
    const i = from + (a % (l.length - from + 1));
    return l.slice(0, i) + ins + l.slice(Math.min(l.length, i + (b % 6)));
  });

describe("lazy and eager parsing report the same (damaged real dumps)", () => {
  it("same issues, same accounting, and decodeFlow(lazy) deep-equals eager", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(damagedLine, fc.constantFrom(...fixtureLines)), { minLength: 1, maxLength: 12 }), (lines) => {
        const text = lines.join("\n");
        const eager = parseFlowDump(text);
        const lazy = parseFlowDump(text, { lazyActions: true });
        expect(lazy.issues).toStrictEqual(eager.issues);
        expect(lazy.accounting).toStrictEqual(eager.accounting);
        expect(lazy.items.map((f) => decodeFlow(f))).toStrictEqual(eager.items);
        for (const f of lazy.items) expect(isLazyFlow(f)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it("a single line: both accept it (same flow) or both refuse it (same error)", () => {
    const outcome = (f: () => unknown): unknown => {
      try {
        return { ok: f() };
      } catch (e) {
        return { error: isOvsParseError(e) ? [e.code, e.message] : String(e) };
      }
    };
    fc.assert(
      fc.property(damagedLine, (s) => {
        const lazy = outcome(() => decodeFlow(parseFlow(s, { lazyActions: true })));
        expect(lazy).toStrictEqual(outcome(() => parseFlow(s)));
      }),
      { numRuns: 3000 },
    );
  });

  it("every line of a real dump damaged in a known way: the same issues (message, line, column) in both modes, at the right columns", () => {
    const real = fixture("openflow", "ovn-br-int.of15.flows").split("\n");
    const damaged = real.map((l, k) => {
      const at = l.indexOf(" actions=");
      if (at < 0) return l;
      const acts = at + 9;
      switch (k % 6) {
        case 0: return `${l.slice(0, acts)}output:1,,${l.slice(acts)}`; // empty action
        case 1: return `${l},frob(1)`; // unknown action at the end
        case 2: return `${l.slice(0, acts)}clone(frob(2),output:1),${l.slice(acts)},frob(2)`; // nested and repeated
        case 3: return l.slice(0, acts - 3); // cut before the actions
        case 4: return `${l.slice(0, acts)}resubmit(,8),(x)`; // no action name
        default: return l;
      }
    });
    const text = [...damaged, " priority=1 actions=output:1,,drop"].join("\n");
    const eager = parseFlowDump(text);
    const lazy = parseFlowDump(text, { lazyActions: true });
    const key = (i: { line: number; column?: number; code: string; message: string; severity: string }) => [i.line, i.column, i.code, i.severity, i.message];
    expect(lazy.issues.map(key)).toStrictEqual(eager.issues.map(key));
    expect(lazy.issues).toStrictEqual(eager.issues);
    expect(lazy.accounting).toStrictEqual(eager.accounting);
    expect(lazy.items.map((f) => decodeFlow(f))).toStrictEqual(eager.items);
    const ofKind = (n: number): number => real.filter((l, k) => k % 6 === n && l.includes(" actions=")).length;
    expect(ofKind(5)).toBeGreaterThan(10);
    const count = (code: string, message: string): number => eager.issues.filter((i) => i.code === code && i.message.startsWith(message)).length;
    expect(count("syntax", "empty action")).toBe(ofKind(0) + 1);
    expect(count("syntax", "expected an action name")).toBe(ofKind(4));
    expect(count("missing", "no actions=")).toBe(ofKind(3));
    // Each unknown-action warning points at its own action: `frob(1)` once on each line of the
    // second kind, `frob(2)` twice on each line of the third (nested in clone, then at the end).
    const warnings = eager.issues.filter((i) => i.code === "unknown-action");
    expect(warnings.length).toBe(ofKind(1) + 2 * ofKind(2));
    const seen = new Set<string>();
    for (const w of warnings) {
      expect(w.severity).toBe("warning");
      expect(w.text.slice((w.column as number) - 1)).toMatch(/^frob\([12]\)/);
      seen.add(`${w.line}:${w.column}`);
    }
    expect(seen.size).toBe(warnings.length);
    const last = eager.issues.at(-1);
    expect(last).toMatchObject({ code: "syntax", message: "empty action", line: damaged.length + 1, column: 30 });
  });

  it("the example of issue 12: an empty action is an issue in both modes", () => {
    const line = " priority=1 actions=output:1,,drop";
    const issue = { severity: "error", code: "syntax", message: "empty action", line: 1, column: 30, lineCount: 1, text: line };
    expect(parseFlowDump(line).issues).toStrictEqual([issue]);
    expect(parseFlowDump(line, { lazyActions: true }).issues).toStrictEqual([issue]);
    expect(parseFlowDump(line, { lazyActions: true }).items).toEqual([]);
  });

  it("unknown-action warnings are the same in both modes, at the column of each action", () => {
    const line = " priority=1 actions=frob(1),output:1,frob(1),clone(frob(2))";
    const lazy = parseFlowDump(line, { lazyActions: true }).issues;
    expect(lazy).toStrictEqual(parseFlowDump(line).issues);
    expect(lazy.map((i) => [i.code, i.column])).toEqual([
      ["unknown-action", 21],
      ["unknown-action", 38],
      ["unknown-action", 52],
    ]);
  });
});

describe("action parsing", () => {
  it("action lists round trip through parseActions", () => {
    fc.assert(fc.property(fc.array(action, { minLength: 1, maxLength: 6 }), (a) => {
      const text = a.join(",");
      expect(parseActions(text).length).toBe(a.length);
    }), { numRuns: 1000 });
  });
});
