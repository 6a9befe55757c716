/** Helpers for comparing ovskit's offline detrace with the real ovn-detrace. */
import { type OvnContext, lookupOfport } from "../../src/ovn/detrace/index.js";
import { parseTrace, traceSteps } from "../../src/trace/index.js";
import { linesOf } from "./fixtures.js";

/**
 * Turns ovskit's ovn-detrace-style output into what ovn-detrace 23.03 itself prints, by
 * applying its two defects: `str(match).strip('"')` eats the closing quote of a match that ends
 * with a string, and its `in_port=([0-9])+` keeps only the last digit of the port number.
 */
export function withOvnDetraceDefects(ours: string, trace: string, ovn: OvnContext): string[] {
  const steps = new Map(traceSteps(parseTrace(trace)).map((s) => [s.line, s]));
  const traceLines = linesOf(trace);
  const out: string[] = [];
  let stepInPort: number | undefined;
  let traceLine = 0;
  for (const line of linesOf(ours)) {
    if (!line.startsWith("  * ") && !line.startsWith("   * ")) {
      traceLine++;
      const step = steps.get(traceLine);
      if (step !== undefined) {
        const m = /^ *[0-9]+\. *in_port=([0-9]+)/.exec(traceLines[traceLine - 1] as string);
        stepInPort = m === null ? undefined : Number(m[1]);
      } else if (/^ *[0-9]+\./.test(line) || line === "") stepInPort = undefined;
      out.push(line);
      continue;
    }
    const lf = /^( {2}\* Logical flow: .*, match=\()(.*)(\), actions=\(.*\))$/.exec(line);
    if (lf !== null) {
      out.push(lf[1] + (lf[2] as string).replace(/^"+|"+$/g, "") + lf[3]);
      continue;
    }
    if (line.startsWith("  * OVS Interface: ") && stepInPort !== undefined && stepInPort >= 10) {
      const i = lookupOfport(ovn, stepInPort % 10);
      if (i !== undefined) out.push(`  * OVS Interface: ${i.name} (${i.ifaceId ?? "None"})`);
      stepInPort = undefined;
      continue;
    }
    out.push(line);
  }
  return out;
}

