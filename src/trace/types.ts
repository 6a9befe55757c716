/**
 * The model of an `ovs-appctl ofproto/trace` output: sections (the initial pass, then one per
 * recirculation), each with its tree of OpenFlow table steps and its results.
 *
 * How OVS prints the tree (ofproto/ofproto-dpif-trace.c): every node is a line; a node that is
 * not the last of its list, or that is an action, note, warning, error or group bucket, is
 * indented one level (4 spaces) deeper than its list, and its own sub-nodes two levels deeper;
 * the *last* table step, bridge or thaw of a list is printed at the list's own level, and so
 * are its sub-nodes. A chain of `resubmit`s that each end their table therefore prints flat,
 * although each table is nested in the one that resubmitted to it. The parser rebuilds the
 * real nesting: {@link TraceStep.children} are the steps a table's actions led to, and
 * {@link TraceStep.depth} counts them; {@link TraceStep.indent} keeps the printed level.
 *
 * @module
 */
import type { DumpIssue, LineAccounting } from "../core/dump-lines.js";
import type { FlagsValue } from "../core/values.js";
import type { DatapathAction } from "../datapath/actions.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import type { MatchField } from "../openflow/match.js";

/** A flow as a trace prints it (`Flow:`, `Final flow:`, `Megaflow:`, the NAT lines), typed. */
export interface TraceFlow {
  /** The text after the label, as printed (an owned copy). */
  readonly text: string;
  /** The text typed by the OpenFlow match parser, items in the order printed. */
  readonly match: readonly MatchField[];
  /**
   * `Final flow: unchanged`: `text` and `match` are then those of the section's `Flow:` line.
   */
  readonly unchanged?: true;
  /** 1-based line number. */
  readonly line: number;
}

/**
 * A ` -> ` note (OVS's "detail"), a ` >> ` warning or a ` >>>> ... <<<<` error, with its text
 * without the marker.
 */
export interface TraceNote {
  readonly kind: "note" | "warning" | "error";
  readonly text: string;
  /** Printed indentation level (the column of the node divided by 4). */
  readonly indent: number;
  readonly line: number;
}

/**
 * One action line under a table step: the OpenFlow action, parsed. OVS also prints the actions
 * nested in `clone(...)`, `ct(...)` (its `nat` and `exec` actions) and group buckets as lines of
 * their own, right after the action that holds them; a `nat` / `nat(...)` line is typed as a
 * {@link NatSpec} (`kind: "nat"`).
 */
export interface TraceActionLine {
  readonly kind: "action";
  /** The action text as printed (an owned copy). */
  readonly text: string;
  readonly action: Action | NatSpec;
  /**
   * For a line that is one of the nested actions of a `ct(...)` or `clone(...)` line (OVS
   * prints them, or `drop` for an empty list, right after it): that line.
   */
  readonly nestedIn?: TraceActionLine;
  /**
   * The notes, warnings and errors printed after this action, before the next action line of
   * its list. The notes a `ct(...)` prints after its nested actions (`A clone of the packet is
   * forked to recirculate...`) are the ct line's; notes on a field's new value
   * (`... is now ...`) stay with the nested action that set it.
   */
  readonly notes: readonly TraceNote[];
  /** Nodes OVS nested under this line (none in the versions seen so far), when any. */
  readonly items?: readonly TraceItem[];
  readonly indent: number;
  readonly line: number;
}

/** A `bridge("br-int")` header (underlined with dashes): the first of a section, or a patch port's peer. */
export interface TraceBridge {
  readonly kind: "bridge";
  readonly name: string;
  /** What happened in this bridge, in order. */
  readonly items: readonly TraceItem[];
  readonly indent: number;
  readonly line: number;
}

/**
 * A thaw node of a resumed (recirculated) pipeline: `thaw`, and under it `Resuming from table N`,
 * `Restoring actions: ...` or `Restoring action set: ...`.
 */
export interface TraceThaw {
  readonly kind: "thaw";
  readonly text: string;
  /** `Resuming from table N`: N. */
  readonly table?: number;
  /** `Restoring actions: ...` / `Restoring action set: ...`: the actions. */
  readonly actions?: readonly Action[];
  readonly items: readonly TraceItem[];
  readonly indent: number;
  readonly line: number;
}

/** `bucket N`: the group bucket whose actions (in `items`) were executed. */
export interface TraceBucket {
  readonly kind: "bucket";
  readonly id: number;
  readonly items: readonly TraceItem[];
  readonly indent: number;
  readonly line: number;
}

/** `--. Executing action set:`: the action set run at the end of the pipeline (OpenFlow 1.1+). */
export interface TraceActionSet {
  readonly kind: "action-set";
  readonly items: readonly TraceItem[];
  readonly indent: number;
  readonly line: number;
}

/**
 * How a table lookup ended: a matching flow, or one of OVS's built-in miss rules (`No match.`,
 * `No match, and a "packet-in" is called for.`, IP fragments dropped by the fragment mode).
 */
