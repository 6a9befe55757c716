/**
 * A logical router's static routes, policies and NAT rules as ovn-nbctl lists them
 * (`lr-route-list`, `lr-policy-list`, `lr-nat-list` in utilities/ovn-nbctl.c): the data, in
 * the tool's order, and the text it prints.
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { int, optStr, optUuid, str, strMap, strs } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { padLeft, padRight, strcmp } from "./c-text.js";
import type { Parsed } from "./datum-parse.js";
import { normalizePrefix, parseIpv4Cidr, parseIpv6Cidr } from "./ip-text.js";
import { nbFind, refs, smapGetBool } from "./nb-lookup.js";
import { smapIterationOrder, smapSortedOrder } from "./ovs-hash.js";
import type { CtlRecordRef, NbNatListEntry, NbNatList, NbPolicy, NbPolicyList, NbRoute, NbRouteList } from "./query-types.js";
import { type CtlDb, rowByUuid } from "./records.js";

function router(ctx: CtlDb, id: string): Parsed<{ ref: CtlRecordRef; row: OvsdbRow }> {
  const lr = nbFind(ctx, "lr", id, true);
  if (!lr.ok) return lr;
  const row = rowByUuid(ctx, "Logical_Router", lr.value as string) as OvsdbRow;
  return { ok: true, value: { ref: { uuid: lr.value as string, name: str(row, "name") }, row } };
}

interface Sortable {
  readonly route: NbRoute;
  readonly row: OvsdbRow;
  readonly priority: number;
  /** The address as given, for ordering: a number (IPv4) or the 16 bytes (IPv6). */
  readonly addr: number | Uint8Array;
}

function compareAddr(a: number | Uint8Array, b: number | Uint8Array): number {
  if (typeof a === "number") return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  const y = b as Uint8Array;
  for (let i = 0; i < 16; i++) if (a[i] !== y[i]) return (a[i] as number) < (y[i] as number) ? -1 : 1;
  return 0;
}

/** `__ipv4_route_cmp` / `__ipv6_route_cmp`: table, priority (longest prefix first), address. */
function baseCmp(a: Sortable, b: Sortable): number {
  const t = strcmp(a.route.routeTable, b.route.routeTable);
  if (t !== 0) return t;
  if (a.priority !== b.priority) return a.priority > b.priority ? -1 : 1;
  return compareAddr(a.addr, b.addr);
}

/** `route_cmp_details`: next hop, then output port (routes without one first). */
function detailCmp(a: OvsdbRow, b: OvsdbRow): number {
  const n = strcmp(str(a, "nexthop"), str(b, "nexthop"));
  if (n !== 0) return n;
  const pa = optStr(a, "output_port");
  const pb = optStr(b, "output_port");
  if (pa !== undefined && pb !== undefined) return strcmp(pa, pb);
  if (pa === undefined && pb === undefined) return 0;
  return pa !== undefined ? 1 : -1;
}

/**
 * `lr-route-list ROUTER` (with `--route-table`, only that table's routes).
 *
 * @internal
 */
