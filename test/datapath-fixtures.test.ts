import { describe, expect, it } from "vitest";
import {
  type DatapathFlow,
  buildRecircTree,
  datapathKey,
  formatDatapathActions,
  formatDatapathFlow,
  formatOdpNodes,
  parseDatapathActions,
  parseDatapathFlowDump,
  recircNodeFlows,
  parseDatapathFlows,
  parseOdpNodes,
} from "../src/index.js";
import { odpItem } from "../src/datapath/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";
import { assertPlainData } from "./helpers/plain-data.js";

const dumps = fixtureNames("datapath", ".flows");

describe("real datapath dumps (dpctl/dump-flows [-m] [--names], dpif/dump-flows [-m])", () => {
  it("has the fixtures the generator writes", () => {
    expect(dumps.length).toBeGreaterThanOrEqual(11);
  });

  describe.each(dumps)("%s", (name) => {
    const text = fixture("datapath", name);
    const lines = linesOf(text);
    const dump = parseDatapathFlowDump(text);

    it("parses with zero issues and accounts for every line", () => {
      expect(dump.issues).toEqual([]);
      const a = dump.accounting;
      expect(a.lines).toBe(lines.length);
      expect(a.items + a.headers + a.blank + a.issueLines).toBe(lines.length);
      expect(dump.items.length).toBeGreaterThan(10);
    });

    it("formats every flow back byte for byte", () => {
      const bad = dump.items.filter((f) => formatDatapathFlow(f) !== lines[(f.line as number) - 1]);
      expect(bad.map((f) => lines[(f.line as number) - 1])).toEqual([]);
    });

    it("types every action (no unknown) and every key is name(...)", () => {
      for (const f of dump.items) {
        expect(f.actions.filter((a) => a.kind === "unknown")).toEqual([]);
        expect(f.keys.every((k) => k.paren === true)).toBe(true);
      }
    });

    it("gives the same flows with lazy keys", () => {
      const lazy = parseDatapathFlows(text, { lazyKeys: true });
      expect(lazy.map((f) => [f.recircId, f.inPort, formatDatapathFlow(f)])).toEqual(
        dump.items.map((f) => [f.recircId, f.inPort, formatDatapathFlow(f)]),
      );
    });

    it("builds a recirculation tree that covers every flow, each once", () => {
      const tree = buildRecircTree(dump.items);
      const seen = new Set<DatapathFlow>();
      const reached = new Set<number>();
      const walk = (i: number): void => {
        if (reached.has(i)) return;
        reached.add(i);
        const n = tree.nodes[i]!;
        for (const f of recircNodeFlows(n)) seen.add(f);
        n.children.forEach(walk);
      };
      tree.roots.forEach(walk);
      expect(seen.size).toBe(dump.items.length);
      expect(tree.nodes.reduce((k, n) => k + recircNodeFlows(n).length, 0)).toBe(dump.items.length);
      expect(tree.dangling).toEqual([]);
      assertPlainData(tree);
      expect(structuredClone(tree)).toStrictEqual(tree);
    });
  });
});

