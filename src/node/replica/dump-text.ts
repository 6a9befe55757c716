/**
 * Turning collected dumps into what `ovs-ofctl` restores, as `ovs-save` does: reply headers
 * and ages removed, `igmp` rewritten; TLV maps and meters from their dumps; the OpenFlow ports
 * and meters that flows refer to.
 *
 * @module
 */
import { type TlvMapping, parseTlvMap } from "ovskit";

const HEADER = /^(?:NXST|OFPST|ONFST|NXT|OFPT)_[A-Z_]+ (?:reply|REPLY)\b/;

/**
 * A `dump-flows` output (any OpenFlow version, with or without statistics) as `ovs-ofctl
 * add-flows` / `replace-flows` input, with `ovs-save`'s rewrites: reply headers and blank lines
 * dropped, `idle_age` / `hard_age` removed (`duration`, `n_packets`, `n_bytes` are ignored by
 * ovs-ofctl itself), `igmp` matches spelled `ip,nw_proto=2` (OVS prints `igmp`, which its own
 * parser refuses). With `clearTimeouts`, `idle_timeout` / `hard_timeout` are removed too.
 *
 * @internal
 * @example
 * ```ts
 * restorableFlows("NXST_FLOW reply (xid=0x4):\n cookie=0x0, duration=1.2s, table=0, n_packets=0, n_bytes=0, idle_age=1, priority=0 actions=drop\n").text;
 * // " cookie=0x0, duration=1.2s, table=0, n_packets=0, n_bytes=0, priority=0 actions=drop\n"
 * ```
 */
export function restorableFlows(text: string, options: { readonly clearTimeouts?: boolean } = {}): { text: string; count: number } {
  let out = "";
  let count = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "" || HEADER.test(raw.trimStart())) continue;
    let line = raw.replace(/\b(?:idle|hard)_age=[^,]*, ?/g, "");
    if (options.clearTimeouts === true) line = line.replace(/\b(?:idle|hard)_timeout=\d+, ?/g, "");
    const a = line.indexOf(" actions=");
    if (a > 0 && /\bigmp/.test(line.slice(0, a))) {
      const match = line
        .slice(0, a)
        .replace(/\bigmp_type\b/g, "tp_src")
        .replace(/\bigmp_code\b/g, "tp_dst")
        .replace(/\bigmp\b/g, "ip,nw_proto=2");
      line = match + line.slice(a);
    }
    out += line + "\n";
    count++;
  }
  return { text: out, count };
}

/**
 * A `dump-groups` output as `ovs-ofctl add-groups` input (reply headers and blank lines dropped).
 *
 * @internal
 * @example
 * ```ts
 * restorableGroups("OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):\n group_id=1,type=all,bucket=bucket_id:0,actions=output:1\n").count; // 1
 * ```
 */
export function restorableGroups(text: string): { text: string; count: number } {
  let out = "";
  let count = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "" || HEADER.test(raw.trimStart())) continue;
    out += raw + "\n";
    count++;
  }
  return { text: out, count };
}

/**
 * The `-O` version of a dump from its reply header (`OFPST_FLOW reply (OF1.5)` → `OpenFlow15`,
 * `NXST_FLOW reply` → `OpenFlow10`), or `undefined` without a header.
 *
 * @internal
 * @example
 * ```ts
 * protocolOfDump("OFPST_FLOW reply (OF1.3) (xid=0x2):\n"); // "OpenFlow13"
 * ```
 */
export function protocolOfDump(text: string): string | undefined {
  const first = text.split("\n", 4).find((l) => HEADER.test(l.trimStart()));
  if (first === undefined) return undefined;
  const m = /\(OF1\.(\d)\)/.exec(first);
  return m === null ? "OpenFlow10" : `OpenFlow1${m[1]}`;
}

/**
 * TLV mappings from `ovs-ofctl dump-tlv-map` output (the table `ovs-save` reads with awk) or
 * from the `add-tlv-map` argument form (`{class=0x102,type=0x80,len=4}->tun_metadata0,...`).
 *
 * @internal
 * @example
 * ```ts
 * parseTlvText("  class  type  length  match field\n ------  ----  ------  --------------\n  0x102  0x80       4  tun_metadata0\n")[0]?.field; // "tun_metadata0"
 * ```
 */
export function parseTlvText(text: string): TlvMapping[] {
  if (text.includes("->")) return parseTlvMap(text);
  const out: TlvMapping[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(0x[0-9a-fA-F]+|\d+)\s+(\d+)\s+(tun_metadata\d+)\s*$/.exec(line);
    if (m !== null) out.push({ optClass: Number(m[1]), type: Number(m[2]), len: Number(m[3]), field: m[4]! });
  }
  return out;
}

/**
 * The `add-tlv-map` argument for mappings (`''` restores an empty map).
 *
 * @internal
 * @example
 * ```ts
 * formatTlvMap([{ optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }]); // "{class=0x102,type=0x80,len=4}->tun_metadata0"
 * ```
 */
