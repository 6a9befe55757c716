/**
 * `ovn-sbctl [--uuid] lflow-list [DATAPATH] [LFLOW...]` (and its aliases `dump-flows`,
 * `count-flows`) from the Southbound database alone (utilities/ovn-sbctl.c `cmd_lflow_list`):
 * every logical flow of every datapath it applies to (a flow of a datapath group once per
 * member), sorted by datapath name, datapath UUID, pipeline, table, priority (highest first),
 * match and actions, printed under `Datapath:` headers. The text parses back with
 * `parseLogicalFlows`, and {@link sbLogicalFlows} gives the same flows as data.
 *
 * @module
 * @internal
 */
import type { LogicalDatapath, LogicalFlow } from "../../lflow.js";
import type { OvsdbMap, OvsdbRow } from "../types.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { padRight } from "./c-text.js";
import type { Parsed } from "./datum-parse.js";
import { type CtlDb, ctlGetRow, rowByUuid, rowUuids } from "./records.js";
import { vflows } from "./sb-vflows.js";

/** An entry of the sorted list: a flow and one datapath it applies to. */
interface Entry {
  readonly uuid: string;
  readonly row: OvsdbRow;
  readonly dp: string;
  readonly dpRank: number;
  readonly pipeline: number;
  readonly table: number;
  readonly priority: number;
}

const mapGet = (v: unknown, key: string): string | undefined => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const m = v as OvsdbMap;
  const x = Object.hasOwn(m, key) ? m[key] : undefined;
  return typeof x === "string" ? x : undefined;
};

/** The one UUID a 0..1 reference column holds. */
function ref(v: unknown): string | undefined {
  const a = Array.isArray(v) ? v[0] : v;
  return typeof a === "object" && a !== null && typeof (a as { uuid?: unknown }).uuid === "string" ? (a as { uuid: string }).uuid : undefined;
}

/**
 * `print_datapath_name`: `"name"`, `"name" aka "name2"`, or nothing.
 *
 * @internal
 */
export function datapathNameText(dp: OvsdbRow): string {
  const name = mapGet(dp.external_ids, "name");
  const name2 = mapGet(dp.external_ids, "name2");
  if (name !== undefined && name2 !== undefined) return `"${name}" aka "${name2}"`;
  const one = name ?? name2;
  return one === undefined ? "" : `"${one}"`;
}

function datapathModel(uuid: string, dp: OvsdbRow): LogicalDatapath {
  const name = mapGet(dp.external_ids, "name");
  const name2 = mapGet(dp.external_ids, "name2");
  if (name !== undefined && name2 !== undefined) return { name, uuid, alias: name2 };
  return { name: name ?? name2 ?? "", uuid };
}

const cmp = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

/**
 * The flows `lflow-list` lists, sorted (for one datapath, when given).
 *
 * @internal
 */
export function lflowEntries(ctx: CtlDb, datapath?: string): Entry[] {
  const dpTable = ctx.db.tables.Datapath_Binding ?? {};
  const groupTable = ctx.db.tables.Logical_DP_Group ?? {};
  // Datapaths in the order the comparison puts them: external_ids:name (default ""), then UUID.
  const dps = Object.keys(dpTable).map((u) => ({ u, name: mapGet((dpTable[u] as OvsdbRow).external_ids, "name") ?? "" }));
  dps.sort((a, b) => cmp(a.name, b.name) || cmp(a.u, b.u));
  const rank = new Map(dps.map((d, i) => [d.u, i]));
  const out: Entry[] = [];
  for (const uuid of rowUuids(ctx, "Logical_Flow")) {
    const row = rowByUuid(ctx, "Logical_Flow", uuid) as OvsdbRow;
    const base = { uuid, row, pipeline: row.pipeline === "egress" ? 1 : 0, table: Number(row.table_id), priority: Number(row.priority) };
    const own = ref(row.logical_datapath);
    const group = ref(row.logical_dp_group);
    const groupRow = group !== undefined && Object.hasOwn(groupTable, group) ? groupTable[group] : undefined;
    const members = groupRow === undefined ? [] : (groupRow.datapaths as readonly { uuid: string }[]).map((d) => d.uuid).filter((d) => rank.has(d));
    if (datapath !== undefined) {
      if (own === datapath || members.includes(datapath)) out.push({ ...base, dp: datapath, dpRank: rank.get(datapath) as number });
      continue;
    }
    if (own !== undefined && rank.has(own)) out.push({ ...base, dp: own, dpRank: rank.get(own) as number });
    for (const d of members) out.push({ ...base, dp: d, dpRank: rank.get(d) as number });
  }
  out.sort(
    (a, b) =>
      a.dpRank - b.dpRank ||
      a.pipeline - b.pipeline ||
      a.table - b.table ||
      b.priority - a.priority ||
      cmp(a.row.match as string, b.row.match as string) ||
      cmp(a.row.actions as string, b.row.actions as string),
  );
  return out;
}

