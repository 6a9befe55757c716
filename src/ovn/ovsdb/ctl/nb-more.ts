/**
 * ovn-nbctl's other read-only commands (utilities/ovn-nbctl.c): a port's settings
 * (`lsp-get-*`, `lrp-get-*`), `qos-list`, `dhcp-options-list` / `-get-options`,
 * `ha-chassis-group-list`, `static-mac-binding-list`, and `get-connection` / `get-ssl` (also
 * ovn-sbctl's).
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { get, int, optBool, optStr, optUuid, str, strMap, strs } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { padLeft, padRight, strcmp } from "./c-text.js";
import { type NbFinder, nbFind, refs } from "./nb-lookup.js";
import { smapIterationOrder, smapSortedOrder } from "./ovs-hash.js";
import { type CtlDb, rowByUuid, rowUuids } from "./records.js";

type Run = (ctx: CtlDb, inv: CtlInvocation) => CtlOutcome;

/** A command on the port (`lsp` or `lrp`) named by the first argument. */
function onPort(kind: Extract<NbFinder, "lsp" | "lrp">, f: (ctx: CtlDb, row: OvsdbRow) => string): Run {
  return (ctx, inv) => {
    const p = nbFind(ctx, kind, inv.args[0] as string, true);
    if (!p.ok) return failure(p.error);
    return text(f(ctx, rowByUuid(ctx, kind === "lsp" ? "Logical_Switch_Port" : "Logical_Router_Port", p.value as string) as OvsdbRow));
  };
}

const sortedLines = (xs: readonly string[]): string => [...xs].sort(strcmp).map((x) => `${x}\n`).join("");

/** `SMAP_FOR_EACH` of a map column: `key=value` lines in the tool's string-map order. */
function smapLines(map: Readonly<Record<string, string>>): string {
  const keys = Object.keys(map).sort(strcmp);
  return smapIterationOrder(keys)
    .map((i) => `${keys[i] as string}=${map[keys[i] as string] as string}\n`)
    .join("");
}

function addresses(ctx: CtlDb, lsp: OvsdbRow): string {
  const addrs = strs(lsp, "addresses");
  const routerPort = get(strMap(lsp, "options"), "router-port");
  if (addrs.length === 1 && addrs[0] === "router" && routerPort !== undefined) {
    const lrp = nbFind(ctx, "lrp", routerPort, false);
    if (lrp.ok && lrp.value !== undefined) {
      const r = rowByUuid(ctx, "Logical_Router_Port", lrp.value) as OvsdbRow;
      return `${[str(r, "mac"), ...strs(r, "networks")].join(" ")}\n`;
    }
  }
  return sortedLines(addrs);
}

function dhcpOf(ctx: CtlDb, lsp: OvsdbRow, col: string): string {
  const u = optUuid(lsp, col);
  const d = u === undefined ? undefined : rowByUuid(ctx, "DHCP_Options", u);
  return d === undefined ? "" : `${u as string} (${str(d, "cidr")})\n`;
}

/** `get_ordered_gw_chassis_prio_list`, with the priority. */
function gatewayChassis(ctx: CtlDb, lrp: OvsdbRow): string {
  return refs(ctx, lrp, "gateway_chassis", "Gateway_Chassis")
    .map(([, gc]) => gc)
    .sort((a, b) => int(b, "priority") - int(a, "priority") || strcmp(str(b, "name"), str(a, "name")))
    .map((gc) => `${str(gc, "name")} ${padLeft(String(int(gc, "priority")), 5)}\n`)
    .join("");
}

const dirRank = (d: string): number => (d === "from-lport" ? 0 : 1);

/** `qos-list SWITCH`. */
const qosList: Run = (ctx, inv) => {
  const ls = nbFind(ctx, "ls", inv.args[0] as string, true);
  if (!ls.ok) return failure(ls.error);
  const rules = refs(ctx, rowByUuid(ctx, "Logical_Switch", ls.value as string) as OvsdbRow, "qos_rules", "QoS")
    .map(([, r]) => r)
    .sort((a, b) => dirRank(str(a, "direction")) - dirRank(str(b, "direction")) || int(b, "priority") - int(a, "priority") || strcmp(str(a, "match"), str(b, "match")));
  let out = "";
  for (const q of rules) {
    out += `${padLeft(str(q, "direction"), 10)} ${padLeft(String(int(q, "priority")), 5)} (${str(q, "match")})`;
    const bw = q.bandwidth as Readonly<Record<string, number>>;
    if (Object.hasOwn(bw, "rate")) out += ` rate=${bw.rate}`;
    if (Object.hasOwn(bw, "burst")) out += ` burst=${bw.burst}`;
    const action = q.action as Readonly<Record<string, number>>;
    if (Object.hasOwn(action, "dscp")) out += ` dscp=${action.dscp}`;
    out += "\n";
  }
  return text(out);
};

/** `dhcp-options-list`: by CIDR. */
const dhcpList: Run = (ctx) => {
  const rows = rowUuids(ctx, "DHCP_Options").map((u) => [u, str(rowByUuid(ctx, "DHCP_Options", u) as OvsdbRow, "cidr")] as const);
  return text(smapSortedOrder(rows.map((r) => r[1])).map((i) => `${(rows[i] as readonly [string, string])[0]}\n`).join(""));
};

/** `dhcp-options-get-options UUID`. */
const dhcpGetOptions: Run = (ctx, inv) => {
  const id = inv.args[0] as string;
  const u = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id) ? id.toLowerCase() : undefined;
  const row = u === undefined ? undefined : rowByUuid(ctx, "DHCP_Options", u);
  return row === undefined ? failure(`${id}: dhcp options UUID not found`) : text(smapLines(strMap(row, "options")));
};

