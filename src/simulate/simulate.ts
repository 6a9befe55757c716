/**
 * The public face of the simulator: {@link simulateTrace} answers like
 * `ovs-appctl ofproto/trace BRIDGE PACKET [--ct-next STATE...]` from an offline
 * {@link Pipeline}, as the same `Trace` model `parseTrace` returns (so `traceSteps`,
 * `traceVerdict`, `detrace` and the renderers work on it), with a `simulation` record that
 * says what was assumed. {@link simulateTraceText} gives the text `ofproto/trace` would print;
 * {@link simulateBatch} runs many packets over one pipeline.
 *
 * @module
 */
import { isOvskitError, type ErrorRecord, errorRecord } from "../core/ovskit-error.js";
import { formatMatchField, type MatchField } from "../openflow/match.js";
import type { Trace } from "../trace/types.js";
import { CT_STATE_NAMES, CS } from "./layout.js";
import { parsePacketWords } from "./packet.js";
import type { Pipeline } from "./pipeline.js";
import { printSections, runTrace, type SectionRecord } from "./section.js";
import { SimulationError } from "./simulate-error.js";
import { traceModel } from "./trace-model.js";
import type { LearnMode, TraceRun } from "./xlate-context.js";

/** Options of {@link simulateTrace}. */
export interface SimulateOptions {
  /** The bridge the packet enters (the `BRIDGE` argument of `ofproto/trace`). */
  readonly bridge: string;
  /**
   * The `--ct-next` states, one per conntrack recirculation, in order (`"trk,new"`,
   * `"trk,est,rpl"`, `"est|trk"`, or a number). When they run out, OVS's default `trk|new`.
   */
  readonly ctNext?: readonly (string | number)[];
  /**
   * `ignore` (default, what `ofproto/trace` does without a packet: `learn` prints a warning and
   * learns nothing) or `apply` (the learned flow is added to this trace's copy of the pipeline).
   */
  readonly learn?: LearnMode;
  /** First recirculation id to allocate (OVS's depend on the daemon's history). Default 1. */
  readonly recircIdBase?: number;
  /** At most this many sections (recirculations followed). Default 64. */
  readonly maxSections?: number;
}

/** A packet: `ofproto/trace` flow text, or the typed items of a match (`Trace.flow.match`). */
export type PacketInput = string | readonly MatchField[];

/** Something the simulation assumed or could not reproduce, with the section it arose in. */
export interface SimulationCaveat {
  readonly code: string;
  readonly message: string;
  readonly section: number;
}

/** How a simulated trace was made, and what in it is assumed rather than known. */
export interface SimulationInfo {
  readonly kind: "simulation";
  readonly bridge: string;
  /** The packet text simulated. */
  readonly packet: string;
  /** The `--ct-next` states given. */
  readonly ctNext: readonly string[];
  readonly learn: LearnMode;
  /**
   * What OVS knows at run time and the simulation does not, and so never reproduces:
   * `megaflow` (no `Megaflow:` line is printed), `conntrack` (ct_state comes from `ctNext`),
   * `mac-learning` (NORMAL floods), `recirc-ids` (numbered from `recircIdBase`).
   */
  readonly notSimulated: readonly string[];
  /** This trace's own assumptions, by section. */
  readonly caveats: readonly SimulationCaveat[];
}

/** A simulated trace: the parser's `Trace` model plus {@link SimulationInfo}. */
export type SimulatedTrace = Trace & { readonly simulation: SimulationInfo };

const NOT_SIMULATED: readonly string[] = Object.freeze(["megaflow", "conntrack", "mac-learning", "recirc-ids"]);


/** `parse_ct_state` + `validate_ct_state`. */
function ctStateOf(v: string | number): number {
  if (typeof v === "number") return v;
  let state = 0;
  for (const name of v.split(/[,| +]+/).filter((s) => s !== "")) {
    const bit = CT_STATE_NAMES.indexOf(name.replace(/^[+-]/, ""));
    if (bit < 0) throw new SimulationError("bad-ct-state", `${name}: unknown connection tracking state flag`);
    state |= 1 << bit;
  }
  const problems: string[] = [];
  if (state !== 0 && (state & CS.TRK) === 0) problems.push('If "trk" is unset, no other flags are set');
  if (state & CS.INV && state & ~(CS.TRK | CS.INV)) problems.push('when "inv" is set, only "trk" may also be set');
  if (state & CS.NEW && state & CS.EST) problems.push('"new" and "est" are mutually exclusive');
  if (state & CS.NEW && state & CS.RPL) problems.push('"new" and "rpy" are mutually exclusive');
  if (problems.length > 0) throw new SimulationError("bad-ct-state", `${String(v)}: invalid connection state: ${problems.join("; ")}`);
  return state;
}

function packetText(packet: PacketInput): string {
  return typeof packet === "string" ? packet : packet.map(formatMatchField).join(",");
}

interface RunResult {
  readonly sections: readonly SectionRecord[];
  readonly info: SimulationInfo;
}