describe("typed datapath values on real OVN flows", () => {
  const text = fixture("datapath", "ovn.dpctl.flows");
  const lines = linesOf(text);
  const flows = parseDatapathFlows(text);
  const byText = (fragment: string): DatapathFlow => {
    const hits = flows.filter((f) => lines[(f.line as number) - 1]?.includes(fragment));
    expect(hits.length).toBeGreaterThanOrEqual(1);
    return hits[0] as DatapathFlow;
  };

  it("types ct with zone, label and nat, and the recirc that follows", () => {
    const f = byText("nat(dst=10.244.1.3:5353)");
    expect(f.recircId).toBe(0x2f);
    expect(f.inPort).toBe(11);
    expect(datapathKey(f, "dp_hash")?.value).toEqual({ kind: "int", value: 0xcf780c9cn, mask: 0xfn, hex: true });
    const [ct, recirc] = f.actions;
    expect(ct).toMatchObject({
      kind: "ct",
      commit: true,
      zone: 22,
      label: { kind: "int", value: 2n, mask: 2n },
      nat: { kind: "nat", type: "dst", addrMin: { kind: "ipv4", value: "10.244.1.3" }, portMin: 5353 },
    });
    expect(recirc).toMatchObject({ kind: "recirc", id: 0x30 });
  });

  it("types tunnel keys with geneve options and flags", () => {
    const f = parseDatapathFlows(fixture("datapath", "ovn.dpctl-names.flows")).find((x) => datapathKey(x, "tunnel") !== undefined) as DatapathFlow;
    const tunnel = datapathKey(f, "tunnel");
    expect(odpItem(tunnel, "tun_id")?.value).toMatchObject({ kind: "int", value: 1n });
    expect(odpItem(tunnel, "src")?.value).toEqual({ kind: "ipv4", value: "198.51.100.2" });
    expect(odpItem(tunnel, "flags")?.value?.kind).toBe("flags");
    expect(odpItem(tunnel, "geneve")?.value?.kind).toBe("raw");
    expect(f.inPort).toBe("genev_sys_6081");
  });

  it("keeps the thread section of each flow", () => {
    const threads = new Set(flows.map((f) => f.thread));
    expect(threads).toEqual(new Set(["the main thread", "pmd on cpu core: 1"]));
  });

  it("reads statistics and seen TCP flags", () => {
    const named = parseDatapathFlows(fixture("datapath", "ovn.dpctl-names.flows"));
    const syn = named.find((f) => f.tcpFlags === "S") as DatapathFlow;
    expect(syn.packets).toBeGreaterThan(0n);
    expect(typeof syn.used === "number" || syn.used === "never").toBe(true);
  });

  it("keeps the ufid and its separator (dpctl -m ', ' vs dpif -m ' ')", () => {
    const m = parseDatapathFlows(fixture("datapath", "ovn.dpctl-m.flows"))[0] as DatapathFlow;
    const dpif = parseDatapathFlows(fixture("datapath", "ovn.dpif-m.flows"))[0] as DatapathFlow;
    expect(m.ufid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.ufidSeparator).toBeUndefined();
    expect(dpif.ufidSeparator).toBe(" ");
    expect(m.dp).toBe("ovs");
    expect(m.dpExtraInfo).toMatch(/^miniflow_bits\(/);
  });
});

describe("datapath actions on the hand-written set", () => {
  const flows = parseDatapathFlows(fixture("datapath", "handwritten.dpctl.flows"));
  const all = flows.flatMap((f) => f.actions);

  it("types check_pkt_len with nested branches", () => {
    const c = all.find((a) => a.kind === "check_pkt_len" && a.size === 1500);
    expect(c).toMatchObject({ kind: "check_pkt_len", size: 1500, gt: [{ kind: "userspace", pid: 0 }], le: [{ kind: "output", port: 2 }] });
  });

  it("types tnl_push with its ports and header", () => {
    const t = all.find((a) => a.kind === "tnl_push");
    expect(t).toMatchObject({ kind: "tnl_push", tnlPort: 6081 });
    expect(t?.kind === "tnl_push" && t.header?.name).toBe("header");
  });

  it("covers the action families OVS 3.1 prints", () => {
    const kinds = new Set(all.map((a) => a.kind));
    for (const k of ["output", "ct", "set", "push_vlan", "pop_vlan", "userspace", "sample", "clone", "check_pkt_len", "tnl_push", "tnl_pop", "meter", "trunc", "ct_clear", "push_nsh", "drop"]) {
      expect(kinds.has(k as never), k).toBe(true);
    }
  });
});

/** The forms of OVS's own tests/odp.at, as OVS 3.1 prints them (see test/fixtures/odp-forms/README.md). */
describe("tests/odp.at forms (printed by real OVS 3.1)", () => {
  const forms = (f: string) => linesOf(fixture("odp-forms", f)).filter((l) => l !== "" && !l.startsWith("#"));

  it.each(["keys.out", "keys.m.out", "wc-keys.out", "wc-keys.m.out"])("every key form in %s parses and prints back", (f) => {
    const lines = forms(f);
    expect(lines.length).toBeGreaterThan(150);
    expect(lines.filter((l) => formatOdpNodes(parseOdpNodes(l)) !== l)).toEqual([]);
  });

  it.each(["actions.out", "actions.m.out"])("every action form in %s is typed and prints back", (f) => {
    const lines = forms(f);
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) {
      const actions = parseDatapathActions(l);
      expect(actions.filter((a) => a.kind === "unknown"), l).toEqual([]);
      expect(formatDatapathActions(actions)).toBe(l);
    }
  });
});
