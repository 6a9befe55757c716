/**
 * {@link createPipeline}: an indexed, immutable OpenFlow pipeline built from parsed dumps —
 * per bridge its flow tables (classifier indexes, see `classifier.ts`), groups, ports and
 * TLV map; patch ports join bridges; tunnel ports carry their options; the tunnel underlay
 * (routes and neighbours) lets tunnel output be composed as OVS would.
 *
 * Building compiles every flow's match once (match items shared by the flows of a dump are
 * compiled once) and never decodes actions: they are decoded when a trace reaches the flow.
 *
 * @module
 */
import type { Action } from "../openflow/actions/types.js";
import type { Group } from "../openflow/groups.js";
import type { MatchField } from "../openflow/match.js";
import { type ConjClause, type IndexedRule, type TableIndex, TableIndexBuilder } from "./classifier.js";
import { type FieldTable, buildFieldTable } from "./fields.js";
import { BASE_WORDS, OFPP, W } from "./layout.js";
import { type CompiledItem, type CompileProblem, compileMatchItem } from "./match-compile.js";
import { type BridgePortInput, truncatedMatch } from "./ports.js";
import type { UnderlayNeighbor, UnderlayRoute } from "./underlay.js";
import { type ModelCache, newModelCache } from "./trace-model.js";

/**
 * A flow as the pipeline takes it: a parsed flow of `ovs-ofctl dump-flows` (eager `actions`,
 * or lazy with `actionsText`), or any object of that shape.
 */
export interface PipelineFlow {
  readonly table?: number | string | undefined;
  /** Absent means OVS's default priority, 32768. */
  readonly priority?: number | undefined;
  readonly cookie?: bigint | undefined;
  readonly match: readonly MatchField[];
  readonly actions?: readonly Action[];
  /** The undecoded actions of a lazily parsed flow. */
  readonly actionsText?: string;
  readonly line?: number | undefined;
}

/** A TLV mapping (`ovs-ofctl dump-tlv-map`): option class/type and its `tun_metadataN`. */
export interface TlvMapInput {
  /** `tun_metadataN`: N (or the field name). */
  readonly index?: number;
  readonly field?: string;
  readonly optClass?: number;
  readonly type?: number;
  /** Option length in bytes. */
  readonly length?: number;
  readonly len?: number;
}

/** How a table behaves on a miss (`ovs-ofctl mod-table`). */
export type TableMissMode = "default" | "drop" | "controller" | "continue";

/** One bridge of {@link PipelineInput}. */
export interface BridgeInput {
  readonly flows: readonly PipelineFlow[];
  readonly groups?: readonly Group[];
  readonly ports?: readonly BridgePortInput[];
  readonly tlvMap?: readonly TlvMapInput[];
  /**
   * The bridge's meters (`dump-meters`): ids, `meter=N ...` lines or `{ meterId }` / `{ id }`
   * records. A `meter:N` action prints `meter(M)`, M being the datapath meter id OVS allocates
   * (from 0, per datapath, in creation order: assumed bridge by bridge in input order, by id).
   * Meters never change a translation otherwise (they drop by rate).
   */
  readonly meters?: readonly MeterInput[];
  /** `system` (the kernel datapath, default), `netdev` (userspace, native tunnels) or `dummy`. */
  readonly datapathType?: string;
  /** Table-miss behaviour by table (default: `default`, OVS's own). */
  readonly tableMiss?: Readonly<Record<number, TableMissMode>>;
  /** True when an OpenFlow 1.0-1.2 controller is connected (a miss then sends a packet-in). */
  readonly missPacketIn?: boolean;
}

/** A meter of {@link BridgeInput.meters}. */
export type MeterInput = number | string | { readonly meterId?: number; readonly id?: number; readonly meter?: number };

function meterIdOf(m: MeterInput): number | undefined {
  if (typeof m === "number") return m;
  if (typeof m === "string") {
    const x = /\bmeter[=:](\d+)/.exec(m) ?? /^\s*(\d+)\s*$/.exec(m);
    return x === null ? undefined : Number(x[1]);
  }
  return m.meterId ?? m.id ?? m.meter;
}

