import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Value } from "../src/core/values.js";
import { compileFilter } from "../src/filter/index.js";
import { type Flow, parseFlows } from "../src/openflow/index.js";

/** The real 22,348-flow OVN br-int dump of bench/data (ovs-ofctl -O OpenFlow15 dump-flows). */
const FLOWS: readonly Flow[] = parseFlows(gunzipSync(readFileSync(join(import.meta.dirname, "..", "bench", "data", "ovn-br-int-large.of15.flows.gz"))).toString("utf8"));

// A reference written for this test, independent of src/filter: every value as a (value, mask)
// pair of bigints; two masked values overlap when they agree on the bits both masks keep.
type Masked = { v: bigint; m: bigint; bits: number };

const ones = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const prefixMask = (len: number, bits: number): bigint => (len === 0 ? 0n : (ones(len) << BigInt(bits - len)) & ones(bits));

function v4(text: string): bigint {
  return text.split(".").reduce((n, o) => n * 256n + BigInt(Number(o)), 0n);
}

function v6(text: string): bigint {
  const [head = "", tail] = text.split("::");
  const hs = head === "" ? [] : head.split(":");
  const ts = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...hs, ...new Array<string>(8 - hs.length - ts.length).fill("0"), ...ts];
  return groups.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function mac(text: string): bigint {
  return BigInt(`0x${text.split(":").join("")}`);
}

/** A filter value as written (`10.96.0.0/16`, `fe80::/64`, `01:00:..:00/01:00:..:00`, `0x1/0xff`). */
function parseRef(text: string, kind: "ipv4" | "ipv6" | "mac" | "int"): Masked {
  const [a = "", b] = text.split("/");
  const bits = kind === "ipv4" ? 32 : kind === "ipv6" ? 128 : kind === "mac" ? 48 : 128;
  const read = kind === "ipv4" ? v4 : kind === "ipv6" ? v6 : kind === "mac" ? mac : BigInt;
  const m = b === undefined ? ones(bits) : /^\d+$/.test(b) && kind !== "int" && kind !== "mac" ? prefixMask(Number(b), bits) : read(b);
  return { v: read(a), m, bits };
}

/** A parsed flow value as a masked value (its own kind decides). */
function fromFlow(v: Value | undefined): Masked | undefined {
  if (v === undefined) return undefined;
  switch (v.kind) {
    case "ipv4":
    case "ipv6": {
      const bits = v.kind === "ipv4" ? 32 : 128;
      const read = v.kind === "ipv4" ? v4 : v6;
      const m = v.prefix !== undefined ? prefixMask(v.prefix, bits) : v.mask !== undefined ? read(v.mask) : ones(bits);
      return { v: read(v.value), m, bits };
    }
    case "mac":
      return { v: mac(v.value), m: v.mask === undefined ? ones(48) : mac(v.mask), bits: 48 };
    case "int":
      return { v: v.value, m: v.mask ?? ones(128), bits: 128 };
    default:
      return undefined;
  }
}

const overlap = (a: Masked, b: Masked): boolean => ((a.v ^ b.v) & a.m & b.m) === 0n;
/** ovs-flowviz's (and ovskit 0.1's) `~=`: the filter's value lies inside the flow's masked value. */
const inside = (f: Masked, flow: Masked): boolean => (f.m & flow.m) === flow.m && ((f.v ^ flow.v) & flow.m) === 0n;

function reference(field: string, names: readonly string[], text: string, kind: "ipv4" | "ipv6" | "mac" | "int", test = overlap): number {
  const want = parseRef(text, kind);
  return FLOWS.filter((f) =>
    f.match.some((x) => {
      if (!names.includes(x.name)) return false;
      const v = fromFlow(x.value);
      return v !== undefined && v.bits === want.bits && test(want, v);
    }),
  ).length;
}

const count = (expr: string): number => {
  const f = compileFilter(expr, { target: "openflow" });
  return FLOWS.filter((x) => f.matchFlow(x)).length;
};

describe("~= is overlap, on the real 22k-flow OVN dump (counts from a reference implementation)", () => {
  it("defect: a subnet on the right found 0 flows; it finds the flows whose value lies in it", () => {
    expect(FLOWS.length).toBe(22_348);
    const n = reference("nw_dst", ["nw_dst", "ip_dst"], "10.96.0.0/16", "ipv4");
    expect(n).toBeGreaterThan(13_000);
    expect(count("nw_dst~=10.96.0.0/16")).toBe(n);
    expect(count("ip_dst~=10.96.0.0/16")).toBe(n);
    // What ~= meant in 0.1 (and in ovs-flowviz): the filter's subnet inside the flow's mask:
    // only the few flows on a /16 or wider, none of the 13,000+ on one address of it.
    const old = reference("nw_dst", ["nw_dst"], "10.96.0.0/16", "ipv4", inside);
    expect(old).toBeGreaterThan(0);
    expect(old).toBeLessThan(10);
  });

  it("IPv4: addresses, prefixes and arbitrary masks", () => {
    const cases: [string, string][] = [
      ["nw_dst", "10.96.1.118"],
      ["nw_dst", "10.244.0.0/16"],
      ["nw_dst", "10.96.0.1/255.255.0.255"],
      ["nw_dst", "0.0.0.0/0"],
      ["nw_dst", "10.0.0.0/4"],
      ["nw_src", "10.244.0.0/16"],
      ["nw_src", "10.244.1.5"],
      ["arp_tpa", "10.244.0.0/16"],
    ];
    let total = 0;
    for (const [field, value] of cases) {
      const n = reference(field, [field], value, "ipv4");
      expect(count(`${field}~=${value}`), `${field}~=${value}`).toBe(n);
      total += n;
    }
    expect(total).toBeGreaterThan(20_000);
    // An address finds the flows whose masked value contains it (as before).
    expect(count("nw_src~=10.244.1.5")).toBe(reference("nw_src", ["nw_src"], "10.244.1.5", "ipv4", inside));
  });

  it("IPv6 prefixes, MACs with masks, integers with masks", () => {
    const cases: [string, string, "ipv6" | "mac" | "int"][] = [
      ["ipv6_dst", "fe80::/16", "ipv6"],
      ["ipv6_dst", "fe80::858:aff:fef4:801", "ipv6"],
      ["ipv6_src", "fe80::1", "ipv6"],
      ["ipv6_dst", "ff00::/8", "ipv6"],
      ["dl_dst", "01:00:00:00:00:00/01:00:00:00:00:00", "mac"],
      ["dl_dst", "33:33:00:00:00:16", "mac"],
      ["dl_src", "0a:58:0a:f4:00:00/ff:ff:ff:ff:00:00", "mac"],
      ["metadata", "0x1/0xff", "int"],
      ["reg0", "0x1/0x1", "int"],
      ["reg14", "0x1/0xf", "int"],
      ["ct_label", "0x1/0x1", "int"],
    ];
    for (const [field, value, kind] of cases) {
      const n = reference(field, [field], value, kind);
      expect(count(`${field}~=${value}`), `${field}~=${value}`).toBe(n);
      expect(n, `${field}~=${value} finds something`).toBeGreaterThan(0);
    }
  });
});
