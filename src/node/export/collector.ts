/**
 * A UDP collector for NetFlow v5, sFlow v5 and IPFIX that decodes datagrams as they arrive,
 * with a queue bounded in datagrams, records and bytes, counted drops, and IPFIX template
 * caches that expire with their exporter. Node-only (node:dgram).
 *
 * @module
 */
import { type RemoteInfo, type Socket, createSocket } from "node:dgram";
import { isIP } from "node:net";
import { type ErrorRecord, type FlowMessage, type FlowProtocol, type IpfixTemplateCache, IPFIX_MAX_TEMPLATES, decodeFlowDatagram, errorRecord, isFlowDecodeError } from "ovskit";
import { BoundedQueue, type QueueAmounts } from "./bounded-queue.js";
import { type ExporterCacheStats, ExporterCaches } from "./exporter-caches.js";
import { type KernelSocketStats, kernelSocketStats } from "./kernel-drops.js";

/** Where a datagram came from. */
export interface DatagramSource {
  readonly address: string;
  readonly port: number;
}

/** A datagram that did not decode: the decoder's error as plain data, and which decoder. */
export interface CollectedDecodeError extends ErrorRecord {
  readonly protocol?: FlowProtocol;
}

/** One received datagram (plain data): decoded, or the error that decoding it raised. */
export type CollectedDatagram =
  | { readonly ok: true; readonly from: DatagramSource; readonly receivedAt: number; readonly message: FlowMessage; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly from: DatagramSource; readonly receivedAt: number; readonly error: CollectedDecodeError; readonly bytes: Uint8Array };

/**
 * The default bounds of {@link startFlowCollector}: the queue holds at most 10,000 datagrams,
 * 100,000 records (an IPFIX record is about 400 bytes of heap: about 40 MB) and 16 MiB of
 * datagrams; an exporter's IPFIX templates are forgotten after 30 minutes of silence (OVS
 * re-sends them every 10 minutes); at most 1,024 exporters and 4,096 templates each.
 *
 * @example
 * ```ts
 * import { FLOW_COLLECTOR_DEFAULTS, startFlowCollector } from "ovskit/node";
 * await startFlowCollector({ maxQueueRecords: FLOW_COLLECTOR_DEFAULTS.maxQueueRecords / 10 });
 * ```
 */
export const FLOW_COLLECTOR_DEFAULTS = {
  maxQueueDatagrams: 10_000,
  maxQueueRecords: 100_000,
  maxQueueBytes: 16 * 1024 * 1024,
  templateIdleTimeoutMs: 30 * 60 * 1000,
  maxExporters: 1024,
  maxTemplatesPerExporter: IPFIX_MAX_TEMPLATES,
} as const;

/** Options of {@link startFlowCollector}. */
export interface FlowCollectorOptions {
  /** UDP port; 0 (the default) picks a free one (see {@link FlowCollector.port}). */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1; use `::` or `0.0.0.0` for every interface). */
  readonly host?: string;
  /** Datagrams kept while nobody reads; the oldest are dropped beyond this. */
  readonly maxQueueDatagrams?: number;
  /** Records (NetFlow records, sFlow samples and their records, IPFIX templates, records and unknown sets) kept while nobody reads. */
  readonly maxQueueRecords?: number;
  /** Datagram bytes kept while nobody reads. */
  readonly maxQueueBytes?: number;
  /** @deprecated Since 0.2.0: use `maxQueueDatagrams`; removed in 0.3.0. */
  readonly maxQueue?: number;
  /** An exporter silent this long loses its IPFIX template cache. */
  readonly templateIdleTimeoutMs?: number;
  /** Exporters (source address and port) with a template cache; the least recently heard goes first. */
  readonly maxExporters?: number;
  /** Templates per exporter (see `IpfixTemplateCache`'s `maxTemplates`). */
  readonly maxTemplatesPerExporter?: number;
  /** The socket's receive buffer (`SO_RCVBUF`) in bytes; the system default when unset. */
  readonly recvBufferSize?: number;
  /** The clock, in milliseconds since the epoch (default `Date.now`); for tests. */
  readonly now?: () => number;
}

/** A snapshot of a collector's counters (plain data). */
export interface FlowCollectorStats {
  /** Datagrams received since the start, and their bytes. */
  readonly received: { readonly datagrams: number; readonly bytes: number };
  /** Datagrams that did not decode. */
  readonly decodeErrors: number;
  /** What the queue holds now. */
  readonly queued: QueueAmounts;
  /** What the queue dropped (oldest first, or a datagram heavier than a bound on its own). */
  readonly dropped: QueueAmounts;
  /** The per-exporter IPFIX template caches. */
  readonly templateCaches: ExporterCacheStats;
  /** The socket's receive buffer size in bytes. */
  readonly recvBufferSize: number;
}

/**
 * A running collector. Iterate it (`for await`) or pass `onDatagram`; {@link FlowCollector.close}
 * ends the iteration, and leaving a `for await` loop (`break`) closes the collector.
 */
