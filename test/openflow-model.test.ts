import { describe, expect, it } from "vitest";
import { type Flow, decodeActions, decodeFlow, isLazyFlow, parseFlows } from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

const familiesText = fixture("openflow", "all-families.of15.flows");
const families = parseFlows(familiesText);
const familyLines = familiesText.split("\n");
/** The one flow whose source line contains `fragment`. */
function byText(fragment: string): Flow {
  const hits = families.filter((f) => familyLines[(f.line as number) - 1]?.includes(fragment));
  expect(hits).toHaveLength(1);
  return hits[0] as Flow;
}
const ovn = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
const names = parseFlows(fixture("openflow", "ovn-br-int.of13.names.flows"));

/** The flow of a table with a given match item printed as `text` (must be unique). */
function find(flows: Flow[], table: number, pred: (f: Flow) => boolean): Flow {
  const hits = flows.filter((f) => (f.table ?? 0) === table && pred(f));
  expect(hits).toHaveLength(1);
  return hits[0] as Flow;
}
const has = (name: string, f: Flow) => f.match.some((m) => m.name === name);
const value = (f: Flow, name: string) => f.match.find((m) => m.name === name)?.value;

describe("info", () => {
  it("keeps 64-bit cookies exact", () => {
    const f = find(families, 20, (x) => x.cookie === 0xffffffffffffffffn);
    expect(f.cookie).toBe(18446744073709551615n);
    expect(f.priority).toBe(100);
  });

  it("reads timeouts, flags and importance", () => {
    const f = find(families, 20, (x) => x.importance !== undefined && x.flags !== undefined && x.priority === 12);
    expect(f.idleTimeout).toBe(3600);
    expect(f.hardTimeout).toBe(7200);
    expect(f.flags).toEqual(["send_flow_rem", "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts"]);
    expect(f.importance).toBe(1);
    expect(f.idleAge).toBeTypeOf("number");
  });

  it("reads statistics as exact bigints and the duration", () => {
    const hit = families.find((f) => (f.nPackets ?? 0n) > 0n) as Flow;
    expect(hit.nPackets).toBeTypeOf("bigint");
    expect(hit.nBytes).toBeTypeOf("bigint");
    expect(hit.duration?.sec).toBeTypeOf("number");
    expect(hit.duration?.nsec).toBeGreaterThanOrEqual(0);
  });
});

describe("match", () => {
  it("types IPv4 prefixes and IPv6 prefixes", () => {
    const f = find(ovn, 11, (x) => value(x, "nw_src")?.kind === "ipv4" && x.match.some((m) => m.name === "metadata" && m.value?.kind === "int" && m.value.value === 5n) && x.priority === 100 && (value(x, "nw_src") as { prefix?: number }).prefix === 4);
    expect(value(f, "nw_src")).toEqual({ kind: "ipv4", value: "224.0.0.0", prefix: 4 });
    const v6 = ovn.find((x) => value(x, "ipv6_src")?.kind === "ipv6" && (value(x, "ipv6_src") as { prefix?: number }).prefix === 10);
    expect(value(v6 as Flow, "ipv6_src")).toEqual({ kind: "ipv6", value: "fe80::", prefix: 10 });
  });

  it("types MAC addresses with masks", () => {
    const f = ovn.find((x) => value(x, "dl_src")?.kind === "mac" && "mask" in (value(x, "dl_src") as object)) as Flow;
    expect(value(f, "dl_src")).toEqual({ kind: "mac", value: "01:00:00:00:00:00", mask: "01:00:00:00:00:00" });
  });

  it("keeps 128-bit ct_label values and masks exact", () => {
    const f = find(families, 7, (x) => value(x, "ct_label")?.kind === "int" && (value(x, "ct_label") as { mask?: bigint }).mask === 1n << 127n);
    expect(value(f, "ct_label")).toMatchObject({ kind: "int", value: 1n << 127n, mask: 1n << 127n, hex: true });
  });

  it("types ct_state and tcp_flags flags", () => {
    const f = ovn.find((x) => has("ct_state", x)) as Flow;
    expect(value(f, "ct_state")?.kind).toBe("flags");
    expect(value(byText("tcp_flags=+syn-ack "), "tcp_flags")).toEqual({ kind: "flags", flags: [{ name: "syn", set: true }, { name: "ack", set: false }] });
    expect(value(byText("tcp_flags=fin|ack "), "tcp_flags")).toEqual({ kind: "flags", flags: [{ name: "fin", set: true }, { name: "ack", set: true }], pipe: true });
  });

  it("keeps zero-padded hex as printed", () => {
    expect(value(byText("ipv6_label=0x00001/0x0000f"), "ipv6_label")).toEqual({ kind: "int", value: 1n, mask: 15n, hex: true, digits: 5, maskDigits: 5 });
  });

  it("types packet_type and tun_metadata", () => {
    const pt = families.find((x) => has("packet_type", x)) as Flow;
    expect(value(pt, "packet_type")?.kind).toBe("packet_type");
    const tm = byText("tun_metadata0=0x1200/0xff00,tun_metadata1=0x1122334455667788");
    expect(value(tm, "tun_metadata0")).toMatchObject({ kind: "int", value: 0x1200n, mask: 0xff00n });
    expect(value(tm, "tun_metadata1")).toMatchObject({ kind: "int", value: 0x1122334455667788n });
  });

  it("reads quoted port names with --names", () => {
    const f = names.find((x) => value(x, "in_port")?.kind === "name") as Flow;
    expect(value(f, "in_port")).toMatchObject({ kind: "name" });
    expect((value(f, "in_port") as { name: string }).name).not.toContain('"');
  });

  it("keeps protocol shorthands as bare items", () => {
    const f = ovn.find((x) => has("tcp", x)) as Flow;
    expect(f.match.find((m) => m.name === "tcp")).toEqual({ name: "tcp" });
  });
});