function simulate(pipeline: Pipeline, packet: PacketInput, options: SimulateOptions): RunResult {
  const memo = pipeline.memo;
  const bridge = pipeline.bridges.get(options.bridge);
  if (bridge === undefined) throw new SimulationError("unknown-bridge", `${options.bridge}: unknown bridge`);
  const text = packetText(packet);
  const ctNext = (options.ctNext ?? []).map(ctStateOf);
  const flow = parsePacketWords(text, { fields: pipeline.fields, portByName: bridge.portByName });
  const learn = options.learn ?? "ignore";
  const run: TraceRun = {
    pipeline,
    queue: [],
    nextRecircId: options.recircIdBase ?? 1,
    recircIds: new Map(),
    caveats: [],
    section: 0,
    learn,
    learned: new Map(),
    softCache: memo.softCache,
    actionCache: memo.actionCache,
    textCache: memo.textCache,
    packetLength: undefined,
  };
  let sections: SectionRecord[];
  try {
    sections = runTrace(run, bridge, flow, ctNext, options.maxSections ?? 64);
  } catch (e) {
    if (isOvskitError(e)) throw e;
    throw new SimulationError("internal", `the simulator failed on this packet: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const info: SimulationInfo = {
    kind: "simulation",
    bridge: options.bridge,
    packet: text,
    ctNext: (options.ctNext ?? []).map(String),
    learn,
    notSimulated: NOT_SIMULATED,
    caveats: run.caveats.map((c) => ({ code: c.code, message: c.message, section: c.section })),
  };
  return { sections, info };
}

/**
 * The text `ovs-appctl ofproto/trace BRIDGE PACKET` would print for `packet` on `pipeline`
 * (without the `Megaflow:` lines, which the simulation does not compute).
 *
 * @example
 * ```ts
 * import { simulateTraceText } from "ovskit";
 * console.log(simulateTraceText(pipeline, "in_port=1,arp,arp_op=1,arp_spa=10.0.1.1,arp_tpa=10.0.1.2", { bridge: "br-a" }));
 * ```
 */
export function simulateTraceText(pipeline: Pipeline, packet: PacketInput, options: SimulateOptions): string {
  return printSections(simulate(pipeline, packet, options).sections).join("\n") + "\n";
}

/** The `Trace` model of a run, built from its sections (see `traceModel`). */
function toTrace(pipeline: Pipeline, r: RunResult): SimulatedTrace {
  return { ...traceModel(r.sections, pipeline.memo.modelCache), simulation: r.info };
}

/**
 * Simulates `ovs-appctl ofproto/trace BRIDGE PACKET [--ct-next ...]` on an offline pipeline and
 * returns the same `Trace` model {@link parseTrace} returns for the real output, plus a
 * `simulation` record (see {@link SimulationInfo}). Bad packet text throws a
 * {@link PacketSyntaxError} (with the column); an unknown bridge or a bad `ctNext` state a
 * {@link SimulationError}; nothing else is thrown.
 *
 * @example
 * ```ts
 * import { simulateTrace, traceVerdict, traceSteps } from "ovskit";
 * const trace = simulateTrace(pipeline, "in_port=13,tcp,nw_src=10.244.1.5,nw_dst=10.96.0.11,nw_ttl=64,tp_dst=80", { bridge: "br-int", ctNext: ["trk,new"] });
 * traceSteps(trace).map((s) => `${s.table}:${s.priority}`); // the tables the packet went through
 * traceVerdict(trace).outputs;                              // where it left the switch
 * trace.simulation.caveats;                                 // what was assumed (conntrack state, NAT...)
 * ```
 */
export function simulateTrace(pipeline: Pipeline, packet: PacketInput, options: SimulateOptions): SimulatedTrace {
  return toTrace(pipeline, simulate(pipeline, packet, options));
}

/** One packet of {@link simulateBatch}: its text (or match items) and per-packet options. */
export type BatchPacket = PacketInput | ({ readonly packet: PacketInput } & Partial<SimulateOptions>);

/** The result for one packet of {@link simulateBatch}. */
export type BatchResult = { readonly ok: true; readonly trace: SimulatedTrace } | { readonly ok: false; readonly packet: string; readonly error: ErrorRecord };

/**
 * Simulates many packets on one pipeline (every pod to every service, say), one at a time: a
 * generator, so that a large batch never holds every trace at once (`[...simulateBatch(...)]`
 * for an array). The index is built once; decoded actions, conjunction sets and printed texts
 * are shared between the packets. A packet that cannot be simulated gives an
 * `{ ok: false, error }` result instead of stopping the batch.
 *
 * @example
 * ```ts
 * import { simulateBatch, traceVerdict } from "ovskit";
 * const packets = pods.flatMap((p) => services.map((s) => `in_port=${p.ofport},tcp,dl_src=${p.mac},nw_src=${p.ip},nw_dst=${s.vip},nw_ttl=64,tp_dst=${s.port}`));
 * for (const r of simulateBatch(pipeline, packets, { bridge: "br-int" })) {
 *   if (r.ok) console.log(r.trace.simulation.packet, traceVerdict(r.trace).drop);
 * }
 * ```
 */
export function* simulateBatch(pipeline: Pipeline, packets: Iterable<BatchPacket>, options: SimulateOptions): Generator<BatchResult, void, undefined> {
  for (const p of packets) {
    const item = typeof p === "string" || Array.isArray(p) ? { packet: p as PacketInput } : (p as { readonly packet: PacketInput } & Partial<SimulateOptions>);
    const opts: SimulateOptions = { ...options, ...item, bridge: item.bridge ?? options.bridge };
    try {
      yield { ok: true as const, trace: toTrace(pipeline, simulate(pipeline, item.packet, opts)) };
    } catch (e) {
      yield { ok: false as const, packet: packetText(item.packet), error: errorRecord(e) };
    }
  }
}
