/** OVN match expressions and actions (the lflow-list forms and the ovn-nbctl ACL forms). */
import { parseOvnActions, parseOvnMatch, tryParseOvnActions, tryParseOvnMatch } from "../../../src/index.js";
import { type FuzzTarget, lineGrowth, lineSeeds, settle, tenMegabytes } from "../target.js";

const nonEmpty = (l: string): boolean => l.trim() !== "";
/** The verdict corpus: `ok|error <tab> <tab> expression` (ovn-verdicts.tsv), expressions only. */
const verdictExpr = (l: string): string => l.split("\t").slice(2).join("\t");

export const ovnExprTargets: FuzzTarget[] = [
  {
    name: "parseOvnMatch",
    covers: ["parseOvnMatch", "tryParseOvnMatch"],
    input: "text",
    seeds: () => [
      ...lineSeeds("ovn-expr", /^matches\.txt$/, nonEmpty),
      ...lineSeeds("ovn-expr", /^ovn-verdicts\.tsv$/, nonEmpty, verdictExpr).filter((_, i) => i % 8 === 0),
    ],
    run: (t: string) => ({ strict: settle(() => parseOvnMatch(t)), lenient: tryParseOvnMatch(t) }),
    growth: [
      lineGrowth("|| chain", "", "ip4.src == 10.0.0.1 || ", "ip4"),
      lineGrowth("address set", "ip4.dst == {", "10.244.0.5, ", "10.0.0.1}"),
      lineGrowth("&& chain of negations", "", "!ct.est && ", "ct.trk"),
    ],
    bigLine: () => tenMegabytes("ip4 && ip4.dst == {", "10.244.1.17, ", "10.0.0.1}"),
  },
  {
    name: "parseOvnActions",
    covers: ["parseOvnActions", "tryParseOvnActions"],
    input: "text",
    seeds: () => lineSeeds("ovn-expr", /^actions\.txt$/, nonEmpty),
    run: (t: string) => ({ strict: settle(() => parseOvnActions(t)), lenient: tryParseOvnActions(t) }),
    growth: [
      lineGrowth("assignments", "", "reg0 = 1; eth.dst = ff:ff:ff:ff:ff:ff; ", "next;"),
      lineGrowth("nested blocks", "", "clone { outport = \"p1\"; output; }; ", "drop;"),
    ],
    bigLine: () => tenMegabytes("", "reg9[4] = 1; ", "next;"),
  },
];
