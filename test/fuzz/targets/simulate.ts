/**
 * Fuzz targets: the text parsers of the simulator's inputs (`ovs-appctl dpif/show`,
 * `dpctl/show`, `ovs-appctl ovs/route/show`, `tnl/neigh/show`, `ovs-ofctl dump-tlv-map`),
 * seeded from the real snapshot of fixtures-gen's simulator fixture (test/fixtures/sim).
 */
import { parseDpctlShow, parseDpifShow, parseNeighShow, parseRouteShow, parseTlvMapDump } from "../../../src/index.js";
import { type FuzzTarget, type Seed, fixtureText, repeatGrowth } from "../target.js";

const seed = (path: string): Seed => ({ name: path, data: fixtureText(path) });
const snapshot = (file: string): Seed => seed(`sim/snapshot/${file}`);

/** One target per parser: seeds, and growth by repeating the real text. */
function target(name: string, run: (t: string) => unknown, files: readonly string[]): FuzzTarget {
  return {
    name,
    covers: [name],
    input: "text",
    seeds: () => files.map(snapshot),
    run: (t: string) => run(t),
    growth: [repeatGrowth("text repeated", () => fixtureText(`sim/snapshot/${files[0] as string}`))],
  };
}

export const simulateTargets: FuzzTarget[] = [
  target("parseDpifShow", parseDpifShow, ["dpif-show.txt"]),
  target("parseDpctlShow", parseDpctlShow, ["dpctl-show.txt"]),
  target("parseRouteShow", parseRouteShow, ["route.txt"]),
  target("parseNeighShow", parseNeighShow, ["neigh.txt"]),
  target("parseTlvMapDump", parseTlvMapDump, ["br-int.tlv", "br-a.tlv"]),
];
