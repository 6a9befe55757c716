/**
 * The flow collector under a flood from 127.0.0.1 (bounded in count; waits have a deadline as a
 * fuse, nothing asserts on time): the queue stays within its record / byte / datagram bounds,
 * drops are counted (by the queue, and by the kernel on Linux), heap growth stays bounded, IPFIX
 * template caches expire and stay bounded, and what the collector yields is plain data.
 */
import { createSocket, type Socket } from "node:dgram";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { fromJson, toJson } from "../src/core/json.js";
import { IpfixTemplateCache, decodeFlowDatagram } from "../src/export/index.js";
import { type CollectedDatagram, type FlowCollector, startFlowCollector } from "../src/node/export/index.js";
import { datagrams, ipfixMessage, u16 } from "./helpers/export.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** An IPFIX message with its template (256: one 4-byte sourceIPv4Address) and `k` records: 16 + 12 + 4 + 4k bytes. */
function tinyRecords(k: number, domain = 1): Uint8Array {
  const template: [number, number[]] = [2, [...u16(256), ...u16(1), ...u16(8), ...u16(4)]];
  return ipfixMessage(domain, [template, [256, Array.from({ length: k * 4 }, (_, i) => (i * 7) & 0xff)]]);
}

/** `n` templates (ids 256..) of one field each, without data. */
function manyTemplates(n: number, domain = 1): Uint8Array {
  return ipfixMessage(domain, [[2, Array.from({ length: n }, (_, i) => [...u16(256 + i), ...u16(1), ...u16(8), ...u16(4)]).flat()]]);
}

const sockets: Socket[] = [];
const collectors: FlowCollector[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const c of collectors.splice(0)) await c.close();
});

async function sender(): Promise<Socket> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  sockets.push(s);
  return s;
}
const send = (s: Socket, port: number, p: Uint8Array) => new Promise<void>((resolve, reject) => s.send(p, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));

