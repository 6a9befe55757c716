import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type OvnContext,
  annotateFlows,
  describeCookie,
  detrace,
  formatAnnotatedFlows,
  formatDetrace,
  lookupCookie,
  lookupOfport,
  ovnContext,
} from "../src/ovn/detrace/index.js";
import { readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import { parseFlows } from "../src/openflow/index.js";
import { traceSteps } from "../src/trace/index.js";
import { fromJson, toJson } from "../src/core/json.js";
import { withOvnDetraceDefects } from "./helpers/detrace.js";
import { FIXTURES, fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

const db = (name: string) => readOvsdbFile(readFileSync(join(FIXTURES, "ovn", name)));
const full = ovnContext({ sb: db("ovnsb_db.db"), nb: db("ovnnb_db.db"), ovs: db("conf.db") });
const listOnly = ovnContext({ lflowList: fixture("ovn", "lflow-list.uuid.txt") });
const traces = fixtureNames("ovn", ".detrace.txt").map((n) => n.replace(/\.detrace\.txt$/, ""));

describe("offline detrace against the real ovn-detrace (same sandbox state)", () => {
  it("has the traces the generator makes", () => {
    expect(traces.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(traces)("%s", (name) => {
    const text = fixture("ovn", `${name}.txt`);
    const real = linesOf(fixture("ovn", `${name}.detrace.txt`));
    const result = detrace(text, full);
    const ours = formatDetrace(result, { style: "ovn-detrace", ovn: full });

    it("prints exactly what ovn-detrace printed, but for its two defects", () => {
      expect(withOvnDetraceDefects(ours, text, full)).toEqual(real);
    });

    it("names the logical flow of every step ovn-detrace annotated: same uuid prefix, table, stage, priority, match, actions", () => {
      const realFlows = real.filter((l) => l.startsWith("  * Logical flow: ")).length;
      const named = result.steps.flatMap((s) => s.cookie.hits.filter((h) => h.table === "Logical_Flow").map((h) => ({ s, h })));
      expect(named.length).toBe(realFlows);
      for (const { s, h } of named) {
        if (h.table !== "Logical_Flow") continue;
        expect(h.uuid?.startsWith(s.cookie.cookie.toString(16).padStart(8, "0"))).toBe(true);
        expect(h.flow.parsedActions.ok && h.flow.parsedActions.value).toBeInstanceOf(Array);
        expect(h.flow.parsedMatch.ok && h.flow.parsedMatch.value.kind).toBeTypeOf("string");
      }
    });

    it("maps every multi-digit in_port to its interface, whose iface-id is the port binding of that step", () => {
      for (const s of result.steps) {
        if (s.inPort === undefined || s.table !== 0) continue;
        const pb = s.cookie.hits.find((h) => h.table === "Port_Binding");
        if (pb?.table !== "Port_Binding" || s.inPort.interface?.ifaceId === undefined) continue;
        expect(s.inPort.interface.ifaceId).toBe(pb.row.logicalPort);
      }
      const first = result.steps[0];
      expect(first?.inPort?.ofport).toBeGreaterThanOrEqual(10);
      expect(first?.inPort?.interface?.name).toMatch(/^pod\d+$/);
    });

    it("from lflow-list --uuid text alone, names the same logical flows and datapaths", () => {
      const fromList = linesOf(formatDetrace(detrace(text, listOnly), { style: "ovn-detrace", ovn: listOnly }));
      const lflowLines = (lines: readonly string[]) =>
        lines.filter((l) => l.startsWith("  * Logical flow: ") || l.startsWith("  * Logical datapaths:") || l.startsWith("  *     "));
      const expected = lflowLines(withOvnDetraceDefects(ours, text, full));
      expect(lflowLines(withOvnDetraceDefects(fromList.join("\n") + "\n", text, listOnly))).toEqual(expected);
      expect(expected.length).toBeGreaterThan(20);
    });

    it("reads as the trace with the OVN objects under each step", () => {
      const readable = formatDetrace(result);
      expect(readable.split("\n").filter((l) => !/^\s+\* |^\s+(match|actions): |^\s+from NB /.test(l))).toEqual(text.split("\n"));
      expect(readable).toMatch(/\* logical flow [0-9a-f-]{36}: (ingress|egress) l[sr]_(in|out)_\w+ \(table \d+\), priority \d+/);
    });
  });
});

describe("detrace results are plain data, with no hidden state", () => {
  const text = fixture("ovn", "trace-pod-to-service-ct-next.txt");
  const result = detrace(text, full);

  /** What is not plain in `value`. */
  function notPlain(value: unknown): string[] {
    const out: string[] = [];
    const seen = new Set<object>();
    const stack: [unknown, string][] = [[value, "$"]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [v, path] = top;
      if (v === null || typeof v !== "object" || seen.has(v)) continue;
      seen.add(v);
      const proto = Object.getPrototypeOf(v) as unknown;
      if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) out.push(`${path}: ${v.constructor.name}`);
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(v))) {
        if (d.get !== undefined) out.push(`${path}.${k}: getter`);
        else if (d.enumerable === true) stack.push([d.value, `${path}.${k}`]);
        if (typeof d.value === "function") out.push(`${path}.${k}: function`);
      }
    }
    return out;
  }

  it("no class instance, Error, Map, getter or function (0.1: parsedMatch could be an Error)", () => {
    expect(notPlain(result)).toEqual([]);
    const flows = result.steps.flatMap((s) => s.cookie.hits.flatMap((h) => (h.table === "Logical_Flow" ? [h.flow] : [])));
    expect(flows.length).toBeGreaterThan(10);
    for (const f of flows) {
      expect(f.parsedMatch.ok).toBe(true);
      expect(f.parsedActions.ok).toBe(true);
    }
    const broken = ovnContext({ lflowList: fixture("ovn", "lflow-list.uuid.txt").replace(/match=\(1\)/, "match=(ip4 &&)") });
    const bad = [...broken.index.keys()].flatMap((k) => lookupCookie(broken, k).hits).find((h) => h.table === "Logical_Flow" && !h.flow.parsedMatch.ok);
    expect(bad?.table === "Logical_Flow" && bad.flow.parsedMatch).toEqual({ ok: false, error: { code: "syntax", message: expect.stringContaining("found end of input"), line: 1, column: 7 } });
  });

  it("toJson / fromJson and structuredClone give it back", () => {
    expect(fromJson(toJson(result))).toEqual(result);
    expect(structuredClone(result)).toEqual(result);
    const annotated = annotateFlows(parseFlows(fixture("ovn", "br-int.flows.txt")).slice(0, 200), full);
    expect(structuredClone(annotated)).toEqual(annotated);
  });

  it("formatDetrace prints a copy of a result the same (0.1: a module WeakMap held its context)", () => {
    const readable = formatDetrace(result);
    expect(formatDetrace(fromJson(toJson(result)))).toBe(readable);
    expect(formatDetrace({ ...result })).toBe(readable);
    expect(formatDetrace(structuredClone(result))).toBe(readable);
    const compat = formatDetrace(result, { style: "ovn-detrace", ovn: full });
    expect(formatDetrace(structuredClone(result), { style: "ovn-detrace", ovn: full })).toBe(compat);
    // The 0.1 call without the context works on a result straight from detrace(), not on a copy.
    expect(formatDetrace(result, { style: "ovn-detrace" })).toBe(compat);
    expect(() => formatDetrace({ ...result }, { style: "ovn-detrace" })).toThrow(expect.objectContaining({ name: "DetraceError", code: "missing-context" }));
  });

  it("each step is named by its line; the trace is in the result once", () => {
    const steps = traceSteps(result.trace);
    expect(result.steps.map((s) => [s.line, s.table, s.bridge])).toEqual(steps.map((s) => [s.line, s.table, s.bridge]));
    expect(result.steps.map((s) => s.step)).toEqual(steps);
    expect(Object.keys(result.steps[0] ?? {})).not.toContain("step");
    expect(result.text).toBe(text);
    expect(Object.keys(result)).toEqual(["trace", "steps", "withInterfaces"]);
  });
});

describe("cookies", () => {
  const sb = db("ovnsb_db.db");
  const anyFlow = Object.keys(sb.tables.Logical_Flow ?? {})[0] as string;
  const prefix = BigInt("0x" + anyFlow.slice(0, 8));

  it("a 32-bit cookie names its row, compared as a number (leading zeros do not matter)", () => {
    const r = lookupCookie(full, prefix);
    expect(r.hits.map((h) => h.uuid)).toEqual([anyFlow]);
    expect(r.ambiguous).toBe(false);
  });

  it("a cookie wider than 32 bits names nothing, even when its low or high 32 bits would", () => {
    expect(lookupCookie(full, (prefix << 32n) | 1n)).toMatchObject({ hits: [], miss: "wide" });
    expect(lookupCookie(full, (1n << 32n) | prefix)).toMatchObject({ hits: [], miss: "wide" });
    expect(lookupCookie(full, 0n)).toMatchObject({ hits: [], miss: "zero" });
  });

  it("a cookie several rows start with is listed with all of them and marked ambiguous", () => {
    const list = fixture("ovn", "lflow-list.uuid.txt").split("\n");
    const a = list.findIndex((l) => l.includes("uuid=0x"));
    const b = list.findIndex((l, i) => i > a + 5 && l.includes("uuid=0x"));
    const cookieA = /uuid=0x([0-9a-f]{8})/.exec(list[a] as string)?.[1] as string;
    const dup = [...list];
    dup[b] = (dup[b] as string).replace(/uuid=0x[0-9a-f]{8}/, `uuid=0x${cookieA}`);
    const ctx = ovnContext({ lflowList: dup.join("\n") });
    const r = lookupCookie(ctx, BigInt("0x" + cookieA));
    expect(r.ambiguous).toBe(true);
    expect(r.hits.length).toBe(2);
    const t = detrace(fixture("ovn", "trace-pod-to-pod.txt"), ctx);
    expect(formatDetrace({ ...t })).toBe(formatDetrace(t));
  });

  it("a listing's flows that share a prefix are one ambiguous cookie; a flow listed per datapath is one row", () => {
    const ctx = ovnContext({
      lflowList: [
        'Datapath: "sw0" (5e1c0000-0000-0000-0000-000000000001)  Pipeline: ingress',
        "  uuid=0x5d2c1e0a, table=0 (ls_in_port_sec_l2  ), priority=100  , match=(eth.src[40]), action=(drop;)",
        "  uuid=0x5d2c1e0a, table=1 (ls_in_port_sec_ip  ), priority=0    , match=(1), action=(next;)",
        "  uuid=0x0000abcd, table=2 (ls_in_lookup_fdb   ), priority=0    , match=(1), action=(next;)",
        "  table=3 (ls_in_put_fdb      ), priority=0    , match=(1), action=(next;)",
        'Datapath: "sw1" (5e1c0000-0000-0000-0000-000000000002)  Pipeline: ingress',
        "  uuid=0x0000abcd, table=2 (ls_in_lookup_fdb   ), priority=0    , match=(1), action=(next;)",
      ].join("\n"),
    });
    const dup = lookupCookie(ctx, 0x5d2c1e0an);
    expect(dup.ambiguous).toBe(true);
    expect(dup.hits.map((h) => (h.table === "Logical_Flow" ? [h.flow.stage, h.flow.table] : []))).toEqual([
      ["ls_in_port_sec_l2", 0],
      ["ls_in_port_sec_ip", 1],
    ]);
    expect(describeCookie(dup)).toMatch(/^duplicate cookie: sw0 ingress table=0 \(ls_in_port_sec_l2\).* \| sw0 ingress table=1/);
    const group = lookupCookie(ctx, 0xabcdn);
    expect(group.ambiguous).toBe(false);
    expect(describeCookie(group)).toBe("ingress table=2 (ls_in_lookup_fdb) priority=0 match=(1) on 2 datapaths (sw0, sw1)");
  });

  it("other tables: port bindings, multicast groups and chassis by their UUID prefix", () => {
    for (const table of ["Port_Binding", "Multicast_Group", "Chassis", "MAC_Binding"] as const) {
      const uuid = Object.keys(sb.tables[table] ?? {})[0];
      if (uuid === undefined) continue;
      const r = lookupCookie(full, BigInt("0x" + uuid.slice(0, 8)));
      expect(r.hits.map((h) => [h.table, h.uuid])).toContainEqual([table, uuid]);
    }
  });
});

describe("annotateFlows on br-int's real dump (same state)", () => {
  const flows = parseFlows(fixture("ovn", "br-int.flows.txt"));
  const annotated = annotateFlows(flows, full);

  it("names a logical flow or port binding for almost every cookie ovn-controller wrote", () => {
    const withCookie = annotated.filter((a) => a.cookie.miss !== "zero");
    const found = withCookie.filter((a) => a.cookie.hits.length > 0);
    expect(withCookie.length).toBeGreaterThan(1000);
    expect(found.length / withCookie.length).toBeGreaterThan(0.99);
    const tables = new Set(found.flatMap((a) => a.cookie.hits.map((h) => h.table)));
    expect(tables).toContain("Logical_Flow");
    expect(tables).toContain("Port_Binding");
  });

  it("maps in_port numbers of table 0 to interfaces and logical ports", () => {
    const ports = annotated.filter((a) => (a.flow.table ?? 0) === 0 && a.inPort?.interface?.ifaceId !== undefined);
    expect(ports.length).toBeGreaterThan(5);
    for (const a of ports) {
      const pb = a.cookie.hits.find((h) => h.table === "Port_Binding");
      if (pb?.table === "Port_Binding") expect(pb.row.logicalPort).toBe(a.inPort?.interface?.ifaceId);
    }
  });

  it("prints each flow followed by what it comes from", () => {
    const text = formatAnnotatedFlows(annotated.slice(0, 50));
    expect(text.split("\n").filter((l) => l !== "" && !l.startsWith("    ")).length).toBe(50);
    expect(text).toMatch(/\n {4}\* (logical flow|port binding)/);
  });
});

describe("ovnContext", () => {
  it("needs a Southbound database or a listing", () => {
    expect(() => ovnContext({})).toThrow(/Southbound/);
  });
});
