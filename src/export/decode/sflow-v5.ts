/**
 * sFlow version 5 datagrams (sflow.org sFlow v5, XDR encoded), as OVS's `sFlow` table sends
 * them: flow samples (with the raw packet header decoded to Ethernet / IP / L4) and counter
 * samples. Records this decoder does not know are kept with their enterprise, format and bytes.
 *
 * @module
 */
import { decodeEthernet, decodeIp, type PacketHeaders } from "./packet-headers.js";
import { ByteReader, ipv4Text, ipv6Text } from "./reader.js";

/** A flow record of a flow sample. */
export type SflowFlowRecord =
  | {
      readonly kind: "raw-header";
      /** 1 Ethernet, 11 IPv4, 12 IPv6 (others are kept undecoded). */
      readonly headerProtocol: number;
      /** Length of the original frame. */
      readonly frameLength: number;
      /** Bytes removed from the frame before sampling (e.g. the FCS). */
      readonly stripped: number;
      /** The sampled header bytes (a view into the datagram). */
      readonly header: Uint8Array;
      /** The header decoded to Ethernet / IP / L4, as far as it goes. */
      readonly decoded: PacketHeaders;
    }
  | { readonly kind: "extended-switch"; readonly srcVlan: number; readonly srcPriority: number; readonly dstVlan: number; readonly dstPriority: number }
  | SflowUnknownRecord;

/** A counter record of a counter sample. */
export type SflowCounterRecord =
  | ({ readonly kind: "generic-interface" } & SflowInterfaceCounters)
  | { readonly kind: "openflow-port"; readonly datapathId: bigint; readonly portNo: number }
  | { readonly kind: "port-name"; readonly name: string }
  | SflowUnknownRecord;

/** A record kept undecoded. */
export interface SflowUnknownRecord {
  readonly kind: "unknown";
  readonly enterprise: number;
  readonly format: number;
  readonly data: Uint8Array;
}

/** sFlow generic interface counters (counter record 0:1). */
export interface SflowInterfaceCounters {
  readonly ifIndex: number;
  readonly ifType: number;
  readonly ifSpeed: bigint;
  readonly ifDirection: number;
  readonly ifStatus: number;
  readonly ifInOctets: bigint;
  readonly ifInUcastPkts: number;
  readonly ifInMulticastPkts: number;
  readonly ifInBroadcastPkts: number;
  readonly ifInDiscards: number;
  readonly ifInErrors: number;
  readonly ifInUnknownProtos: number;
  readonly ifOutOctets: bigint;
  readonly ifOutUcastPkts: number;
  readonly ifOutMulticastPkts: number;
  readonly ifOutBroadcastPkts: number;
  readonly ifOutDiscards: number;
  readonly ifOutErrors: number;
  readonly ifPromiscuousMode: number;
}

/** A flow sample (sample format 0:1, or 0:3 when `expanded`). */
export interface SflowFlowSample {
  readonly kind: "flow";
  readonly expanded: boolean;
  readonly sequenceNumber: number;
  readonly sourceIdType: number;
  readonly sourceIdIndex: number;
  readonly samplingRate: number;
  readonly samplePool: number;
  readonly drops: number;
  /** Input / output interface: format (0 ifIndex, 1 discarded, 2 several) and value. */
  readonly input: { readonly format: number; readonly value: number };
  readonly output: { readonly format: number; readonly value: number };
  readonly records: readonly SflowFlowRecord[];
}

/** A counter sample (sample format 0:2, or 0:4 when `expanded`). */
export interface SflowCounterSample {
  readonly kind: "counter";
  readonly expanded: boolean;
  readonly sequenceNumber: number;
  readonly sourceIdType: number;
  readonly sourceIdIndex: number;
  readonly records: readonly SflowCounterRecord[];
}

/** A sample this decoder does not know, kept undecoded. */
export interface SflowUnknownSample {
  readonly kind: "unknown";
  readonly enterprise: number;
  readonly format: number;
  readonly data: Uint8Array;
}

/** A decoded sFlow v5 datagram. */
export interface SflowV5Message {
  readonly kind: "sflow-v5";
  readonly version: 5;
  /** The agent address (OVS: the `agent` column resolved to an IP). */
  readonly agentAddress: string;
  readonly subAgentId: number;
  readonly sequenceNumber: number;
  /** Milliseconds since the agent started. */
  readonly uptime: number;
  readonly samples: readonly (SflowFlowSample | SflowCounterSample | SflowUnknownSample)[];
}

/**
 * Decodes one sFlow v5 datagram. Throws a {@link FlowDecodeError} (with the byte offset) for a
 * wrong version, an unknown agent address type, or any length that runs past its container.
 *
 * @example
 * ```ts
 * import { decodeSflowV5 } from "ovskit";
 * const msg = decodeSflowV5(datagram);
 * for (const s of msg.samples) {
 *   if (s.kind !== "flow") continue;
 *   for (const rec of s.records) if (rec.kind === "raw-header") console.log(s.samplingRate, rec.decoded.ip?.src, rec.decoded.l4);
 * }
 * ```
 */
export function decodeSflowV5(buf: Uint8Array): SflowV5Message {
  const r = new ByteReader(buf, "sflow-v5");
  const version = r.u32("header");
  if (version !== 5) r.fail("bad-version", `version ${version}, expected 5`, 0);
  const agentAddress = readAddress(r);
  const subAgentId = r.u32("header");
  const sequenceNumber = r.u32("header");
  const uptime = r.u32("header");
  const n = r.u32("header");
  const samples: SflowV5Message["samples"][number][] = [];
  for (let i = 0; i < n; i++) {
    const dataFormat = r.u32(`sample ${i + 1} of ${n}`);
    const len = lengthOf(r, `sample ${i + 1} of ${n}`);
    const s = r.sub(len, `sample ${i + 1} of ${n}`);
    samples.push(readSample(s, dataFormat >>> 12, dataFormat & 0xfff));
  }
  if (r.remaining > 0) r.fail("bad-length", `${r.remaining} bytes after the ${n} samples`);
  return { kind: "sflow-v5", version: 5, agentAddress, subAgentId, sequenceNumber, uptime, samples };
}

