import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPipeline, mergePorts, parseDpifShow, parseFlows, parseGroups, parseNeighShow, parseRouteShow, parseTlvMapDump, type Pipeline, portsFromPortsDesc } from "../../src/index.js";

/** The generate-sim.sh fixture: one snapshot of a real OVS 3.1 + OVN sandbox and its traces. */
export const SIM_FIXTURE = join(__dirname, "..", "fixtures", "sim");

/** One captured `ofproto/trace` case of cases.tsv. */
export interface SimCase {
  readonly name: string;
  readonly category: string;
  readonly bridge: string;
  readonly packet: string;
  readonly ctNext: string[];
  /** What the real ofproto/trace printed (stdout + stderr). */
  readonly answer: string;
}

/** Reads cases.tsv with each case's real answer. */
export function readSimCases(dir = SIM_FIXTURE): SimCase[] {
  return readFileSync(join(dir, "cases.tsv"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [name = "", category = "", bridge = "", packet = "", ct = ""] = l.split("\t");
      return { name, category, bridge, packet, ctNext: ct.split(" ").filter((s) => s !== ""), answer: readFileSync(join(dir, "answers", `${name}.trace`), "utf8") };
    });
}

/** Builds the pipeline of the snapshot from its files, as a user would from the same dumps. */
export function loadSimPipeline(dir = SIM_FIXTURE): Pipeline {
  const snap = join(dir, "snapshot");
  const rd = (f: string): string => readFileSync(join(snap, f), "utf8");
  const dpif = parseDpifShow(rd("dpif-show.txt")).datapaths[0];
  const bridges: Record<string, Parameters<typeof createPipeline>[0]["bridges"][string]> = {};
  for (const b of rd("bridges.txt").split("\n").filter((s) => s !== "")) {
    bridges[b] = {
      flows: parseFlows(rd(`${b}.flows`)),
      groups: parseGroups(rd(`${b}.groups`)),
      ports: mergePorts(dpif?.bridges[b], portsFromPortsDesc(rd(`${b}.show`))),
      tlvMap: parseTlvMapDump(rd(`${b}.tlv`)),
      ...(dpif === undefined ? {} : { datapathType: dpif.type }),
    };
  }
  return createPipeline({ bridges, underlay: { routes: parseRouteShow(rd("route.txt")), neighbors: parseNeighShow(rd("neigh.txt")) } });
}