export function nbRouteList(ctx: CtlDb, id: string, routeTable?: string | null): Parsed<NbRouteList> {
  const lr = router(ctx, id);
  if (!lr.ok) return lr;
  const v4: Sortable[] = [];
  const v6: Sortable[] = [];
  const invalid: { uuid: string; ipPrefix: string }[] = [];
  for (const [uuid, r] of refs(ctx, lr.value.row, "static_routes", "Logical_Router_Static_Route")) {
    const table = str(r, "route_table");
    if (routeTable !== undefined && routeTable !== null && table !== routeTable) continue;
    const policy = optStr(r, "policy") ?? "dst-ip";
    const ipPrefix = str(r, "ip_prefix");
    const c4 = parseIpv4Cidr(ipPrefix);
    const c6 = c4 === undefined ? parseIpv6Cidr(ipPrefix) : undefined;
    const c = c4 ?? c6;
    if (c === undefined) {
      invalid.push({ uuid, ipPrefix });
      continue;
    }
    const nexthop = str(r, "nexthop");
    const outputPort = optStr(r, "output_port");
    const route: NbRoute = {
      uuid,
      family: c4 !== undefined ? "ipv4" : "ipv6",
      routeTable: table,
      prefix: normalizePrefix(ipPrefix) ?? "",
      nexthop: nexthop === "discard" ? "discard" : nexthop === "" ? "" : (normalizePrefix(nexthop) ?? ""),
      policy,
      ...(outputPort === undefined ? {} : { outputPort }),
      learned: Object.hasOwn(strMap(r, "external_ids"), "ic-learned-route"),
      ecmp: false,
      ecmpSymmetricReply: smapGetBool(strMap(r, "options"), "ecmp_symmetric_reply"),
      bfd: optUuid(r, "bfd") !== undefined,
    };
    (c4 !== undefined ? v4 : v6).push({ route, row: r, priority: policy === "dst-ip" ? 2 * c.plen + 1 : 2 * c.plen, addr: c4 !== undefined ? c4.addr : (c6 as { addr: Uint8Array }).addr });
  }
  const finish = (xs: Sortable[]): NbRoute[] => {
    xs.sort((a, b) => baseCmp(a, b) || detailCmp(a.row, b.row));
    return xs.map((x, i) => {
      const next = xs[i + 1];
      const prev = xs[i - 1];
      const ecmp = (next !== undefined && baseCmp(x, next) === 0) || (prev !== undefined && baseCmp(x, prev) === 0);
      return ecmp ? { ...x.route, ecmp } : x.route;
    });
  };
  return { ok: true, value: { router: lr.value.ref, routes: [...finish(v4), ...finish(v6)], invalid } };
}

/**
 * One line of `lr-route-list`.
 *
 * @internal
 */
export function routeLine(r: NbRoute): string {
  let s = `${padLeft(r.prefix, 25)} ${padLeft(r.nexthop, 25)} ${r.policy}`;
  if (r.outputPort !== undefined) s += ` ${r.outputPort}`;
  if (r.learned) s += " (learned)";
  if (r.ecmp) s += " ecmp";
  if (r.ecmpSymmetricReply) s += " ecmp-symmetric-reply";
  if (r.bfd) s += " bfd";
  return `${s}\n`;
}

/** `lr-route-list`. @internal */
export function runRouteList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const l = nbRouteList(ctx, inv.args[0] as string, inv.options.get("--route-table"));
  if (!l.ok) return failure(l.error);
  let out = "";
  for (const family of ["ipv4", "ipv6"] as const) {
    const rs = l.value.routes.filter((r) => r.family === family);
    if (rs.length === 0) continue;
    out += `${family === "ipv6" && out !== "" ? "\n" : ""}${family === "ipv4" ? "IPv4" : "IPv6"} Routes\n`;
    rs.forEach((r, i) => {
      if (i === 0 || r.routeTable !== (rs[i - 1] as NbRoute).routeTable) out += `${i > 0 ? "\n" : ""}Route Table ${r.routeTable === "" ? "<main>" : r.routeTable}:\n`;
      out += routeLine(r);
    });
  }
  return text(out);
}

/**
 * `lr-policy-list ROUTER`: highest priority first, then by match.
 *
 * @internal
 */
export function nbPolicyList(ctx: CtlDb, id: string): Parsed<NbPolicyList> {
  const lr = router(ctx, id);
  if (!lr.ok) return lr;
  const policies = refs(ctx, lr.value.row, "policies", "Logical_Router_Policy").map(([uuid, r]): NbPolicy => {
    const options = strMap(r, "options");
    const keys = Object.keys(options).sort(strcmp);
    return {
      uuid,
      priority: int(r, "priority"),
      match: str(r, "match"),
      action: str(r, "action"),
      nexthops: strs(r, "nexthops").map((n) => normalizePrefix(n) ?? ""),
      options: smapIterationOrder(keys).map((i) => [keys[i] as string, options[keys[i] as string] as string] as const),
    };
  });
  policies.sort((a, b) => (a.priority !== b.priority ? (a.priority > b.priority ? -1 : 1) : strcmp(a.match, b.match)));
  return { ok: true, value: { router: lr.value.ref, policies } };
}