/** Datapath meter ids per bridge: an id pool from 0 per datapath type, bridges in input order. */
function providerMeterIds(input: PipelineInput): Map<string, Map<number, number>> {
  const next = new Map<string, number>();
  const out = new Map<string, Map<number, number>>();
  for (const [name, b] of Object.entries(input.bridges)) {
    if (b.meters === undefined) continue;
    const type = b.datapathType ?? "system";
    const ids = [...new Set(b.meters.map(meterIdOf).filter((x): x is number => x !== undefined))].sort((x, y) => x - y);
    const m = new Map<number, number>();
    for (const id of ids) {
      const n = next.get(type) ?? 0;
      m.set(id, n);
      next.set(type, n + 1);
    }
    out.set(name, m);
  }
  return out;
}

/** An interface as conf.db describes it (`vswitchView(...).interfaces`), to complete ports. */
export interface InterfaceInput {
  readonly name: string;
  readonly bridge?: string | undefined;
  readonly type?: string | undefined;
  readonly ofport?: number | undefined;
  readonly mac?: string | undefined;
  readonly options?: ReadonlyMap<string, string> | Readonly<Record<string, string>> | undefined;
  /** VLAN configuration of its port (`Port.tag`, `Port.trunks`), for NORMAL. */
  readonly tag?: number | undefined;
  readonly trunks?: readonly number[] | undefined;
}

/** What {@link createPipeline} takes. */
export interface PipelineInput {
  readonly bridges: Readonly<Record<string, BridgeInput>>;
  /** Interfaces from conf.db: types, tunnel options (`remote_ip`, `key`, `csum`), patch peers. */
  readonly interfaces?: readonly InterfaceInput[];
  /** The tunnel underlay: routes (`ovs/route/show`) and neighbours (`tnl/neigh/show`). */
  readonly underlay?: { readonly routes?: readonly UnderlayRoute[]; readonly neighbors?: readonly UnderlayNeighbor[] };
  /** Problems found while reading the sources (adapters put the dumps' errors here); kept in the pipeline's `issues`. */
  readonly issues?: readonly PipelineIssue[];
}

/** Something the pipeline could not use, and why. */
export interface PipelineIssue {
  /**
   * `bad-dump`: a line of a dump that could not be read (so a flow or group may be missing);
   * `tlv-assumed`: no TLV map for `tun_metadata0`, OVN's is assumed.
   */
  readonly code: "bad-match" | "bad-table" | "no-ports" | "bad-tlv" | "bad-dump" | "tlv-assumed";
  readonly message: string;
  readonly bridge: string;
  readonly table?: number;
  /** Line of the flow in its dump, when known. */
  readonly line?: number;
}

/** A port of a pipeline bridge. */
export interface PipelinePort {
  readonly name: string;
  readonly ofport: number;
  readonly odpPort?: number;
  readonly type: string;
  readonly peer?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly mac?: string;
  readonly down: boolean;
  readonly noFlood: boolean;
  readonly noFwd: boolean;
  readonly noRecv: boolean;
  readonly noPacketIn: boolean;
  readonly tag?: number;
  readonly trunks?: readonly number[];
}

/** What a rule of the index carries: its flow and the resolved table, priority and cookie. */
export interface RuleData {
  readonly flow: PipelineFlow;
  readonly table: number;
  readonly priority: number;
  readonly cookie: bigint;
}

/** One bridge of a {@link Pipeline}. */
export interface PipelineBridge {
  readonly name: string;
  /** @internal The classifier index of each table. */
  readonly tables: ReadonlyMap<number, TableIndex<RuleData>>;
  readonly groups: ReadonlyMap<number, Group>;
  readonly ports: ReadonlyMap<number, PipelinePort>;
  readonly portByName: ReadonlyMap<string, number>;
  readonly datapathType: string;
  readonly tableMiss: Readonly<Record<number, TableMissMode>>;
  readonly missPacketIn: boolean;
  /** Per table: the highest priority among flows that could not be indexed. */
  readonly unindexed: ReadonlyMap<number, number>;
  /** Number of flows indexed. */
  readonly flowCount: number;
  /** Datapath meter id by OpenFlow meter id; undefined when no meter list was given. */
  readonly meters: ReadonlyMap<number, number> | undefined;
}

