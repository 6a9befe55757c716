/**
 * NetFlow version 5 export datagrams (Cisco's fixed format, as OVS's `NetFlow` table sends them
 * from `ofproto/netflow.c`): a 24-byte header, then `count` records of 48 bytes.
 *
 * @module
 */
import { ByteReader, ipv4Text } from "./reader.js";

/** One NetFlow v5 flow record. Times are milliseconds of the exporter's uptime. */
export interface NetflowV5Record {
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly nextHop: string;
  /** SNMP ifIndex (OVS: the OpenFlow port number, or 65535 for none / several). */
  readonly input: number;
  readonly output: number;
  readonly packets: number;
  readonly octets: number;
  /** Uptime (ms) at the first packet of the flow. */
  readonly first: number;
  /** Uptime (ms) at the last packet of the flow. */
  readonly last: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Cumulative OR of the TCP flags seen. */
  readonly tcpFlags: number;
  /** IP protocol number. */
  readonly protocol: number;
  readonly tos: number;
  readonly srcAs: number;
  readonly dstAs: number;
  readonly srcMask: number;
  readonly dstMask: number;
}

/** A decoded NetFlow v5 datagram. */
export interface NetflowV5Message {
  readonly kind: "netflow-v5";
  readonly version: 5;
  /** Milliseconds since the exporter started. */
  readonly sysUptime: number;
  /** Export time: seconds and residual nanoseconds since the Unix epoch. */
  readonly unixSecs: number;
  readonly unixNsecs: number;
  /** Sequence number of the first record of this datagram (count of records sent before it). */
  readonly flowSequence: number;
  readonly engineType: number;
  readonly engineId: number;
  /** Sampling mode (2 bits) and interval (14 bits); 0 / 0 when not sampled. */
  readonly samplingMode: number;
  readonly samplingInterval: number;
  readonly records: readonly NetflowV5Record[];
}

const HEADER = 24;
const RECORD = 48;

/**
 * Decodes one NetFlow v5 datagram. Throws a {@link FlowDecodeError} (with the byte offset) when
 * the version is not 5, the datagram is shorter than its header or `count` records, or longer
 * than that (trailing bytes).
 *
 * @example
 * ```ts
 * import { decodeNetflowV5 } from "ovskit";
 * const msg = decodeNetflowV5(datagram);
 * for (const r of msg.records) console.log(`${r.srcAddr}:${r.srcPort} -> ${r.dstAddr}:${r.dstPort}`, r.protocol, r.packets, r.octets);
 * ```
 */
export function decodeNetflowV5(buf: Uint8Array): NetflowV5Message {
  const r = new ByteReader(buf, "netflow-v5");
  const version = r.u16("header");
  if (version !== 5) r.fail("bad-version", `version ${version}, expected 5`, 0);
  const count = r.u16("header");
  r.need(HEADER - 4, "header");
  const sysUptime = r.u32();
  const unixSecs = r.u32();
  const unixNsecs = r.u32();
  const flowSequence = r.u32();
  const engineType = r.u8();
  const engineId = r.u8();
  const sampling = r.u16();
  if (count > 30) r.fail("bad-length", `count ${count} is over the 30 records a NetFlow v5 datagram may hold`, 2);
  const want = HEADER + count * RECORD;
  if (buf.length < want) {
    r.pos = HEADER + Math.floor((buf.length - HEADER) / RECORD) * RECORD;
    r.need(RECORD, `record ${Math.floor((buf.length - HEADER) / RECORD) + 1} of ${count}`);
  }
  if (buf.length > want) r.fail("bad-length", `${buf.length - want} bytes after the ${count} records`, want);
  const records: NetflowV5Record[] = [];
  for (let i = 0; i < count; i++) records.push(readRecord(r));
  return {
    kind: "netflow-v5",
    version: 5,
    sysUptime,
    unixSecs,
    unixNsecs,
    flowSequence,
    engineType,
    engineId,
    samplingMode: sampling >> 14,
    samplingInterval: sampling & 0x3fff,
    records,
  };
}

function readRecord(r: ByteReader): NetflowV5Record {
  const addr = r.take(12);
  const input = r.u16();
  const output = r.u16();
  const packets = r.u32();
  const octets = r.u32();
  const first = r.u32();
  const last = r.u32();
  const srcPort = r.u16();
  const dstPort = r.u16();
  r.skip(1);
  const tcpFlags = r.u8();
  const protocol = r.u8();
  const tos = r.u8();
  const srcAs = r.u16();
  const dstAs = r.u16();
  const srcMask = r.u8();
  const dstMask = r.u8();
  r.skip(2);
  return {
    srcAddr: ipv4Text(addr, 0),
    dstAddr: ipv4Text(addr, 4),
    nextHop: ipv4Text(addr, 8),
    input,
    output,
    packets,
    octets,
    first,
    last,
    srcPort,
    dstPort,
    tcpFlags,
    protocol,
    tos,
    srcAs,
    dstAs,
    srcMask,
    dstMask,
  };
}
