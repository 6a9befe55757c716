/**
 * `ovnContext`: everything detrace knows about an OVN deployment, from files alone: the
 * Southbound database (and optionally the Northbound one and OVS's `conf.db`), or only the text
 * of `ovn-sbctl --uuid lflow-list`. It indexes every row by its OpenFlow cookie.
 *
 * @module
 */
import { type LogicalFlow, parseLogicalFlowDump } from "../lflow.js";
import { tryParseOvnActions } from "../actions/parse.js";
import { tryParseOvnMatch } from "../expr/parse.js";
import type { NbView } from "../ovsdb/nb-types.js";
import { findNbRowsByHint, nbView } from "../ovsdb/nb-view.js";
import { type SbLogicalFlow, type SbView, sbView } from "../ovsdb/sb-view.js";
import type { OvsdbDatabase } from "../ovsdb/types.js";
import { int, rowsOf, str } from "../ovsdb/view-util.js";
import { type VswitchView, vswitchView } from "../ovsdb/vswitch-view.js";
import { DetraceError } from "./error.js";
import type { CookieHit, DetraceDatapath, DetraceInterface, DetraceLogicalFlow, SbFdb } from "./model.js";

/** The sources of an {@link OvnContext}; give at least `sb` or `lflowList`. */
export interface OvnSources {
  /** The Southbound database file, read by `readOvsdbFile`. */
  readonly sb?: OvsdbDatabase;
  /** The Northbound database file: the rows behind `stage-hint`s. */
  readonly nb?: OvsdbDatabase;
  /** OVS's `conf.db`: OpenFlow port numbers to interfaces. */
  readonly ovs?: OvsdbDatabase;
  /** `ovn-sbctl --uuid lflow-list` output (text or parsed), used when there is no `sb`. */
  readonly lflowList?: string | readonly LogicalFlow[];
}

/** A row a cookie may name, before it is resolved. */
type Entry = { readonly table: CookieHit["table"]; readonly uuid: string } | { readonly table: "lflow-list"; readonly flows: LogicalFlow[] };

/**
 * The indexed sources: build one with {@link ovnContext}, then use it for many lookups. It is an
 * opaque index object, not a parse result: it holds the databases and typed views it was given
 * and Maps (by cookie, by UUID, by port) that it fills as it is used, so it is neither JSON nor
 * `structuredClone` material. What `detrace`, `annotateFlows` and `lookupCookie` return is
 * plain data.
 */
export interface OvnContext {
  readonly kind: "ovn-context";
  readonly sb?: SbView;
  readonly nb?: NbView;
  readonly ovs?: VswitchView;
  /** The raw databases (for columns the typed views leave out). */
  readonly databases: { readonly sb?: OvsdbDatabase; readonly nb?: OvsdbDatabase; readonly ovs?: OvsdbDatabase };
  /** The integration bridge (`external_ids:ovn-bridge` of conf.db, else `br-int`). */
  readonly integrationBridge: string;
  /** @internal cookie (32 bits) → rows. */
  readonly index: ReadonlyMap<number, readonly Entry[]>;
  /** @internal resolved hits, per cookie (filled as cookies are looked up). */
  readonly hits: Map<number, readonly CookieHit[]>;
  /** @internal Southbound rows by UUID (filled at the first lookup). */
  readonly rows: Map<string, unknown>;
  /** @internal datapaths by UUID. */
  readonly datapaths: ReadonlyMap<string, DetraceDatapath>;
  /** @internal (bridge, ofport) → interface. */
  readonly interfaces: ReadonlyMap<string, DetraceInterface>;
}

const cookieOf = (uuid: string): number => parseInt(uuid.slice(0, 8), 16);

function add(index: Map<number, Entry[]>, key: number, e: Entry): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [e]);
  else list.push(e);
}

function sbIndex(db: OvsdbDatabase, index: Map<number, Entry[]>): void {
  for (const table of ["Logical_Flow", "Port_Binding", "MAC_Binding", "Multicast_Group", "Chassis", "Load_Balancer", "FDB"] as const) {
    if (db.schema.tables[table] === undefined) continue;
    for (const [uuid] of rowsOf(db, table)) add(index, cookieOf(uuid), { table, uuid });
  }
}

