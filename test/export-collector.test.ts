import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { type CollectedDatagram, startFlowCollector } from "../src/node/export/index.js";
import { datagrams } from "./helpers/export.js";

async function send(port: number, payloads: readonly Uint8Array[]): Promise<void> {
  const s = createSocket("udp4");
  for (const p of payloads) await new Promise<void>((resolve, reject) => s.send(p, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  await new Promise<void>((r) => s.close(() => r()));
}

describe("UDP flow collector (loopback)", () => {
  it("decodes datagrams of the three protocols as they arrive, IPFIX templates cached per exporter", async () => {
    const collector = await startFlowCollector({ port: 0 });
    expect(collector.port).toBeGreaterThan(0);
    const ipfix = datagrams("ipfix");
    const payloads = [datagrams("netflow")[0]!, datagrams("sflow")[0]!, ...ipfix, new Uint8Array([0, 5, 0, 9])];
    await send(collector.port, payloads);
    const got: CollectedDatagram[] = [];
    for await (const d of collector) {
      got.push(d);
      if (got.length === payloads.length) break; // leaving the loop closes the collector
    }
    expect(got.slice(0, 2).map((d) => (d.ok ? d.message.kind : d.error.code))).toEqual(["netflow-v5", "sflow-v5"]);
    const ipfixMsgs = got.slice(2, 2 + ipfix.length);
    expect(ipfixMsgs.every((d) => d.ok && d.message.kind === "ipfix")).toBe(true);
    const records = ipfixMsgs.flatMap((d) => (d.ok && d.message.kind === "ipfix" ? d.message.records : []));
    expect(records.filter((r) => !r.options)).toHaveLength(10);
    expect(collector.templateCache(got[2]!.from)?.size).toBeGreaterThan(50);
    const bad = got.at(-1)!;
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatchObject({ protocol: "netflow-v5", code: "truncated", offset: 4 });
    expect(bad.from.address).toBe("127.0.0.1");
    // closed: iterating again ends at once
    const it2 = collector[Symbol.asyncIterator]();
    expect(await it2.next()).toEqual({ value: undefined, done: true });
  });

  it("close() ends a pending iteration; onDatagram gets each datagram", async () => {
    const seen: string[] = [];
    const collector = await startFlowCollector({}, (d) => seen.push(d.ok ? d.message.kind : "error"));
    const pending = collector[Symbol.asyncIterator]().next();
    await send(collector.port, [datagrams("netflow")[0]!]);
    expect((await pending).done).toBe(false);
    const next = collector[Symbol.asyncIterator]().next();
    await collector.close();
    await collector.close();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(seen).toEqual(["netflow-v5"]);
  });

  it("fails to start on a port in use", async () => {
    const a = await startFlowCollector();
    await expect(startFlowCollector({ port: a.port })).rejects.toThrow(/EADDRINUSE/);
    await a.close();
  });
});
