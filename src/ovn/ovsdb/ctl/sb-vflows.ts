/**
 * `ovn-sbctl lflow-list --vflows`: after the logical flows, the port bindings, MAC bindings,
 * multicast groups, chassis and load balancers (of the datapath, when one is given) that also
 * make OpenFlow flows (utilities/ovn-sbctl.c `cmd_lflow_list_*`). Each section walks its table in
 * UUID order (the real tool walks its hash table).
 *
 * @module
 * @internal
 */
import type { OvsdbMap, OvsdbRow } from "../types.js";
import { optStr, str, strMap, uuids } from "../view-util.js";
import { padRight, strcmp } from "./c-text.js";
import { smapIterationOrder } from "./ovs-hash.js";
import { type CtlDb, rowByUuid, rowUuids } from "./records.js";

function dpName(ctx: CtlDb, uuid: string | undefined): string {
  const dp = uuid === undefined ? undefined : rowByUuid(ctx, "Datapath_Binding", uuid);
  if (dp === undefined) return "";
  const ids = dp.external_ids as OvsdbMap;
  const name = Object.hasOwn(ids, "name") ? (ids.name as string) : undefined;
  const name2 = Object.hasOwn(ids, "name2") ? (ids.name2 as string) : undefined;
  if (name !== undefined && name2 !== undefined) return `"${name}" aka "${name2}"`;
  const one = name ?? name2;
  return one === undefined ? "" : `"${one}"`;
}

const dpRef = (row: OvsdbRow, col: string): string | undefined => uuids(row, col)[0];

/**
 * The `--vflows` sections (`datapath`: the datapath given on the command line, if any).
 *
 * @internal
 */
export function vflows(ctx: CtlDb, datapath: string | undefined, withUuid: boolean): string {
  const parts: string[] = [];
  const uuidPart = (u: string) => (withUuid ? `uuid=0x${u.slice(0, 8)}, ` : "");
  const dpPart = (u: string | undefined) => (datapath === undefined ? `datapath=${dpName(ctx, u)}, ` : "");
  const section = (title: string, table: string, filter: (r: OvsdbRow) => boolean, line: (u: string, r: OvsdbRow) => string) => {
    let first = true;
    for (const u of rowUuids(ctx, table)) {
      const r = rowByUuid(ctx, table, u) as OvsdbRow;
      if (!filter(r)) continue;
      if (first) parts.push(`\n${title}:\n`);
      first = false;
      parts.push(`  ${uuidPart(u)}${line(u, r)}`);
    }
  };
  const onDp = (r: OvsdbRow) => datapath === undefined || dpRef(r, "datapath") === datapath;
  section("Port Bindings", "Port_Binding", onDp, (_, r) => `${dpPart(dpRef(r, "datapath"))}logical_port=${str(r, "logical_port")}, tunnel_key=${padRight(String(r.tunnel_key), 5)}\n`);
  section("MAC Bindings", "MAC_Binding", onDp, (_, r) => `${dpPart(dpRef(r, "datapath"))}logical_port=${str(r, "logical_port")}, ip=${str(r, "ip")}, mac=${str(r, "mac")}\n`);
  section("MC Groups", "Multicast_Group", onDp, (_, r) => {
    const ports = uuids(r, "ports")
      .map((p) => rowByUuid(ctx, "Port_Binding", p))
      .filter((p): p is OvsdbRow => p !== undefined)
      .map((p) => str(p, "logical_port"));
    return `${dpPart(dpRef(r, "datapath"))}name=${str(r, "name")}, tunnel_key=${padRight(String(r.tunnel_key), 5)}, ports=(${ports.join(", ")})\n`;
  });
  section("Chassis", "Chassis", () => true, (_, r) => `name=${str(r, "name")}\n`);
  const groupMembers = (r: OvsdbRow): string[] => {
    const g = dpRef(r, "datapath_group");
    const gr = g === undefined ? undefined : rowByUuid(ctx, "Logical_DP_Group", g);
    return gr === undefined ? [] : uuids(gr, "datapaths").filter((d) => rowByUuid(ctx, "Datapath_Binding", d) !== undefined);
  };
  const lbDps = (r: OvsdbRow) => uuids(r, "datapaths").filter((d) => rowByUuid(ctx, "Datapath_Binding", d) !== undefined);
  const lbOn = (r: OvsdbRow) => datapath === undefined || lbDps(r).includes(datapath) || groupMembers(r).includes(datapath);
  section("Load Balancers", "Load_Balancer", lbOn, (_, r) => {
    const protocol = optStr(r, "protocol") ?? "(null)";
    let s = `name="${str(r, "name")}", protocol="${protocol}", `;
    if (datapath === undefined) for (const d of [...lbDps(r), ...groupMembers(r)]) s += `datapath=${dpName(ctx, d)}, `;
    s += "\n  vips:\n";
    const vips = strMap(r, "vips");
    const keys = Object.keys(vips).sort(strcmp);
    for (const i of smapIterationOrder(keys)) s += `    ${keys[i] as string} = ${vips[keys[i] as string] as string}\n`;
    return `${s}\n`;
  });
  return parts.join("");
}