/** `is_partial_uuid_match`, leading zeros (and `0x`) stripped from both sides. */
function partialMatch(uuid: string, match: string): boolean {
  const s2 = (/^0[xX]/.test(match) ? match.slice(2) : match).replace(/^0+/, "");
  return uuid.replace(/^0+/, "").startsWith(s2);
}

/** `uuid_is_partial_string` (at least one character). */
function isUuidBeginning(x: string): boolean {
  const tmpl = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (x.length === 0 || x.length > 36) return false;
  for (let i = 0; i < x.length; i++) if (tmpl[i] === "x" ? !/[0-9a-fA-F]/.test(x[i] as string) : x[i] !== "-") return false;
  return true;
}

/**
 * `parse_partial_uuid`: a UUID, its beginning, or either after `0x`.
 *
 * @internal
 */
export function isPartialUuid(s: string): boolean {
  return isUuidBeginning(s) || (/^0[xX]/.test(s) && isUuidBeginning(s.slice(2)));
}

/**
 * The datapath argument and flow filters of `lflow-list` / `count-flows`.
 *
 * @internal
 */
export function lflowArgs(ctx: CtlDb, args: readonly string[], countFlows = false): Parsed<{ datapath?: string; filters: string[]; missingDatapath: boolean }> {
  let rest = [...args];
  let datapath: string | undefined;
  let missingDatapath = false;
  if (rest.length > 0) {
    const r = ctlGetRow(ctx, "Datapath_Binding", rest[0] as string, false);
    if (!r.ok) return r;
    if (r.value !== undefined) {
      datapath = r.value;
      rest = rest.slice(1);
    } else missingDatapath = true;
  }
  if (countFlows && missingDatapath) return { ok: true, value: { filters: [], missingDatapath } };
  for (const f of rest) if (!isPartialUuid(f)) return { ok: false, error: `${f} is not a UUID or the beginning of a UUID` };
  return { ok: true, value: { ...(datapath === undefined ? {} : { datapath }), filters: rest, missingDatapath } };
}

/**
 * The flows `lflow-list [DATAPATH] [LFLOW...]` prints, as {@link LogicalFlow}s.
 *
 * @internal
 */