/** Waits until `done()` (a fuse of 20 s turns a hang into a failure; nothing is timed). */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const fuse = Date.now() + 20_000;
  while (!(await done())) {
    if (Date.now() > fuse) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("the queue is bounded by records and bytes, not only datagrams", () => {
  it("64 KB IPFIX datagrams of 4-byte records (16,000 records each) with nobody reading: records and heap stay bounded, drops are counted", async () => {
    const big = tinyRecords(16_000);
    expect(big.byteLength).toBe(64_032);
    const c = await startFlowCollector({ maxQueueRecords: 40_000 });
    collectors.push(c);
    const s = await sender();
    const before = heapUsed();
    const N = 8;
    for (let i = 1; i <= N; i++) {
      await send(s, c.port, big);
      await until(() => c.stats().received.datagrams === i, `datagram ${i}`); // one at a time: no kernel drops
    }
    const st = c.stats();
    const grown = heapUsed() - before;
    expect(st.received).toEqual({ datagrams: N, bytes: N * 64_032 });
    // each datagram weighs 16,001 (1 template + 16,000 records): two fit under 40,000
    expect(st.queued).toEqual({ datagrams: 2, records: 32_002, bytes: 2 * 64_032 });
    expect(st.dropped).toEqual({ datagrams: N - 2, records: (N - 2) * 16_001, bytes: (N - 2) * 64_032 });
    // 16,000 records are ~6.3 MB of heap: 8 datagrams kept would be ~50 MB; 2 kept are ~13 MB.
    expect(grown).toBeLessThan(25 * 1024 * 1024);
    // the oldest were dropped: what is left are the last two
    const left: CollectedDatagram[] = [];
    const it = c[Symbol.asyncIterator]();
    for (let i = 0; i < 2; i++) left.push((await it.next()).value as CollectedDatagram);
    expect(left.map((d) => d.ok && d.message.kind === "ipfix" && d.message.sequenceNumber)).toEqual([1, 1]);
    expect(c.stats().queued).toEqual({ datagrams: 0, records: 0, bytes: 0 });
  });

  it("a datagram heavier than a bound on its own is dropped at once; maxQueueBytes bounds the bytes", async () => {
    const c = await startFlowCollector({ maxQueueRecords: 10_000, maxQueueBytes: 100_000 });
    collectors.push(c);
    const s = await sender();
    await send(s, c.port, tinyRecords(16_000));
    await until(() => c.stats().received.datagrams === 1, "the big datagram");
    expect(c.stats().queued.datagrams).toBe(0);
    expect(c.stats().dropped).toEqual({ datagrams: 1, records: 16_001, bytes: 64_032 });
    const mid = tinyRecords(1_000); // 4,032 bytes, 1,001 records
    for (let i = 1; i <= 30; i++) {
      await send(s, c.port, mid);
      await until(() => c.stats().received.datagrams === i + 1, `datagram ${i}`);
    }
    expect(c.stats().queued).toEqual({ datagrams: 9, records: 9_009, bytes: 9 * 4_032 }); // records bind first (10,000)
  });
});

describe("a flood of small datagrams", () => {
  it("3,000 NetFlow datagrams sent as fast as possible: queue at its datagram bound, every datagram received or counted as dropped", async () => {
    const c = await startFlowCollector({ maxQueueDatagrams: 100 });
    collectors.push(c);
    const s = await sender();
    const nf = datagrams("netflow")[0]!;
    const SENT = 3000;
    for (let i = 0; i < SENT; i++) s.send(nf, c.port, "127.0.0.1");
    await until(async () => {
      const k = await c.kernelStats();
      return c.stats().received.datagrams + (k.available ? k.drops : 0) === SENT;
    }, "every datagram to be received or dropped");
    const st = c.stats();
    const k = await c.kernelStats();
    expect(k.available).toBe(true); // Linux: /proc/net/udp
    expect(st.queued.datagrams).toBe(100);
    expect(st.dropped.datagrams).toBe(st.received.datagrams - 100);
    expect(st.decodeErrors).toBe(0);
    expect(st.recvBufferSize).toBeGreaterThan(0);
    if (k.available) expect(st.received.datagrams + k.drops).toBe(SENT);
  });
});

describe("IPFIX template caches", () => {
  it("expire when their exporter is silent longer than templateIdleTimeoutMs (clock injected)", async () => {
    let now = 1_000_000;
    const c = await startFlowCollector({ templateIdleTimeoutMs: 60_000, now: () => now });
    collectors.push(c);
    const a = await sender();
    const got: CollectedDatagram[] = [];
    const it = c[Symbol.asyncIterator]();
    await send(a, c.port, manyTemplates(3));
    got.push((await it.next()).value as CollectedDatagram);
    const from = got[0]!.from;
    expect(c.templateCache(from)?.size).toBe(3);
    expect(c.stats().templateCaches).toEqual({ exporters: 1, templates: 3, expired: 0, evicted: 0 });
    now += 59_999;
    expect(c.stats().templateCaches.exporters).toBe(1);
    now += 1;
    expect(c.stats().templateCaches).toEqual({ exporters: 0, templates: 0, expired: 1, evicted: 0 });
    expect(c.templateCache(from)).toBeUndefined();
    // data for the forgotten template is kept undecoded and reported
    await send(a, c.port, ipfixMessage(1, [[256, [10, 0, 0, 1]]]));
    const d = (await it.next()).value as CollectedDatagram;
    expect(d.ok && d.message.kind === "ipfix" && d.message.unknownSets.length).toBe(1);
  });

  it("at most maxExporters caches (the least recently heard goes) and maxTemplatesPerExporter templates each", async () => {
    const c = await startFlowCollector({ maxExporters: 2, maxTemplatesPerExporter: 10 });
    collectors.push(c);
    const it = c[Symbol.asyncIterator]();
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await sender();
      await send(s, c.port, manyTemplates(20));
      const d = (await it.next()).value as CollectedDatagram;
      ports.push(d.from.port);
      expect(d.ok && d.message.kind === "ipfix" && d.message.issues.length).toBe(10);
      expect(d.ok && d.message.kind === "ipfix" && d.message.issues[0]?.message).toMatch(/template 266 \(domain 1\) not learned: the template cache is full \(10 templates\)/);
    }
    expect(c.stats().templateCaches).toEqual({ exporters: 2, templates: 20, expired: 0, evicted: 1 });
    expect(c.templateCache({ address: "127.0.0.1", port: ports[0]! })).toBeUndefined();
  });

  it("IpfixTemplateCache: a template that replaces a known one is learned even when full", () => {
    const cache = new IpfixTemplateCache({ maxTemplates: 2 });
    decodeFlowDatagram(manyTemplates(2), cache);
    const again = decodeFlowDatagram(manyTemplates(3), cache);
    expect(cache.size).toBe(2);
    expect(again.kind === "ipfix" && again.issues.map((i) => i.message)).toEqual(["template 258 (domain 1) not learned: the template cache is full (2 templates)"]);
  });
});

describe("what the collector and the decoders return is plain data", () => {
  it("every datagram (NetFlow, sFlow, IPFIX, undecodable) survives structuredClone and toJson / fromJson", async () => {
    const c = await startFlowCollector();
    collectors.push(c);
    const s = await sender();
    const payloads = [datagrams("netflow")[0]!, datagrams("sflow")[0]!, ...datagrams("ipfix").slice(0, 5), new Uint8Array([0, 5, 0, 9])];
    for (const p of payloads) await send(s, c.port, p);
    const got: CollectedDatagram[] = [];
    for await (const d of c) {
      got.push(d);
      if (got.length === payloads.length) break;
    }
    expect(got.map((d) => (d.ok ? d.message.kind : d.error.code))).toEqual(["netflow-v5", "sflow-v5", "ipfix", "ipfix", "ipfix", "ipfix", "ipfix", "truncated"]);
    expect(got.at(-1)).toMatchObject({ ok: false, error: { code: "truncated", offset: 4, protocol: "netflow-v5" } });
    expect(typeof got[0]!.receivedAt).toBe("number");
    for (const d of got) {
      expect(structuredClone(d)).toEqual(d);
      expect(fromJson(toJson(d))).toEqual(d);
    }
  });

  it("the decoders' results on every captured datagram", () => {
    const cache = new IpfixTemplateCache();
    const all = [...datagrams("netflow"), ...datagrams("sflow"), ...datagrams("ipfix")];
    for (const dg of all) {
      const m = decodeFlowDatagram(dg, cache);
      expect(structuredClone(m)).toEqual(m);
      expect(fromJson(toJson(m))).toEqual(m);
    }
    expect(all.length).toBeGreaterThan(30);
  });
});
