import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES } from "./fixtures.js";

/** The captured datagrams of one protocol (`netflow`, `sflow`, `ipfix`), in arrival order. */
export function datagrams(prefix: "netflow" | "sflow" | "ipfix"): Uint8Array[] {
  const dir = join(FIXTURES, "export");
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith(".bin"))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

/** Builds an IPFIX message from sets (each `[setId, bytes]`), for hand-made test cases. */
export function ipfixMessage(domain: number, sets: readonly (readonly [number, readonly number[]])[], seq = 1): Uint8Array {
  const body = sets.flatMap(([id, bytes]) => [...u16(id), ...u16(bytes.length + 4), ...bytes]);
  return new Uint8Array([...u16(10), ...u16(16 + body.length), ...u32(1_700_000_000), ...u32(seq), ...u32(domain), ...body]);
}

export function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
