import { describe, expect, it } from "vitest";
import {
  FlowDecodeError,
  IpfixTemplateCache,
  VMWARE_ENTERPRISE,
  decodeEthernet,
  decodeFlowDatagram,
  decodeIpfix,
  decodeIpfixUnknownSet,
  decodeNetflowV5,
  decodeSflowV5,
  detectFlowProtocol,
  ipfixElementName,
  isFlowDecodeError,
  type IpfixDataRecord,
} from "../src/export/decode/index.js";
import { datagrams, ipfixMessage, u16, u32 } from "./helpers/export.js";
import { plainDataProblem } from "./helpers/plain-data.js";

function thrown(fn: () => unknown): FlowDecodeError {
  try {
    fn();
  } catch (e) {
    if (isFlowDecodeError(e)) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("NetFlow v5 (real OVS datagram)", () => {
  const [dg] = datagrams("netflow");
  it("decodes the header and the four flows", () => {
    const m = decodeNetflowV5(dg!);
    expect(m).toMatchObject({ kind: "netflow-v5", version: 5, samplingMode: 0, samplingInterval: 0 });
    expect(m.unixSecs).toBeGreaterThan(1_600_000_000);
    const flows = m.records.map((r) => [r.srcAddr, r.srcPort, r.dstAddr, r.dstPort, r.protocol, r.packets, r.octets, r.input, r.output, r.tcpFlags]);
    expect(flows).toEqual([
      ["10.0.0.1", 1234, "10.0.0.2", 5678, 17, 3, 318, 1, 2, 0],
      ["10.0.0.1", 40000, "10.0.0.2", 80, 6, 1, 54, 1, 2, 2],
      ["10.0.0.1", 7, "10.0.0.2", 9, 17, 1, 110, 1, 2, 0],
      ["10.0.0.1", 0, "10.0.0.2", 8 << 8, 1, 1, 106, 1, 2, 0], // ICMP: type << 8 | code in the destination port
    ]);
    for (const r of m.records) expect(r.last).toBeGreaterThanOrEqual(r.first);
  });
  it("gives typed errors with offsets", () => {
    expect(thrown(() => decodeNetflowV5(dg!.subarray(0, 10)))).toMatchObject({ code: "truncated", offset: 4, protocol: "netflow-v5" });
    expect(thrown(() => decodeNetflowV5(dg!.subarray(0, 24 + 48 + 20)))).toMatchObject({ code: "truncated", offset: 72 });
    expect(thrown(() => decodeNetflowV5(new Uint8Array([...dg!, 0])))).toMatchObject({ code: "bad-length", offset: dg!.length });
    expect(thrown(() => decodeNetflowV5(new Uint8Array([0, 9, ...dg!.subarray(2)])))).toMatchObject({ code: "bad-version", offset: 0 });
    const big = dg!.slice();
    big[3] = 31;
    expect(thrown(() => decodeNetflowV5(big))).toMatchObject({ code: "bad-length", offset: 2 });
  });
});

describe("sFlow v5 (real OVS datagrams)", () => {
  const all = datagrams("sflow").map(decodeSflowV5);
  it("decodes flow samples with their raw headers down to L4", () => {
    expect(all[0]).toMatchObject({ kind: "sflow-v5", agentAddress: "127.0.0.1", subAgentId: 0 });
    const flows = all.flatMap((m) => m.samples).filter((s) => s.kind === "flow");
    expect(flows).toHaveLength(7);
    const seen = flows.map((s) => {
      const raw = s.records.find((r) => r.kind === "raw-header");
      if (raw?.kind !== "raw-header") throw new Error("no raw header");
      const { ethernet, ip, l4 } = raw.decoded;
      return [s.samplingRate, raw.headerProtocol, raw.frameLength, ethernet?.src, ethernet?.vlans[0]?.vid, ip?.src, ip?.dst, ip?.protocol, l4?.kind, l4 && "dstPort" in l4 ? l4.dstPort : l4 && "type" in l4 ? l4.type : undefined];
    });
    expect(seen).toEqual([
      [1, 1, 110, "50:54:00:00:00:01", undefined, "10.0.0.1", "10.0.0.2", 17, "udp", 5678],
      [1, 1, 110, "50:54:00:00:00:01", undefined, "10.0.0.1", "10.0.0.2", 17, "udp", 5678],
      [1, 1, 110, "50:54:00:00:00:01", undefined, "10.0.0.1", "10.0.0.2", 17, "udp", 5678],
      [1, 1, 58, "50:54:00:00:00:01", undefined, "10.0.0.1", "10.0.0.2", 6, "tcp", 80],
      [1, 1, 110, "50:54:00:00:00:01", undefined, "10.0.0.1", "10.0.0.2", 1, "icmp", 8],
      [1, 1, 130, "50:54:00:00:00:01", undefined, "fd00::1", "fd00::2", 17, "udp", 53],
      [1, 1, 114, "50:54:00:00:00:01", 10, "10.0.0.1", "10.0.0.2", 17, "udp", 9],
    ]);
    const tcp = flows[3]?.records.find((r) => r.kind === "raw-header");
    expect(tcp?.kind === "raw-header" && tcp.decoded.l4).toEqual({ kind: "tcp", srcPort: 40000, dstPort: 80, flags: 2 });
    expect(flows[6]?.records.find((r) => r.kind === "extended-switch")).toEqual({ kind: "extended-switch", srcVlan: 10, srcPriority: 3, dstVlan: 10, dstPriority: 3 });
    expect(flows.map((s) => s.sequenceNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  it("decodes counter samples and keeps unknown counter records", () => {
    const counters = all.flatMap((m) => m.samples).filter((s) => s.kind === "counter");
    expect(counters.length).toBeGreaterThanOrEqual(2);
    for (const c of counters) {
      expect(c.expanded).toBe(false);
      expect(c.records.map((r) => (r.kind === "unknown" ? `${r.enterprise}:${r.format}` : r.kind))).toEqual(["0:2203", "0:2207"]);
    }
  });
  it("gives typed errors with offsets", () => {
    const dg = datagrams("sflow")[0]!;
    expect(thrown(() => decodeSflowV5(dg.subarray(0, 30)))).toMatchObject({ code: "truncated", protocol: "sflow-v5" });
    const badAgent = dg.slice();
    badAgent[7] = 9;
    expect(thrown(() => decodeSflowV5(badAgent))).toMatchObject({ code: "bad-value", offset: 4 });
    const badLen = dg.slice();
    badLen.set(u32(0x7fffffff), 32); // length of the first sample
    expect(thrown(() => decodeSflowV5(badLen))).toMatchObject({ code: "bad-length", offset: 32 });
    expect(thrown(() => decodeSflowV5(new Uint8Array([...dg, 0, 0, 0, 0])))).toMatchObject({ code: "bad-length", offset: dg.length });
  });
});

describe("packet headers", () => {
  it("decodes as far as the bytes go, never throws", () => {
    const frame = new Uint8Array([0x50, 0x54, 0, 0, 0, 2, 0x50, 0x54, 0, 0, 0, 1, 0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1, 0x50, 0x54, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2]);
    expect(decodeEthernet(frame).arp).toEqual({ op: 1, senderMac: "50:54:00:00:00:01", senderIp: "10.0.0.1", targetMac: "00:00:00:00:00:00", targetIp: "10.0.0.2" });
    expect(decodeEthernet(frame.subarray(0, 20))).toMatchObject({ truncatedAt: "arp" });
    expect(decodeEthernet(frame.subarray(0, 5))).toEqual({ truncatedAt: "ethernet" });
  });
});

describe("IPFIX (real OVS datagrams)", () => {
  const dgs = datagrams("ipfix");
  const cache = new IpfixTemplateCache();
  const msgs = dgs.map((d) => decodeIpfix(d, cache));
  const data = msgs.flatMap((m) => m.records).filter((r) => !r.options);

  it("learns the templates, including OVS's enterprise and variable-length fields", () => {
    const templates = msgs.flatMap((m) => m.templates);
    expect(templates.length).toBeGreaterThan(50);
    expect(cache.size).toBe(new Set(templates.map((t) => `${t.observationDomainId}/${t.templateId}`)).size);
    const tunnel = templates.find((t) => t.fields.some((f) => f.enterprise === VMWARE_ENTERPRISE));
    expect(tunnel?.fields.filter((f) => f.enterprise === VMWARE_ENTERPRISE).map((f) => f.name)).toEqual([
      "tunnelSourceIPv4Address",
      "tunnelDestinationIPv4Address",
      "tunnelProtocolIdentifier",
      "tunnelSourceTransportPort",
      "tunnelDestinationTransportPort",
      "tunnelType",
      "tunnelKey",
    ]);
    expect(tunnel?.fields.find((f) => f.name === "tunnelKey")?.length).toBe(0xffff);
    const options = templates.filter((t) => t.options);
    expect(options).toHaveLength(1);
    expect(options[0]).toMatchObject({ observationDomainId: 0, scopeFieldCount: 1 });
    expect(options[0]?.fields.map((f) => f.name)).toEqual(["exportingProcessId", "notSentPacketTotalCount"]);
    for (const m of msgs) expect(m.issues).toEqual([]);
  });

  it("decodes the options record and the data records of every packet, both directions", () => {
    const opt = msgs.flatMap((m) => m.records).filter((r) => r.options);
    expect(opt).toHaveLength(1);
    expect(opt[0]?.fields.map((f) => [f.spec.name, f.value, f.scope])).toEqual([
      ["exportingProcessId", 1, true],
      ["notSentPacketTotalCount", 0n, false],
    ]);
    const rows = data.map((r: IpfixDataRecord) => {
      const v = r.values;
      return [v.flowDirection, v.sourceIPv4Address ?? v.sourceIPv6Address, v.destinationIPv4Address ?? v.destinationIPv6Address, v.protocolIdentifier, v.sourceTransportPort, v.destinationTransportPort, v.packetDeltaCount, v.octetDeltaCount];
    });
    expect(rows).toEqual([
      [0, "10.0.0.1", "10.0.0.2", 17, 1234, 5678, 3n, 276n],
      [1, "10.0.0.1", "10.0.0.2", 17, 1234, 5678, 3n, 276n],
      [0, "10.0.0.1", "10.0.0.2", 6, 40000, 80, 1n, 40n],
      [1, "10.0.0.1", "10.0.0.2", 6, 40000, 80, 1n, 40n],
      [0, "10.0.0.1", "10.0.0.2", 1, undefined, undefined, 1n, 92n],
      [1, "10.0.0.1", "10.0.0.2", 1, undefined, undefined, 1n, 92n],
      [0, "fd00::1", "fd00::2", 17, 5353, 53, 1n, 112n],
      [1, "fd00::1", "fd00::2", 17, 5353, 53, 1n, 112n],
      [0, "10.0.0.1", "10.0.0.2", 17, 7, 9, 1n, 92n],
      [1, "10.0.0.1", "10.0.0.2", 17, 7, 9, 1n, 92n],
    ]);
    const first = data[0]!.values;
    expect(first).toMatchObject({ observationPointId: 456n, sourceMacAddress: "50:54:00:00:00:01", destinationMacAddress: "50:54:00:00:00:02", ethernetType: 0x800, interfaceName: "p1", ipVersion: 4, ipTTL: 64 });
    expect(data[4]?.values).toMatchObject({ icmpTypeIPv4: 8, icmpCodeIPv4: 0 });
    expect(data[8]?.values).toMatchObject({ vlanId: 10, dot1qPriority: 3 });
    // interfaceName repeats in egress records (ingress, egress): `values` keeps the first, `fields` has both.
    expect(data[0]?.fields.filter((f) => f.spec.name === "interfaceName").map((f) => f.value)).toEqual(["p1"]);
    expect(data[1]?.values.interfaceName).toBe("p1");
    expect(data[1]?.fields.filter((f) => f.spec.name === "interfaceName").map((f) => f.value)).toEqual(["p1", "p2"]);
  });

  it("keeps and reports data whose template is unknown, and decodes it once the template is known", () => {
    const fresh = new IpfixTemplateCache();
    const early = decodeIpfix(dgs.at(-1)!, fresh);
    expect(early.records).toEqual([]);
    expect(early.unknownSets).toHaveLength(1);
    expect(early.issues[0]?.message).toMatch(/unknown template \d+ \(domain 123\) kept undecoded/);
    expect(decodeIpfixUnknownSet(early.unknownSets[0]!, fresh)).toBeUndefined();
    for (const d of dgs.slice(0, -1)) decodeIpfix(d, fresh);
    const late = decodeIpfixUnknownSet(early.unknownSets[0]!, fresh);
    expect(late?.map((r) => [r.values.flowDirection, r.values.sourceTransportPort, r.offset])).toEqual([[1, 7, 20]]);
  });
});

describe("IPFIX (hand-made: RFC 7011 cases OVS does not send here)", () => {
  const template = [...u16(300), ...u16(3), ...u16(8), ...u16(4), ...u16(0x8000 | 7), ...u16(0xffff), ...u32(29305), ...u16(82), ...u16(0xffff)];
  const long = new Array(300).fill(0x61);
  const record = [10, 0, 0, 1, 3, 1, 2, 3, 255, ...u16(300), ...long];

  it("decodes variable-length fields (short and 3-byte lengths) and unknown enterprise elements", () => {
    const cache = new IpfixTemplateCache();
    const m = decodeIpfix(ipfixMessage(7, [[2, template], [300, [...record, 0, 0]]]), cache);
    expect(m.records).toHaveLength(1);
    const [addr, ent, name] = m.records[0]!.fields;
    expect(addr?.value).toBe("10.0.0.1");
    expect(ent?.spec).toMatchObject({ id: 7, enterprise: 29305, name: "e29305.7" });
    expect(ent?.value).toEqual(new Uint8Array([1, 2, 3]));
    expect(name?.value).toBe("a".repeat(300));
    // Bytes sit once in the record: `values` holds a copy (found by the fuzz suite: the same
    // Uint8Array was in `fields` and `values`, which plain data forbids).
    expect(m.records[0]!.values["e29305.7"]).toEqual(new Uint8Array([1, 2, 3]));
    expect(m.records[0]!.values["e29305.7"]).not.toBe(ent?.value);
    expect(plainDataProblem(m)).toBeUndefined();
    expect(ipfixElementName(999)).toBe("ie999");
  });

  it("withdraws one template, or all of a set type", () => {
    const cache = new IpfixTemplateCache();
    decodeIpfix(ipfixMessage(7, [[2, template]]), cache);
    decodeIpfix(ipfixMessage(8, [[2, template]]), cache);
    expect(cache.size).toBe(2);
    const w = decodeIpfix(ipfixMessage(7, [[2, [...u16(300), ...u16(0)]]]), cache);
    expect(w.withdrawals).toEqual([{ templateId: 300, options: false }]);
    expect(cache.get(7, 300)).toBeUndefined();
    expect(cache.get(8, 300)).toBeDefined();
    const after = decodeIpfix(ipfixMessage(7, [[300, record]]), cache);
    expect(after.unknownSets).toHaveLength(1);
    decodeIpfix(ipfixMessage(8, [[2, [...u16(2), ...u16(0)]]]), cache);
    expect(cache.size).toBe(0);
  });

  it("rejects malformed templates and sets with the offset", () => {
    const cache = new IpfixTemplateCache();
    expect(thrown(() => decodeIpfix(ipfixMessage(1, [[2, [...u16(5), ...u16(1), ...u16(8), ...u16(4)]]]), cache))).toMatchObject({ code: "bad-value", offset: 20 });
    expect(thrown(() => decodeIpfix(ipfixMessage(1, [[3, [...u16(400), ...u16(1), ...u16(0), ...u16(8), ...u16(4)]]]), cache))).toMatchObject({ code: "bad-value", offset: 24 });
    expect(thrown(() => decodeIpfix(ipfixMessage(1, [[2, [...u16(400), ...u16(2), ...u16(8), ...u16(4)]]]), cache))).toMatchObject({ code: "truncated", offset: 28 });
    const short = ipfixMessage(1, [[2, template]]);
    short.set(u16(3), 18); // set length 3
    expect(thrown(() => decodeIpfix(short, cache))).toMatchObject({ code: "bad-length", offset: 18 });
    const cut = ipfixMessage(1, [[2, template]]);
    expect(thrown(() => decodeIpfix(cut.subarray(0, 30), cache))).toMatchObject({ code: "truncated", offset: 30 });
    expect(thrown(() => decodeIpfix(new Uint8Array([0, 9, 0, 16]), cache))).toMatchObject({ code: "bad-version", offset: 0 });
    // a variable-length field whose length runs past the set
    decodeIpfix(ipfixMessage(1, [[2, template]]), cache);
    expect(thrown(() => decodeIpfix(ipfixMessage(1, [[300, [10, 0, 0, 1, 3, 1, 2, 3, 200, 1]]]), cache))).toMatchObject({ code: "truncated", offset: 29 });
    const reserved = decodeIpfix(ipfixMessage(1, [[100, [1, 2, 3, 4]]]), cache);
    expect(reserved.issues).toEqual([{ offset: 16, message: "set id 100 is reserved; 8 bytes skipped" }]);
  });
});

describe("protocol detection", () => {
  it("tells the three apart and decodes any", () => {
    expect(detectFlowProtocol(datagrams("netflow")[0]!)).toBe("netflow-v5");
    expect(detectFlowProtocol(datagrams("sflow")[0]!)).toBe("sflow-v5");
    expect(detectFlowProtocol(datagrams("ipfix")[0]!)).toBe("ipfix");
    expect(detectFlowProtocol(new Uint8Array([0, 9]))).toBeUndefined();
    expect(decodeFlowDatagram(datagrams("netflow")[0]!, new IpfixTemplateCache()).kind).toBe("netflow-v5");
    expect(thrown(() => decodeFlowDatagram(new Uint8Array([1]), new IpfixTemplateCache()))).toMatchObject({ code: "bad-version", offset: 0 });
  });
});