function lengthOf(r: ByteReader, what: string): number {
  const at = r.pos;
  const len = r.u32(what);
  if (len > r.remaining) r.fail("bad-length", `${what}: length ${len} runs past its container (${r.remaining} bytes left)`, at);
  return len;
}

function readAddress(r: ByteReader): string {
  const at = r.pos;
  const type = r.u32("agent address type");
  if (type === 1) return ipv4Text(r.take(4, "agent address"));
  if (type === 2) return ipv6Text(r.take(16, "agent address"));
  return r.fail("bad-value", `agent address type ${type} (1 IPv4, 2 IPv6)`, at);
}

function readSample(r: ByteReader, enterprise: number, format: number): SflowV5Message["samples"][number] {
  if (enterprise !== 0 || format < 1 || format > 4) return { kind: "unknown", enterprise, format, data: r.take(r.remaining) };
  const expanded = format >= 3;
  const sequenceNumber = r.u32("sample header");
  let sourceIdType: number;
  let sourceIdIndex: number;
  if (expanded) {
    sourceIdType = r.u32("sample header");
    sourceIdIndex = r.u32("sample header");
  } else {
    const id = r.u32("sample header");
    sourceIdType = id >>> 24;
    sourceIdIndex = id & 0xffffff;
  }
  if (format === 2 || format === 4) {
    const records = readRecords(r, readCounterRecord);
    return { kind: "counter", expanded, sequenceNumber, sourceIdType, sourceIdIndex, records };
  }
  const samplingRate = r.u32("flow sample");
  const samplePool = r.u32("flow sample");
  const drops = r.u32("flow sample");
  const input = readInterface(r, expanded);
  const output = readInterface(r, expanded);
  const records = readRecords(r, readFlowRecord);
  return { kind: "flow", expanded, sequenceNumber, sourceIdType, sourceIdIndex, samplingRate, samplePool, drops, input, output, records };
}

function readInterface(r: ByteReader, expanded: boolean): { format: number; value: number } {
  if (expanded) return { format: r.u32("interface"), value: r.u32("interface") };
  const v = r.u32("interface");
  return { format: v >>> 30, value: v & 0x3fffffff };
}

function readRecords<T>(r: ByteReader, one: (r: ByteReader, enterprise: number, format: number) => T): T[] {
  const n = r.u32("record count");
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const dataFormat = r.u32(`record ${i + 1} of ${n}`);
    const len = lengthOf(r, `record ${i + 1} of ${n}`);
    out.push(one(r.sub(len, `record ${i + 1} of ${n}`), dataFormat >>> 12, dataFormat & 0xfff));
  }
  if (r.remaining > 0) r.fail("bad-length", `${r.remaining} bytes after the ${n} records of the sample`);
  return out;
}

function readFlowRecord(r: ByteReader, enterprise: number, format: number): SflowFlowRecord {
  if (enterprise === 0 && format === 1) {
    const headerProtocol = r.u32("raw header");
    const frameLength = r.u32("raw header");
    const stripped = r.u32("raw header");
    const len = lengthOf(r, "raw header length");
    const header = r.take(len, "raw header");
    const decoded = headerProtocol === 1 ? decodeEthernet(header) : headerProtocol === 11 || headerProtocol === 12 ? decodeIp(header) : {};
    return { kind: "raw-header", headerProtocol, frameLength, stripped, header, decoded };
  }
  if (enterprise === 0 && format === 1001 && r.remaining >= 16) {
    return { kind: "extended-switch", srcVlan: r.u32(), srcPriority: r.u32(), dstVlan: r.u32(), dstPriority: r.u32() };
  }
  return { kind: "unknown", enterprise, format, data: r.take(r.remaining) };
}

function readCounterRecord(r: ByteReader, enterprise: number, format: number): SflowCounterRecord {
  if (enterprise === 0 && format === 1 && r.remaining >= 88) {
    return {
      kind: "generic-interface",
      ifIndex: r.u32(),
      ifType: r.u32(),
      ifSpeed: r.u64(),
      ifDirection: r.u32(),
      ifStatus: r.u32(),
      ifInOctets: r.u64(),
      ifInUcastPkts: r.u32(),
      ifInMulticastPkts: r.u32(),
      ifInBroadcastPkts: r.u32(),
      ifInDiscards: r.u32(),
      ifInErrors: r.u32(),
      ifInUnknownProtos: r.u32(),
      ifOutOctets: r.u64(),
      ifOutUcastPkts: r.u32(),
      ifOutMulticastPkts: r.u32(),
      ifOutBroadcastPkts: r.u32(),
      ifOutDiscards: r.u32(),
      ifOutErrors: r.u32(),
      ifPromiscuousMode: r.u32(),
    };
  }
  if (enterprise === 0 && format === 1004 && r.remaining >= 12) return { kind: "openflow-port", datapathId: r.u64(), portNo: r.u32() };
  if (enterprise === 0 && format === 1005) {
    const len = lengthOf(r, "port name");
    return { kind: "port-name", name: new TextDecoder().decode(r.take(len, "port name")) };
  }
  return { kind: "unknown", enterprise, format, data: r.take(r.remaining) };
}