export function sbLogicalFlows(ctx: CtlDb, datapath: string | undefined, filters: readonly string[], withUuid: boolean): LogicalFlow[] {
  const dps = new Map<string, LogicalDatapath>();
  const out: LogicalFlow[] = [];
  for (const e of lflowEntries(ctx, datapath)) {
    if (filters.length > 0 && !filters.some((f) => partialMatch(e.uuid, f))) continue;
    let dp = dps.get(e.dp);
    if (dp === undefined) {
      dp = datapathModel(e.dp, rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
      dps.set(e.dp, dp);
    }
    out.push({
      datapath: { ...dp },
      pipeline: e.pipeline === 0 ? "ingress" : "egress",
      ...(withUuid ? { uuidPrefix: Number.parseInt(e.uuid.slice(0, 8), 16) } : {}),
      table: e.table,
      stage: mapGet(e.row.external_ids, "stage-name") ?? "",
      priority: e.priority,
      match: e.row.match as string,
      actions: e.row.actions as string,
    });
  }
  return out;
}

const header = (dpText: string, dp: string, pipeline: number): string => `Datapath: ${dpText} (${dp})  Pipeline: ${pipeline === 0 ? "ingress" : "egress"}\n`;

function countText(ctx: CtlDb, entries: readonly Entry[]): string {
  const parts: string[] = [];
  const dpText = (e: Entry) => datapathNameText(rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
  const stage = (e: Entry) => mapGet(e.row.external_ids, "stage-name") ?? "";
  const tableLine = (e: Entry, n: number) => `  table=${padRight(String(e.table), 2)}(${padRight(stage(e), 19)}) lflows=${n}\n`;
  const sum = (e: Entry, n: number) =>
    `Total number of logical flows in the datapath ${dpText(e)} (${e.dp}) Pipeline: ${e.pipeline === 0 ? "ingress" : "egress"} = ${n}\n\n`;
  let prev: Entry | undefined;
  let tableN = 0;
  let dpN = 0;
  for (const cur of entries) {
    const newDp = prev === undefined || prev.dp !== cur.dp || prev.pipeline !== cur.pipeline;
    if (prev !== undefined && (prev.table !== cur.table || newDp)) {
      parts.push(tableLine(prev, tableN));
      tableN = 1;
      if (newDp) {
        parts.push(sum(prev, dpN));
        dpN = 1;
      } else dpN++;
    } else {
      dpN++;
      tableN++;
    }
    if (newDp) parts.push(header(dpText(cur), cur.dp, cur.pipeline));
    prev = cur;
  }
  if (prev !== undefined) parts.push(tableLine(prev, tableN), sum(prev, dpN));
  parts.push(`Total number of logical flows = ${entries.length}\n`);
  return parts.join("");
}

/**
 * `lflow-list` / `dump-flows` / `count-flows`.
 *
 * @internal
 */
export function runLflowList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const a = lflowArgs(ctx, inv.args, inv.name === "count-flows");
  if (!a.ok) return failure(a.error);
  if (inv.name === "count-flows" && a.value.missingDatapath) return text("Total number of logical flows = 0\n");
  if (inv.options.has("--ovs")) return failure(`${inv.name} --ovs shows the OpenFlow flows of a running ovs-vswitchd; offline there is none (drop --ovs)`);
  const entries = lflowEntries(ctx, a.value.datapath);
  if (inv.name === "count-flows") return text(countText(ctx, entries));
  const withUuid = inv.options.has("--uuid");
  const filters = a.value.filters;
  const parts: string[] = [];
  const dpTexts = new Map<string, string>();
  let prev: Entry | undefined;
  for (const e of entries) {
    if (filters.length > 0 && !filters.some((f) => partialMatch(e.uuid, f))) continue;
    if (prev === undefined || prev.dp !== e.dp || prev.pipeline !== e.pipeline) {
      let t = dpTexts.get(e.dp);
      if (t === undefined) {
        t = datapathNameText(rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
        dpTexts.set(e.dp, t);
      }
      parts.push(header(t, e.dp, e.pipeline));
    }
    const stage = mapGet(e.row.external_ids, "stage-name") ?? "";
    parts.push(
      `  ${withUuid ? `uuid=0x${e.uuid.slice(0, 8)}, ` : ""}table=${padRight(String(e.table), 2)}(${padRight(stage, 19)}), priority=${padRight(String(e.priority), 5)}, match=(${e.row.match as string}), action=(${e.row.actions as string})\n`,
    );
    prev = e;
  }
  if (inv.options.has("--vflows")) parts.push(vflows(ctx, a.value.datapath, withUuid));
  return text(parts.join(""));
}