/** An indexed, immutable pipeline (see {@link createPipeline}). */
export interface Pipeline {
  readonly kind: "pipeline";
  readonly bridges: ReadonlyMap<string, PipelineBridge>;
  /** @internal The field layout (registers, TLV options) shared by the bridges. */
  readonly fields: FieldTable;
  readonly routes: readonly UnderlayRoute[];
  readonly neighbors: readonly UnderlayNeighbor[];
  /** Geneve option class and type of each `tun_metadataN` (the TLV maps). */
  readonly tlv: ReadonlyMap<number, { readonly optClass: number; readonly type: number; readonly length: number }>;
  readonly issues: readonly PipelineIssue[];
  /**
   * What traces derive from the pipeline's flows, filled on first use and shared by every trace
   * on it: decoded actions, conjunction clauses, printed texts. Never observable in results.
   *
   * @internal
   */
  readonly memo: PipelineMemo;
}

/** See {@link Pipeline.memo}. @internal */
export interface PipelineMemo {
  readonly softCache: Map<IndexedRule<RuleData>, readonly ConjClause[] | null>;
  readonly actionCache: Map<PipelineFlow, readonly Action[]>;
  readonly textCache: WeakMap<object, string>;
  /** `set_field` value and mask by action (port names excepted: they depend on the bridge). */
  readonly valueCache: WeakMap<object, readonly [bigint, bigint] | string>;
  /** Parsed step headers and action lines of the traces' models, by text. */
  readonly modelCache: ModelCache;
}

const DEFAULT_PRIORITY = 32768;

function tlvLengths(input: PipelineInput, issues: PipelineIssue[], tlv: Map<number, { optClass: number; type: number; length: number }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [bridge, b] of Object.entries(input.bridges)) {
    for (const t of b.tlvMap ?? []) {
      const index = t.index ?? (t.field !== undefined ? Number(/(\d+)$/.exec(t.field)?.[1]) : NaN);
      const len = t.length ?? t.len;
      if (!Number.isInteger(index) || index < 0 || index > 63 || len === undefined || len <= 0 || len > 124) {
        issues.push({ code: "bad-tlv", message: `TLV mapping without a usable tun_metadata index and length`, bridge });
        continue;
      }
      out.set(index, Math.max(out.get(index) ?? 0, len));
      if (t.optClass !== undefined && t.type !== undefined) tlv.set(index, { optClass: t.optClass, type: t.type, length: len });
    }
  }
  if (!out.has(0)) {
    // No TLV map for tun_metadata0 (a sos report or a flows file has none): assume OVN's, which
    // ovn-controller always installs, so that OVN's flows and packets can use it; say so when a
    // Geneve port makes it matter (tnl_push prints the option's class and type).
    out.set(0, 4);
    tlv.set(0, { optClass: 0x102, type: 0x80, length: 4 });
    const bridge =
      Object.entries(input.bridges).find(([, b]) => (b.ports ?? []).some((p) => p.type === "geneve"))?.[0] ??
      (input.interfaces ?? []).find((i) => i.type === "geneve")?.bridge;
    if (bridge !== undefined) issues.push({ code: "tlv-assumed", message: "no TLV map for tun_metadata0: OVN's mapping is assumed ({class=0x102,type=0x80,len=4}->tun_metadata0)", bridge });
  }
  return out;
}

function optionsRecord(o: InterfaceInput["options"]): Record<string, string> {
  if (o === undefined) return {};
  if (o instanceof Map) return Object.fromEntries(o);
  return { ...(o as Record<string, string>) };
}

