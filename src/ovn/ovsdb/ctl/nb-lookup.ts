/**
 * How ovn-nbctl's own commands find a switch, router, port group, load balancer or port by
 * name or UUID (`ls_by_name_or_uuid` and its siblings), with their messages; and the IDL's view
 * of a reference set (the referred rows that exist, in UUID order).
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { isUuidString } from "../values.js";
import { optStr, str, uuids } from "../view-util.js";
import type { Parsed } from "./datum-parse.js";
import { type CtlDb, rowByUuid, rowUuids } from "./records.js";

interface Finder {
  readonly table: string;
  /** `Multiple logical routers named '%s'.  Use a UUID.`, or none: the first match wins. */
  readonly plural?: string;
  /** `router`, `switch`, `port group`, `load balancer`, `port`. */
  readonly what: string;
}

const FINDERS = {
  lr: { table: "Logical_Router", plural: "logical routers", what: "router" },
  ls: { table: "Logical_Switch", plural: "logical switches", what: "switch" },
  lb: { table: "Load_Balancer", plural: "load balancers", what: "load balancer" },
  pg: { table: "Port_Group", what: "port group" },
  lsp: { table: "Logical_Switch_Port", what: "port" },
  lrp: { table: "Logical_Router_Port", what: "port" },
} as const satisfies Record<string, Finder>;

/**
 * The kinds of rows ovn-nbctl finds by name or UUID.
 *
 * @internal
 */
export type NbFinder = keyof typeof FINDERS;

/**
 * `xx_by_name_or_uuid`: the UUID of the row `id` names (its UUID, else its `name`), undefined
 * when none does and `mustExist` is false, or the tool's error.
 *
 * @internal
 */
export function nbFind(ctx: CtlDb, kind: NbFinder, id: string, mustExist: boolean): Parsed<string | undefined> {
  const f: Finder = FINDERS[kind];
  const isUuid = isUuidString(id);
  let found: string | undefined;
  if (isUuid && rowByUuid(ctx, f.table, id.toLowerCase()) !== undefined) found = id.toLowerCase();
  if (found === undefined) {
    for (const u of rowUuids(ctx, f.table)) {
      if (str(rowByUuid(ctx, f.table, u) as OvsdbRow, "name") !== id) continue;
      if (found !== undefined && f.plural !== undefined) return { ok: false, error: `Multiple ${f.plural} named '${id}'.  Use a UUID.` };
      found = u;
      if (f.plural === undefined) break;
    }
  }
  if (found === undefined && mustExist) return { ok: false, error: `${id}: ${f.what} ${isUuid ? "UUID" : "name"} not found` };
  return { ok: true, value: found };
}

/**
 * The rows a reference column holds that exist, in UUID order (what the IDL's arrays hold).
 *
 * @internal
 */
export function refs(ctx: CtlDb, row: OvsdbRow, column: string, table: string): [string, OvsdbRow][] {
  const out: [string, OvsdbRow][] = [];
  for (const u of uuids(row, column)) {
    const r = rowByUuid(ctx, table, u);
    if (r !== undefined) out.push([u, r]);
  }
  return out;
}

/**
 * A required row by UUID (the caller knows it exists).
 *
 * @internal
 */
export function row(ctx: CtlDb, table: string, uuid: string): OvsdbRow {
  return rowByUuid(ctx, table, uuid) as OvsdbRow;
}

/**
 * An optional string column: `undefined` when empty (what C sees as a NULL pointer).
 *
 * @internal
 */
export const opt = optStr;

/**
 * `smap_get_bool(smap, key, false)`: true when the value is `true` (any case).
 *
 * @internal
 */
export function smapGetBool(map: Readonly<Record<string, string>>, key: string): boolean {
  return Object.hasOwn(map, key) && (map[key] as string).toLowerCase() === "true";
}
