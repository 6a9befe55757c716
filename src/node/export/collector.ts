/**
 * A UDP collector for NetFlow v5, sFlow v5 and IPFIX that decodes datagrams as they arrive.
 * Node-only (node:dgram).
 *
 * @module
 */
import { type RemoteInfo, type Socket, createSocket } from "node:dgram";
import { isIP } from "node:net";
import { decodeFlowDatagram, FlowDecodeError, type FlowMessage, IpfixTemplateCache, isFlowDecodeError } from "ovskit";

/** Where a datagram came from. */
export interface DatagramSource {
  readonly address: string;
  readonly port: number;
}

/** One received datagram: decoded, or the typed error that decoding it raised. */
export type CollectedDatagram =
  | { readonly ok: true; readonly from: DatagramSource; readonly receivedAt: Date; readonly message: FlowMessage; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly from: DatagramSource; readonly receivedAt: Date; readonly error: FlowDecodeError; readonly bytes: Uint8Array };

/** Options of {@link startFlowCollector}. */
export interface FlowCollectorOptions {
  /** UDP port; 0 (the default) picks a free one (see {@link FlowCollector.port}). */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1; use `::` or `0.0.0.0` for every interface). */
  readonly host?: string;
  /** Datagrams kept while nobody iterates; the oldest are dropped beyond this (default 10000). */
  readonly maxQueue?: number;
}

/**
 * A running collector. Iterate it (`for await`) or pass `onDatagram`; {@link FlowCollector.close}
 * ends the iteration, and leaving a `for await` loop (`break`) closes the collector.
 */
export interface FlowCollector extends AsyncIterable<CollectedDatagram> {
  /** The bound UDP port. */
  readonly port: number;
  readonly host: string;
  /** Datagrams dropped because the queue was full. */
  readonly dropped: number;
  /** IPFIX templates are cached per exporter (`address:port`). */
  templateCache(from: DatagramSource): IpfixTemplateCache;
  /** Stops listening; pending iterations end. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Binds a UDP socket and decodes every datagram (NetFlow v5, sFlow v5 or IPFIX, told apart by
 * their version field; IPFIX templates cached per exporter). A datagram that does not decode
 * is delivered with its {@link FlowDecodeError}, it does not stop the collector. Datagrams are
 * queued for the iterator; when `onDatagram` is given they go to it instead (and to an
 * iterator only if one is waiting at that moment).
 *
 * @example
 * ```ts
 * import { startFlowCollector } from "ovskit/node";
 * const collector = await startFlowCollector({ port: 2055 });
 * for await (const d of collector) {
 *   if (d.ok && d.message.kind === "netflow-v5") console.log(d.message.records);
 *   else if (!d.ok) console.error(d.error.message);
 * }
 * ```
 */
export async function startFlowCollector(options: FlowCollectorOptions = {}, onDatagram?: (d: CollectedDatagram) => void): Promise<FlowCollector> {
  const host = options.host ?? "127.0.0.1";
  const maxQueue = options.maxQueue ?? 10_000;
  const socket: Socket = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
  const caches = new Map<string, IpfixTemplateCache>();
  const queue: CollectedDatagram[] = [];
  const waiters: ((r: IteratorResult<CollectedDatagram>) => void)[] = [];
  let closed = false;
  let dropped = 0;

  const cacheOf = (from: DatagramSource): IpfixTemplateCache => {
    const key = `${from.address}:${from.port}`;
    let c = caches.get(key);
    if (c === undefined) caches.set(key, (c = new IpfixTemplateCache()));
    return c;
  };

  socket.on("message", (msg: Buffer, rinfo: RemoteInfo) => {
    const from = { address: rinfo.address, port: rinfo.port };
    const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
    const receivedAt = new Date();
    let d: CollectedDatagram;
    try {
      d = { ok: true, from, receivedAt, message: decodeFlowDatagram(bytes, cacheOf(from)), bytes };
    } catch (e) {
      // A decoder bug must not take the collector down: report it like a bad datagram.
      const error = isFlowDecodeError(e) ? e : new FlowDecodeError("ipfix", "bad-value", `decoder failure: ${String(e)}`, 0);
      d = { ok: false, from, receivedAt, error, bytes };
    }
    onDatagram?.(d);
    const w = waiters.shift();
    if (w !== undefined) w({ value: d, done: false });
    else if (onDatagram === undefined) {
      queue.push(d);
      if (queue.length > maxQueue) {
        queue.shift();
        dropped++;
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port ?? 0, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  socket.on("error", () => void close());
  const port = socket.address().port;

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    for (const w of waiters.splice(0)) w({ value: undefined, done: true });
  }

  return {
    port,
    host,
    get dropped() {
      return dropped;
    },
    templateCache: cacheOf,
    close,
    [Symbol.asyncIterator](): AsyncIterator<CollectedDatagram> {
      return {
        next(): Promise<IteratorResult<CollectedDatagram>> {
          const d = queue.shift();
          if (d !== undefined) return Promise.resolve({ value: d, done: false });
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