function buildPorts(name: string, b: BridgeInput, interfaces: readonly InterfaceInput[]): Map<number, PipelinePort> {
  const byName = new Map<string, BridgePortInput>();
  for (const p of b.ports ?? []) byName.set(p.name, { ...(byName.get(p.name) ?? {}), ...p });
  for (const i of interfaces) {
    if (i.bridge !== undefined && i.bridge !== name) continue;
    const key = byName.has(i.name) ? i.name : truncatedMatch(byName, { name: i.name, ...(i.ofport !== undefined ? { ofport: i.ofport } : {}) });
    if (i.bridge === undefined && key === undefined) continue;
    const cur = { ...(key === undefined ? {} : byName.get(key)), name: i.name };
    if (key !== undefined && key !== i.name) byName.delete(key);
    const options = { ...optionsRecord(i.options), ...(cur.options ?? {}) };
    byName.set(i.name, {
      ...cur,
      ...(cur.ofport === undefined && i.ofport !== undefined && i.ofport >= 0 ? { ofport: i.ofport } : {}),
      ...(cur.type === undefined && i.type !== undefined ? { type: i.type } : {}),
      ...(cur.mac === undefined && i.mac !== undefined ? { mac: i.mac } : {}),
      ...(cur.peer === undefined && options.peer !== undefined ? { peer: options.peer } : {}),
      ...(cur.tag === undefined && i.tag !== undefined ? { tag: i.tag } : {}),
      ...(cur.trunks === undefined && i.trunks !== undefined ? { trunks: i.trunks } : {}),
      options,
    });
  }
  if (!byName.has(name) && b.ports !== undefined) byName.set(name, { name, ofport: OFPP.LOCAL, type: "internal" });
  const out = new Map<number, PipelinePort>();
  for (const p of byName.values()) {
    if (p.ofport === undefined) continue;
    const type = p.type ?? "";
    out.set(p.ofport, {
      name: p.name,
      ofport: p.ofport,
      ...(p.odpPort !== undefined ? { odpPort: p.odpPort } : {}),
      type,
      ...(p.peer !== undefined ? { peer: p.peer } : type === "patch" && p.options?.peer !== undefined ? { peer: p.options.peer } : {}),
      options: p.options ?? {},
      ...(p.mac !== undefined ? { mac: p.mac } : {}),
      down: p.down === true,
      noFlood: p.noFlood === true,
      noFwd: p.noFwd === true,
      noRecv: p.noRecv === true,
      noPacketIn: p.noPacketIn === true,
      ...(p.tag !== undefined ? { tag: p.tag } : {}),
      ...(p.trunks !== undefined ? { trunks: p.trunks } : {}),
    });
  }
  return out;
}

function tableNumber(t: number | string | undefined): number {
  if (t === undefined) return 0;
  if (typeof t === "number") return t;
  const n = Number(t);
  return Number.isInteger(n) ? n : -1;
}

/**
 * Builds an indexed, immutable pipeline from parsed dumps: per bridge the flows (from
 * `parseFlows` / `parseFlowDump`; dump them with `-O OpenFlow15` so that actions print as OVS
 * keeps them), the groups, the ports (`parseDpifShow`, `portsFromPortsDesc`, conf.db), the TLV
 * map. Flows that cannot be indexed (a match item the simulator cannot read) are left out and
 * listed in `issues`; a trace that looks up their table says so.
 *
 * @example
 * ```ts
 * import { createPipeline, parseFlows, parseGroups, parseDpifShow, simulateTrace } from "ovskit";
 * const dpif = parseDpifShow(dpifShowText).datapaths[0]!;
 * const pipeline = createPipeline({
 *   bridges: { "br-int": { flows: parseFlows(flowsText), groups: parseGroups(groupsText), ports: dpif.bridges["br-int"], datapathType: dpif.type } },
 * });
 * const trace = simulateTrace(pipeline, "in_port=7,tcp,nw_dst=10.96.0.10,tp_dst=80", { bridge: "br-int" });
 * ```
 */
