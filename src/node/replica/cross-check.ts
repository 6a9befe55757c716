/**
 * {@link crossCheck}: the offline OpenFlow simulator (issue 13: `createPipeline` /
 * `simulateTrace`) against the real `ofproto/trace` of a replica built from the same files,
 * packet by packet.
 *
 * @module
 */
import { type BridgeInput, type ErrorRecord, type Pipeline, type PipelineInput, type Trace, createPipeline, errorRecord, parseFlowDump, parseGroupDump, parseTrace, simulateTrace } from "ovskit";
import { type TraceDifference, compareTraces } from "./compare-traces.js";
import { datapathPortNames } from "./normalize.js";
import { type ReplicaSource, isOvsSaveDir, isSosReport, planReplica } from "./source.js";
import type { Replica } from "./types.js";

/** A packet to trace: what `ofproto/trace BRIDGE FLOW [--ct-next STATE]...` takes. */
export interface CrossCheckPacket {
  /** A name for the report (default: the flow). */
  readonly name?: string;
  readonly bridge: string;
  /** The flow, in `ofproto/trace` syntax (`in_port=11,tcp,nw_dst=10.96.0.10,tp_dst=80`). */
  readonly flow: string;
  /** `--ct-next` states, in order (`["trk,new", "trk,est"]`). */
  readonly ctNext?: readonly string[];
}

/** The outcome for one packet. */
export interface CrossCheckResult {
  readonly name: string;
  readonly bridge: string;
  readonly flow: string;
  /** True when both answered and {@link CrossCheckResult.differences} is empty, or both refused the packet. */
  readonly agree: boolean;
  readonly differences: readonly TraceDifference[];
  /** The real `ofproto/trace` output (stdout then stderr) and its exit status. */
  readonly real: { readonly text: string; readonly exitCode: number };
  /** The simulator's failure, when it threw (a bad packet is a typed error there too). */
  readonly simulatorError?: ErrorRecord;
  /** The real trace that did not parse, when it did not. */
  readonly realError?: ErrorRecord;
}

/** Result of {@link crossCheck}. */
export interface CrossCheckReport {
  readonly kind: "cross-check";
  readonly packets: readonly CrossCheckResult[];
  /** Packets on which both agree, of {@link CrossCheckReport.total}. */
  readonly agree: number;
  readonly total: number;
}

const FILES_KEYS = new Set(["confDb", "nbDb", "sbDb", "bridges"]);

/** True for a source `startReplica` takes (a pipeline has other keys). */
function isSource(x: unknown): x is ReplicaSource {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const s = x as ReplicaSource;
  return isSosReport(s) || isOvsSaveDir(s) || (Object.keys(x).length > 0 && Object.keys(x).every((k) => FILES_KEYS.has(k)));
}

/**
 * The createPipeline input (issue 13's `PipelineInput`) for a source: per bridge the very flows,
 * groups and TLV map the replica restored (its plan, parsed), and the replica's ports (names,
 * OpenFlow and datapath numbers, types, options such as a patch port's peer).
 */
async function pipelineInput(source: ReplicaSource, replica: Replica): Promise<PipelineInput> {
  const plan = await planReplica(source, { clearTimeouts: false });
  const bridges: Record<string, BridgeInput> = {};
  for (const rb of replica.bridges) {
    const b = plan.bridges.find((x) => x.name === rb.name);
    bridges[rb.name] = {
      flows: b?.flows === undefined ? [] : parseFlowDump(b.flows.text).flows,
      groups: b?.groups === undefined ? [] : parseGroupDump(b.groups.text).groups,
      tlvMap: b?.tlv ?? [],
      meters: b?.meters ?? [],
      datapathType: "dummy",
      ports: rb.ports.map((p) => ({
        name: p.name,
        ofport: p.ofport,
        ...(p.odpPort === undefined ? {} : { odpPort: p.odpPort }),
        type: p.type,
        options: p.options,
        ...(p.options.peer === undefined ? {} : { peer: p.options.peer }),
        ...(p.mac === undefined ? {} : { mac: p.mac }),
      })),
    };
  }
  return { bridges };
}

/**
 * Traces every packet with the real `ofproto/trace` of `replica` and with the offline simulator
 * on the same input, and reports per packet where they differ: the table steps (bridge, table,
 * priority, cookie, in order, every section), the `Final flow:` and the `Datapath actions:`
 * (recirculation ids renumbered, datapath ports named after the replica's `dpif/show` on both
 * sides). `pipelineOrSource` is a pipeline made by `createPipeline`, or the source the replica
 * was started from (files, a sos report or an ovs-save directory): the pipeline is then built
 * from the very flows, groups and TLV maps the replica restored, with the replica's ports. The
 * real trace is the reference. (With the default `dummy: "override"` replica, tunnel ports are
 * plain dummy ports: start it with `dummy: "plain"` to compare tunnel outputs.)
 *
 * @example
 * ```ts
 * import { crossCheck, readOvsSave, startReplica } from "ovskit/node";
 * const save = await readOvsSave("/tmp/save");
 * const replica = await startReplica(save);
 * try {
 *   const report = await crossCheck(replica, save, [{ bridge: "br-a", flow: "in_port=1,tcp,nw_dst=10.0.1.2,tp_dst=80" }]);
 *   console.log(`${report.agree} of ${report.total} agree`);
 *   for (const p of report.packets) for (const d of p.differences) console.log(p.name, d.section, d.field, d.expected, "!=", d.actual);
 * } finally {
 *   await replica.stop();
 * }
 * ```
 */
export async function crossCheck(replica: Replica, pipelineOrSource: Pipeline | ReplicaSource, packets: readonly CrossCheckPacket[]): Promise<CrossCheckReport> {
  const pipeline = isSource(pipelineOrSource) ? createPipeline(await pipelineInput(pipelineOrSource, replica)) : pipelineOrSource;
  const ports = datapathPortNames((await replica.appctl(["dpif/show"])).stdout);
  const results: CrossCheckResult[] = [];
  for (const p of packets) {
    const name = p.name ?? p.flow;
    const r = await replica.appctl(["ofproto/trace", p.bridge, p.flow, ...(p.ctNext ?? []).flatMap((s) => ["--ct-next", s])]);
    const real = { text: r.stdout + r.stderr, exitCode: r.exitCode };
    let simulated: Trace | ErrorRecord;
    try {
      simulated = simulateTrace(pipeline, p.flow, p.ctNext === undefined ? { bridge: p.bridge } : { bridge: p.bridge, ctNext: p.ctNext });
    } catch (e) {
      simulated = errorRecord(e);
    }
    let realTrace: Trace | ErrorRecord;
    try {
      realTrace = r.exitCode === 0 ? parseTrace(r.stdout) : { code: "ofproto-trace-failed", message: (r.stderr || r.stdout).trim() };
    } catch (e) {
      realTrace = errorRecord(e);
    }
    const base = { name, bridge: p.bridge, flow: p.flow, real };
    if ("sections" in simulated && "sections" in realTrace) {
      const differences = compareTraces(realTrace, simulated, { expectedPorts: ports });
      results.push({ ...base, agree: differences.length === 0, differences });
    } else {
      // Both refusing the packet (a bad flow, an unknown bridge) is agreement too.
      results.push({
        ...base,
        agree: !("sections" in simulated) && !("sections" in realTrace),
        differences: [],
        ...("sections" in simulated ? {} : { simulatorError: simulated }),
        ...("sections" in realTrace ? {} : { realError: realTrace }),
      });
    }
  }
  return { kind: "cross-check", packets: results, agree: results.filter((x) => x.agree).length, total: results.length };
}
