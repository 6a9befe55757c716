/**
 * Several flow inputs (one per node, or one per snapshot) looked at as one set, each flow
 * keeping the name of the input it came from (`-i alias,file` in `ofparse`).
 *
 * @module
 */
import type { AnyFlow, Flow } from "../openflow/flow.js";

/** One flow with the input it came from (the alias of `-i alias,file`, or a node name). */
export interface SourcedFlow<F extends AnyFlow = Flow> {
  readonly source: string;
  readonly flow: F;
}

/** Flows of several inputs (nodes / snapshots), each flow keeping its source. */
export interface FlowSet<F extends AnyFlow = Flow> {
  /** The source names, in the order given (each once). */
  readonly sources: readonly string[];
  /** Every flow, in input order, then in the order of its input. */
  readonly flows: readonly SourcedFlow<F>[];
}

/**
 * Builds a {@link FlowSet} from `[source, flows]` pairs. A source named twice keeps one entry
 * in `sources`; its flows are all kept, in order.
 *
 * @example
 * ```ts
 * import { flowSetOf, parseFlows } from "ovskit";
 * const set = flowSetOf([
 *   ["worker-1", parseFlows(textOfWorker1)],
 *   ["worker-2", parseFlows(textOfWorker2)],
 * ]);
 * set.flows.filter((f) => f.source === "worker-2").length;
 * ```
 */
export function flowSetOf<F extends AnyFlow>(inputs: Iterable<readonly [source: string, flows: readonly F[]]>): FlowSet<F> {
  const sources: string[] = [];
  const flows: SourcedFlow<F>[] = [];
  for (const [source, list] of inputs) {
    if (!sources.includes(source)) sources.push(source);
    for (const flow of list) flows.push({ source, flow });
  }
  return { sources, flows };
}

/**
 * The flows of one source of a {@link FlowSet}.
 *
 * @example
 * ```ts
 * import { flowSetOf, flowsOfSource } from "ovskit";
 * flowsOfSource(flowSetOf([["a", flowsA], ["b", flowsB]]), "b"); // flowsB
 * ```
 */
export function flowsOfSource<F extends AnyFlow>(set: FlowSet<F>, source: string): F[] {
  const out: F[] = [];
  for (const f of set.flows) if (f.source === source) out.push(f.flow);
  return out;
}

/**
 * A source name and file path from an `ofparse -i` argument: `alias,path` or just `path`
 * (then the alias is the path itself). A Windows-free rule: the first comma splits.
 *
 * @example
 * ```ts
 * import { parseSourceArg } from "ovskit";
 * parseSourceArg("worker-1,/tmp/w1.flows"); // { source: "worker-1", path: "/tmp/w1.flows" }
 * parseSourceArg("/tmp/w1.flows");          // { source: "/tmp/w1.flows", path: "/tmp/w1.flows" }
 * ```
 */
export function parseSourceArg(arg: string): { source: string; path: string } {
  const comma = arg.indexOf(",");
  if (comma <= 0) return { source: arg, path: arg };
  return { source: arg.slice(0, comma), path: arg.slice(comma + 1) };
}
