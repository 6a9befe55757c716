/**
 * The model of an `ovs-appctl ofproto/trace` output: sections (the initial pass, then one per
 * recirculation), each with its tree of OpenFlow table steps and its results.
 *
 * **One tree, plain data.** Every node sits in exactly one place: in the `items` of the node
 * (or section) that holds it. Nothing else points to it, so `JSON.stringify`, `toJson`,
 * `structuredClone` and deep equality see each node once and the size of a trace's JSON grows
 * linearly with its text. What can be derived from the tree is a function, not a field:
 * `traceSteps` / `sectionSteps` (every step in order), `stepChildren` (the steps a table's actions
 * led to), `stepActions`, `stepNotes`, `actionNotes`, `sectionBridges`, `sectionFinalFlow`.
 * References that are not containment are plain numbers: an action line nested in a `ct(...)`
 * or `clone(...)` line names it by its line number ({@link TraceActionLine.nestedIn}).
 *
 * **How OVS prints the tree** (`oftrace_node_print_details` in ofproto/ofproto-dpif-trace.c):
 * every node is a line; a node that is not the last of its list, or that is an action, note,
 * warning, error or group bucket, is indented one level (4 spaces) deeper than its list, and its
 * own sub-nodes two levels deeper; the *last* table step, bridge or thaw of a list is printed at
 * the list's own level, and so are its sub-nodes. A bridge line is preceded by an empty line and
 * followed by a line of dashes as long as itself. A chain of `resubmit`s that each end their
 * table therefore prints flat, although each table is nested in the one that resubmitted to it.
 * The parser rebuilds the real nesting from the indentation; `formatTrace` prints it back with
 * OVS's rule (from the structure alone: it ignores {@link TraceNodeBase.indent}).
 *
 * **Positions.** Every node keeps `line`, its 1-based line in the text it was read from (for a
 * trace made by a program, such as the pipeline simulator, the line in `formatTrace(trace)`'s
 * output: `layoutTrace` computes them), and `indent`, the printed indentation level.
 *
 * **Results of a whole trace.** `Flow:`, `Final flow:`, `Megaflow:` and `Datapath actions:` belong
 * to sections: the packet as it arrives is `trace.sections[0].flow`, what the datapath does with
 * it first is `trace.sections[0].datapathActions`, and the outcome after every recirculation is
 * `traceVerdict(trace)`.
 *
 * @module
 */
import type { DumpResult, LineAccounting } from "../core/dump-lines.js";
import type { FlagsValue } from "../core/values.js";
import type { DatapathAction } from "../datapath/actions.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import type { MatchField } from "../openflow/match.js";

/** A flow as a trace prints it (`Flow:`, `Final flow:`, `Megaflow:`, the NAT lines), typed. */
export interface TraceFlow {
  /** The text after the label, as printed. */
  readonly text: string;
  /** The text typed by the OpenFlow match parser, items in the order printed. */
  readonly match: readonly MatchField[];
  /** 1-based line number. */
  readonly line: number;
}

/**
 * `Final flow: unchanged`: the packet left the section as its `Flow:` line describes it. Use
 * `sectionFinalFlow(section)` for the flow itself.
 */
export interface TraceFlowUnchanged {
  readonly unchanged: true;
  readonly line: number;
}

/** What every node of a trace tree has: its position. */
export interface TraceNodeBase {
  /** Printed indentation level (the column of the node divided by 4), as OVS laid the line out. */
  readonly indent: number;
  /** 1-based line number (of the `bridge("...")` line for a bridge). */
  readonly line: number;
}

/**
 * A ` -> ` note (OVS's "detail"), a ` >> ` warning or a ` >>>> ... <<<<` error, with its text
 * without the marker. It sits among the actions of its list, where OVS printed it; the action
 * it is about is `actionNotes`'s business (a note before any action of a step is the step's:
 * `stepNotes`).
 */
export interface TraceNote extends TraceNodeBase {
  readonly kind: "note" | "warning" | "error";
  readonly text: string;
}

