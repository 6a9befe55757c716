/**
 * The tables behind the filter's keys: the ovs-fields(7) table (src/openflow/fields.ts), the ODP
 * key table (src/datapath/odp-keys.ts), the catalog built from them (src/filter/key-catalog.ts)
 * and the "did you mean" ranking (src/filter/suggest.ts). The tables are checked against what
 * the real tools printed in the fixtures: a field OVS printed with a mask is maskable in the
 * table, a value fits the field's width, the format the table gives is the kind the parser
 * produced, and every ODP key / field OVS printed is in the ODP table with a matching type.
 */
import { describe, expect, it } from "vitest";
import { type DatapathFlow, type OdpNode, parseDatapathFlows } from "../src/datapath/index.js";
import { ODP_KEYS, type OdpKeyInfo } from "../src/datapath/odp-keys.js";
import { checkKey, matchNames, rootKey, rootKeys, targetsOf } from "../src/filter/key-catalog.js";
import { nearestNames } from "../src/filter/suggest.js";
import { OPENFLOW_FIELDS, type OpenFlowFieldFormat, openflowField } from "../src/openflow/fields.js";
import { type Flow, parseFlows } from "../src/openflow/index.js";
import { fixture, fixtureNames } from "./helpers/fixtures.js";

const OF_FLOWS: readonly Flow[] = fixtureNames("openflow", ".flows").flatMap((n) => parseFlows(fixture("openflow", n), { strict: false }));
const DP_FLOWS: readonly DatapathFlow[] = fixtureNames("datapath", ".flows").flatMap((n) => parseDatapathFlows(fixture("datapath", n), { strict: false }));

