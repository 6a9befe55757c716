/** ofproto/trace output: one trace (strict) and dumps of several (lenient, line accounting). */
import { parseTrace, parseTraceDump } from "../../../src/index.js";
import { accountingProblem } from "../accounting.js";
import { type FuzzTarget, fixtureText, repeatGrowth, settle, tenMegabytes, textSeeds } from "../target.js";
import type { DumpLike } from "../accounting.js";

const seeds = () => [...textSeeds("trace", /\.trace$/), ...textSeeds("ovn", /^trace-.*\.txt$/).filter((s) => !s.name.includes("detrace"))];
const big = () => fixtureText("trace/ovn-pod-to-service-ct-next.trace");

export const traceTargets: FuzzTarget[] = [
  {
    name: "parseTraceDump",
    covers: ["parseTraceDump"],
    input: "text",
    seeds,
    window: false,
    run: (t: string) => parseTraceDump(t),
    check: (r: DumpLike, text: string) => accountingProblem(r, text),
    growth: [repeatGrowth("traces repeated", big)],
    bigLine: () => tenMegabytes("Flow: ", "reg0=0x1,", "in_port=1\n\nbridge(\"br-int\")\n----------------\n 0. priority 0\n    drop\n"),
  },
  {
    name: "parseTrace",
    covers: ["parseTrace"],
    input: "text",
    seeds,
    window: false,
    run: (t: string) => settle(() => parseTrace(t)),
    growth: [
      {
        name: "one trace, many steps",
        make: (k) => {
          const step = ' 0. priority 0\n    resubmit(,1)\n 1. priority 0\n    set_field:0x1->reg0\n';
          return `Flow: in_port=1\n\nbridge("br-int")\n----------------\n${step.repeat(3000 * k)}\nFinal flow: unchanged\nMegaflow: recirc_id=0,in_port=1\nDatapath actions: drop\n`;
        },
      },
    ],
  },
];