describe("actions", () => {
  it("types ct with zone field reference, nat range and exec", () => {
    const f = families.find((x) => x.actions.some((a) => a.kind === "ct" && a.nat?.addrMax?.kind === "ipv6")) as Flow;
    const ct = f.actions[0];
    expect(ct).toMatchObject({
      kind: "ct",
      commit: true,
      nat: { kind: "nat", type: "src", addrMin: { kind: "ipv6", value: "fd00::1" }, addrMax: { value: "fd00::ff" }, portMin: 1000, portMax: 2000, flags: ["persistent"] },
    });
    const ovnCt = ovn.flatMap((x) => x.actions).find((a) => a.kind === "ct" && a.exec !== undefined && typeof a.zone === "object");
    expect(ovnCt).toMatchObject({ kind: "ct", zone: { kind: "field", field: "NXM_NX_REG13", start: 0, end: 15 } });
  });

  it("types resubmit, conjunction, check_pkt_larger, sample and learn", () => {
    const all = families.flatMap((f) => f.actions);
    expect(all).toContainEqual({ kind: "resubmit", table: 30 });
    expect(all).toContainEqual({ kind: "conjunction", id: 101, clause: 2, nClauses: 3 });
    expect(all).toContainEqual({ kind: "check_pkt_larger", size: 1500, dst: { kind: "field", field: "NXM_NX_REG0", start: 0, end: 0 } });
    expect(all).toContainEqual({ kind: "sample", probability: 1, collectorSetId: 1, obsDomainId: 2, obsPointId: 3, samplingPort: 5, direction: "ingress" });
    const learn = all.find((a) => a.kind === "learn" && a.args.some((x) => x.kind === "option" && x.name === "limit"));
    expect(learn).toMatchObject({
      kind: "learn",
      args: [
        { kind: "option", name: "table", value: "18" },
        { kind: "option", name: "hard_timeout", value: "30" },
        { kind: "option", name: "limit", value: "10" },
        { kind: "option", name: "result_dst", value: "NXM_NX_REG9[0]" },
        { kind: "match", dst: { field: "NXM_OF_ETH_SRC", whole: true } },
        { kind: "load", src: { kind: "int", value: 1n }, dst: { field: "NXM_NX_REG10", start: 0, end: 0 } },
      ],
    });
  });

  it("types set_field values by the destination field (128-bit xxreg with mask)", () => {
    const all = families.flatMap((f) => f.actions);
    expect(all).toContainEqual({
      kind: "set_field",
      value: { kind: "int", value: 0xa580af401010000000000000000n, mask: 0xffffffffffff0000000000000000n, hex: true },
      dst: { kind: "field", field: "xxreg0" },
    });
    const mac = all.find((a) => a.kind === "set_field" && a.value.kind === "mac");
    expect(mac).toMatchObject({ kind: "set_field", value: { kind: "mac" } });
  });

  it("keeps lazy actions as text, decoded by a pure function", () => {
    const [lazy] = parseFlows(" priority=1 actions=output:1,resubmit(,2)", { lazyActions: true });
    if (lazy === undefined) throw new Error("no flow");
    expect(isLazyFlow(lazy)).toBe(true);
    expect(lazy.actionsText).toBe("output:1,resubmit(,2)");
    expect("actions" in lazy).toBe(false);
    expect(decodeActions(lazy)).toEqual([{ kind: "output", port: 1 }, { kind: "resubmit", table: 2 }]);
    // Nothing is remembered: the flow is unchanged, and a second decode is a new list.
    expect(Object.keys(lazy)).toEqual(["priority", "match", "actionsText", "line"]);
    expect(decodeActions(lazy)).not.toBe(decodeActions(lazy));
    expect(decodeFlow(lazy)).toEqual(parseFlows(" priority=1 actions=output:1,resubmit(,2)")[0]);
    expect(Object.keys(decodeFlow(lazy))).toEqual(["priority", "match", "actions", "line"]);
  });
});
