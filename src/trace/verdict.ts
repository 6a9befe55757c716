/**
 * What happened to the packet, read from the datapath actions a trace section ended with:
 * where it was output, whether it was dropped, sent to the controller or recirculated.
 *
 * @module
 */
import type { DatapathAction, DpCtAction, DpTnlPushAction } from "../datapath/actions.js";
import type { OdpNode } from "../datapath/node.js";
import { recircTargets } from "../datapath/recirc-tree.js";
import type { Trace, TraceSection } from "./types.js";

/** The outcome of one trace section. */
export interface SectionVerdict {
  /** Index of the section it was read from. */
  readonly section: number;
  /** Datapath ports the packet is output to, in order (inside `clone`, `sample` and `check_pkt_len` too). */
  readonly outputs: readonly (number | string)[];
  /** Tunnel encapsulations (`tnl_push`), each with its output port. */
  readonly tunnels: readonly DpTnlPushAction[];
  /** Recirculation ids the packet continues in (`recirc(0x8)`), nested ones included. */
  readonly recirc: readonly number[];
  /** Conntrack actions (`ct(commit,zone=21,nat(src))`), top-level, in order. */
  readonly ct: readonly DpCtAction[];
  /** A `userspace(...)` action sends the packet to the OpenFlow controller (packet-in). */
  readonly controller: boolean;
  /** Any `userspace(...)` action (controller, slow path, sFlow / IPFIX sampling). */
  readonly userspace: boolean;
  /**
   * The packet goes nowhere: no output, tunnel, userspace action or recirculation (an explicit
   * `drop`, or only `ct(commit)` / header changes), or translation failed.
   */
  readonly drop: boolean;
  /** `Translation failed (...)`: the reason (the packet is then dropped). */
  readonly translationError?: string;
  /** False when the section has no `Datapath actions:` line (a truncated trace). */
  readonly complete: boolean;
}

/** The outcome of a whole trace: that of its last section, and each section's. */
export interface TraceVerdict extends SectionVerdict {
  readonly sections: readonly SectionVerdict[];
}

/**
 * The outcome of one section, from its `Datapath actions:`.
 *
 * @example
 * ```ts
 * import { parseTrace, sectionVerdict } from "ovskit";
 * const first = sectionVerdict(parseTrace(text).sections[0]!);
 * first.recirc; // [8]: the initial pass hands the packet to conntrack and recirculates
 * ```
 */
export function sectionVerdict(section: TraceSection): SectionVerdict {
  const actions = section.datapathActions ?? [];
  const outputs: (number | string)[] = [];
  const tunnels: DpTnlPushAction[] = [];
  const state = { controller: false, userspace: false };
  collect(actions, outputs, tunnels, state);
  const recirc = recircTargets(actions);
  const ct = actions.filter((a): a is DpCtAction => a.kind === "ct");
  const failed = section.translationError;
  const drop = failed !== undefined || (outputs.length === 0 && tunnels.length === 0 && !state.userspace && recirc.length === 0);
  const v: SectionVerdict = {
    section: section.index,
    outputs,
    tunnels,
    recirc,
    ct,
    controller: state.controller,
    userspace: state.userspace,
    drop,
    complete: section.datapathActions !== undefined,
  };
  return failed === undefined ? v : { ...v, translationError: failed };
}

/**
 * The outcome of the trace: the verdict of its last section with datapath actions (where the
 * packet ends up after every recirculation OVS followed), plus each section's verdict.
 *
 * @example
 * ```ts
 * import { parseTrace, traceVerdict } from "ovskit";
 * const v = traceVerdict(parseTrace(text));
 * if (v.drop) console.log("dropped in section", v.section);
 * else console.log("out to", v.outputs, v.controller ? "and to the controller" : "");
 * ```
 */
export function traceVerdict(trace: Trace): TraceVerdict {
  const sections = trace.sections.map(sectionVerdict);
  let last = sections[sections.length - 1] as SectionVerdict;
  for (let i = sections.length - 1; i >= 0; i--) {
    const v = sections[i] as SectionVerdict;
    if (v.complete) {
      last = v;
      break;
    }
  }
  return { ...last, sections };
}

function collect(
  actions: readonly DatapathAction[],
  outputs: (number | string)[],
  tunnels: DpTnlPushAction[],
  state: { controller: boolean; userspace: boolean },
): void {
  for (const a of actions) {
    switch (a.kind) {
      case "output":
        outputs.push(a.port);
        break;
      case "tnl_push":
        tunnels.push(a);
        break;
      case "userspace":
        state.userspace = true;
        if (mentionsController(a.node)) state.controller = true;
        break;
      case "clone":
      case "sample":
        collect(a.actions, outputs, tunnels, state);
        break;
      case "check_pkt_len":
        collect(a.gt, outputs, tunnels, state);
        collect(a.le, outputs, tunnels, state);
        break;
    }
  }
}

/** `userspace(pid=0,controller(reason=1,...))` or `userspace(pid=0,slow_path(controller))`. */
function mentionsController(node: OdpNode): boolean {
  const stack: OdpNode[] = [node];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.name === "controller") return true;
    const v = n.value;
    if (v !== undefined && ((v.kind === "raw" && v.text.includes("controller")) || (v.kind === "name" && v.name === "controller"))) return true;
    if (n.items !== undefined) for (const i of n.items) stack.push(i);
  }
  return false;
}
