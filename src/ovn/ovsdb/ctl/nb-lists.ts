/**
 * ovn-nbctl's listings of switches, routers, their ports, load balancers and meters
 * (`ls-list`, `lr-list`, `lsp-list`, `lrp-list`, `lb-list`, `meter-list`): the data, and the
 * text the real tool prints for it.
 *
 * Rows with the same name keep the order of the tool's hash walk; ovskit walks in UUID order
 * (then orders ties as `smap_sort` would from there).
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { int, optBool, optStr, str, strMap } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { padRight, strcmp, utf8Length } from "./c-text.js";
import type { Parsed } from "./datum-parse.js";
import { parseIpv4, parseIpv6 } from "./ip-text.js";
import { nbFind, refs, smapGetBool } from "./nb-lookup.js";
import { smapSortedOrder } from "./ovs-hash.js";
import type { CtlRecordRef, NbLoadBalancerListEntry, NbLoadBalancerVip, NbMeter } from "./query-types.js";
import { type CtlDb, rowByUuid, rowUuids } from "./records.js";

/** Rows by name, as `smap_sort` of `name -> "uuid (name)"` orders them. */
function byName(rows: readonly [string, OvsdbRow][]): CtlRecordRef[] {
  const refs = rows.map(([uuid, r]) => ({ uuid, name: str(r, "name") }));
  return smapSortedOrder(refs.map((r) => r.name)).map((i) => refs[i] as CtlRecordRef);
}

const tableRows = (ctx: CtlDb, table: string): [string, OvsdbRow][] => rowUuids(ctx, table).map((u) => [u, rowByUuid(ctx, table, u) as OvsdbRow]);

/**
 * `ls-list` / `lr-list`: every switch or router, sorted by name.
 *
 * @internal
 */
export function nbNamedRows(ctx: CtlDb, table: "Logical_Switch" | "Logical_Router"): CtlRecordRef[] {
  return byName(tableRows(ctx, table));
}

/**
 * `lsp-list SWITCH` / `lrp-list ROUTER`: its ports, sorted by name.
 *
 * @internal
 */
export function nbPorts(ctx: CtlDb, kind: "ls" | "lr", id: string): Parsed<CtlRecordRef[]> {
  const owner = nbFind(ctx, kind, id, true);
  if (!owner.ok) return owner;
  const table = kind === "ls" ? "Logical_Switch" : "Logical_Router";
  const portTable = kind === "ls" ? "Logical_Switch_Port" : "Logical_Router_Port";
  return { ok: true, value: byName(refs(ctx, rowByUuid(ctx, table, owner.value as string) as OvsdbRow, "ports", portTable)) };
}

const refLines = (refs: readonly CtlRecordRef[]): string => refs.map((r) => `${r.uuid} (${r.name})\n`).join("");

/** `ls-list`, `lr-list`. @internal */
export const runLsList = (ctx: CtlDb): CtlOutcome => text(refLines(nbNamedRows(ctx, "Logical_Switch")));
/** @internal */
export const runLrList = (ctx: CtlDb): CtlOutcome => text(refLines(nbNamedRows(ctx, "Logical_Router")));

/** `lsp-list`, `lrp-list`. @internal */
export function runPortList(kind: "ls" | "lr"): (ctx: CtlDb, inv: CtlInvocation) => CtlOutcome {
  return (ctx, inv) => {
    const p = nbPorts(ctx, kind, inv.args[0] as string);
    return p.ok ? text(refLines(p.value)) : failure(p.error);
  };
}

/** `inet_parse_active(vip, 0)` and `ss_get_port`: undefined when unparsable, else whether it has a port. */
function vipHasPort(vip: string): boolean | undefined {
  let host: string;
  let port: string | undefined;
  let colons = 0;
  let inBrackets = false;
  let colon = -1;
  for (let i = 0; i < vip.length; i++) {
    const c = vip[i];
    if (c === "[") inBrackets = true;
    else if (c === "]") inBrackets = false;
    else if (c === ":" && !inBrackets) {
      colons++;
      colon = i;
    }
  }
  const unbracket = (s: string) => (s.startsWith("[") ? s.slice(1, s.endsWith("]") ? -1 : undefined) : s);
  if (colons > 1) host = vip;
  else if (colon >= 0) {
    host = unbracket(vip.slice(0, colon));
    port = unbracket(vip.slice(colon + 1));
  } else host = unbracket(vip);
  let portNum = 0;
  if (port !== undefined && port !== "") {
    if (!/^\s*[+-]?\d+$/.test(port)) return undefined;
    portNum = Number(port);
    if (portNum < 0 || portNum > 65535) return undefined;
  }
  if (host.includes(":")) {
    if (parseIpv6(host.split("%")[0] as string) === undefined) return undefined;
  } else if (parseIpv4(host) === undefined) return undefined;
  return portNum !== 0;
}

/**
 * One load balancer as `lb-list` reads it: its VIPs in key order, without those that do not
 * parse (unless it is a template load balancer).
 *
 * @internal
 */