describe("the ovs-fields(7) table", () => {
  it("names and aliases are unique, lower case, and resolve to their field", () => {
    const names = OPENFLOW_FIELDS.flatMap((f) => [f.name, ...f.aliases]);
    expect(names.length).toBeGreaterThanOrEqual(200);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
    for (const f of OPENFLOW_FIELDS) for (const n of [f.name, ...f.aliases]) expect(openflowField(n)).toBe(f);
    expect(openflowField("nw_dst")?.name).toBe("ip_dst");
    expect(openflowField("dl_src")?.name).toBe("eth_src");
    expect(openflowField("nw_dts")).toBeUndefined();
  });

  it("families are expanded as ovs-fields(7) numbers them", () => {
    const family = (f: string): string[] => OPENFLOW_FIELDS.filter((x) => x.family === f).map((x) => x.name);
    expect(family("reg<N>")).toEqual(Array.from({ length: 16 }, (_, i) => `reg${i}`));
    expect(family("xreg<N>")).toEqual(Array.from({ length: 8 }, (_, i) => `xreg${i}`));
    expect(family("xxreg<N>")).toEqual(Array.from({ length: 4 }, (_, i) => `xxreg${i}`));
    expect(family("tun_metadata<N>")).toHaveLength(64);
    expect(family("nsh_c<N>")).toEqual(["nsh_c1", "nsh_c2", "nsh_c3", "nsh_c4"]);
    expect(openflowField("reg13")).toMatchObject({ bits: 32, maskable: true, format: "hex" });
  });

  it("agrees with every match field OVS printed in the real fixtures: format, mask, width", () => {
    // The value kind the match parser produced for each format of the table.
    const kinds: Readonly<Record<OpenFlowFieldFormat, readonly string[]>> = {
      dec: ["int"],
      hex: ["int"],
      mac: ["mac"],
      ipv4: ["ipv4"],
      ipv6: ["ipv6"],
      port: ["int", "name"],
      ct_state: ["flags"],
      tcp_flags: ["flags"],
      tun_flags: ["flags"],
      frag: ["name"],
      packet_type: ["packet_type"],
    };
    const bad: string[] = [];
    let checked = 0;
    let masked = 0;
    for (const flow of OF_FLOWS) {
      for (const m of flow.match) {
        const f = openflowField(m.name);
        if (f === undefined || m.value === undefined) continue; // protocol shorthands, printed-only names
        checked++;
        const v = m.value as { kind: string; value?: unknown; mask?: unknown; prefix?: unknown };
        if (!kinds[f.format].includes(v.kind)) bad.push(`${m.name}: ${v.kind} for ${f.format}`);
        if (v.mask !== undefined || v.prefix !== undefined) {
          masked++;
          if (!f.maskable) bad.push(`${m.name}: masked but not maskable`);
        }
        if (v.kind === "int" && typeof v.value === "bigint" && v.value >= 1n << BigInt(f.bits)) bad.push(`${m.name}: ${v.value} wider than ${f.bits} bits`);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(masked).toBeGreaterThan(100);
    expect(bad).toEqual([]);
  });
});

describe("the ODP key table", () => {
  /** The table entry of a printed key path (`ipv4`, `ipv4.src`, `tunnel.geneve`, `encap.eth.src`). */
  function info(path: readonly string[]): OdpKeyInfo | undefined {
    let cur: OdpKeyInfo | undefined = ODP_KEYS[path[0] as string];
    for (let i = 1; i < path.length && cur !== undefined; i++) cur = cur.type === "keys" ? ODP_KEYS[path[i] as string] : cur.fields?.[path[i] as string];
    return cur;
  }

  it("has every key and field OVS printed in the real datapath dumps, with a type that fits the value", () => {
    const missing = new Set<string>();
    const misfit = new Set<string>();
    let seen = 0;
    let typed = 0;
    const visit = (n: OdpNode, prefix: readonly string[]): void => {
      const path = [...prefix, n.name];
      const i = info(path);
      seen++;
      if (i === undefined) {
        missing.add(path.join("."));
        return;
      }
      // The parser types a value by its shape alone: that shape must be the table's type.
      const want: Partial<Record<OdpKeyInfo["type"], string>> = { ipv4: "ipv4", ipv6: "ipv6", mac: "mac", int: "int", hex: "int" };
      const kind = n.value?.kind;
      const expected = want[i.type];
      if (kind !== undefined && expected !== undefined && kind !== expected) misfit.add(`${path.join(".")}: ${kind}, table: ${i.type}`);
      if (kind !== undefined) typed++;
      for (const c of n.items ?? []) if (c.name !== "") visit(c, path);
    };
    for (const f of DP_FLOWS) for (const k of f.keys) visit(k, []);
    expect(seen).toBeGreaterThan(1000);
    expect(typed).toBeGreaterThan(500);
    expect([...missing]).toEqual([]);
    expect([...misfit]).toEqual([]);
  });
});

describe("the key catalog", () => {
  it("each target has its own roots; aliases find the same root", () => {
    const names = (t: "openflow" | "datapath" | "trace"): Set<string> => new Set(rootKeys(t).map((r) => r.name));
    expect(names("openflow").has("ip_dst")).toBe(true);
    expect(names("openflow").has("tunnel")).toBe(false);
    expect(names("datapath").has("tunnel")).toBe(true);
    expect(names("openflow").has("ipv4")).toBe(true); // the protocol shorthand, a flag
    expect(names("datapath").has("ip_dst")).toBe(false);
    expect(names("trace").has("bridge")).toBe(true);
    expect(rootKey("openflow", "nw_dst")).toBe(rootKey("openflow", "ip_dst"));
    expect(rootKey("datapath", "n_packets")).toBe(rootKey("datapath", "packets"));
    expect(rootKey("openflow", "gtpu_flags")?.name).toBe("tun_gtpu_flags");
    expect(targetsOf(undefined)).toEqual(["openflow", "datapath", "trace"]);
    expect(targetsOf("trace")).toEqual(["trace"]);
  });

  it("a match key finds every name OVS prints the field under", () => {
    expect(matchNames("nw_dst")).toEqual(["ip_dst", "nw_dst"]);
    expect(matchNames("udp_dst")).toContain("tp_dst");
    expect(matchNames("ip_dscp")).toContain("nw_tos");
    expect(matchNames("not_a_field")).toEqual(["not_a_field"]);
  });

  it("checks dotted paths segment by segment and names the first unknown one", () => {
    expect(checkKey(["ct", "zone"], ["openflow"])).toEqual({ ok: true });
    expect(checkKey(["tunnel", "geneve"], ["datapath"])).toEqual({ ok: true });
    const r = checkKey(["ct", "zoen"], ["openflow"]);
    expect(r).toMatchObject({ ok: false, segment: 1, suggestions: ["ct.zone"] });
    // Hidden keys (a field reference's parts) are accepted but not listed.
    expect(checkKey(["output", "port", "start"], ["openflow"])).toEqual({ ok: true });
    const listed = checkKey(["output", "port", "x"], ["openflow"]);
    expect(listed.ok).toBe(false);
    if (!listed.ok) expect(listed.message).not.toContain("start");
  });
});

describe("did you mean: nearestNames", () => {
  it("ranks by edit distance (a transposition is one edit), case-insensitive, within a third of the length", () => {
    expect(nearestNames("nw_dts", ["nw_dst", "nw_src", "tp_dst"])).toEqual(["nw_dst"]);
    expect(nearestNames("TABEL", ["table", "tables"])).toEqual(["table"]);
    expect(nearestNames("tabel", ["table", "label"])).toEqual(["label", "table"]); // both 1 edit away
    expect(nearestNames("zzzz", ["nw_dst", "table"])).toEqual([]);
    // Ties keep the closest length first, then alphabetical order, at most `limit`.
    expect(nearestNames("nsh_c5", ["nsh_c1", "nsh_c2", "nsh_c3", "nsh_c4"])).toEqual(["nsh_c1", "nsh_c2", "nsh_c3"]);
    expect(nearestNames("nsh_c5", ["nsh_c1", "nsh_c2"], 1)).toEqual(["nsh_c1"]);
    // A prefix of 3+ characters finds the longer name.
    expect(nearestNames("resub", ["resubmit", "output"])).toEqual(["resubmit"]);
    expect(nearestNames("re", ["resubmit"])).toEqual([]);
  });
});