/** `ha-chassis-group-list`. */
const haList: Run = (ctx) => {
  let out = "";
  for (const u of rowUuids(ctx, "HA_Chassis_Group")) {
    const g = rowByUuid(ctx, "HA_Chassis_Group", u) as OvsdbRow;
    out += `${u} (${str(g, "name")})\n`;
    for (const [cu, c] of refs(ctx, g, "ha_chassis", "HA_Chassis")) out += `    ${cu} (${str(c, "chassis_name")})\n    priority ${int(c, "priority")}\n\n`;
    out += "\n";
  }
  return text(out);
};

/** `static-mac-binding-list`: by logical port and IP. */
const staticMacList: Run = (ctx) => {
  const rows = rowUuids(ctx, "Static_MAC_Binding").map((u) => rowByUuid(ctx, "Static_MAC_Binding", u) as OvsdbRow);
  if (rows.length === 0) return text("");
  const keys = rows.map((r) => `${padRight(str(r, "logical_port"), 25)}${padRight(str(r, "ip"), 25)}`);
  let out = `${padRight("LOGICAL_PORT", 25)}${padRight("IP", 25)}MAC\n`;
  for (const i of smapSortedOrder(keys)) out += `${padRight(keys[i] as string, 25)}${str(rows[i] as OvsdbRow, "mac")}\n`;
  return text(out);
};

/** `get-ssl`: the first `SSL` row. */
const getSsl: Run = (ctx) => {
  const u = rowUuids(ctx, "SSL")[0];
  const ssl = u === undefined ? undefined : rowByUuid(ctx, "SSL", u);
  if (ssl === undefined) return text("");
  return text(
    `Private key: ${str(ssl, "private_key")}\nCertificate: ${str(ssl, "certificate")}\nCA Certificate: ${str(ssl, "ca_cert")}\nBootstrap: ${ssl.bootstrap_ca_cert === true ? "true" : "false"}\n`,
  );
};

/** `get-connection`: the targets (ovn-sbctl: with their role and read-only flag), sorted, unique. */
function getConnection(sb: boolean): Run {
  return (ctx) => {
    const targets = rowUuids(ctx, "Connection").map((u) => {
      const c = rowByUuid(ctx, "Connection", u) as OvsdbRow;
      return sb ? `${c.read_only === true ? "read-only" : "read-write"} role="${str(c, "role")}" ${str(c, "target")}` : str(c, "target");
    });
    return text(sortedLines([...new Set(targets)]));
  };
}

/**
 * The implementations, by command name.
 *
 * @internal
 */
export const NB_MORE: Readonly<Record<string, Run>> = {
  "lsp-get-parent": onPort("lsp", (_, p) => (optStr(p, "parent_name") === undefined ? "" : `${optStr(p, "parent_name") as string}\n`)),
  "lsp-get-tag": onPort("lsp", (_, p) => (strs(p, "tag").length > 0 ? `${strs(p, "tag")[0] as string}\n` : "")),
  "lsp-get-addresses": onPort("lsp", addresses),
  "lsp-get-port-security": onPort("lsp", (_, p) => sortedLines(strs(p, "port_security"))),
  "lsp-get-up": onPort("lsp", (_, p) => (optBool(p, "up") === true ? "up\n" : "down\n")),
  "lsp-get-enabled": onPort("lsp", (_, p) => (optBool(p, "enabled") === false ? "disabled\n" : "enabled\n")),
  "lsp-get-type": onPort("lsp", (_, p) => `${str(p, "type")}\n`),
  "lsp-get-options": onPort("lsp", (_, p) => smapLines(strMap(p, "options"))),
  "lsp-get-dhcpv4-options": onPort("lsp", (ctx, p) => dhcpOf(ctx, p, "dhcpv4_options")),
  "lsp-get-dhcpv6-options": onPort("lsp", (ctx, p) => dhcpOf(ctx, p, "dhcpv6_options")),
  "lsp-get-ls": onPort("lsp", (ctx, p) => {
    const name = str(p, "name");
    let out = "";
    for (const u of rowUuids(ctx, "Logical_Switch")) {
      const ls = rowByUuid(ctx, "Logical_Switch", u) as OvsdbRow;
      if (refs(ctx, ls, "ports", "Logical_Switch_Port").some(([, q]) => str(q, "name") === name && q === p)) out += `${u} (${str(ls, "name")})\n`;
    }
    return out;
  }),
  "lrp-get-enabled": onPort("lrp", (_, p) => (optBool(p, "enabled") === false ? "disabled\n" : "enabled\n")),
  "lrp-get-gateway-chassis": onPort("lrp", gatewayChassis),
  "lrp-get-redirect-type": onPort("lrp", (_, p) => `${get(strMap(p, "options"), "redirect-type") ?? "overlay"}\n`),
  "qos-list": qosList,
  "dhcp-options-list": dhcpList,
  "dhcp-options-get-options": dhcpGetOptions,
  "ha-chassis-group-list": haList,
  "static-mac-binding-list": staticMacList,
  "get-ssl": getSsl,
  "get-connection": getConnection(false),
};

/**
 * ovn-sbctl's `get-connection` and `get-ssl`.
 *
 * @internal
 */
export const SB_MORE: Readonly<Record<string, Run>> = { "get-connection": getConnection(true), "get-ssl": getSsl };
