/**
 * Retained heap per parsed flow, measured in a fresh process.
 *
 *   node --expose-gc --import tsx bench/memory.ts FILE [--lazy]
 *
 * Prints one JSON object. Steps (heapUsed after 4 full GCs at every point):
 *   base0    before the input is read
 *   base1    the input text is loaded and referenced          (text = base1 - base0)
 *   parsed   parseFlows(text) kept in an array; every flow's `.actions` read (default) or
 *            nothing read (--lazy: parseFlows(text, {lazyActions: true}), actions left undecoded)
 *   dropped  our reference to the text dropped; the flows are still kept
 *
 *   withText     = (parsed - base0) / flows   flows + the whole input text
 *   flowsOnly    = (parsed - base1) / flows   what parsing added, the text not counted
 *                                             (comparable to the python peer's tracemalloc number)
 *   retained     = (dropped - base0) / flows  what the flows really keep alive on their own,
 *                                             including any input text they still reference
 *                                             (the number the 1.5 KB target is about)
 */
import { ovskit, ovskitNode } from "./ovskit.js";

const { parseFlows } = ovskit;
const { readTextFile } = ovskitNode;
import { fullGc } from "./lib.js";

const file = process.argv[2];
const lazy = process.argv.includes("--lazy");
if (file === undefined || !fullGc()) {
  console.error("usage: node --expose-gc --import tsx bench/memory.ts FILE [--lazy]");
  process.exit(64);
}

function heap(): number {
  fullGc(4);
  return process.memoryUsage().heapUsed;
}

const base0 = heap();
let text: string | undefined = await readTextFile(file);
const textChars = text.length;
const base1 = heap();
const flows = parseFlows(text, { lazyActions: lazy });
let actions = 0;
if (!lazy) for (const f of flows) actions += f.actions?.length ?? 0;
const parsed = heap();
text = undefined;
const dropped = heap();
const n = flows.length;
// Keeps `flows` alive until after the last measurement.
const pending = flows.reduce((k, f) => k + (f.actionsText !== undefined ? 1 : 0), 0);

console.log(
  JSON.stringify({
    file,
    mode: lazy ? "lazy, actions not read" : "eager, every .actions read",
    flows: n,
    actions,
    lazyFlows: pending,
    textChars,
    textBytesPerFlow: (base1 - base0) / n,
    withTextBytesPerFlow: (parsed - base0) / n,
    flowsOnlyBytesPerFlow: (parsed - base1) / n,
    retainedBytesPerFlow: (dropped - base0) / n,
    heap: { base0, base1, parsed, dropped },
  }),
);
