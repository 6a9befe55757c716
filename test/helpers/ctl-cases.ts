/**
 * The command lines the offline ctl is compared on, made from a database's content: every
 * read-only command with real names, UUIDs and UUID prefixes from the database, every table
 * with every output format and data format, `get` of every column, `find` on values the rows
 * hold, and the error cases (unknown tables, columns, rows, commands, options, write commands).
 * Shared by the capture script (fixtures-gen/ctl/capture.ts) and the integration test.
 */
import type { OvsdbDatabase, OvsdbRow, OvsdbTableSchema } from "../../src/ovn/ovsdb/index.js";
import { datumOf, datumToString } from "../../src/ovn/ovsdb/ctl/datum.js";
import type { CtlOrder } from "./ctl-compare.js";

export type CtlToolName = "ovn-nbctl" | "ovn-sbctl" | "ovs-vsctl";

export interface CtlCase {
  readonly tool: CtlToolName;
  readonly args: readonly string[];
  readonly order: CtlOrder;
  /** For `rows`: the cells per row (the columns listed). */
  readonly columns?: number;
}

/** The tool that reads a database of this schema. */
export function toolFor(db: OvsdbDatabase): CtlToolName | undefined {
  return ({ OVN_Northbound: "ovn-nbctl", OVN_Southbound: "ovn-sbctl", Open_vSwitch: "ovs-vsctl" } as const)[db.schema.name as "OVN_Northbound"];
}

const rowsOf = (db: OvsdbDatabase, t: string): [string, OvsdbRow][] => Object.entries(db.tables[t] ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1));
const names = (db: OvsdbDatabase, t: string, col = "name"): string[] => rowsOf(db, t).map(([, r]) => r[col]).filter((n): n is string => typeof n === "string");
const hasDup = (xs: readonly string[]) => new Set(xs).size !== xs.length;

/** The output and data formats every table is listed in (a few for big tables). */
const STYLES: readonly (readonly string[])[] = [
  [],
  ["--format=table"],
  ["-f", "csv"],
  ["--format=json"],
  ["--format=json", "--pretty"],
  ["--bare"],
  ["--data=bare", "--format=table"],
  ["-d", "json"],
  ["--no-headings", "--format=table"],
  ["--format=html"],
  ["--max-column-width=12", "--format=table"],
];

/** The styles of the reduced matrix (the other fixture databases of the integration test). */
const FEW_STYLES: readonly (readonly string[])[] = [[], ["-d", "json", "-f", "table"]];

