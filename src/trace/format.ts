/**
 * {@link formatTrace}: a {@link Trace} printed the way `ovs-appctl ofproto/trace` prints it
 * (`ofproto_trace` and `oftrace_node_print_details` in ofproto/ofproto-dpif-trace.c), and
 * {@link layoutTrace}: the positions (`line`, `indent`, ...) of every node as printed.
 *
 * @module
 */
import { formatDatapathActions } from "../datapath/actions.js";
import { NestTracker } from "./action-lines.js";
import { ACTION_SET, MISS_TEXT } from "./lines.js";
import { subItems } from "./nodes.js";
import type { Trace, TraceActionLine, TraceFlow, TraceItem, TraceNat, TraceSection, TraceStep } from "./types.js";

const FENCE = "=".repeat(79);

/** The text of a table step's line (without indentation): `%2d. MATCH, priority P, cookie 0xC`. */
function stepText(s: TraceStep): string {
  const head = `${s.table < 10 ? " " : ""}${s.table}. `;
  if (s.outcome !== "match") return head + MISS_TEXT[s.outcome];
  const cookie = s.cookie === 0n ? "" : `, cookie 0x${s.cookie.toString(16)}`;
  return `${head}${s.matchText === "" ? "" : `${s.matchText}, `}priority ${s.priority ?? 0}${cookie}`;
}

/** The text of a node's line, without indentation. */
function nodeText(n: TraceItem): string {
  switch (n.kind) {
    case "step":
      return stepText(n);
    case "action":
      return n.text;
    case "note":
      return ` -> ${n.text}`;
    case "warning":
      return ` >> ${n.text}`;
    case "error":
      return ` >>>> ${n.text} <<<<`;
    case "bridge":
      return `bridge("${n.name}")`;
    case "bucket":
      return `bucket ${n.id}`;
    case "thaw":
      return n.text;
    case "action-set":
      return ACTION_SET;
  }
}

/** OVS prints these one level deeper than their list, always (`oftrace_node_type_is_terminal`). */
function isTerminal(n: TraceItem): boolean {
  return n.kind === "action" || n.kind === "note" || n.kind === "warning" || n.kind === "error" || n.kind === "bucket";
}

/** Where a new node goes when {@link Printer} also lays the trace out: its copied list and context. */
interface Place {
  readonly items: TraceItem[] | undefined;
  readonly depth: number;
  readonly bridge: string;
  readonly nest: NestTracker;
}

/** Prints a trace line by line; with `layout`, also copies it with the positions it printed. */
class Printer {
  readonly lines: string[] = [];

  constructor(private readonly layout: boolean) {}

  private get next(): number {
    return this.lines.length + 1;
  }

  /** The nodes of a section's tree (OVS's `oftrace_node_print_details`), iteratively. */
  tree(items: readonly TraceItem[], section: number, out: TraceItem[] | undefined): void {
    type Open = { list: readonly TraceItem[]; i: number; level: number; place: Place };
    const root: Place = { items: out, depth: 0, bridge: "", nest: new NestTracker() };
    const stack: Open[] = [{ list: items, i: 0, level: 0, place: root }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Open;
      const node = top.list[top.i++];
      if (node === undefined) {
        stack.pop();
        continue;
      }
      const more = top.i < top.list.length || isTerminal(node) ? 1 : 0;
      const indent = top.level + more;
      const pad = " ".repeat(indent * 4);
      if (node.kind === "bridge") this.lines.push("");
      const line = this.next;
      const text = nodeText(node);
      this.lines.push(pad + text);
      if (node.kind === "bridge") this.lines.push(pad + "-".repeat(text.length));
      const subs = subItems(node);
      const place = this.place(node, line, indent, section, top.place);
      if (subs !== undefined && subs.length > 0) stack.push({ list: subs, i: 0, level: top.level + 2 * more, place });
    }
  }

