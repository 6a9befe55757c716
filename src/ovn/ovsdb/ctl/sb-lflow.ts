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
import { type CtlDb, ctlGetRow, rowByUuid } from "./records.js";
import { vflows } from "./sb-vflows.js";

/** A logical flow with what the listing sorts and prints it by. */
interface Flow {
  readonly uuid: string;
  readonly row: OvsdbRow;
  /** pipeline, table and priority (highest first) in one number. */
  readonly key: number;
  readonly pipeline: number;
  readonly table: number;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  readonly stage: string;
  /** The printed line, made once for all the datapaths a flow is listed under. */
  line?: string;
}

/** An entry of the sorted list: a flow and one datapath it applies to. */
interface Entry {
  readonly flow: Flow;
  readonly dp: string;
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
 * The flows `lflow-list` lists, sorted (for one datapath, when given). The order after the
 * datapath does not depend on the datapath, so the flows are sorted once and then dealt out to
 * their datapaths (a flow of a group to every member), which are listed by name and UUID.
 *
 * @internal
 */
export function lflowEntries(ctx: CtlDb, datapath?: string, filters: readonly string[] = []): Entry[] {
  const dpTable = ctx.db.tables.Datapath_Binding ?? {};
  const groupTable = ctx.db.tables.Logical_DP_Group ?? {};
  const flowTable = ctx.db.tables.Logical_Flow ?? {};
  // The datapaths each flow applies to (only datapath `datapath`, when given), existing ones.
  const groups = new Map<string, readonly string[]>();
  for (const g of Object.keys(groupTable)) {
    const members = ((groupTable[g] as OvsdbRow).datapaths as readonly { uuid: string }[]).map((d) => d.uuid);
    groups.set(g, members.filter((d) => Object.hasOwn(dpTable, d) && (datapath === undefined || d === datapath)));
  }
  const flows: Flow[] = [];
  const dpsOf: (readonly string[])[] = [];
  for (const uuid of Object.keys(flowTable)) {
    if (filters.length > 0 && !filters.some((f) => partialMatch(uuid, f))) continue;
    const row = flowTable[uuid] as OvsdbRow;
    const own = ref(row.logical_datapath);
    const ownOk = own !== undefined && Object.hasOwn(dpTable, own) && (datapath === undefined || own === datapath);
    const group = ref(row.logical_dp_group);
    const members = group === undefined ? undefined : groups.get(group);
    if (!ownOk && (members === undefined || members.length === 0)) continue;
    const dps =
      datapath !== undefined ? [datapath] : ownOk ? (members === undefined || members.length === 0 ? [own as string] : [own as string, ...members]) : (members as readonly string[]);
    const pipeline = row.pipeline === "egress" ? 1 : 0;
    const table = Number(row.table_id);
    const priority = Number(row.priority);
    flows.push({
      uuid,
      row,
      key: pipeline * 2 ** 40 + table * 2 ** 20 + (2 ** 20 - 1 - priority),
      pipeline,
      table,
      priority,
      match: row.match as string,
      actions: row.actions as string,
      stage: mapGet(row.external_ids, "stage-name") ?? "",
    });
    dpsOf.push(dps);
  }
  // Each distinct match text is compared once (flows share them, by the thousand in big
  // databases), then the flows are sorted by numbers; equal flows (the real tool keeps its
  // hash order) by UUID.
  const matchRank = rankTexts(flows.map((f) => f.match));
  const order = flows.map((_, i) => i);
  order.sort((a, b) => {
    const x = flows[a] as Flow;
    const y = flows[b] as Flow;
    return x.key - y.key || (matchRank[a] as number) - (matchRank[b] as number) || cmp(x.actions, y.actions) || cmp(x.uuid, y.uuid);
  });
  const buckets = new Map<string, Flow[]>();
  for (const i of order) {
    const f = flows[i] as Flow;
    for (const dp of dpsOf[i] as readonly string[]) {
      const b = buckets.get(dp);
      if (b === undefined) buckets.set(dp, [f]);
      else b.push(f);
    }
  }
  // Datapaths in the order the comparison puts them: external_ids:name (default ""), then UUID.
  const dps = [...buckets.keys()].map((u) => ({ u, name: mapGet((dpTable[u] as OvsdbRow).external_ids, "name") ?? "" }));
  dps.sort((a, b) => cmp(a.name, b.name) || cmp(a.u, b.u));
  const out: Entry[] = [];
  for (const { u } of dps) for (const flow of buckets.get(u) as Flow[]) out.push({ flow, dp: u });
  return out;
}

/** The rank of each text among the distinct texts, in code unit order. */
function rankTexts(texts: readonly string[]): number[] {
  const ids = new Map<string, number>();
  for (const t of texts) if (!ids.has(t)) ids.set(t, ids.size);
  const distinct = [...ids.keys()].sort(cmp);
  const rankOf = new Array<number>(distinct.length);
  distinct.forEach((t, r) => {
    rankOf[ids.get(t) as number] = r;
  });
  return texts.map((t) => rankOf[ids.get(t) as number] as number);
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
  for (const e of lflowEntries(ctx, datapath, filters)) {
    let dp = dps.get(e.dp);
    if (dp === undefined) {
      dp = datapathModel(e.dp, rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
      dps.set(e.dp, dp);
    }
    const f = e.flow;
    const dpCopy: LogicalDatapath = dp.alias === undefined ? { name: dp.name, uuid: dp.uuid } : { name: dp.name, uuid: dp.uuid, alias: dp.alias };
    const pipeline = f.pipeline === 0 ? "ingress" : "egress";
    out.push(
      withUuid
        ? { datapath: dpCopy, pipeline, uuidPrefix: Number.parseInt(f.uuid.slice(0, 8), 16), table: f.table, stage: f.stage, priority: f.priority, match: f.match, actions: f.actions }
        : { datapath: dpCopy, pipeline, table: f.table, stage: f.stage, priority: f.priority, match: f.match, actions: f.actions },
    );
  }
  return out;
}

const header = (dpText: string, dp: string, pipeline: number): string => `Datapath: ${dpText} (${dp})  Pipeline: ${pipeline === 0 ? "ingress" : "egress"}\n`;

function countText(ctx: CtlDb, entries: readonly Entry[]): string {
  const parts: string[] = [];
  const dpText = (e: Entry) => datapathNameText(rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
  const tableLine = (e: Entry, n: number) => `  table=${padRight(String(e.flow.table), 2)}(${padRight(e.flow.stage, 19)}) lflows=${n}\n`;
  const sum = (e: Entry, n: number) =>
    `Total number of logical flows in the datapath ${dpText(e)} (${e.dp}) Pipeline: ${e.flow.pipeline === 0 ? "ingress" : "egress"} = ${n}\n\n`;
  let prev: Entry | undefined;
  let tableN = 0;
  let dpN = 0;
  for (const cur of entries) {
    const newDp = prev === undefined || prev.dp !== cur.dp || prev.flow.pipeline !== cur.flow.pipeline;
    if (prev !== undefined && (prev.flow.table !== cur.flow.table || newDp)) {
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
    if (newDp) parts.push(header(dpText(cur), cur.dp, cur.flow.pipeline));
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
  if (inv.name === "count-flows") return text(countText(ctx, lflowEntries(ctx, a.value.datapath)));
  const entries = lflowEntries(ctx, a.value.datapath, a.value.filters);
  const withUuid = inv.options.has("--uuid");
  const parts: string[] = [];
  const dpTexts = new Map<string, string>();
  let prev: Entry | undefined;
  for (const e of entries) {
    const f = e.flow;
    if (prev === undefined || prev.dp !== e.dp || prev.flow.pipeline !== f.pipeline) {
      let t = dpTexts.get(e.dp);
      if (t === undefined) {
        t = datapathNameText(rowByUuid(ctx, "Datapath_Binding", e.dp) as OvsdbRow);
        dpTexts.set(e.dp, t);
      }
      parts.push(header(t, e.dp, f.pipeline));
    }
    f.line ??= `  ${withUuid ? `uuid=0x${f.uuid.slice(0, 8)}, ` : ""}table=${String(f.table).padEnd(2)}(${padRight(f.stage, 19)}), priority=${String(f.priority).padEnd(5)}, match=(${f.match}), action=(${f.actions})\n`;
    parts.push(f.line);
    prev = e;
  }
  if (inv.options.has("--vflows")) parts.push(vflows(ctx, a.value.datapath, withUuid));
  return text(parts.join(""));
}