/**
 * One action line under a table step (or a bucket, or the action set): the OpenFlow action,
 * parsed. OVS also prints the actions nested in `clone(...)`, `ct(...)` (its `nat` and `exec`
 * actions) and group buckets as lines of their own, right after the action that holds them; a
 * `nat` / `nat(...)` line is typed as a {@link NatSpec} (`kind: "nat"`).
 */
export interface TraceActionLine extends TraceNodeBase {
  readonly kind: "action";
  /** The action text as printed. */
  readonly text: string;
  readonly action: Action | NatSpec;
  /**
   * For a line that is one of the nested actions of a `ct(...)` or `clone(...)` line (OVS prints
   * them, or `drop` for an empty list, right after it): the line number of that line, which is
   * in the same list. Find it with `list.items.find((i) => i.line === a.nestedIn)`.
   */
  readonly nestedIn?: number;
  /** Nodes OVS nested under this line (none in the versions seen so far), when any. */
  readonly items?: readonly TraceItem[];
  /** @deprecated Since 0.2.0: `actionNotes(holder, line)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly notes?: readonly TraceNote[];
}

/** A `bridge("br-int")` header (underlined with dashes): the first of a section, or a patch port's peer. */
export interface TraceBridge extends TraceNodeBase {
  readonly kind: "bridge";
  readonly name: string;
  /** What happened in this bridge, in order. */
  readonly items: readonly TraceItem[];
}

/**
 * A thaw node of a resumed (recirculated) pipeline: `thaw`, and under it `Resuming from table N`,
 * `Restoring actions: ...`, `Restoring action set: ...` or `restored state: table=N, cookie=C`.
 */
export interface TraceThaw extends TraceNodeBase {
  readonly kind: "thaw";
  /** The line as printed (without its indentation). */
  readonly text: string;
  /** `Resuming from table N`: N. */
  readonly table?: number;
  /** `Restoring actions: ...` / `Restoring action set: ...`: the actions. */
  readonly actions?: readonly Action[];
  readonly items: readonly TraceItem[];
}

/** `bucket N`: the group bucket whose actions (in `items`) were executed. */
export interface TraceBucket extends TraceNodeBase {
  readonly kind: "bucket";
  readonly id: number;
  readonly items: readonly TraceItem[];
}

/** `--. Executing action set:`: the action set run at the end of the pipeline (OpenFlow 1.1+). */
export interface TraceActionSet extends TraceNodeBase {
  readonly kind: "action-set";
  readonly items: readonly TraceItem[];
}

/**
 * How a table lookup ended: a matching flow, or one of OVS's built-in miss rules (`No match.`,
 * `No match, and a "packet-in" is called for.`, IP fragments dropped by the fragment mode).
 */
export type TraceStepOutcome = "match" | "no-match" | "packet-in" | "frag-drop";

/**
 * One OpenFlow table lookup: ` 8. metadata=0x2, priority 50, cookie 0x81e6044c` and what
 * followed, in `items`. In the lenient parser, a step line that is damaged after its table
 * number is kept (with what could be read of it) and also reported as an issue.
 *
 * `bridge`, `section` and `depth` say where the step is in the tree (they are facts about its
 * position, kept for filtering: `filter("depth>3")`).
 */
export interface TraceStep extends TraceNodeBase {
  readonly kind: "step";
  readonly table: number;
  readonly outcome: TraceStepOutcome;
  /** The matching flow's match as printed (empty for a miss or a catch-all flow). */
  readonly matchText: string;
  /** The match, typed. */
  readonly match: readonly MatchField[];
  /** The matching flow's priority; absent for a miss. */
  readonly priority?: number;
  /** The flow's cookie; `0n` when OVS printed none (it omits a zero cookie). */
  readonly cookie: bigint;
  /** Name of the bridge the table belongs to. */
  readonly bridge: string;
  /** Index of the section in {@link Trace.sections}. */
  readonly section: number;
  /** Number of enclosing steps (0 for the first table of a section). */
  readonly depth: number;
  /**
   * Everything printed under the step, in order: its action lines and notes, the steps its
   * actions led to (resubmit, goto_table, clone), group buckets, the bridges of patch ports.
   */
  readonly items: readonly TraceItem[];
  /** @deprecated Since 0.2.0: `stepActions(step)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly actions?: readonly TraceActionLine[];
  /** @deprecated Since 0.2.0: `stepChildren(step)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly children?: readonly TraceStep[];
  /** @deprecated Since 0.2.0: `stepNotes(step)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly notes?: readonly TraceNote[];
}

/** Any node of a trace tree. Switch on `kind`. */
export type TraceItem = TraceStep | TraceActionLine | TraceNote | TraceBridge | TraceThaw | TraceBucket | TraceActionSet;

/**
 * `Replacing src/dst IP/ports to simulate NAT:` and the lines under it in a recirculation header:
 * OVS prints the packet's addresses and ports before (` Initial flow:`) and after
 * (` Modified flow:`) the NAT it simulates (empty when the `ct` action's NAT had no address).
 */
export interface TraceNat {
  /** ` Initial flow: ...` (OVS always prints it; absent only in a damaged header). */
  readonly initial?: TraceFlow;
  /** ` Modified flow: ...`. */
  readonly modified?: TraceFlow;
  /**
   * Anything else found under the header (OVS prints nothing else; kept so that nothing is
   * lost, and reported as a warning by the lenient parser): text after the header's colon, a
   * repeated or unknown line, each with its line number.
   */
  readonly extra?: readonly { readonly text: string; readonly line: number }[];
  /** 1-based line of `Replacing src/dst IP/ports to simulate NAT:`. */
  readonly line: number;
}

/**
 * One pass of the trace: the initial one (index 0), then one per recirculation that OVS followed
 * (conntrack), each fenced by `=====` lines with a title such as
 * `recirc(0x7) - resume conntrack with ct_state=new|trk`.
 */
export interface TraceSection {
  readonly kind: "section";
  readonly index: number;
  /** The title line as printed, for a recirculation (`recirc(0x8) - resume conntrack with ...`). */
  readonly title?: string;
  readonly recircId?: number;
  /** The ct_state the resumed packet was given (`new|trk`). */
  readonly ctState?: FlagsValue;
  /** True when OVS used its default ct_state (`trk|new`) because no `--ct-next` was left. */
  readonly ctStateDefault?: boolean;
  /** `Replacing src/dst IP/ports to simulate NAT:` and its lines. */
  readonly nat?: TraceNat;
  /**
   * The `Flow:` line (every section starts at one). In the lenient parser, a damaged `Flow:`
   * line keeps its text with an empty `match`.
   */
  readonly flow: TraceFlow;
  /** The section's tree, in order (normally one bridge). */
  readonly items: readonly TraceItem[];
  /** `Final flow:`; `{ unchanged: true }` for `Final flow: unchanged` (see `sectionFinalFlow`). */
  readonly finalFlow?: TraceFlow | TraceFlowUnchanged;
  readonly megaflow?: TraceFlow;
  /** The `Datapath actions:` line, typed. */
  readonly datapathActions?: readonly DatapathAction[];
  /**
   * The `Datapath actions:` text as printed (`formatTrace` prints it; without it, it prints
   * `formatDatapathActions(datapathActions)`).
   */
  readonly datapathActionsText?: string;
  /** `This flow is handled by the userspace slow path because it:` reasons, each as printed (`Uses action(s) not supported by datapath.`). */
  readonly slowPath?: readonly string[];
  /** `Translation failed (Recursion too deep), packet is dropped.`: the reason. */
  readonly translationError?: string;
  /** `Action execution failed (...)`: the reason. */
  readonly executionError?: string;
  /** 1-based line of the section's first line (its opening fence, or its `Flow:` line). */
  readonly line: number;
  /** @deprecated Since 0.2.0: `stepChildren(section)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly steps?: readonly TraceStep[];
  /** @deprecated Since 0.2.0: `sectionBridges(section)`. Non-enumerable, on traces parsed with `{ deprecatedFields: true }` only; removed in 0.3.0. */
  readonly bridges?: readonly TraceBridge[];
}

/**
 * `Trace reached the recirculation limit.  Sopping the trace here.` (OVS 3.2+, after 4096
 * recirculations) and `Queued but not processed: N recirculations.`
 */
export interface TraceRecircLimit {
  /** How many recirculations were left unprocessed. */
  readonly queued: number;
  /** The first line as printed (OVS's wording, typo included). */
  readonly text: string;
  /** 1-based line of the first line. */
  readonly line: number;
}

/**
 * A whole `ofproto/trace` output: its sections (the initial pass, then one per recirculation OVS
 * followed). The packet as it arrives is `sections[0].flow`; the outcome after every
 * recirculation is `traceVerdict(trace)`.
 *
 * Until 0.3.0, a parsed trace also has the 0.1 fields `flow`, `finalFlow`, `megaflow`,
 * `datapathActions` and `datapathActionsText` (those of `sections[0]`) as non-enumerable
 * properties: old scripts keep working, and JSON, `structuredClone` and deep equality do not
 * see them.
 */
export interface Trace {
  readonly kind: "trace";
  /** The initial pass (`sections[0]`, always there) and the recirculations. */
  readonly sections: readonly [TraceSection, ...TraceSection[]];
  /** `Trace reached the recirculation limit.` */
  readonly recircLimit?: TraceRecircLimit;
  /** @deprecated Since 0.2.0: `trace.sections[0].flow`. Non-enumerable, parsed traces only; removed in 0.3.0. */
  readonly flow?: TraceFlow;
  /** @deprecated Since 0.2.0: `sectionFinalFlow(trace.sections[0])`. Non-enumerable, parsed traces only; removed in 0.3.0. */
  readonly finalFlow?: TraceFlow & { readonly unchanged?: true };
  /** @deprecated Since 0.2.0: `trace.sections[0].megaflow`. Non-enumerable, parsed traces only; removed in 0.3.0. */
  readonly megaflow?: TraceFlow;
  /** @deprecated Since 0.2.0: `trace.sections[0].datapathActions`. Non-enumerable, parsed traces only; removed in 0.3.0. */
  readonly datapathActions?: readonly DatapathAction[];
  /** @deprecated Since 0.2.0: `trace.sections[0].datapathActionsText`. Non-enumerable, parsed traces only; removed in 0.3.0. */
  readonly datapathActionsText?: string;
}

/**
 * How the lines of a trace dump were accounted for: `lines === items + headers + blank +
 * issueLines` and `items === steps + actions + notes + results`. A trace spans many lines, so
 * `items` counts the lines that are nodes of a trace (steps, actions, notes) or results, not the
 * traces. Headers are the `Flow:` lines, bridge headers and their underlines, recirculation
 * fences, titles and NAT lines, thaw, bucket and action-set lines.
 */
export interface TraceAccounting extends LineAccounting {
  steps: number;
  actions: number;
  notes: number;
  /** `Final flow:`, `Megaflow:`, `Datapath actions:` and the slow-path / failure lines. */
  results: number;
}

/**
 * Result of `parseTraceDump`: the common `{ items, issues, accounting }` of every lenient parser
 * (`DumpResult`; issues are errors and warnings in line order).
 * `items` are the traces found, in order: usually one; none when the input is OVS's answer to a
 * bad request (then one `"decode-error"` issue); several when outputs were concatenated (each
 * `Flow:` line that does not follow a recirculation header starts a trace).
 *
 * Until 0.3.0 it also has the 0.1 field `trace` (the first trace) as a non-enumerable property.
 */
export interface TraceDump extends DumpResult<Trace, TraceAccounting> {
  /** @deprecated Since 0.2.0: `items[0]`. Non-enumerable; removed in 0.3.0. */
  readonly trace?: Trace;
}