  /** With layout: the copy of `node` at its printed position, appended to its copied list; the place of its sub-nodes. */
  private place(node: TraceItem, line: number, indent: number, section: number, at: Place): Place {
    if (!this.layout || at.items === undefined) return at;
    const items: TraceItem[] | undefined = subItems(node) === undefined ? undefined : [];
    let copy: TraceItem;
    let depth = at.depth;
    let bridge = at.bridge;
    switch (node.kind) {
      case "step":
        copy = { ...node, items: items as TraceItem[], line, indent, depth: at.depth, bridge: at.bridge, section };
        depth = at.depth + 1;
        break;
      case "action": {
        const { nestedIn: _, ...rest } = node;
        const a: TraceActionLine & { nestedIn?: number } = { ...rest, line, indent, ...(items !== undefined && node.items !== undefined && { items }) };
        at.nest.next(a);
        if (at.nest.holder !== undefined) a.nestedIn = at.nest.holder.line;
        copy = a;
        break;
      }
      case "bridge":
        copy = { ...node, items: items as TraceItem[], line, indent };
        bridge = node.name;
        break;
      case "note":
      case "warning":
      case "error":
        copy = { ...node, line, indent };
        break;
      default:
        copy = { ...node, items: items as TraceItem[], line, indent };
    }
    at.items.push(copy);
    return { items, depth, bridge, nest: new NestTracker() };
  }

  flow(label: string, f: TraceFlow): TraceFlow {
    const line = this.next;
    this.lines.push(label + f.text);
    return this.layout ? { ...f, line } : f;
  }

  nat(n: TraceNat): TraceNat {
    type Part = { line: number; order: number; print: () => void };
    const out: { -readonly [K in keyof TraceNat]: TraceNat[K] } = { line: 0 };
    const extra: { text: string; line: number }[] = [];
    const head = n.extra?.find((e) => e.line === n.line);
    const parts: Part[] = [
      {
        line: n.line,
        order: 0,
        print: () => {
          out.line = this.next;
          this.lines.push(head?.text ?? "Replacing src/dst IP/ports to simulate NAT:");
        },
      },
    ];
    const initial = n.initial;
    if (initial !== undefined) parts.push({ line: initial.line, order: 1, print: () => (out.initial = this.flow(" Initial flow: ", initial)) });
    const modified = n.modified;
    if (modified !== undefined) parts.push({ line: modified.line, order: 2, print: () => (out.modified = this.flow(" Modified flow: ", modified)) });
    for (const e of n.extra ?? []) {
      if (e === head) continue;
      parts.push({
        line: e.line,
        order: 3,
        print: () => {
          extra.push({ text: e.text, line: this.next });
          this.lines.push(e.text);
        },
      });
    }
    parts.sort((a, b) => a.line - b.line || a.order - b.order);
    for (const p of parts) p.print();
    if (head !== undefined) extra.unshift({ text: head.text, line: out.line });
    if (extra.length > 0) out.extra = extra;
    return this.layout ? out : n;
  }
}

/** Prints `trace`; with `layout`, also returns its copy with the positions printed. */
function print(trace: Trace, layout: boolean): { text: string; trace: Trace } {
  const p = new Printer(layout);
  const lines = p.lines;
  const sections: TraceSection[] = [];
  let endsWithNewline = false;
  trace.sections.forEach((s, index) => {
    type MSection = { -readonly [K in keyof TraceSection]: TraceSection[K] };
    const copy: MSection = { ...s, index };
    if (index > 0) {
      if (endsWithNewline) lines.push("");
      lines.push("");
      copy.line = lines.length + 1;
      lines.push(FENCE);
      lines.push(s.title ?? titleOf(s));
      if (s.nat !== undefined) copy.nat = p.nat(s.nat);
      lines.push(FENCE, "");
    } else copy.line = lines.length + 1;
    copy.flow = p.flow("Flow: ", s.flow);
    const items: TraceItem[] = [];
    p.tree(s.items, index, layout ? items : undefined);
    copy.items = layout ? items : s.items;
    endsWithNewline = results(p, s, copy);
    sections.push(copy);
  });
  const limit = trace.recircLimit;
  let recircLimit = limit;
  if (limit !== undefined) {
    if (endsWithNewline) lines.push("");
    lines.push("", FENCE);
    recircLimit = { ...limit, line: lines.length + 1 };
    lines.push(limit.text, `Queued but not processed: ${limit.queued} recirculations.`);
    endsWithNewline = false;
  }
  const text = lines.join("\n") + "\n";
  if (!layout) return { text, trace };
  const out: { -readonly [K in keyof Trace]: Trace[K] } = { kind: "trace", sections: sections as [TraceSection, ...TraceSection[]] };
  if (recircLimit !== undefined) out.recircLimit = recircLimit;
  return { text, trace: out };
}

