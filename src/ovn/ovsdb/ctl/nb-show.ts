/**
 * `ovn-nbctl show [SWITCH|ROUTER]` (utilities/ovn-nbctl.c `nbctl_show`, `print_ls`,
 * `print_lr`): every switch with its ports, then every router with its ports and NAT rules.
 * Switches and routers come in UUID order (the real tool walks its hash table); ports, NAT
 * rules and gateway chassis come in the order the real tool prints them.
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { int, optStr, str, strMap, strs } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { strcmp } from "./c-text.js";
import { nbFind, refs } from "./nb-lookup.js";
import { type CtlDb, rowUuids } from "./records.js";

function alias(ids: Readonly<Record<string, string>>, key: string): string {
  const a = Object.hasOwn(ids, key) ? ids[key] : undefined;
  return a !== undefined && a !== "" ? ` (aka ${a})` : "";
}

const quotedList = (xs: readonly string[]): string => `[${xs.map((x) => `"${x}"`).join(", ")}]`;

/**
 * `print_ls`.
 *
 * @internal
 */
export function printSwitch(ctx: CtlDb, uuid: string, ls: OvsdbRow): string {
  let s = `switch ${uuid} (${str(ls, "name")})${alias(strMap(ls, "external_ids"), "neutron:network_name")}\n`;
  for (const [, lsp] of refs(ctx, ls, "ports", "Logical_Switch_Port")) {
    s += `    port ${str(lsp, "name")}${alias(strMap(lsp, "external_ids"), "neutron:port_name")}\n`;
    const type = str(lsp, "type");
    if (type !== "") s += `        type: ${type}\n`;
    const parent = optStr(lsp, "parent_name");
    if (parent !== undefined) s += `        parent: ${parent}\n`;
    const tag = strs(lsp, "tag");
    if (tag.length > 0) s += `        tag: ${BigInt.asUintN(64, BigInt(tag[0] as string))}\n`;
    const addresses = strs(lsp, "addresses");
    if (addresses.length > 0 && !(addresses.length === 1 && addresses[0] === "router")) s += `        addresses: ${quotedList(addresses)}\n`;
    const options = strMap(lsp, "options");
    if (Object.hasOwn(options, "router-port")) s += `        router-port: ${options["router-port"]}\n`;
  }
  return s;
}

/** `get_ordered_gw_chassis_prio_list`: highest priority first, then by name, descending. */
function gatewayChassis(ctx: CtlDb, lrp: OvsdbRow): string[] {
  return refs(ctx, lrp, "gateway_chassis", "Gateway_Chassis")
    .map(([, gc]) => gc)
    .sort((a, b) => int(b, "priority") - int(a, "priority") || strcmp(str(b, "name"), str(a, "name")))
    .map((gc) => str(gc, "chassis_name"));
}

/**
 * `print_lr`.
 *
 * @internal
 */
export function printRouter(ctx: CtlDb, uuid: string, lr: OvsdbRow): string {
  let s = `router ${uuid} (${str(lr, "name")})${alias(strMap(lr, "external_ids"), "neutron:router_name")}\n`;
  for (const [, lrp] of refs(ctx, lr, "ports", "Logical_Router_Port")) {
    s += `    port ${str(lrp, "name")}\n`;
    s += `        mac: "${str(lrp, "mac")}"\n`;
    const networks = strs(lrp, "networks");
    if (networks.length > 0) s += `        networks: ${quotedList(networks)}\n`;
    const options = strMap(lrp, "options");
    if (Object.hasOwn(options, "route_table")) s += `        route-table: ${options.route_table}\n`;
    const gcs = gatewayChassis(ctx, lrp);
    if (gcs.length > 0) s += `        gateway chassis: [${gcs.join(" ")}]\n`;
  }
  for (const [natUuid, nat] of refs(ctx, lr, "nat", "NAT")) {
    s += `    nat ${natUuid}\n`;
    s += `        external ip: "${str(nat, "external_ip")}"\n`;
    const range = str(nat, "external_port_range");
    if (range !== "") s += `        external port(s): "${range}"\n`;
    s += `        logical ip: "${str(nat, "logical_ip")}"\n`;
    s += `        type: "${str(nat, "type")}"\n`;
  }
  return s;
}

/**
 * `ovn-nbctl show [SWITCH|ROUTER]`.
 *
 * @internal
 */
export function runNbShow(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const t = ctx.db.tables;
  let out = "";
  const id = inv.args[0];
  if (id !== undefined) {
    const ls = nbFind(ctx, "ls", id, false);
    if (!ls.ok) return failure(ls.error);
    if (ls.value !== undefined) out += printSwitch(ctx, ls.value, t.Logical_Switch?.[ls.value] as OvsdbRow);
    const lr = nbFind(ctx, "lr", id, false);
    if (!lr.ok) return failure(lr.error);
    if (lr.value !== undefined) out += printRouter(ctx, lr.value, t.Logical_Router?.[lr.value] as OvsdbRow);
    return text(out);
  }
  for (const u of rowUuids(ctx, "Logical_Switch")) out += printSwitch(ctx, u, t.Logical_Switch?.[u] as OvsdbRow);
  for (const u of rowUuids(ctx, "Logical_Router")) out += printRouter(ctx, u, t.Logical_Router?.[u] as OvsdbRow);
  return text(out);
}
