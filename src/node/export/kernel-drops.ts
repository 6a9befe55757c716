/**
 * Datagrams the kernel dropped before the collector could read them. Node's `dgram` does not
 * report them (no `SO_RXQ_OVFL`, no drop counter); on Linux, `/proc/net/udp` and
 * `/proc/net/udp6` carry each socket's `drops` counter and receive-queue size, found by the
 * socket's local address and port.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { isIPv4 } from "node:net";
import { endianness } from "node:os";

/** The kernel's view of a UDP socket, or why there is none. */
export type KernelSocketStats =
  | {
      readonly available: true;
      /** Datagrams the kernel dropped for this socket (the receive buffer was full, or a checksum was bad). */
      readonly drops: number;
      /** Bytes waiting in the socket's receive queue. */
      readonly queuedBytes: number;
      /** Where the numbers come from. */
      readonly source: string;
    }
  | { readonly available: false; readonly reason: string };

/**
 * The kernel's drop counter and receive queue of the UDP socket bound to `address:port`, from
 * `/proc/net/udp` (IPv4) or `/proc/net/udp6` (IPv6). Unavailable off Linux, or when no socket
 * there has that local address (for example a dual-stack socket bound to `::` seen through
 * the other file).
 *
 * @internal
 * @example
 * ```ts
 * const k = await kernelSocketStats("127.0.0.1", 2055);
 * if (k.available) console.log(k.drops);
 * ```
 */
export async function kernelSocketStats(address: string, port: number): Promise<KernelSocketStats> {
  const v4 = isIPv4(address);
  const file = v4 ? "/proc/net/udp" : "/proc/net/udp6";
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return { available: false, reason: `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): the kernel's drop counter is only available on Linux` };
  }
  const local = `${addressHex(address, v4)}:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  for (const line of text.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] !== local) continue;
    const rxQueue = cols[4]?.split(":")[1];
    const drops = Number(cols[12]);
    if (rxQueue === undefined || !Number.isSafeInteger(drops)) return { available: false, reason: `${file}: unexpected line format: ${line.trim()}` };
    return { available: true, drops, queuedBytes: Number.parseInt(rxQueue, 16), source: file };
  }
  return { available: false, reason: `no socket bound to ${address}:${port} in ${file}` };
}

/** The address as /proc/net/udp* print it: 32-bit words in the host's byte order, in hex. */
function addressHex(address: string, v4: boolean): string {
  const bytes = v4 ? address.split(".").map(Number) : ipv6Bytes(address);
  const le = endianness() === "LE";
  let out = "";
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.slice(w, w + 4);
    for (const b of le ? word.reverse() : word) out += (b ?? 0).toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function ipv6Bytes(address: string): number[] {
  const [head = "", tail = ""] = address.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = address.includes("::") ? groups(tail) : [];
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}