function tableCases(tool: CtlToolName, db: OvsdbDatabase, schema: OvsdbTableSchema, full: boolean): CtlCase[] {
  const out: CtlCase[] = [];
  const t = schema.name;
  const rows = rowsOf(db, t);
  const big = rows.length > 200;
  // ovn-sbctl's IDL adds a synthetic column `hash` to Logical_Flow
  const all = schema.columnNames.length + 1 + (tool === "ovn-sbctl" && t === "Logical_Flow" ? 1 : 0);
  for (const style of big ? STYLES.slice(0, 2) : full ? STYLES : FEW_STYLES) out.push({ tool, args: [...style, "list", t], order: "rows", columns: all });
  const someCols = schema.columnNames.slice(0, 2);
  if (full) out.push({ tool, args: [`--columns=_uuid,${someCols.join(",")}`, "--format=table", "list", t], order: "rows", columns: someCols.length + 1 });
  if (full) out.push({ tool, args: [`--columns=${someCols.join(" ")}`, "--bare", "list", t], order: "rows", columns: someCols.length });
  if (full) out.push({ tool, args: ["find", t], order: "rows", columns: all });
  const first = rows[0];
  if (first === undefined) return out;
  const [uuid, row] = first;
  out.push({ tool, args: ["list", t, uuid], order: "exact" });
  out.push({ tool, args: ["list", t, uuid.slice(0, 8)], order: "exact" });
  if (full) out.push({ tool, args: ["--columns=_uuid", "list", t, uuid.slice(0, 4), uuid], order: "exact" });
  out.push({ tool, args: ["get", t, uuid, "_uuid", ...schema.columnNames], order: "exact" });
  if (rows.length === 1) out.push({ tool, args: ["list", t, "."], order: "exact" });
  for (const col of schema.columnNames.slice(0, full ? (big ? 2 : 6) : 1)) {
    const c = schema.columns[col];
    if (c === undefined) continue;
    const value = datumToString(datumOf(row[col] as never, c.type), c.type);
    out.push({ tool, args: ["--columns=_uuid", "find", t, `${col}=${value}`], order: "rows", columns: 1 });
    if (c.type.kind === "map") {
      const keys = Object.keys(row[col] as object);
      if (keys[0] !== undefined) {
        out.push({ tool, args: ["get", t, uuid, `${col}:"${keys[0]}"`], order: "exact" });
        out.push({ tool, args: ["--columns=_uuid", "find", t, `${col}:"${keys[0]}"=${value === "{}" ? '""' : JSON.stringify(String((row[col] as Record<string, unknown>)[keys[0]]))}`], order: "rows", columns: 1 });
      }
      out.push({ tool, args: ["--columns=_uuid", "find", t, `${col}{>=}{}`], order: "rows", columns: 1 });
    } else if (c.type.max > 1) {
      out.push({ tool, args: ["--columns=_uuid", "find", t, `${col}{>=}[]`, `${col}!=[]`], order: "rows", columns: 1 });
    }
  }
  return out;
}

function nbCases(db: OvsdbDatabase): CtlCase[] {
  const tool = "ovn-nbctl";
  const c = (args: string[], order: CtlOrder = "exact"): CtlCase => ({ tool, args, order });
  const ls = names(db, "Logical_Switch");
  const lr = names(db, "Logical_Router");
  const pg = names(db, "Port_Group");
  const lb = names(db, "Load_Balancer");
  const out: CtlCase[] = [c(["show"], "nb-show"), c(["ls-list"], hasDup(ls) ? "lines" : "exact"), c(["lr-list"], hasDup(lr) ? "lines" : "exact")];
  out.push(c(["lb-list"], hasDup(lb) ? "lines" : "exact"), c(["meter-list"]), c(["show", "nosuch"]), c(["lb-list", "nosuch"]));
  for (const n of new Set(ls)) out.push(c(["show", n]), c(["lsp-list", n]), c(["acl-list", n]), c(["--type=switch", "acl-list", n]), c(["ls-lb-list", n]), c(["qos-list", n]));
  for (const n of new Set(lr)) {
    out.push(c(["show", n]), c(["lrp-list", n]), c(["lr-route-list", n]), c(["lr-nat-list", n]), c(["lr-policy-list", n]));
    out.push(c(["--route-table=rtb1", "lr-route-list", n]), c(["lr-lb-list", n]));
  }
  // the settings of some ports: the first ones, and those with a parent, a tag, router addresses, DHCP, options
  const lsps = rowsOf(db, "Logical_Switch_Port");
  const special = lsps.filter(([, r]) => (Array.isArray(r.tag) && r.tag.length > 0) || r.type !== "" || (Array.isArray(r.dhcpv4_options) && r.dhcpv4_options.length > 0));
  const someLsps = [...new Set([...lsps.slice(0, 4), ...special.slice(0, 6)].map(([, r]) => r.name as string))];
  for (const p of someLsps) {
    for (const cmd of ["lsp-get-parent", "lsp-get-tag", "lsp-get-addresses", "lsp-get-port-security", "lsp-get-up", "lsp-get-enabled", "lsp-get-type", "lsp-get-options", "lsp-get-dhcpv4-options", "lsp-get-dhcpv6-options", "lsp-get-ls"]) out.push(c([cmd, p]));
  }
  for (const p of names(db, "Logical_Router_Port")) for (const cmd of ["lrp-get-enabled", "lrp-get-gateway-chassis", "lrp-get-redirect-type"]) out.push(c([cmd, p]));
  out.push(c(["lsp-get-type", "nosuch"]), c(["lrp-get-enabled", "nosuch"]), c(["dhcp-options-list"]), c(["ha-chassis-group-list"], "lines"), c(["static-mac-binding-list"]), c(["get-connection"]), c(["get-ssl"]));
  for (const [u] of rowsOf(db, "DHCP_Options").slice(0, 3)) out.push(c(["dhcp-options-get-options", u]));
  out.push(c(["dhcp-options-get-options", "nosuch"]), c(["ls-lb-list", "nosuch"]), c(["qos-list", "nosuch"]));
  for (const n of new Set(pg)) out.push(c(["acl-list", n]), c(["--type=port-group", "acl-list", n]));
  for (const n of new Set(lb)) out.push(c(["lb-list", n]));
  const firstLs = rowsOf(db, "Logical_Switch")[0];
  if (firstLs !== undefined) out.push(c(["show", firstLs[0]]), c(["lsp-list", firstLs[0]]), c(["acl-list", firstLs[0]]), c(["lsp-list", firstLs[0].toUpperCase()]));
  const firstLr = rowsOf(db, "Logical_Router")[0];
  if (firstLr !== undefined) out.push(c(["lr-route-list", firstLr[0]]), c(["lr-nat-list", firstLr[0]]));
  out.push(c(["lsp-list", "nosuch"]), c(["lrp-list", "nosuch"]), c(["lr-route-list", "nosuch"]), c(["acl-list", "nosuch"]), c(["--type=bad", "acl-list", "x"]));
  out.push(c(["lr-route-list", "00000000-0000-0000-0000-000000000000"]));
  out.push(c(["meter-list", "--", "lb-list", "--", "show", "nosuch"]), c(["--oneline", "meter-list", "--", "lb-list"]));
  return out;
}

