/**
 * Filter expressions (`compileFilter`, `parseFilter`), seeded with expressions built from the
 * match fields and actions of real flows, and the README's examples; a compiled filter is run
 * on real OpenFlow and datapath flows.
 */
import { type DatapathFlow, type Flow, compileFilter, parseDatapathFlows, parseFilter, parseFlows } from "../../../src/index.js";
import { rngFor } from "../rng.js";
import { type FuzzTarget, type Seed, fixtureText, lineGrowth, settle, tenMegabytes } from "../target.js";

const README_EXAMPLES = [
  "nw_dst~=10.244.1.5 && n_packets>0 && !drop",
  "output.port=3 && (nw_dst~=10.0.0.1 || tcp) && !drop && priority<100",
  "resubmit.table=8 && n_packets>0 || nw_dst~=10.244.0.5",
  "(ip && tcp) || n_packets>0",
  "ct_state=+est+trk",
  "set.ipv4.dst=10.9.9.9",
  "ct.zone=22",
];

let flows: Flow[] | undefined;
let dpFlows: DatapathFlow[] | undefined;
const sampleFlows = (): Flow[] => (flows ??= parseFlows(fixtureText("openflow/all-families.of15.flows")).filter((_, i) => i % 10 === 0));
const sampleDpFlows = (): DatapathFlow[] => (dpFlows ??= parseDatapathFlows(fixtureText("datapath/ovn.dpctl-m.flows")).filter((_, i) => i % 5 === 0));

/** `key=value` terms of a real flow line (match fields and info), and its action names. */
function terms(line: string): string[] {
  const at = line.indexOf("actions=");
  const head = at < 0 ? line : line.slice(0, at);
  const out = head
    .trim()
    .split(/[ ,]+/)
    .filter((t) => t !== "" && !t.startsWith("duration="));
  if (at >= 0) for (const a of line.slice(at + 8).split(",")) out.push(a.replace(/[:(].*$/, ""));
  return out.filter((t) => t !== "");
}

/** Expressions of 1-4 terms of one real flow, joined by `&&`, `||`, `!` and parentheses. */
function seeds(): Seed[] {
  const out: Seed[] = README_EXAMPLES.map((e, i) => ({ name: `README example ${i}`, data: e }));
  const lines = fixtureText("openflow/all-families.of15.flows").split("\n").filter((l) => l.includes("actions="));
  lines.forEach((line, i) => {
    if (i % 3 !== 0) return;
    const rng = rngFor("filter-seed", i);
    const ts = terms(line);
    let expr = "";
    for (let k = rng.range(1, 4); k > 0; k--) {
      let t = rng.pick(ts);
      if (rng.chance(0.2)) t = `!${t}`;
      if (rng.chance(0.2)) t = `(${t})`;
      expr = expr === "" ? t : `${expr} ${rng.pick(["&&", "||"])} ${t}`;
    }
    out.push({ name: `openflow/all-families.of15.flows flow ${i}`, data: expr });
  });
  return out;
}

export const filterTargets: FuzzTarget[] = [
  {
    name: "compileFilter",
    covers: ["compileFilter", "parseFilter"],
    input: "text",
    window: false,
    seeds,
    run: (t: string) => {
      const ast = settle(() => parseFilter(t));
      const compiled = settle(() => {
        const f = compileFilter(t);
        return { flows: sampleFlows().map((x) => f.explain(x)), datapath: sampleDpFlows().map((x) => f.explain(x)) };
      });
      return { ast, compiled };
    },
    growth: [
      lineGrowth("&& chain", "", "nw_dst~=10.0.0.1 && ", "tcp"),
      lineGrowth("|| chain", "", "priority>10 || ", "drop"),
      lineGrowth("long quoted value", 'nw_src="', "a", '"'),
    ],
    bigLine: () => tenMegabytes("", "ct.zone=1 || ", "drop"),
  },
];
