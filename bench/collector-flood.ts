/**
 * Flow collector under a flood from 127.0.0.1 (not part of `npm run bench`; the numbers quoted in
 * the README's flow-export section come from it):
 * 1. 40 IPFIX datagrams of 64 KB, each 16,000 four-byte records, nobody reading: heap growth and
 *    queue with the default bounds and with the queue unbounded (what 0.1 did).
 * 2. 20,000 NetFlow datagrams sent at once: what Node received, what the queue dropped, what the
 *    kernel dropped (/proc/net/udp).
 *
 *   node --expose-gc --import tsx bench/collector-flood.ts
 */
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib.js";
import { startFlowCollector } from "../src/node/export/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** IPFIX: template 256 (one 4-byte sourceIPv4Address) and 16,000 records: 64,032 bytes. */
function bigIpfix(): Uint8Array {
  const sets = [
    [...u16(2), ...u16(12), ...u16(256), ...u16(1), ...u16(8), ...u16(4)],
    [...u16(256), ...u16(4 + 64_000), ...Array.from({ length: 64_000 }, (_, i) => i & 0xff)],
  ].flat();
  return new Uint8Array([...u16(10), ...u16(16 + sets.length), ...u32(1_700_000_000), ...u32(1), ...u32(1), ...sets]);
}

const big = bigIpfix();
for (const bounded of [true, false]) {
  const c = await startFlowCollector(bounded ? {} : { maxQueueRecords: 1e12, maxQueueBytes: 1e12 });
  const s = createSocket("udp4");
  const h0 = heap();
  for (let i = 1; i <= 40; i++) {
    await new Promise<void>((r) => s.send(big, c.port, "127.0.0.1", () => r()));
    while (c.stats().received.datagrams < i) await new Promise((r) => setTimeout(r, 2));
  }
  const st = c.stats();
  console.log(
    `${bounded ? "default bounds" : "unbounded     "}: queued ${st.queued.datagrams} datagrams / ${st.queued.records} records, dropped ${st.dropped.datagrams}, heap +${((heap() - h0) / 2 ** 20).toFixed(1)} MB`,
  );
  s.close();
  await c.close();
}

const nf = readFileSync(join(ROOT, "test/fixtures/export/netflow-001.bin"));
const c = await startFlowCollector({ maxQueueDatagrams: 100 });
const s = createSocket("udp4");
const SENT = 20_000;
for (let i = 0; i < SENT; i++) s.send(nf, c.port, "127.0.0.1");
for (let tries = 0; tries < 200; tries++) {
  const k = await c.kernelStats();
  if (c.stats().received.datagrams + (k.available ? k.drops : 0) >= SENT) break;
  await new Promise((r) => setTimeout(r, 20));
}
const st = c.stats();
const k = await c.kernelStats();
console.log(
  `${SENT} NetFlow datagrams: received ${st.received.datagrams}, queue dropped ${st.dropped.datagrams}, kernel dropped ${k.available ? k.drops : `? (${k.reason})`}, receive buffer ${st.recvBufferSize} bytes`,
);
s.close();
await c.close();