function sbCases(db: OvsdbDatabase): CtlCase[] {
  const tool = "ovn-sbctl";
  const c = (args: string[], order: CtlOrder = "exact"): CtlCase => ({ tool, args, order });
  const out: CtlCase[] = [c(["show"], "sb-show"), c(["lflow-list"]), c(["--uuid", "lflow-list"]), c(["dump-flows"]), c(["count-flows"])];
  out.push(c(["get-connection"]), c(["get-ssl"]), c(["lflow-list", "--vflows"], "vflows"), c(["--uuid", "lflow-list", "--vflows"], "vflows"), c(["count-flows", "nosuch"]), c(["lflow-list", "nosuch"]));
  const dps = rowsOf(db, "Datapath_Binding");
  for (const [u, r] of dps) {
    const ids = r.external_ids as Record<string, string>;
    if (typeof ids.name === "string") out.push(c(["lflow-list", ids.name]), c(["count-flows", ids.name]));
    out.push(c(["--uuid", "lflow-list", u]));
  }
  const dp = dps[0];
  if (dp !== undefined) out.push(c(["lflow-list", dp[0].slice(0, 6)]), c(["lflow-list", dp[0], "--vflows"], "vflows"));
  const lf = rowsOf(db, "Logical_Flow")[0];
  if (lf !== undefined) {
    out.push(c(["--uuid", "lflow-list", lf[0].slice(0, 8)]), c(["lflow-list", `0x${lf[0].slice(0, 8).replace(/^0+/, "")}`]));
    if (dp !== undefined) out.push(c(["--uuid", "lflow-list", dp[0], lf[0].slice(0, 5), "notauuid"]));
  }
  return out;
}