/** Logical flows of a listing grouped by identity: one datapath group flow is listed once per datapath. */
function listIndex(flows: readonly LogicalFlow[], index: Map<number, Entry[]>, datapaths: Map<string, DetraceDatapath>): void {
  const groups = new Map<string, LogicalFlow[]>();
  for (const f of flows) {
    datapaths.set(f.datapath.uuid, { uuid: f.datapath.uuid, name: f.datapath.name });
    if (f.uuidPrefix === undefined) continue;
    const key = `${f.uuidPrefix}\u0000${f.pipeline}\u0000${f.table}\u0000${f.priority}\u0000${f.match}\u0000${f.actions}`;
    const g = groups.get(key);
    if (g === undefined) {
      const list = [f];
      groups.set(key, list);
      add(index, f.uuidPrefix, { table: "lflow-list", flows: list });
    } else g.push(f);
  }
}

function interfacesOf(ovs: VswitchView): Map<string, DetraceInterface> {
  const out = new Map<string, DetraceInterface>();
  for (const i of ovs.interfaces) {
    if (i.ofport === undefined || i.ofport < 0 || i.bridge === undefined) continue;
    const ifaceId = i.externalIds["iface-id"];
    out.set(`${i.bridge}\u0000${i.ofport}`, {
      ofport: i.ofport,
      bridge: i.bridge,
      name: i.name,
      type: i.type,
      ...(ifaceId !== undefined && { ifaceId }),
    });
  }
  return out;
}

/**
 * Indexes OVN's databases (or a logical flow listing) for {@link detrace},
 * {@link annotateFlows} and {@link lookupCookie}. Works fully offline: no NB/SB connection,
 * no containers.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { ovnContext, readOvsdbFile } from "ovskit";
 * const ovn = ovnContext({
 *   sb: readOvsdbFile(readFileSync("ovnsb_db.db")),
 *   nb: readOvsdbFile(readFileSync("ovnnb_db.db")),
 *   ovs: readOvsdbFile(readFileSync("conf.db")),
 * });
 * // or, with only a listing: ovnContext({ lflowList: readFileSync("lflows.txt", "utf8") })
 * ```
 */
export function ovnContext(sources: OvnSources): OvnContext {
  if (sources.sb === undefined && sources.lflowList === undefined) {
    throw new DetraceError("missing-source", "ovnContext needs a Southbound database (sb) or an `lflow-list --uuid` listing (lflowList)");
  }
  const index = new Map<number, Entry[]>();
  const datapaths = new Map<string, DetraceDatapath>();
  let sb: SbView | undefined;
  if (sources.sb !== undefined) {
    sb = sbView(sources.sb);
    for (const d of sb.datapathBindings) {
      datapaths.set(d.uuid, { uuid: d.uuid, kind: d.kind, tunnelKey: d.tunnelKey, ...(d.name !== undefined && { name: d.name }) });
    }
    sbIndex(sources.sb, index);
  } else if (sources.lflowList !== undefined) {
    const flows = typeof sources.lflowList === "string" ? parseLogicalFlowDump(sources.lflowList).items : sources.lflowList;
    listIndex(flows, index, datapaths);
  }
  const nb = sources.nb === undefined ? undefined : nbView(sources.nb);
  const ovs = sources.ovs === undefined ? undefined : vswitchView(sources.ovs);
  return {
    kind: "ovn-context",
    ...(sb !== undefined && { sb }),
    ...(nb !== undefined && { nb }),
    ...(ovs !== undefined && { ovs }),
    databases: { ...(sources.sb && { sb: sources.sb }), ...(sources.nb && { nb: sources.nb }), ...(sources.ovs && { ovs: sources.ovs }) },
    integrationBridge: ovs?.root?.externalIds["ovn-bridge"] ?? "br-int",
    index,
    hits: new Map(),
    rows: new Map(),
    datapaths,
    interfaces: ovs === undefined ? new Map() : interfacesOf(ovs),
  };
}

function parsedParts(match: string, actions: string): Pick<DetraceLogicalFlow, "parsedMatch" | "parsedActions"> {
  return { parsedMatch: tryParseOvnMatch(match), parsedActions: tryParseOvnActions(actions) };
}

const byUuid = (a: DetraceDatapath, b: DetraceDatapath) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);

