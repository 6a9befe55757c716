/**
 * Flow export: the NetFlow v5 / sFlow v5 / IPFIX decoders (IPFIX with a template cache warmed by
 * the real template datagrams, then real data decoded after the mutated one, so that a poisoned
 * cache shows), packet headers, `ovs-vsctl list` read-back, and the YAML / object readers of
 * the operator's configuration.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  IpfixTemplateCache,
  decodeEthernet,
  decodeFlowDatagram,
  decodeIp,
  decodeIpfix,
  decodeNetflowV5,
  decodeSflowV5,
  mergeFlowExport,
  operatorFlowExport,
  parseFlowExportSources,
  parseVsctlList,
  parseVsctlValue,
  readFlowExport,
  readFlowsConfigMap,
  validateExportNetworkFlows,
  validateIpfixConfigMap,
} from "../../../src/index.js";
import type { Rng } from "../rng.js";
import { type FuzzTarget, type Growth, type Seed, fixtureBytes, fixturePaths, fixtureText, lineGrowth, lineSeeds, repeatGrowth, settle, tenMegabytes } from "../target.js";

const datagrams = (prefix: string): Seed[] => fixturePaths("export", new RegExp(`^${prefix}-\\d+\\.bin$`)).map((p) => ({ name: p, data: fixtureBytes(p) }));
const ipfix = () => datagrams("ipfix");
/** The real IPFIX datagrams that carry templates (the first 20 OVS sent), and the data ones. */
const templates = () => ipfix().slice(0, 20).map((s) => s.data as Uint8Array);
const data = () => ipfix().slice(20).map((s) => s.data as Uint8Array);

/** Every raw packet header (`header: Uint8Array`) in the real sFlow datagrams. */
function packetHeaders(): Seed[] {
  const out: Seed[] = [];
  const walk = (v: unknown, name: string): void => {
    if (v instanceof Uint8Array) {
      if (name.endsWith(".header")) out.push({ name, data: v });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${name}[${i}]`));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${name}.${k}`);
  };
  for (const s of datagrams("sflow")) walk(decodeSflowV5(s.data as Uint8Array), s.name);
  return out;
}

/** A well-formed IPFIX message of ~k * 7 KB: a real data set repeated (data message 021). */
const ipfixGrowth: Growth = {
  name: "data sets repeated",
  make: (k) => {
    const msg = data()[0]!;
    const set = msg.subarray(16);
    const n = Math.floor((k * 7 * 1024) / set.length);
    const out = new Uint8Array(16 + n * set.length);
    out.set(msg.subarray(0, 16));
    for (let i = 0; i < n; i++) out.set(set, 16 + i * set.length);
    new DataView(out.buffer).setUint16(2, out.length);
    return out;
  },
};

function decodeWithTemplates(b: Uint8Array): unknown {
  const cache = new IpfixTemplateCache();
  for (const t of templates()) decodeFlowDatagram(t, cache);
  const message = decodeFlowDatagram(b, cache);
  // The real data datagrams decoded after the mutated one (with the cache it may have changed)
  // must still decode or fail with a typed error; only their outcome is kept, so the output-size
  // check measures what the mutated datagram produced, not the fixed size of the fixtures.
  const after = data().map((d) => settle(() => decodeFlowDatagram(d, cache)));
  return { message, after: after.map((r) => (r !== null && typeof r === "object" && "error" in r ? (r as { error: string }).error : "decoded")) };
}

const yamlSeeds = (): Seed[] =>
  ["flow-export-sources.yaml", "flow-export-short.yaml"].map((n) => ({ name: `test/fuzz/seeds/${n}`, data: readFileSync(join(import.meta.dirname, "..", "seeds", n), "utf8") }));

const lists = () => ["bridge", "netflow", "sflow", "ipfix"].map((n) => ({ name: `export/list-${n}.txt`, data: fixtureText(`export/list-${n}.txt`) }));