function vsCases(db: OvsdbDatabase): CtlCase[] {
  const tool = "ovs-vsctl";
  const c = (args: string[], order: CtlOrder = "exact"): CtlCase => ({ tool, args, order });
  const out: CtlCase[] = [c(["show"]), c(["list-br"]), c(["list-br", "--real"]), c(["--fake", "list-br"]), c(["get-manager"]), c(["get-ssl"])];
  const bridges = [...names(db, "Bridge"), ...names(db, "Port").filter((p) => rowsOf(db, "Port").some(([, r]) => r.name === p && r.fake_bridge === true))];
  for (const b of new Set(bridges)) {
    for (const cmd of ["list-ports", "list-ifaces", "br-to-parent", "br-to-vlan", "br-exists", "get-controller", "get-fail-mode", "br-get-external-id"]) out.push(c([cmd, b]));
  }
  for (const p of names(db, "Port")) out.push(c(["port-to-br", p]));
  for (const i of names(db, "Interface")) out.push(c(["iface-to-br", i]));
  out.push(c(["br-exists", "nosuch"]), c(["list-ports", "nosuch"]), c(["port-to-br", "nosuch"]), c(["iface-to-br", "nosuch"]));
  return out;
}

/** Errors of the database commands and of the command line, on any database. */
function errorCases(tool: CtlToolName, db: OvsdbDatabase): CtlCase[] {
  const c = (args: string[]): CtlCase => ({ tool, args, order: "exact" });
  const t = db.schema.tableNames.find((n) => Object.keys(db.tables[n] ?? {}).length > 0) ?? (db.schema.tableNames[0] as string);
  const schema = db.schema.tables[t] as OvsdbTableSchema;
  const col = schema.columnNames[0] as string;
  const all = (args: string[]): CtlCase => ({ tool, args, order: "rows", columns: schema.columnNames.length + 1 });
  const uuid = rowsOf(db, t)[0]?.[0] ?? "00000000-0000-0000-0000-000000000000";
  return [
    c(["list", "NoSuchTable"]),
    all(["list", t.slice(0, 3)]),
    all(["list", t.toLowerCase().replaceAll("_", "-")]),
    all(["--", "list", t]),
    c(["list", t, "nosuch"]),
    c(["--if-exists", "list", t, "nosuch"]),
    c(["--columns=nosuch", "list", t]),
    c(["--columns=", "list", t]),
    c(["get", t, "nosuch", col]),
    c(["--if-exists", "get", t, "nosuch", col]),
    c(["get", t, uuid, "nosuch"]),
    c(["get", t, uuid, `${col}:key`]),
    c(["find", t, "nosuch=1"]),
    c(["find", t, `${col}`]),
    c(["find", t, `${col}~1`]),
    c(["get", t, ".", "nosuch"]),
    c(["nosuchcommand"]),
    c(["list"]),
    c(["--bogus-option", "list", t]),
    c(["--format=bogus", "list", t]),
    c(["--data=bogus", "list", t]),
    c(["-f"]),
    c(["list", t, "--columns=name"]),
    c(["--uuid", "list", t]),
    c(["--", "--if-exists", "list", t, uuid, "nosuch", "--", "--columns=_uuid", "--format=csv", "list", t, uuid]),
    c(["comment", "hello", "--", "--columns=_uuid", "list", t, uuid, "--", "--format=json", "get", t, uuid, "_uuid"]),
    c(["--format=table", "--columns=_uuid", "list", t, uuid, "--", "list", t, uuid]),
  ];
}

/**
 * Every case for a database: the whole matrix, or (`{ full: false }`) every command with fewer
 * output styles and `find` conditions per table.
 */
export function ctlCases(db: OvsdbDatabase, options: { readonly full?: boolean } = {}): CtlCase[] {
  const full = options.full !== false;
  const tool = toolFor(db);
  if (tool === undefined) return [];
  const specific = tool === "ovn-nbctl" ? nbCases(db) : tool === "ovn-sbctl" ? sbCases(db) : vsCases(db);
  const tables = db.schema.tableNames.filter((n) => Object.keys(db.tables[n] ?? {}).length > 0 || n === db.schema.tableNames[0]);
  return [...specific, ...tables.flatMap((n) => tableCases(tool, db, db.schema.tables[n] as OvsdbTableSchema, full)), ...errorCases(tool, db)];
}