function fromSb(ctx: OvnContext, f: SbLogicalFlow): DetraceLogicalFlow {
  const dps = f.datapaths.map((u) => ctx.datapaths.get(u) ?? { uuid: u }).sort(byUuid);
  return {
    uuid: f.uuid,
    uuidPrefix: f.cookie,
    datapaths: dps,
    ...(f.logicalDpGroup !== undefined && { datapathGroup: f.logicalDpGroup }),
    pipeline: f.pipeline,
    table: f.tableId,
    ...(f.stageName !== undefined && { stage: f.stageName }),
    priority: f.priority,
    match: f.match,
    actions: f.actions,
    ...parsedParts(f.match, f.actions),
    ...(f.stageHint !== undefined && { stageHint: f.stageHint }),
    nbRows: f.stageHint !== undefined && ctx.nb !== undefined ? findNbRowsByHint(ctx.nb, f.stageHint) : [],
    source: "sb",
  };
}

function fromList(ctx: OvnContext, flows: readonly LogicalFlow[]): DetraceLogicalFlow {
  const f = flows[0] as LogicalFlow;
  return {
    uuidPrefix: f.uuidPrefix as number,
    datapaths: flows.map((g) => ctx.datapaths.get(g.datapath.uuid) as DetraceDatapath).sort(byUuid),
    pipeline: f.pipeline,
    table: f.table,
    stage: f.stage,
    priority: f.priority,
    match: f.match,
    actions: f.actions,
    ...parsedParts(f.match, f.actions),
    nbRows: [],
    source: "lflow-list",
  };
}

/** Row lookups by UUID over the typed Southbound view, built at the first lookup. */
function rowsByUuid(ctx: OvnContext): Map<string, unknown> {
  const m = ctx.rows;
  if (m.size > 0) return m;
  const sb = ctx.sb;
  if (sb !== undefined) {
    for (const list of [sb.logicalFlows, sb.portBindings, sb.macBindings, sb.multicastGroups, sb.chassis, sb.loadBalancers]) {
      for (const r of list as readonly { uuid: string }[]) m.set(r.uuid, r);
    }
  }
  const db = ctx.databases.sb;
  if (db !== undefined && db.schema.tables.FDB !== undefined) {
    for (const [uuid, row] of rowsOf(db, "FDB")) {
      const fdb: SbFdb = { uuid, mac: str(row, "mac"), dpKey: int(row, "dp_key"), portKey: int(row, "port_key") };
      m.set(uuid, fdb);
    }
  }
  return m;
}

/**
 * The rows a 32-bit cookie names, resolved (Logical_Flow first, then the other tables in
 * ovn-detrace's order).
 *
 * @internal
 * @example
 * ```ts
 * import { resolveCookie } from "./context.js";
 * resolveCookie(ctx, 0xae11e9e0); // [{ table: "Port_Binding", row: { logicalPort: "ns3_pod3-ovn-worker", ... } }]
 * ```
 */
export function resolveCookie(ctx: OvnContext, cookie: number): readonly CookieHit[] {
  const done = ctx.hits.get(cookie);
  if (done !== undefined) return done;
  const rows = rowsByUuid(ctx);
  const dp = (uuid: string | undefined) => (uuid === undefined ? undefined : (ctx.datapaths.get(uuid) ?? { uuid }));
  const hits: CookieHit[] = [];
  for (const e of ctx.index.get(cookie) ?? []) {
    if (e.table === "lflow-list") {
      hits.push({ table: "Logical_Flow", flow: fromList(ctx, e.flows) });
      continue;
    }
    const row = rows.get(e.uuid) as never;
    if (row === undefined) continue;
    switch (e.table) {
      case "Logical_Flow":
        hits.push({ table: e.table, uuid: e.uuid, flow: fromSb(ctx, row) });
        break;
      case "Port_Binding":
      case "MAC_Binding":
      case "Multicast_Group": {
        const d = dp((row as { datapath: string }).datapath);
        hits.push({ table: e.table, uuid: e.uuid, row, ...(d !== undefined && { datapath: d }) } as CookieHit);
        break;
      }
      case "FDB": {
        const key = (row as SbFdb).dpKey;
        const d = [...ctx.datapaths.values()].find((x) => x.tunnelKey === key);
        hits.push({ table: "FDB", uuid: e.uuid, row, ...(d !== undefined && { datapath: d }) });
        break;
      }
      default:
        hits.push({ table: e.table, uuid: e.uuid, row } as CookieHit);
    }
  }
  const order = ["Logical_Flow", "Port_Binding", "MAC_Binding", "Multicast_Group", "Chassis", "Load_Balancer", "FDB"];
  hits.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table) || ((a.uuid ?? "") < (b.uuid ?? "") ? -1 : 1));
  ctx.hits.set(cookie, hits);
  return hits;
}
