/**
 * The generic `show` of lib/db-ctl-base.c (`cmd_show`), which `ovs-vsctl show` and
 * `ovn-sbctl show` use: starting from every row of the first table, each row prints as
 * `Table name` (or its UUID), followed, indented by four spaces, by the rows its reference
 * columns point to (recursively, but never back into a table already being printed), its other
 * listed columns when they are not at their default value, and the rows of a weak-reference table
 * that point back to it.
 *
 * The rows of the first table and of the weak-reference tables are walked in UUID order (the
 * real tools walk their hash table); the rows a column refers to come in OVSDB's order of the
 * column's UUIDs, as in the real tools.
 *
 * @module
 * @internal
 */
import type { OvsdbAtom, OvsdbColumnSchema, OvsdbRow, OvsdbTableSchema } from "../types.js";
import { atomToString, datumIsDefault, datumOf, datumToString } from "./datum.js";
import { type CtlDb, rowByUuid, rowUuids } from "./records.js";

/**
 * One table of a tool's `show` (`struct cmd_show_table`).
 *
 * @internal
 */
export interface CtlShowTable {
  readonly table: string;
  readonly nameColumn?: string;
  readonly columns: readonly string[];
  readonly weakRef?: { readonly table: string; readonly nameColumn: string; readonly refColumn: string };
}

/**
 * `ovs-vsctl show`'s tables (utilities/ovs-vsctl.c).
 *
 * @internal
 */
export const VSCTL_SHOW: readonly CtlShowTable[] = [
  { table: "Open_vSwitch", columns: ["manager_options", "bridges", "ovs_version"] },
  { table: "Bridge", nameColumn: "name", columns: ["controller", "fail_mode", "datapath_type", "ports"] },
  { table: "Port", nameColumn: "name", columns: ["tag", "trunks", "interfaces"] },
  { table: "Interface", nameColumn: "name", columns: ["type", "options", "error", "bfd_status"] },
  { table: "Controller", nameColumn: "target", columns: ["is_connected"] },
  { table: "Manager", nameColumn: "target", columns: ["is_connected"] },
];

/**
 * `ovn-sbctl show`'s tables (utilities/ovn-sbctl.c).
 *
 * @internal
 */
export const SBCTL_SHOW: readonly CtlShowTable[] = [
  {
    table: "Chassis",
    nameColumn: "name",
    columns: ["hostname", "encaps"],
    weakRef: { table: "Port_Binding", nameColumn: "logical_port", refColumn: "chassis" },
  },
  { table: "Encap", nameColumn: "type", columns: ["ip", "options"] },
];

function nameText(ctx: CtlDb, show: CtlShowTable, row: OvsdbRow): string {
  const col = ctx.db.schema.tables[show.table]?.columns[show.nameColumn as string];
  return col === undefined ? "" : datumToString(datumOf(row[col.name] as never, col.type), col.type);
}

function showRow(ctx: CtlDb, tables: readonly CtlShowTable[], tableName: string, uuid: string, level: number, shown: Set<string>, out: string[]): void {
  const show = tables.find((t) => t.table === tableName);
  const schema = ctx.db.schema.tables[tableName] as OvsdbTableSchema;
  const row = rowByUuid(ctx, tableName, uuid) as OvsdbRow;
  const pad = (n: number) => " ".repeat(n * 4);
  const named = show?.nameColumn !== undefined && schema.columns[show.nameColumn] !== undefined;
  out.push(`${pad(level)}${named ? `${tableName} ${nameText(ctx, show as CtlShowTable, row)}` : uuid}\n`);
  if (show === undefined || shown.has(tableName)) return;
  shown.add(tableName);
  for (const name of show.columns) {
    const column: OvsdbColumnSchema | undefined = schema.columns[name];
    if (column === undefined) continue;
    const datum = datumOf(row[name] as never, column.type);
    const type = column.type;
    if (type.key.type === "uuid" && type.key.refTable !== undefined) {
      const refTable = type.key.refTable;
      if (tables.some((t) => t.table === refTable)) {
        for (const k of datum.keys) {
          const u = (k as { uuid: string }).uuid;
          if (rowByUuid(ctx, refTable, u) !== undefined) showRow(ctx, tables, refTable, u, level + 1, shown, out);
        }
        continue;
      }
    } else if (type.kind === "map" && type.value?.type === "uuid" && type.value.refTable !== undefined) {
      const refTable = type.value.refTable;
      const refShow = tables.find((t) => t.table === refTable);
      if (refShow?.nameColumn !== undefined) {
        out.push(`${pad(level + 1)}${name}:\n`);
        datum.keys.forEach((k, j) => {
          const ref = rowByUuid(ctx, refTable, ((datum.values as readonly OvsdbAtom[])[j] as { uuid: string }).uuid);
          out.push(`${pad(level + 2)}${atomToString(k, type.key.type)}=${ref === undefined ? '"<null>"' : nameText(ctx, refShow, ref)}\n`);
        });
        continue;
      }
    }
    if (!datumIsDefault(datum, type)) out.push(`${pad(level + 1)}${name}: ${datumToString(datum, type)}\n`);
  }
  const w = show.weakRef;
  const wSchema = w === undefined ? undefined : ctx.db.schema.tables[w.table];
  if (w !== undefined && wSchema?.columns[w.nameColumn] !== undefined && wSchema.columns[w.refColumn] !== undefined) {
    const nameCol = wSchema.columns[w.nameColumn] as OvsdbColumnSchema;
    const refCol = wSchema.columns[w.refColumn] as OvsdbColumnSchema;
    for (const wu of rowUuids(ctx, w.table)) {
      const wrow = rowByUuid(ctx, w.table, wu) as OvsdbRow;
      const refs = datumOf(wrow[w.refColumn] as never, refCol.type).keys;
      if (refs.length > 0 && (refs[0] as { uuid: string }).uuid === uuid) {
        out.push(`${pad(level + 1)}${w.table} ${datumToString(datumOf(wrow[w.nameColumn] as never, nameCol.type), nameCol.type)}\n`);
      }
    }
  }
  shown.delete(tableName);
}

/**
 * `cmd_show` with the given show tables.
 *
 * @internal
 */
export function genericShow(ctx: CtlDb, tables: readonly CtlShowTable[]): string {
  const first = tables[0];
  if (first === undefined || ctx.db.schema.tables[first.table] === undefined) return "";
  const out: string[] = [];
  for (const uuid of rowUuids(ctx, first.table)) showRow(ctx, tables, first.table, uuid, 0, new Set(), out);
  return out.join("");
}