export interface FlowCollector extends AsyncIterable<CollectedDatagram> {
  /** The bound UDP port. */
  readonly port: number;
  readonly host: string;
  /** @deprecated Since 0.2.0: use `stats().dropped.datagrams`; removed in 0.3.0. */
  readonly dropped: number;
  /** The collector's counters. */
  stats(): FlowCollectorStats;
  /** The kernel's drop counter and receive queue for the socket (Linux: /proc/net/udp), or why it is unavailable. */
  kernelStats(): Promise<KernelSocketStats>;
  /** The IPFIX template cache of an exporter (`address:port`), if it has one. */
  templateCache(from: DatagramSource): IpfixTemplateCache | undefined;
  /** Stops listening; pending iterations end. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Binds a UDP socket and decodes every datagram (NetFlow v5, sFlow v5 or IPFIX, told apart by
 * their version field; IPFIX templates cached per exporter). A datagram that does not decode is
 * delivered with its error as an `ErrorRecord`; it does not stop the collector. Datagrams are
 * queued for the iterator; when `onDatagram` is given they go to it instead (and to an iterator
 * only if one is waiting at that moment). The queue is bounded by {@link FLOW_COLLECTOR_DEFAULTS}
 * (or the options): with nobody reading, the oldest datagrams are dropped and counted
 * (`stats().dropped`); what the kernel drops before Node reads it is in `kernelStats()`.
 *
 * @example
 * ```ts
 * import { startFlowCollector } from "ovskit/node";
 * const collector = await startFlowCollector({ port: 2055, maxQueueRecords: 50_000 });
 * for await (const d of collector) {
 *   if (d.ok && d.message.kind === "netflow-v5") console.log(d.message.records);
 *   else if (!d.ok) console.error(d.error.message);
 * }
 * console.log(collector.stats().dropped, await collector.kernelStats());
 * ```
 */
export async function startFlowCollector(options: FlowCollectorOptions = {}, onDatagram?: (d: CollectedDatagram) => void): Promise<FlowCollector> {
  const d = FLOW_COLLECTOR_DEFAULTS;
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const queue = new BoundedQueue<CollectedDatagram>({
    items: options.maxQueueDatagrams ?? options.maxQueue ?? d.maxQueueDatagrams,
    records: options.maxQueueRecords ?? d.maxQueueRecords,
    bytes: options.maxQueueBytes ?? d.maxQueueBytes,
  });
  const caches = new ExporterCaches({
    idleMs: options.templateIdleTimeoutMs ?? d.templateIdleTimeoutMs,
    maxExporters: options.maxExporters ?? d.maxExporters,
    maxTemplates: options.maxTemplatesPerExporter ?? d.maxTemplatesPerExporter,
  });
  const socket: Socket = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4", ...(options.recvBufferSize !== undefined && { recvBufferSize: options.recvBufferSize }) });
  const waiters: ((r: IteratorResult<CollectedDatagram>) => void)[] = [];
  let closed = false;
  let received = 0;
  let receivedBytes = 0;
  let decodeErrors = 0;

  socket.on("message", (msg: Buffer, rinfo: RemoteInfo) => {
    const from = { address: rinfo.address, port: rinfo.port };
    const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
    const receivedAt = now();
    received++;
    receivedBytes += bytes.byteLength;
    let item: CollectedDatagram;
    try {
      item = { ok: true, from, receivedAt, message: decodeFlowDatagram(bytes, caches.get(`${from.address}:${from.port}`, receivedAt)), bytes };
    } catch (e) {
      // A decoder bug must not take the collector down: report it like a bad datagram.
      decodeErrors++;
      item = { ok: false, from, receivedAt, error: { ...errorRecord(e), ...(isFlowDecodeError(e) && { protocol: e.protocol }) }, bytes };
    }
    onDatagram?.(item);
    const w = waiters.shift();
    if (w !== undefined) w({ value: item, done: false });
    else if (onDatagram === undefined) queue.push(item, weight(item), bytes.byteLength);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port ?? 0, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  socket.on("error", () => void close());
  const address = socket.address();
  // Expire idle exporters even when no datagram arrives (the timer does not keep Node alive).
  const sweep = setInterval(() => caches.expire(now()), Math.min(60_000, Math.max(1000, (options.templateIdleTimeoutMs ?? d.templateIdleTimeoutMs) / 4)));
  sweep.unref();

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(sweep);
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    for (const w of waiters.splice(0)) w({ value: undefined, done: true });
  }

  return {
    port: address.port,
    host,
    get dropped() {
      return queue.dropped().datagrams;
    },
    stats: () => ({
      received: { datagrams: received, bytes: receivedBytes },
      decodeErrors,
      queued: queue.held(),
      dropped: queue.dropped(),
      templateCaches: caches.stats(now()),
      recvBufferSize: closed ? 0 : socket.getRecvBufferSize(),
    }),
    kernelStats: () => (closed ? Promise.resolve({ available: false, reason: "the collector is closed" }) : kernelSocketStats(address.address, address.port)),
    templateCache: (from) => caches.peek(`${from.address}:${from.port}`),
    close,
    [Symbol.asyncIterator](): AsyncIterator<CollectedDatagram> {
      return {
        next(): Promise<IteratorResult<CollectedDatagram>> {
          const item = queue.shift();
          if (item !== undefined) return Promise.resolve({ value: item, done: false });
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => waiters.push(resolve));
        },
        async return(): Promise<IteratorResult<CollectedDatagram>> {
          await close();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** The records a datagram brings: what its decoded form holds, at least 1. */
function weight(d: CollectedDatagram): number {
  if (!d.ok) return 1;
  const m = d.message;
  if (m.kind === "netflow-v5") return Math.max(1, m.records.length);
  if (m.kind === "sflow-v5") return Math.max(1, m.samples.reduce((n, s) => n + 1 + ("records" in s ? s.records.length : 0), 0));
  return Math.max(1, m.templates.length + m.records.length + m.unknownSets.length + m.issues.length);
}