export function nbLoadBalancer(uuid: string, lb: OvsdbRow): NbLoadBalancerListEntry {
  const template = smapGetBool(strMap(lb, "options"), "template");
  const protocol = optStr(lb, "protocol");
  const vips = strMap(lb, "vips");
  const keys = Object.keys(vips).sort(strcmp);
  const out: NbLoadBalancerVip[] = [];
  for (const vip of keys) {
    let proto: string | undefined = protocol;
    if (!template) {
      const hasPort = vipHasPort(vip);
      if (hasPort === undefined) continue;
      proto = hasPort ? protocol : "";
    } else if (protocol === undefined) continue;
    out.push({ vip, backends: vips[vip] as string, protocol: proto ?? "(null)" });
  }
  return { uuid, name: str(lb, "name"), ...(protocol === undefined ? {} : { protocol }), vips: out };
}

/**
 * `lb-list [LB]`: the load balancers (named `name`, when given), sorted by their name as
 * printed (16 bytes at most), with the width of the VIP column.
 *
 * @internal
 */
export function nbLoadBalancers(ctx: CtlDb, name?: string): { lbs: NbLoadBalancerListEntry[]; vipWidth: number } {
  return lbRows(tableRows(ctx, "Load_Balancer").filter(([, r]) => name === undefined || str(r, "name") === name));
}

/** `lb_info_add_smap` of `rows` in that order, then `smap_sort`. */
function lbRows(rows: readonly [string, OvsdbRow][]): { lbs: NbLoadBalancerListEntry[]; vipWidth: number } {
  let vipWidth = 0;
  for (const [, r] of rows) for (const k of Object.keys(strMap(r, "vips"))) vipWidth = Math.max(vipWidth, utf8Length(k));
  const withVips = rows.filter(([, r]) => Object.keys(strMap(r, "vips")).length > 0).map(([u, r]) => nbLoadBalancer(u, r));
  const order = smapSortedOrder(withVips.map((lb) => padRight(lb.name, 20, 16)));
  const lbs = order.map((i) => withVips[i] as NbLoadBalancerListEntry);
  return { lbs, vipWidth };
}

function lbText(lb: NbLoadBalancerListEntry, allKeys: readonly string[], vipWidth: number): string {
  let s = "";
  const w = vipWidth + 4;
  for (const v of lb.vips) {
    const first = allKeys[0] === v.vip;
    if (first) s += `${lb.uuid}    ${padRight(lb.name, 20, 16)}${padRight(v.protocol, 11, 7)}${padRight(v.vip, w, vipWidth)}${v.backends}`;
    else s += `\n${" ".repeat(60)}${padRight(v.protocol, 11, 7)}${padRight(v.vip, w, vipWidth)}${v.backends}`;
  }
  return s;
}

/** `lb-list`. @internal */
export function runLbList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  return lbListText(ctx, nbLoadBalancers(ctx, inv.args[0]));
}

/** `ls-lb-list SWITCH` / `lr-lb-list ROUTER`: its load balancers, then those of its groups. @internal */
export function runOwnerLbList(kind: "ls" | "lr"): (ctx: CtlDb, inv: CtlInvocation) => CtlOutcome {
  return (ctx, inv) => {
    const owner = nbFind(ctx, kind, inv.args[0] as string, true);
    if (!owner.ok) return failure(owner.error);
    const row = rowByUuid(ctx, kind === "ls" ? "Logical_Switch" : "Logical_Router", owner.value as string) as OvsdbRow;
    const lbs = refs(ctx, row, "load_balancer", "Load_Balancer");
    for (const [, g] of refs(ctx, row, "load_balancer_group", "Load_Balancer_Group")) lbs.push(...refs(ctx, g, "load_balancer", "Load_Balancer"));
    return lbListText(ctx, lbRows(lbs));
  };
}

function lbListText(ctx: CtlDb, { lbs, vipWidth }: { lbs: NbLoadBalancerListEntry[]; vipWidth: number }): CtlOutcome {
  if (lbs.length === 0) return text("");
  let out = `${padRight("UUID", 40, 36)}${padRight("LB", 20, 16)}${padRight("PROTO", 11, 7)}${padRight("VIP", vipWidth + 4, vipWidth)}IPs\n`;
  for (const lb of lbs) {
    const keys = Object.keys(strMap(rowByUuid(ctx, "Load_Balancer", lb.uuid) as OvsdbRow, "vips")).sort(strcmp);
    out += `${lbText(lb, keys, vipWidth)}\n`;
  }
  return text(out);
}

/**
 * `meter-list`: every meter, sorted by name, with its bands.
 *
 * @internal
 */
export function nbMeters(ctx: CtlDb): NbMeter[] {
  const meters = tableRows(ctx, "Meter").map(([uuid, m]): NbMeter => {
    const fair = optBool(m, "fair");
    return {
      uuid,
      name: str(m, "name"),
      ...(fair === undefined ? {} : { fair }),
      unit: str(m, "unit"),
      bands: refs(ctx, m, "bands", "Meter_Band").map(([, b]) => ({ action: str(b, "action"), rate: int(b, "rate"), burstSize: int(b, "burst_size") })),
    };
  });
  return meters.sort((a, b) => strcmp(a.name, b.name));
}

/** `meter-list`. @internal */
export function runMeterList(ctx: CtlDb): CtlOutcome {
  let out = "";
  for (const m of nbMeters(ctx)) {
    out += `${m.name}:${m.fair === undefined ? "" : ` (${m.fair ? "fair" : "shared"})`} bands:\n`;
    for (const b of m.bands) {
      out += `  ${b.action}: ${b.rate} ${m.unit}`;
      if (b.burstSize !== 0) out += `, ${b.burstSize} ${m.unit === "kbps" ? "kb" : "packet"} burst`;
    }
    out += "\n";
  }
  return text(out);
}