export type TraceStepOutcome = "match" | "no-match" | "packet-in" | "frag-drop";

/**
 * One OpenFlow table lookup: ` 8. metadata=0x2, priority 50, cookie 0x81e6044c` and what
 * followed. In the lenient parser, a step line that is damaged after its table number is kept
 * (with what could be read of it) and also reported as an issue.
 */
export interface TraceStep {
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
  /** Printed indentation level (column / 4), as OVS laid the line out. */
  readonly indent: number;
  /** The action lines of this table, in order. */
  readonly actions: readonly TraceActionLine[];
  /** The steps this table's actions led to (resubmit, goto_table, clone, group, patch port), in order. */
  readonly children: readonly TraceStep[];
  /** Notes printed under the step before any of its actions. */
  readonly notes: readonly TraceNote[];
  /** Everything printed under the step, in order (actions, notes, nested steps, buckets, bridges). */
  readonly items: readonly TraceItem[];
  readonly line: number;
}

/** Any node of a trace tree. Switch on `kind`. */
export type TraceItem = TraceStep | TraceActionLine | TraceNote | TraceBridge | TraceThaw | TraceBucket | TraceActionSet;

/**
 * One pass of the trace: the initial one (index 0), then one per recirculation that OVS followed
 * (conntrack), each fenced by `=====` lines with a title such as
 * `recirc(0x7) - resume conntrack with ct_state=new|trk`.
 */
export interface TraceSection {
  readonly kind: "section";
  readonly index: number;
  /** The title line, for a recirculation (`recirc(0x8) - resume conntrack with ...`). */
  readonly title?: string;
  readonly recircId?: number;
  /** The ct_state the resumed packet was given (`new|trk`). */
  readonly ctState?: FlagsValue;
  /** True when OVS used its default ct_state (`trk|new`) because no `--ct-next` was left. */
  readonly ctStateDefault?: boolean;
  /** `Replacing src/dst IP/ports to simulate NAT:` and its ` Initial flow:` / ` Modified flow:` lines. */
  readonly nat?: { readonly initial: TraceFlow; readonly modified: TraceFlow };
  /**
   * The `Flow:` line (every section starts at one). In the lenient parser, a damaged `Flow:`
   * line keeps its text with an empty `match`.
   */
  readonly flow: TraceFlow;
  /** The section's tree, in order (normally one bridge). */
  readonly items: readonly TraceItem[];
  /** The outermost table steps (usually one: table 0, or the table resumed from). */
  readonly steps: readonly TraceStep[];
  /** Every bridge header of the section, nested ones (patch ports) included, in order. */
  readonly bridges: readonly TraceBridge[];
  readonly finalFlow?: TraceFlow;
  readonly megaflow?: TraceFlow;
  /** The `Datapath actions:` line, typed. */
  readonly datapathActions?: readonly DatapathAction[];
  /** The `Datapath actions:` text as printed. */
  readonly datapathActionsText?: string;
  /** `This flow is handled by the userspace slow path because it:` reasons (`Uses action(s) not supported by datapath.`). */
  readonly slowPath?: readonly string[];
  /** `Translation failed (Recursion too deep), packet is dropped.`: the reason. */
  readonly translationError?: string;
  /** `Action execution failed (...)`: the reason. */
  readonly executionError?: string;
  /** 1-based line of the section's first line (its opening fence, or its `Flow:` line). */
  readonly line: number;
}

/**
 * A whole `ofproto/trace` output. `flow`, `finalFlow`, `megaflow` and `datapathActions` are
 * those of the initial pass (`sections[0]`): what the datapath does with the packet as it
 * arrives. The outcome after recirculations is in the last section; see `traceVerdict`.
 */
export interface Trace {
  readonly flow: TraceFlow;
  readonly sections: readonly TraceSection[];
  readonly finalFlow?: TraceFlow;
  readonly megaflow?: TraceFlow;
  readonly datapathActions?: readonly DatapathAction[];
  readonly datapathActionsText?: string;
  /** `Trace reached the recirculation limit.`: how many recirculations were left unprocessed. */
  readonly recircLimit?: { readonly queued: number; readonly line: number };
}

/**
 * How the lines of a trace were accounted for: `lines === items + headers + blank + issueLines`
 * and `items === steps + actions + notes + results`. Headers are the `Flow:` lines, bridge
 * headers and their underlines, recirculation fences, titles and NAT lines, thaw, bucket and
 * action-set lines.
 */
export interface TraceAccounting extends LineAccounting {
  steps: number;
  actions: number;
  notes: number;
  /** `Final flow:`, `Megaflow:`, `Datapath actions:` and the slow-path / failure lines. */
  results: number;
}

/** Result of `parseTraceDump`: the trace (when there was one), every issue, and the accounting. */
export interface TraceDump {
  readonly trace?: Trace;
  /** Errors (lines that could not be placed or parsed) and warnings, in line order. */
  readonly issues: DumpIssue[];
  readonly accounting: TraceAccounting;
}
