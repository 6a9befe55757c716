/**
 * The outputs and tunnels of a `Datapath actions:` list: local outputs, native tunnel pushes
 * (`tnl_push(...)`) and kernel tunnels (`set(tunnel(...))` followed by an output to the
 * tunnel's vport), with the tunnel header's addresses, key and OVN Geneve option.
 *
 * @module
 * @internal
 */
import type { DatapathAction } from "../datapath/actions.js";
import { formatOdpNode } from "../datapath/node.js";

/** A tunnel read from datapath actions, before OVN names it. @internal */
export interface RawTunnel {
  readonly form: "tnl_push" | "set-tunnel";
  readonly remoteIp?: string;
  readonly localIp?: string;
  readonly type?: string;
  readonly key?: number;
  readonly outPort?: number | string;
  /** OVN's Geneve option (class 0x102, type 0x80): `(inport << 16) | outport`. */
  readonly ovnOption?: number;
  /** The datapath ports the encapsulated packet is output to (the underlay bridge's outputs after a `tnl_push`). */
  readonly underlayPorts: (number | string)[];
}

/** What a datapath action list sends where. @internal */
export interface DatapathOutputs {
  /** Local outputs (not into a tunnel), in order. */
  readonly outputs: (number | string)[];
  readonly tunnels: RawTunnel[];
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
};

function tunnelFields(text: string): Omit<RawTunnel, "form" | "outPort" | "underlayPorts"> {
  const ip = /\bipv[46]\(src=([^,)]+),dst=([^,)]+)/.exec(text);
  const src = /\bsrc=([0-9a-f.:]+)/.exec(text);
  const dst = /\bdst=([0-9a-f.:]+)/.exec(text);
  const type = /\b(geneve|vxlan|gre|erspan|gtpu|srv6|bareudp)\(/.exec(text)?.[1];
  const key = num(/\b(?:vni|tun_id|key)=(0x[0-9a-f]+|\d+)/.exec(text)?.[1]);
  const opt = num(/class=0x102,type=0x80,len=4,(0x[0-9a-f]+|\d+)/.exec(text)?.[1]);
  const remote = ip?.[2] ?? dst?.[1];
  const local = ip?.[1] ?? src?.[1];
  return {
    ...(remote !== undefined && { remoteIp: remote }),
    ...(local !== undefined && { localIp: local }),
    ...(type !== undefined && { type }),
    ...(key !== undefined && { key }),
    ...(opt !== undefined && { ovnOption: opt }),
  };
}

function scan(actions: readonly DatapathAction[], out: DatapathOutputs): void {
  let pendingTunnel: Omit<RawTunnel, "form" | "outPort" | "underlayPorts"> | undefined;
  // After a tnl_push, the rest of its list is the underlay's (OVS wraps the push in a clone when more follows).
  let pushed: RawTunnel | undefined;
  for (const a of actions) {
    switch (a.kind) {
      case "output":
        if (pushed !== undefined) pushed.underlayPorts.push(a.port);
        else if (pendingTunnel !== undefined) {
          out.tunnels.push({ form: "set-tunnel", ...pendingTunnel, outPort: a.port, underlayPorts: [] });
          pendingTunnel = undefined;
        } else out.outputs.push(a.port);
        break;
      case "set":
        if (a.key.name === "tunnel") pendingTunnel = tunnelFields(formatOdpNode(a.key));
        break;
      case "tnl_push": {
        const header = a.header === undefined ? "" : formatOdpNode(a.header);
        pushed = { form: "tnl_push", ...tunnelFields(header), ...(a.outPort !== undefined && { outPort: a.outPort }), underlayPorts: [] };
        out.tunnels.push(pushed);
        break;
      }
      case "clone":
      case "sample":
        scan(a.actions, out);
        break;
      case "check_pkt_len":
        scan(a.gt, out);
        scan(a.le, out);
        break;
    }
  }
}

/**
 * Local outputs and tunnels of a datapath action list (inside `clone`, `sample` and
 * `check_pkt_len` too).
 *
 * @internal
 * @example
 * ```ts
 * import { datapathOutputs } from "./datapath-outputs.js";
 * datapathOutputs(parseDatapathActions("set(tunnel(tun_id=0x6,dst=198.51.100.2)),5")).tunnels[0]?.remoteIp; // "198.51.100.2"
 * ```
 */
export function datapathOutputs(actions: readonly DatapathAction[]): DatapathOutputs {
  const out: DatapathOutputs = { outputs: [], tunnels: [] };
  scan(actions, out);
  return out;
}
