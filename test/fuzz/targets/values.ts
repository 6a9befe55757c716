/**
 * The small value parsers of the public API (integers, masks, MACs, IPs, flags, field references,
 * durations, collector targets, sample values, byte quantities...), all run on every input.
 * Seeds: the values of real flow dumps, `ovs-vsctl list` outputs and Prometheus answers.
 */
import {
  parseByteQuantity,
  parseCollectorTarget,
  parseDuration,
  parseFieldRef,
  parseFlagsValue,
  parseGoDuration,
  parseIntValue,
  parseIpValue,
  parseLogicalDatapathHeader,
  parseMacValue,
  parseMatchValue,
  parseOdpValue,
  parseOvnKubernetesCollectors,
  parsePortValue,
  parsePrometheusDuration,
  parseSampleValue,
  parseSourceArg,
} from "../../../src/index.js";
import { parseSmallInt, parseUnsigned } from "../../../src/core/values.js";
import { parseRetryAfter } from "../../../src/prometheus/index.js";
import { thrownProblem } from "../check.js";
import { type FuzzTarget, type Seed, fixtureText, lineGrowth, tenMegabytes } from "../target.js";

const PARSERS: Record<string, (t: string) => unknown> = {
  parseIntValue: (t) => parseIntValue(t),
  internal_parseUnsigned: (t) => parseUnsigned(t),
  internal_parseSmallInt: (t) => parseSmallInt(t),
  parseMacValue: (t) => parseMacValue(t),
  parseIpValue: (t) => parseIpValue(t),
  parseFlagsValue: (t) => parseFlagsValue(t),
  parseFieldRef: (t) => parseFieldRef(t),
  parseDuration: (t) => parseDuration(t),
  parseMatchValue: (t) => parseMatchValue("nw_dst", t),
  parseMatchValue_metadata: (t) => parseMatchValue("metadata", t),
  parseMatchValue_ct_state: (t) => parseMatchValue("ct_state", t),
  parsePortValue: (t) => parsePortValue(t),
  parseOdpValue: (t) => parseOdpValue(t),
  parsePrometheusDuration: (t) => parsePrometheusDuration(t),
  parseGoDuration: (t) => parseGoDuration(t),
  parseCollectorTarget: (t) => parseCollectorTarget(t),
  parseOvnKubernetesCollectors: (t) => parseOvnKubernetesCollectors(t),
  internal_parseRetryAfter: (t) => parseRetryAfter(t, 1_700_000_000_000),
  parseSampleValue: (t) => parseSampleValue(t),
  parseByteQuantity: (t) => parseByteQuantity(t),
  parseSourceArg: (t) => parseSourceArg(t),
  parseLogicalDatapathHeader: (t) => parseLogicalDatapathHeader(t),
};

/** Runs every value parser; a well-formed OvskitError becomes its code, anything else names the parser. */
function runAll(t: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(PARSERS)) {
    try {
      out[name] = fn(t) ?? null;
    } catch (e) {
      const problem = thrownProblem(e);
      if (problem !== undefined) throw new Error(`${name}: ${problem}`);
      out[name] = { error: (e as { code: string }).code };
    }
  }
  return out;
}

function seeds(): Seed[] {
  const values = new Set<string>();
  const add = (v: string) => {
    if (v !== "" && v.length < 200) values.add(v);
  };
  for (const line of fixtureText("openflow/all-families.of15.flows").split("\n")) {
    for (const part of line.trim().split(/[ ,]+/)) {
      const eq = part.indexOf("=");
      add(eq < 0 ? part : part.slice(eq + 1));
      const colon = part.indexOf(":");
      if (colon >= 0) add(part.slice(colon + 1));
    }
  }
  for (const line of fixtureText("datapath/ovn.dpctl-m.flows").split("\n")) {
    for (const m of line.matchAll(/\(([^()]*)\)/g)) for (const kv of (m[1] as string).split(",")) add(kv.slice(kv.indexOf("=") + 1));
  }
  for (const n of ["bridge", "netflow", "sflow", "ipfix"]) {
    for (const line of fixtureText(`export/list-${n}.txt`).split("\n")) if (line.includes(" : ")) add(line.slice(line.indexOf(" : ") + 3));
  }
  for (const m of fixtureText("prometheus/vector-special-values.json").matchAll(/"([^"]*)"/g)) add(m[1] as string);
  for (const line of fixtureText("ovn/lflow-list.txt").split("\n")) if (line.startsWith("Datapath:")) add(line);
  for (const v of ["5m", "1h30m", "90s", "1.5s", "20s", "300ms", "1m30s", "120", "Wed, 21 Oct 2015 07:28:00 GMT", "1GiB", "512 MiB", "worker-1,/tmp/w1.flows", "10.0.0.1:4739,[fd00::1]:2055"]) add(v);
  return [...values].map((v, i) => ({ name: `value ${i}`, data: v }));
}

export const valueTargets: FuzzTarget[] = [
  {
    name: "valueParsers",
    covers: Object.keys(PARSERS).filter((n) => !n.includes("_")),
    input: "text",
    window: false,
    seeds,
    run: (t: string) => runAll(t),
    growth: [lineGrowth("long hex", "0x", "f", "/0xff", 64 * 1024), lineGrowth("long duration", "", "1h", "1s", 64 * 1024)],
    bigLine: () => tenMegabytes("0x", "0", "1"),
  },
];
