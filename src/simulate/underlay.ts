/**
 * The tunnel underlay of native (userspace) tunnels: the routes (`ovs-appctl ovs/route/show`)
 * and neighbours (`ovs-appctl tnl/neigh/show`) that `tnl_push` needs to build the outer headers.
 *
 * @module
 */
import { forEachLine } from "../core/dump-lines.js";

/** A route of the tunnel underlay (`ovs-appctl ovs/route/show`). */
export interface UnderlayRoute {
  /** Destination network (`198.51.100.0`) and prefix length. */
  readonly prefix: string;
  readonly plen: number;
  /** Output device: the bridge whose LOCAL port owns the source address. */
  readonly dev: string;
  readonly gateway?: string;
  readonly src?: string;
  /** `local` routes win over any other of the same or shorter prefix. */
  readonly local?: boolean;
  readonly mark?: number;
}

/** A neighbour (ARP / ND cache) entry of the tunnel underlay (`ovs-appctl tnl/neigh/show`). */
export interface UnderlayNeighbor {
  readonly ip: string;
  readonly mac: string;
  readonly bridge: string;
}

/**
 * Parses `ovs-appctl ovs/route/show` (`Cached: 10.0.0.0/24 dev br-phy SRC 10.0.0.1`,
 * `User: ... GW ...`, `... local`).
 *
 * @example
 * ```ts
 * import { parseRouteShow } from "ovskit";
 * parseRouteShow("Route Table:\nUser: 198.51.100.0/24 dev br-phy SRC 198.51.100.1\n")[0]?.dev; // "br-phy"
 * ```
 */
export function parseRouteShow(text: string): UnderlayRoute[] {
  const out: UnderlayRoute[] = [];
  forEachLine(text, (line) => {
    const m = /^(?:Cached|User):\s+(\S+)\/(\d+)(.*)$/.exec(line.trim());
    if (m === null) return;
    const rest = m[3] as string;
    const dev = /\bdev (\S+)/.exec(rest)?.[1];
    if (dev === undefined) return;
    const gw = /\bGW (\S+)/.exec(rest)?.[1];
    const src = /\bSRC (\S+)/.exec(rest)?.[1];
    const mark = /\bMARK (\d+)/.exec(rest)?.[1];
    out.push({
      prefix: m[1] as string,
      plen: Number(m[2]),
      dev,
      ...(gw !== undefined ? { gateway: gw } : {}),
      ...(src !== undefined ? { src } : {}),
      ...(/\blocal\s*$/.test(rest) ? { local: true } : {}),
      ...(mark !== undefined ? { mark: Number(mark) } : {}),
    });
  });
  return out;
}

/**
 * Parses `ovs-appctl tnl/neigh/show` (or the older `tnl/arp/show`): IP, MAC and bridge.
 *
 * @example
 * ```ts
 * import { parseNeighShow } from "ovskit";
 * parseNeighShow("198.51.100.2    aa:55:aa:55:00:02   br-phy\n")[0]?.mac; // "aa:55:aa:55:00:02"
 * ```
 */
export function parseNeighShow(text: string): UnderlayNeighbor[] {
  const out: UnderlayNeighbor[] = [];
  forEachLine(text, (line) => {
    const m = /^\s*(\S+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\S+)\s*$/.exec(line);
    if (m !== null) out.push({ ip: m[1] as string, mac: (m[2] as string).toLowerCase(), bridge: m[3] as string });
  });
  return out;
}
