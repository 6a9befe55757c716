import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BridgeTexts, createPipeline, type Pipeline, type PipelineInput, pipelineInputFromTexts } from "../../src/index.js";

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

/** A file of the snapshot. */
export function simSnapshotFile(name: string, dir = SIM_FIXTURE): string {
  return readFileSync(join(dir, "snapshot", name), "utf8");
}

/** The pipeline input of the snapshot, read from its texts as a user would (pipelineInputFromTexts). */
export function simPipelineInput(dir = SIM_FIXTURE): PipelineInput {
  const rd = (f: string): string => simSnapshotFile(f, dir);
  const bridges: Record<string, BridgeTexts> = {};
  for (const b of rd("bridges.txt").split("\n").filter((s) => s !== "")) {
    bridges[b] = { flows: rd(`${b}.flows`), groups: rd(`${b}.groups`), show: rd(`${b}.show`), tlvMap: rd(`${b}.tlv`) };
  }
  return pipelineInputFromTexts({ bridges, dpifShow: rd("dpif-show.txt"), routes: rd("route.txt"), neighbors: rd("neigh.txt") });
}

/** The pipeline of the snapshot. */
export function loadSimPipeline(dir = SIM_FIXTURE): Pipeline {
  return createPipeline(simPipelineInput(dir));
}