/** The results of a section; true when OVS's text of them ends with a newline (a translation failure). */
function results(p: Printer, s: TraceSection, copy: { -readonly [K in keyof TraceSection]: TraceSection[K] }): boolean {
  const lines = p.lines;
  if (s.finalFlow !== undefined || s.megaflow !== undefined || s.datapathActions !== undefined || s.datapathActionsText !== undefined) lines.push("");
  const ff = s.finalFlow;
  if (ff !== undefined) {
    if ("unchanged" in ff) {
      copy.finalFlow = { ...ff, line: lines.length + 1 };
      lines.push("Final flow: unchanged");
    } else copy.finalFlow = p.flow("Final flow: ", ff);
  }
  if (s.megaflow !== undefined) copy.megaflow = p.flow("Megaflow: ", s.megaflow);
  if (s.datapathActionsText !== undefined || s.datapathActions !== undefined) {
    lines.push(`Datapath actions: ${s.datapathActionsText ?? formatDatapathActions(s.datapathActions ?? [])}`);
  }
  if (s.translationError !== undefined) {
    lines.push(`Translation failed (${s.translationError}), packet is dropped.`);
    return true;
  }
  if (s.slowPath !== undefined) {
    lines.push("This flow is handled by the userspace slow path because it:");
    for (const r of s.slowPath) lines.push(`  - ${r}`);
  }
  if (s.executionError !== undefined) lines.push(`Action execution failed (${s.executionError})`, ".");
  return false;
}

/** The title OVS prints for a recirculation (`ofproto_trace_recirc_node`), from the section's fields. */
function titleOf(s: TraceSection): string {
  const id = `recirc(0x${(s.recircId ?? 0).toString(16)})`;
  if (s.ctStateDefault === true) return `${id} - resume conntrack with default ct_state=trk|new (use --ct-next to customize)`;
  if (s.ctState !== undefined) {
    const flags = s.ctState.flags.map((f) => f.name).join("|");
    return `${id} - resume conntrack with ct_state=${flags}`;
  }
  return id;
}

/**
 * Prints a {@link Trace} the way `ovs-appctl ofproto/trace` prints it: the `Flow:` line, the tree
 * of each section with OVS's indentation (computed from the structure, as OVS does: a node that is
 * not the last of its list, or that is an action, note or bucket, one level deeper than its list),
 * bridge headers with their underlines, the results (`Final flow:`, `Megaflow:`,
 * `Datapath actions:`, slow path, translation and execution failures), each recirculation's
 * fenced header (title, NAT lines) and the recirculation limit. It works from the model alone,
 * so a trace built by a program (the pipeline simulator) prints like a real one; for every
 * real trace, `formatTrace(parseTrace(text)) === text`.
 *
 * Texts the model keeps as printed (`matchText`, an action line's `text`, `datapathActionsText`,
 * a section's `title`) are printed as they are; without `datapathActionsText` the typed
 * `datapathActions` are formatted, without `title` it is made from `recircId` and `ctState`.
 *
 * @example
 * ```ts
 * import { formatTrace, parseTrace } from "ovskit";
 * const text = "Flow: in_port=1\n\nbridge(\"br0\")\n-------------\n 0. priority 0\n    drop\n\nFinal flow: unchanged\nMegaflow: recirc_id=0,eth,in_port=1\nDatapath actions: drop\n";
 * formatTrace(parseTrace(text)) === text; // true
 * ```
 */
export function formatTrace(trace: Trace): string {
  return print(trace, false).text;
}

/**
 * A copy of `trace` whose positions are those of {@link formatTrace}'s output: every node's
 * `line` and `indent`, each section's `index` and `line`, each step's `depth`, `bridge` and
 * `section`, and each nested action line's `nestedIn`. A program that builds a trace (the
 * pipeline simulator) gives its nodes any positions (0) and lays it out at the end; a parsed
 * trace of a real output comes back unchanged (deep-equal).
 *
 * @example
 * ```ts
 * import { formatTrace, layoutTrace } from "ovskit";
 * const t = layoutTrace(built);
 * const lines = formatTrace(t).split("\n");
 * lines[t.sections[0].flow.line - 1]; // "Flow: ..."
 * ```
 */
export function layoutTrace(trace: Trace): Trace {
  return print(trace, true).trace;
}
