/**
 * The trace tree the translator writes, as OVS's `struct oftrace_node` (ofproto-dpif-trace.c):
 * typed nodes with a text and sub-nodes, and their printing (`oftrace_node_print_details`),
 * which is what `ovs-appctl ofproto/trace` shows between a section's `Flow:` line and its
 * results.
 *
 * @module
 */

/** Node types of OVS's trace tree. */
export type OfTraceNodeType = "bridge" | "table" | "thaw" | "action" | "detail" | "warn" | "error" | "bucket";

/**
 * A node text the translator prints again and again (a rule's step line, an action), made once
 * per pipeline, with a slot for what the trace model derives from it (so that the model does
 * not look the text up in a map for every node).
 */
export interface SharedText {
  readonly text: string;
  model: unknown;
}

/** One node of the trace tree. */
export interface OfTraceNode {
  readonly type: OfTraceNodeType;
  readonly text: string;
  readonly subs: OfTraceNode[];
  /** The shared text, when `text` is one. */
  readonly shared?: SharedText | undefined;
}

/**
 * Appends a node of `type` to `list` and returns the node's own list, for nesting.
 *
 * @internal
 * @example
 * ```ts
 * import { report } from "./trace-nodes.js";
 * const subs = report(list, "table", " 0. in_port=1, priority 100");
 * report(subs, "action", "output:2");
 * ```
 */
export function report(list: OfTraceNode[] | undefined, type: OfTraceNodeType, text: string, shared?: SharedText): OfTraceNode[] | undefined {
  if (list === undefined) return undefined;
  const node: OfTraceNode = { type, text, subs: [], shared };
  list.push(node);
  return node.subs;
}

const isTerminal = (t: OfTraceNodeType): boolean => t === "action" || t === "detail" || t === "warn" || t === "error" || t === "bucket";

/**
 * Prints a node list as OVS does (`oftrace_node_print_details`): a node is indented one level
 * (4 spaces) more than its list unless it is the last one and not a terminal node; its
 * sub-nodes one more again; a bridge node starts with a blank line and is underlined.
 *
 * @internal
 * @example
 * ```ts
 * import { printNodes } from "./trace-nodes.js";
 * const lines: string[] = [];
 * printNodes(nodes, 0, lines);
 * ```
 */
export function printNodes(nodes: readonly OfTraceNode[], level: number, out: string[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as OfTraceNode;
    if (n.type === "bridge") out.push("");
    const more = i < nodes.length - 1 || isTerminal(n.type) ? 1 : 0;
    const pad = " ".repeat((level + more) * 4);
    switch (n.type) {
      case "detail":
        out.push(`${pad} -> ${n.text}`);
        break;
      case "warn":
        out.push(`${pad} >> ${n.text}`);
        break;
      case "error":
        out.push(`${pad} >>>> ${n.text} <<<<`);
        break;
      case "bridge":
        out.push(pad + n.text);
        out.push(pad + "-".repeat(n.text.length));
        break;
      default:
        out.push(pad + n.text);
    }
    printNodes(n.subs, level + more + more, out);
  }
}