/**
 * One line of `lr-policy-list`.
 *
 * @internal
 */
export function policyLine(p: NbPolicy): string {
  let s = `${padLeft(String(p.priority), 10)} ${padLeft(p.match, 50)} ${padLeft(p.action, 15)}`;
  p.nexthops.forEach((n, i) => {
    s += i === 0 ? ` ${padLeft(n, 25)}` : `, ${n}`;
  });
  if (p.options.length > 0) s += `${" ".repeat(15)}${p.options.map(([k, v]) => `${k}=${v}`).join(",")}`;
  return `${s}\n`;
}

/** `lr-policy-list`. @internal */
export function runPolicyList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const l = nbPolicyList(ctx, inv.args[0] as string);
  if (!l.ok) return failure(l.error);
  return text(l.value.policies.length === 0 ? "" : `Routing Policies\n${l.value.policies.map(policyLine).join("")}`);
}

/** The `smap` key `lr-nat-list` sorts NAT rules by. */
function natKey(n: NbNatListEntry): string {
  return `${padRight(n.type, 17, 13)}${padRight(n.gatewayPort ?? "", 22, 18)}${n.externalIp}`;
}

/**
 * `lr-nat-list ROUTER`: sorted by type, gateway port and external IP; rules equal in those keep
 * the order of the tool's string map, which is reproduced from the keys.
 *
 * @internal
 */
export function nbNatList(ctx: CtlDb, id: string): Parsed<NbNatList> {
  const lr = router(ctx, id);
  if (!lr.ok) return lr;
  const nats = refs(ctx, lr.value.row, "nat", "NAT").map(([uuid, r]): NbNatListEntry => {
    const gw = optUuid(r, "gateway_port");
    const gwRow = gw === undefined ? undefined : rowByUuid(ctx, "Logical_Router_Port", gw);
    const mac = optStr(r, "external_mac");
    const port = optStr(r, "logical_port");
    return {
      uuid,
      type: str(r, "type"),
      ...(gwRow === undefined ? {} : { gatewayPort: str(gwRow, "name") }),
      externalIp: str(r, "external_ip"),
      externalPortRange: str(r, "external_port_range"),
      logicalIp: str(r, "logical_ip"),
      ...(mac !== undefined && port !== undefined ? { externalMac: mac, logicalPort: port } : {}),
    };
  });
  const order = smapSortedOrder(nats.map(natKey));
  return { ok: true, value: { router: lr.value.ref, nat: order.map((i) => nats[i] as NbNatListEntry) } };
}

/** `lr-nat-list`. @internal */
export function runNatList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const l = nbNatList(ctx, inv.args[0] as string);
  if (!l.ok) return failure(l.error);
  if (l.value.nat.length === 0) return text("");
  const head = ["TYPE", "GATEWAY_PORT", "EXTERNAL_IP", "EXTERNAL_PORT", "LOGICAL_IP", "EXTERNAL_MAC"];
  const widths: [number, number][] = [[17, 13], [22, 18], [19, 15], [17, 13], [20, 16], [21, 17]];
  let out = `${head.map((h, i) => padRight(h, ...(widths[i] as [number, number]))).join("")}LOGICAL_PORT\n`;
  for (const n of l.value.nat) {
    const value =
      n.externalMac !== undefined
        ? `${padRight(n.externalPortRange, 17, 13)}${padRight(n.logicalIp, 20, 16)}${padRight(n.externalMac, 21, 17)}${n.logicalPort as string}`
        : `${padRight(n.externalPortRange, 17, 13)}${n.logicalIp}`;
    out += `${padRight(natKey(n), 58, 54)}${value}\n`;
  }
  return text(out);
}