export function formatTlvMap(mappings: readonly TlvMapping[]): string {
  return mappings.map((m) => `{class=0x${m.optClass.toString(16)},type=0x${m.type.toString(16)},len=${m.len}}->${m.field}`).join(",");
}

/** OVN's Geneve option for the logical ports (ovn-controller's `tun_metadata0`). */
const OVN_TLV: TlvMapping = { optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" };

/**
 * TLV mappings for the `tun_metadataN` fields that flows use, for dumps collected without their
 * TLV map (a sos report without `dump-tlv-map`): OVN's own mapping for `tun_metadata0` when
 * `ovn` is set, else `{class=0xffff,type=N}`, each as long as the widest bit range used needs
 * (4 bytes at least). Flows that use a `tun_metadataN` are refused without a mapping.
 *
 * @internal
 * @example
 * ```ts
 * inferTlvMap("actions=move:NXM_NX_TUN_METADATA0[16..30]->NXM_NX_REG14[0..14]", { ovn: true }); // [{ optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }]
 * ```
 */
export function inferTlvMap(flowsText: string, options: { readonly ovn: boolean }): TlvMapping[] {
  const bits = new Map<number, number>();
  for (const m of flowsText.matchAll(/\b(?:tun_metadata|NXM_NX_TUN_METADATA)(\d+)(?:\[(\d+)?(?:\.\.(\d+))?\])?/gi)) {
    const n = Number(m[1]);
    const hi = m[3] !== undefined ? Number(m[3]) : m[2] !== undefined ? Number(m[2]) : 31;
    bits.set(n, Math.max(bits.get(n) ?? 31, hi));
  }
  return [...bits.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, hi]) => {
      if (n === 0 && options.ovn && hi < 32) return OVN_TLV;
      const len = Math.min(124, Math.ceil((hi + 1) / 32) * 4);
      return { optClass: 0xffff, type: n, len, field: `tun_metadata${n}` };
    });
}

/**
 * OpenFlow port numbers that flows and groups name (`in_port=N`, `output:N`, `resubmit(N,...)`,
 * `watch_port:N`, `enqueue:N:Q`, bundle members), sorted; reserved ports are not numbers here.
 *
 * @internal
 * @example
 * ```ts
 * referencedPorts(" priority=1,in_port=3 actions=output:7,resubmit(9,2)"); // [3, 7, 9]
 * ```
 */
export function referencedPorts(text: string): number[] {
  const ports = new Set<number>();
  const add = (s: string | undefined) => {
    const n = Number(s);
    if (Number.isInteger(n) && n > 0 && n < 0xff00) ports.add(n);
  };
  for (const m of text.matchAll(/\b(?:in_port=|output:|watch_port:|enqueue:|resubmit\(|output\(port=)(\d+)\b/g)) add(m[1]);
  for (const m of text.matchAll(/\b(?:members|slaves):([\d,]+)/g)) for (const p of m[1]!.split(",")) add(p);
  return [...ports].sort((a, b) => a - b);
}

/**
 * Meter ids that flows use as an instruction (`meter:N`); without the meter such a flow is
 * refused (`controller(meter_id=N)` is not checked by OVS).
 *
 * @internal
 * @example
 * ```ts
 * referencedMeters(" priority=1 actions=meter:2,output:1"); // [2]
 * ```
 */
export function referencedMeters(text: string): number[] {
  const ids = new Set<number>();
  for (const m of text.matchAll(/\bmeter:(\d+)/g)) ids.add(Number(m[1]));
  return [...ids].sort((a, b) => a - b);
}

/**
 * `dump-meters` output as `add-meter` arguments, one per meter (`meter=1 pktps bands=` and its
 * band lines become `meter=1 pktps bands=type=drop rate=1000`).
 *
 * @internal
 * @example
 * ```ts
 * parseMeterDump("OFPST_METER_CONFIG reply (OF1.3) (xid=0x2):\nmeter=1 pktps bands=\ntype=drop rate=1000\n"); // ["meter=1 pktps bands=type=drop rate=1000"]
 * ```
 */
export function parseMeterDump(text: string): string[] {
  const out: string[] = [];
  let cur: { head: string; bands: string[] } | undefined;
  const flush = () => {
    if (cur !== undefined) out.push(cur.head + cur.bands.join(" "));
    cur = undefined;
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || HEADER.test(line)) continue;
    if (line.startsWith("meter=")) {
      flush();
      const i = line.indexOf("bands=");
      cur = i < 0 ? { head: line, bands: [] } : { head: line.slice(0, i + 6), bands: line.slice(i + 6).trim() === "" ? [] : [line.slice(i + 6).trim()] };
    } else if (cur !== undefined && line.startsWith("type=")) cur.bands.push(line);
  }
  flush();
  return out;
}