export function createPipeline(input: PipelineInput): Pipeline {
  const issues: PipelineIssue[] = [...(input.issues ?? [])];
  const tlv = new Map<number, { optClass: number; type: number; length: number }>();
  const fields = buildFieldTable(tlvLengths(input, issues, tlv), BASE_WORDS);
  const bridges = new Map<string, PipelineBridge>();
  const compiled = new Map<MatchField, CompiledItem | CompileProblem>();
  const meters = providerMeterIds(input);
  for (const [name, b] of Object.entries(input.bridges)) {
    const ports = buildPorts(name, b, input.interfaces ?? []);
    const portByName = new Map<string, number>();
    for (const p of ports.values()) portByName.set(p.name, p.ofport);
    if (ports.size === 0) issues.push({ code: "no-ports", message: `bridge ${name} has no ports: outputs print OpenFlow port numbers, patch ports and tunnels are not followed`, bridge: name });
    const builders = new Map<number, TableIndexBuilder<RuleData>>();
    const unindexed = new Map<number, number>();
    const layouts = new Map<string, { words: Int32Array; masks: Uint32Array; pos: Map<number, number> }>();
    let flowCount = 0;
    b.flows.forEach((flow, order) => {
      const table = tableNumber(flow.table);
      const priority = flow.priority ?? DEFAULT_PRIORITY;
      if (table < 0 || table > 254) {
        issues.push({ code: "bad-table", message: `flow in table ${String(flow.table)}: table names cannot be resolved; dump without --names`, bridge: name, ...(flow.line !== undefined ? { line: flow.line } : {}) });
        return;
      }
      const items: CompiledItem[] = [];
      let key = "";
      for (const m of flow.match) {
        let c = compiled.get(m);
        if (c === undefined) {
          c = compileMatchItem(m, fields, portByName);
          // Port names resolve per bridge: only cache items that do not depend on them.
          if (m.value?.kind !== "name" || !(m.name === "in_port" || m.name === "in_port_oxm" || m.name === "actset_output")) compiled.set(m, c);
        }
        if ("reason" in c) {
          issues.push({ code: "bad-match", message: `match item ${c.item}: ${c.reason}`, bridge: name, table, ...(flow.line !== undefined ? { line: flow.line } : {}) });
          unindexed.set(table, Math.max(unindexed.get(table) ?? -1, priority));
          return;
        }
        items.push(c);
        key += c.key + (c.ethernet ? "|e|" : "|");
      }
      let layout = layouts.get(key);
      if (layout === undefined) {
        const byWord = new Map<number, number>();
        let eth = false;
        for (const it of items) {
          if (it.ethernet) eth = true;
          for (const p of it.parts) byWord.set(p.word, ((byWord.get(p.word) ?? 0) | p.mask) >>> 0);
        }
        if (eth && !byWord.has(W.PACKET_TYPE)) byWord.set(W.PACKET_TYPE, 0xffffffff);
        const sorted = [...byWord].sort((x, y) => x[0] - y[0]);
        const pos = new Map<number, number>();
        sorted.forEach(([w], i) => pos.set(w, i));
        layout = { words: Int32Array.from(sorted.map(([w]) => w)), masks: Uint32Array.from(sorted.map(([, m]) => m)), pos };
        layouts.set(key, layout);
      }
      const values = new Uint32Array(layout.words.length);
      for (const it of items) for (const p of it.parts) {
        const i = layout.pos.get(p.word) as number;
        values[i] = (values[i]! | p.value) >>> 0;
      }
      let builder = builders.get(table);
      if (builder === undefined) {
        builder = new TableIndexBuilder<RuleData>();
        builders.set(table, builder);
      }
      const rule: IndexedRule<RuleData> = { table, priority, order, data: { flow, table, priority, cookie: flow.cookie ?? 0n } };
      builder.add(key, layout.words, layout.masks, values, rule);
      flowCount++;
    });
    const tables = new Map<number, TableIndex<RuleData>>();
    for (const [t, builder] of builders) tables.set(t, builder.finish());
    const groups = new Map<number, Group>();
    for (const g of b.groups ?? []) groups.set(g.groupId, g);
    bridges.set(name, {
      name,
      tables,
      groups,
      ports,
      portByName,
      datapathType: b.datapathType ?? "system",
      tableMiss: b.tableMiss ?? {},
      missPacketIn: b.missPacketIn === true,
      unindexed,
      flowCount,
      meters: meters.get(name),
    });
  }
  return Object.freeze({
    kind: "pipeline",
    bridges,
    fields,
    routes: input.underlay?.routes ?? [],
    neighbors: input.underlay?.neighbors ?? [],
    tlv,
    issues,
    memo: { softCache: new Map(), actionCache: new Map(), textCache: new WeakMap(), valueCache: new WeakMap(), modelCache: newModelCache() },
  });
}

/**
 * The conjunction clauses of a flow whose actions are only `conjunction(...)` (and `note`),
 * or undefined for an ordinary flow.
 *
 * @internal
 * @example
 * ```ts
 * import { conjunctionsOf } from "./pipeline.js";
 * conjunctionsOf([{ kind: "conjunction", id: 7, clause: 1, nClauses: 2 }]); // [{ id: 7, clause: 0, nClauses: 2 }]
 * ```
 */
export function conjunctionsOf(actions: readonly Action[]): readonly ConjClause[] | undefined {
  let out: ConjClause[] | undefined;
  for (const a of actions) {
    if (a.kind === "conjunction") (out ??= []).push({ id: a.id, clause: a.clause - 1, nClauses: a.nClauses });
    else if (a.kind !== "note") return undefined;
  }
  return out;
}
