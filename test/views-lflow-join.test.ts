import { describe, expect, it } from "vitest";
import { parseLogicalFlows } from "../src/ovn/lflow.js";
import { parseTrace, traceSteps } from "../src/trace/index.js";
import { lflowCookieResolver, groupFlowsByLogic } from "../src/views/index.js";
import { parseFlows } from "../src/openflow/index.js";
import { fixture } from "./helpers/fixtures.js";

const resolve = lflowCookieResolver(parseLogicalFlows(fixture("ovn", "lflow-list.uuid.txt")));

describe("OVN join by cookie string (lflow-list --uuid)", () => {
  it("names the same logical flows as ovn-detrace for a real trace of the same cluster", () => {
    const trace = parseTrace(fixture("ovn", "trace-pod-to-pod.txt"));
    const detrace = fixture("ovn", "trace-pod-to-pod.detrace.txt");
    // ovn-detrace's "Logical flow:" lines, in order: table=N (stage), priority=P, match=(...)
    const named = [...detrace.matchAll(/\* Logical flow: table=(\d+) \(([^)]+)\), priority=(\d+), match=\((.*)\), actions=/g)].map(
      (m) => `table=${m[1]} (${m[2]}) priority=${m[3]} match=(${m[4]})`,
    );
    expect(named.length).toBeGreaterThan(10);
    const ours = traceSteps(trace)
      .map((s) => resolve(s.cookie))
      .filter((l): l is string => l !== undefined && !l.includes("logical flows:"));
    let found = 0;
    for (const n of named) if (ours.some((o) => o.includes(n))) found++;
    expect(found).toBe(named.length);
  });

  it("folds a datapath group into one label, and ignores cookies over 32 bits or unknown", () => {
    const l = resolve(0x54bcd7n);
    expect(l === undefined || typeof l === "string").toBe(true);
    const trace = parseTrace(fixture("ovn", "trace-pod-to-pod.txt"));
    const grouped = traceSteps(trace)
      .map((s) => resolve(s.cookie))
      .find((x) => x?.includes(" datapaths ("));
    expect(grouped).toMatch(/^ingress table=0 \(ls_in_check_port_sec\) priority=50 match=\(1\) on \d+ datapaths \(/);
    expect(resolve(0x1_0000_0000n)).toBeUndefined();
    expect(resolve(0xdeadbeefn)).toBeUndefined();
  });

  it("plugs into the logic view as its cookie resolver", () => {
    const cookie = traceSteps(parseTrace(fixture("ovn", "trace-pod-to-pod.txt")))[1]?.cookie ?? 0n;
    const flows = parseFlows(` cookie=0x${cookie.toString(16)}, table=8, priority=50,metadata=0x3 actions=resubmit(,9)`);
    const [g] = groupFlowsByLogic(flows, { byCookie: true, resolveCookie: resolve });
    expect(g?.cookies[0]?.resolved).toBe(true);
    expect(g?.cookies[0]?.label).toContain("(ls_in_check_port_sec)");
  });
});
