import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DatapathAction, type OdpNode, parseDatapathActions, parseDatapathFlows, parseOdpNodes } from "../src/datapath/index.js";
import { FilterError, type FilterTarget, compileFilter, filterKeys, isFilterError } from "../src/filter/index.js";
import { checkKey } from "../src/filter/key-catalog.js";
import { snake } from "../src/filter/key-spec.js";
import { type Action, parseFlows } from "../src/openflow/index.js";
import { parseTrace, traceSteps } from "../src/trace/index.js";
import { FILTER_KEYS_DOC, renderFilterKeys } from "../scripts/filter-keys.js";
import { FIXTURES, fixture, fixtureNames } from "./helpers/fixtures.js";

const err = (expr: string, options: Parameters<typeof compileFilter>[1] = {}): FilterError => {
  try {
    compileFilter(expr, options);
  } catch (e) {
    if (isFilterError(e)) return e;
    throw e;
  }
  throw new Error(`no error for ${expr}`);
};

const known = (key: string, target: FilterTarget): boolean => checkKey(key.split("."), [target]).ok;

describe("filter keys: unknown keys are errors with the nearest known names", () => {
  it("defect: a mistyped key was silently matching nothing; now a FilterError at its column", () => {
    const e = err("n_packets>0 && nw_dts=10.96.1.118");
    expect(e).toBeInstanceOf(FilterError);
    expect(e.code).toBe("unknown-key");
    expect(e.column).toBe(16);
    expect(e.key).toBe("nw_dts");
    expect(e.suggestions).toEqual(["nw_dst"]);
    expect(e.reason).toBe("unknown key nw_dts: did you mean nw_dst?");
    expect(e.excerpt).toBe("n_packets>0 && nw_dts=10.96.1.118\n               ^");
    expect(err("tabel=20").reason).toBe("unknown key tabel: did you mean table?");
    expect(err("ct.zoen=0").reason).toBe("unknown key ct.zoen: did you mean ct.zone?");
    expect(err("resubmit.tabel=8").suggestions).toEqual(["resubmit.table"]);
    // Case-insensitive, aliases included.
    expect(err("NW_DST=1.2.3.4").suggestions).toEqual(["nw_dst"]);
    expect(err("dl_scr=0a:58:0a:f4:00:01").suggestions).toEqual(["dl_src"]);
    expect(err("tunnel_di=5").suggestions).toEqual(["tunnel_id"]);
    // Nothing near: the key alone; a segment below a known key: what is there.
    expect(err("zzzz").reason).toBe("unknown key zzzz");
    expect(err("ct.frob=1", { target: "openflow" }).reason).toBe("unknown key ct.frob: ct has commit, force, table, zone, nat, exec, alg, timeout");
    expect(err("nw_dst.x=1", { target: "openflow" }).reason).toBe("unknown key nw_dst.x: nw_dst has no keys below it");
  });

  it("checks keys against the target: OpenFlow flows, datapath flows, trace steps", () => {
    expect(() => compileFilter("ipv4.src~=10.244.0.0/16", { target: "datapath" })).not.toThrow();
    expect(err("ipv4.src~=10.244.0.0/16", { target: "openflow" }).reason).toBe("unknown key ipv4.src for OpenFlow flows: it is a key of datapath flows");
    expect(err("nw_dst=10.0.0.1", { target: "datapath" }).reason).toBe("unknown key nw_dst for datapath flows: it is a key of OpenFlow flows and trace steps");
    expect(err("nw_dts=10.0.0.1", { target: "datapath" }).reason).toBe("unknown key nw_dts for datapath flows (nw_dst: OpenFlow flows and trace steps only)");
    expect(err("set.ipv4.dstt=1.2.3.4", { target: "datapath" }).suggestions).toEqual(["set.ipv4.dst"]);
    expect(() => compileFilter("bridge=br-int && section=1", { target: "trace" })).not.toThrow();
    expect(err("bridge=br-int", { target: "openflow" }).reason).toBe("unknown key bridge for OpenFlow flows: it is a key of trace steps");
    // Without a target, a key of any of them.
    expect(() => compileFilter("ipv4.src~=10.0.0.1 || nw_src~=10.0.0.1 || bridge=br-int")).not.toThrow();
    expect(compileFilter("ct.zone=0", { target: ["openflow", "datapath"] }).targets).toEqual(["openflow", "datapath"]);
  });

  it("unknownKeys: 'allow' is the escape for keys of a newer OVS: compared by name, listed", () => {
    const f = compileFilter("nsh_c5=0x1 || frob.x=1 || ct.zone=0", { target: "openflow", unknownKeys: "allow" });
    expect(f.unknownKeys.map((k) => [k.key, k.at])).toEqual([
      ["nsh_c5", 0],
      ["frob.x", 14],
    ]);
    expect(f.unknownKeys[0]?.message).toMatch(/^unknown key nsh_c5: did you mean nsh_c1, nsh_c2 or nsh_c3\?$/);
    const flows = parseFlows(" priority=1,nsh_c5=0x1 actions=drop", { strict: false });
    expect(f.matchFlow(flows[0] as (typeof flows)[number])).toBe(true);
    expect(compileFilter("ct.zone=0").unknownKeys).toEqual([]);
  });

  it("the position of an unknown key in a multi-line expression is its own line and column", () => {
    const e = err("n_packets>0 &&\n  (tabel=20 ||\r\n   ct.zoen=0)");
    expect([e.line, e.column, e.at]).toEqual([2, 4, 18]);
    expect(e.excerpt).toBe("  (tabel=20 ||\n   ^");
  });

  it("a syntax error comes first, then keys and values in the order written", () => {
    expect(err("tabel=20 &&").code).toBe("syntax");
    expect(err("tabel=20 && n_packets>lots").code).toBe("unknown-key");
    expect(err("n_packets>lots && tabel=20").code).toBe("bad-value");
  });
});