export const exportTargets: FuzzTarget[] = [
  {
    name: "decodeFlowDatagram",
    covers: ["decodeFlowDatagram", "decodeIpfix", "decodeIpfixUnknownSet", "IpfixTemplateCache"],
    input: "datagram",
    seeds: () => [...ipfix(), ...datagrams("netflow"), ...datagrams("sflow")],
    run: (b: Uint8Array) => decodeWithTemplates(b),
    growth: [ipfixGrowth],
  },
  {
    name: "decodeIpfix",
    covers: ["decodeIpfix"],
    input: "datagram",
    seeds: ipfix,
    run: (b: Uint8Array, rng: Rng) => {
      // A small cache, so that the template limits are reached too.
      const cache = new IpfixTemplateCache(rng.chance(0.5) ? { maxTemplates: rng.range(1, 8) } : {});
      for (const t of templates()) settle(() => decodeIpfix(t, cache));
      return decodeIpfix(b, cache);
    },
  },
  {
    name: "decodeNetflowV5",
    covers: ["decodeNetflowV5"],
    input: "datagram",
    seeds: () => datagrams("netflow"),
    run: (b: Uint8Array) => decodeNetflowV5(b),
  },
  {
    name: "decodeSflowV5",
    covers: ["decodeSflowV5", "decodeEthernet"],
    input: "datagram",
    seeds: () => datagrams("sflow"),
    run: (b: Uint8Array) => decodeSflowV5(b),
  },
  {
    name: "decodeEthernet",
    covers: ["decodeEthernet", "decodeIp"],
    input: "datagram",
    seeds: packetHeaders,
    run: (b: Uint8Array, rng: Rng) => ({ eth: decodeEthernet(b), ip: settle(() => decodeIp(b, rng.int(b.length + 2))) }),
  },
  {
    name: "parseVsctlList",
    covers: ["parseVsctlList", "parseVsctlValue"],
    input: "text",
    seeds: lists,
    run: (t: string) => parseVsctlList(t),
    growth: [repeatGrowth("records repeated", () => fixtureText("export/list-bridge.txt"))],
    bigLine: () => tenMegabytes("external_ids        : {", "a=\"b\", ", "c=d}\n"),
  },
  {
    name: "parseVsctlValue",
    covers: ["parseVsctlValue"],
    input: "text",
    seeds: () => lineSeeds("export", /^list-.*\.txt$/, (l) => l.includes(" : "), (l) => l.slice(l.indexOf(" : ") + 3)),
    run: (t: string) => parseVsctlValue(t),
    growth: [lineGrowth("map", "{", "key=\"value\", ", "k=v}"), lineGrowth("set", "[", "\"10.0.0.1:4739\", ", "1]")],
    bigLine: () => tenMegabytes("[", "1, ", "2]"),
  },
  {
    name: "readFlowExport",
    covers: ["readFlowExport"],
    input: "text",
    seeds: lists,
    window: false,
    run: (t: string, rng: Rng) => {
      const outputs: Record<string, string> = Object.fromEntries(lists().map((s) => [s.name.replace(/^export\/list-|\.txt$/g, ""), s.data as string]));
      outputs[rng.pick(["bridge", "netflow", "sflow", "ipfix"])] = t;
      return readFlowExport(outputs as { bridge: string }, "br0");
    },
  },
  {
    name: "parseFlowExportSources",
    covers: ["parseFlowExportSources", "readFlowsConfigMap", "validateExportNetworkFlows", "validateIpfixConfigMap", "mergeFlowExport", "operatorFlowExport"],
    input: "text",
    window: false,
    seeds: yamlSeeds,
    run: (t: string) => {
      const parsed = parseFlowExportSources(t);
      const { exportNetworkFlows, flowsConfigMap } = parsed.sources;
      return {
        parsed,
        configMap: settle(() => readFlowsConfigMap(flowsConfigMap)),
        cr: settle(() => validateExportNetworkFlows(exportNetworkFlows)),
        ipfix: settle(() => validateIpfixConfigMap(flowsConfigMap)),
        merged: settle(() => mergeFlowExport(exportNetworkFlows, flowsConfigMap)),
        operator: settle(() => operatorFlowExport(parsed.sources)),
      };
    },
    growth: [repeatGrowth("documents repeated", () => `${yamlSeeds()[0]!.data as string}---\n`)],
    bigLine: () => tenMegabytes("exportNetworkFlows:\n  ipfix: [", "\"10.0.0.1:4739\", ", "\"10.0.0.2:4739\"]\n"),
  },
];
