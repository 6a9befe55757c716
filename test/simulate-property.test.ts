/**
 * Properties of the simulator on arbitrary input: any packet text gives a SimulatedTrace or a
 * PacketSyntaxError (with its column) / SimulationError, never anything else (the test's time
 * limit bounds the time); the SimulatedTrace is what parseTrace reads from simulateTraceText's
 * output (the model is built without printing);
 * what it returns is plain data (structuredClone and the lossless JSON round trip give it back)
 * and the trace helpers work on it.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromJson, isOvskitError, isPacketSyntaxError, isSimulationError, parseTrace, type Pipeline, simulateBatch, simulateTrace, simulateTraceText, type SimulatedTrace, toJson, traceSteps, traceVerdict } from "../src/index.js";
import { loadSimPipeline, readSimCases } from "./helpers/sim-snapshot.js";

const CASES = readSimCases();
let pipeline: Pipeline;
beforeAll(() => {
  pipeline = loadSimPipeline();
});

/** Runs one simulation: a trace, or one of the two typed errors (anything else fails the test). */
function total(bridge: string, packet: string, ctNext: readonly string[] = []): SimulatedTrace | undefined {
  try {
    const t = simulateTrace(pipeline, packet, { bridge, ctNext });
    // The model is built without the text; it must be what the parser reads from the text.
    expect(t).toStrictEqual({ ...parseTrace(simulateTraceText(pipeline, packet, { bridge, ctNext })), simulation: t.simulation });
    traceSteps(t);
    traceVerdict(t);
    return t;
  } catch (e) {
    expect(isOvskitError(e), `not an OvskitError: ${String(e)}`).toBe(true);
    if (isPacketSyntaxError(e)) {
      expect(e.column).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeLessThanOrEqual(packet.length + 1);
      return undefined;
    }
    if (isSimulationError(e)) return undefined;
    throw e;
  }
}

const BRIDGES = ["br-int", "br-a", "br-c"];
const FIELDS = ["in_port", "tcp", "udp", "icmp", "arp", "ip", "ipv6", "tcp6", "dl_src", "dl_dst", "nw_src", "nw_dst", "nw_ttl", "nw_tos", "tp_src", "tp_dst", "tcp_flags", "arp_op", "arp_spa", "arp_tpa", "ipv6_src", "nd_target", "vlan_tci", "dl_vlan", "reg0", "xxreg1", "metadata", "tun_id", "tun_metadata0", "ct_state", "ct_label", "ct_mark", "recirc_id", "pkt_mark", "icmp_type", "mpls_label", "nsh_spi", "conj_id", "garbage"];
const VALUES = ["1", "0", "0x10", "65535", "4294967296", "-1", "00:00:00:00:0c:0a", "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.0.0.0/8", "fd00::1", "fd00::/64", "+trk+new", "syn|ack", "0x1/0x1", "pod1", "LOCAL", "", "=", "0x", "(", "9999999999999999999999999999999999999999"];
const item = fc.oneof(fc.constantFrom(...FIELDS), fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...VALUES)).map(([f, v]) => `${f}=${v}`));
const packetish = fc.array(item, { maxLength: 12 }).map((xs) => xs.join(","));

describe("simulateTrace never throws anything but its two errors", () => {
  it("random strings", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BRIDGES), fc.string({ maxLength: 200 }), (b, s) => void total(b, s)),
      { numRuns: 300 },
    );
  });

  it("strings made of packet fields and values", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BRIDGES), packetish, (b, s) => void total(b, s)),
      { numRuns: 400 },
    );
  });

  it("the captured packets mutated: a character replaced, removed or inserted, an item dropped or repeated", () => {
    const packets = CASES.filter((c) => c.category !== "bad-request");
    const mutation = fc.record({
      c: fc.constantFrom(...packets),
      op: fc.constantFrom("replace", "remove", "insert", "drop-item", "repeat-item"),
      at: fc.nat(),
      ch: fc.constantFrom(..."=,:./x0f9-+|()[] ".split("")),
    });
    fc.assert(
      fc.property(mutation, ({ c, op, at, ch }) => {
        const p = c.packet;
        const i = at % (p.length + 1);
        const items = p.split(",");
        const k = at % items.length;
        const mutated =
          op === "replace" ? p.slice(0, i) + ch + p.slice(i + 1)
          : op === "remove" ? p.slice(0, i) + p.slice(i + 1)
          : op === "insert" ? p.slice(0, i) + ch + p.slice(i)
          : op === "drop-item" ? items.filter((_, j) => j !== k).join(",")
          : [...items.slice(0, k + 1), items[k], ...items.slice(k + 1)].join(",");
        total(c.bridge, mutated, c.ctNext);
      }),
      { numRuns: 400 },
    );
  });

  it("bad --ct-next states are SimulationErrors", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("trk", "new", "est", "rel", "rpl", "inv", "snat", "dnat", "+trk", "trk,new,est", "inv,new")), { maxLength: 4 }), (states) => {
        const c = CASES.find((x) => x.name === "svc-tcp-ct-chain");
        if (c === undefined) throw new Error("fixture case svc-tcp-ct-chain is missing");
        total(c.bridge, c.packet, states);
      }),
      { numRuns: 200 },
    );
  });
});

describe("results are plain data", () => {
  it("every captured case: structuredClone and the JSON round trip give the same trace", () => {
    for (const c of CASES.filter((x) => x.category !== "bad-request")) {
      const t = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      expect(structuredClone(t)).toEqual(t);
      expect(fromJson(toJson(t))).toEqual(t);
    }
  });

  it("a batch keeps going past bad packets and reports them as error records", () => {
    const good = CASES.find((c) => c.name === "pod-local-tcp");
    if (good === undefined) throw new Error("fixture case pod-local-tcp is missing");
    const results = [...simulateBatch(pipeline, [good.packet, "in_port=1,garbage=1", { packet: good.packet, bridge: "br-nope" }], { bridge: "br-int" })];
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(results[1]).toMatchObject({ ok: false, packet: "in_port=1,garbage=1", error: { code: "syntax", column: 11 } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: "unknown-bridge" } });
    expect(structuredClone(results)).toEqual(results);
  });
});