describe("filter keys: one source of truth", () => {
  it("every example of the key reference compiles for its target", () => {
    const sample = (k: string): string => k.replace(".KEY.FIELD", ".ipv4.dst").replace(/\.NAME$/, ".vid");
    for (const target of ["openflow", "datapath", "trace"] as const) {
      const keys = filterKeys(target);
      expect(keys.length).toBeGreaterThan(150);
      for (const k of keys) {
        expect(() => compileFilter(sample(k.example), { target }), `${target}: ${k.example}`).not.toThrow();
        for (const a of k.aliases) expect(known(a, target), `${target}: ${a}`).toBe(true);
      }
    }
    expect(filterKeys("openflow").find((k) => k.key === "ip_dst")).toEqual({
      key: "ip_dst",
      aliases: ["nw_dst"],
      area: "match",
      type: "ip",
      description: "IPv4 Destination Address (32 bits)",
      example: "ip_dst~=10.96.0.0/16",
    });
  });

  it("docs/filter-keys.md is what scripts/filter-keys.ts generates (npm run docs:filter-keys)", () => {
    expect(readFileSync(FILTER_KEYS_DOC, "utf8")).toBe(renderFilterKeys());
  });

  it("every match field and action path of the real OpenFlow fixtures is a known key", () => {
    const files = fixtureNames("openflow", ".flows").map((f) => fixture("openflow", f));
    files.push(gunzipSync(readFileSync(join(FIXTURES, "..", "..", "bench", "data", "ovn-br-int-large.of15.flows.gz"))).toString("utf8"));
    const unknown = new Set<string>();
    const actionPaths = (list: readonly Action[]): void => {
      for (const a of list) {
        if (a.kind === "unknown") continue;
        if (!known(a.kind, "openflow")) unknown.add(a.kind);
        for (const [p, v] of Object.entries(a)) {
          if (p === "kind") continue;
          if (!known(`${a.kind}.${snake(p)}`, "openflow")) unknown.add(`${a.kind}.${snake(p)}`);
          if (Array.isArray(v) && (p === "actions" || p === "exec")) actionPaths(v as Action[]);
          if (p === "nat" && typeof v === "object" && v !== null) for (const q of Object.keys(v)) if (q !== "kind" && !known(`nat.${snake(q)}`, "openflow")) unknown.add(`nat.${q}`);
        }
      }
    };
    let fields = 0;
    for (const text of files) {
      for (const f of parseFlows(text, { strict: false })) {
        for (const m of f.match) {
          fields++;
          if (!known(m.name, "openflow")) unknown.add(m.name);
        }
        actionPaths(f.actions);
      }
    }
    expect(fields).toBeGreaterThan(100_000);
    expect([...unknown]).toEqual([]);
  });

  it("every key and field of Open vSwitch's own datapath key forms (tests/odp.at, printed by OVS 3.1) is a known key", () => {
    const paths = (n: OdpNode, prefix: readonly string[], out: string[]): void => {
      const p = [...prefix, n.name];
      out.push(p.join("."));
      for (const c of n.items ?? []) if (c.name !== "") paths(c, p, out);
    };
    const seen = new Set<string>();
    for (const f of ["keys.out", "keys.m.out", "keys.ovstest.out", "wc-keys.out", "wc-keys.m.out", "wc-keys.ovstest.out"]) {
      for (const line of fixture("odp-forms", f).split("\n")) {
        if (line === "" || line.startsWith("#") || /^[A-Za-z_]+: /.test(line)) continue;
        for (const n of parseOdpNodes(line.split(" ")[0] as string)) {
          const out: string[] = [];
          paths(n, [], out);
          for (const p of out) seen.add(p);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect([...seen].filter((p) => !known(p, "datapath"))).toEqual([]);
  });

  it("every datapath action and property of OVS's action forms and of the real dumps is a known key", () => {
    const lists: DatapathAction[][] = [];
    for (const f of ["actions.out", "actions.m.out"]) {
      for (const line of fixture("odp-forms", f).split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        lists.push(parseDatapathActions(line));
      }
    }
    for (const f of fixtureNames("datapath", ".flows")) for (const x of parseDatapathFlows(fixture("datapath", f), { strict: false })) lists.push([...x.actions]);
    const unknown = new Set<string>();
    const visit = (list: readonly DatapathAction[]): void => {
      for (const a of list) {
        if (a.kind === "unknown") continue;
        if (!known(a.kind, "datapath")) unknown.add(a.kind);
        for (const [p, v] of Object.entries(a)) {
          if (p === "kind" || p === "node") continue;
          if (!known(`${a.kind}.${snake(p)}`, "datapath")) unknown.add(`${a.kind}.${snake(p)}`);
          if (Array.isArray(v) && ["actions", "gt", "le"].includes(p)) visit(v as DatapathAction[]);
        }
        if (a.kind === "set") for (const n of a.key.items ?? []) if (!known(`set.${a.key.name}.${n.name}`, "datapath")) unknown.add(`set.${a.key.name}.${n.name}`);
      }
    };
    for (const l of lists) visit(l);
    expect(lists.length).toBeGreaterThan(200);
    expect([...unknown]).toEqual([]);
  });

  it("every trace step of the real traces is filterable by its match fields and actions", () => {
    const unknown = new Set<string>();
    for (const f of fixtureNames("trace", ".trace")) {
      if (f.startsWith("bad-")) continue;
      for (const s of traceSteps(parseTrace(fixture("trace", f)))) {
        for (const m of s.match) if (!known(m.name, "trace")) unknown.add(m.name);
      }
    }
    expect([...unknown]).toEqual([]);
  });
});
