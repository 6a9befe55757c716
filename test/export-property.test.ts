import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  IpfixTemplateCache,
  decodeEthernet,
  decodeFlowDatagram,
  decodeIpfix,
  decodeNetflowV5,
  decodeSflowV5,
  isFlowDecodeError,
} from "../src/export/decode/index.js";
import {
  diffFlowExport,
  formatCollectorTarget,
  isExportConfigError,
  mergeFlowExport,
  operatorFlowExport,
  parseCollectorTarget,
  parseFlowExportSources,
  parseGoDuration,
  parseOvnKubernetesCollectors,
  parseVsctlValue,
  validateExportNetworkFlows,
  validateIpfixConfigMap,
} from "../src/export/index.js";
import { isOvsParseError } from "../src/core/parse-error.js";
import { datagrams, ipfixMessage, u16 } from "./helpers/export.js";

/** Runs `fn`: it must return or throw a FlowDecodeError whose offset lies in the datagram (time: npm run test:fuzz, bench/). */
function total(buf: Uint8Array, fn: (b: Uint8Array) => unknown): void {
  try {
    fn(buf);
  } catch (e) {
    if (!isFlowDecodeError(e)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(buf.length);
  }
}

const real = [...datagrams("netflow"), ...datagrams("sflow"), ...datagrams("ipfix")];
/** A cache that knows every template OVS sent, so mutated data records get decoded too. */
function fullCache(): IpfixTemplateCache {
  const c = new IpfixTemplateCache();
  for (const d of datagrams("ipfix")) decodeIpfix(d, c);
  return c;
}

/** A real datagram with some bytes changed, or cut short. */
const mutated = fc
  .record({
    i: fc.nat(real.length - 1),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ i, edits, cut }) => {
    const b = real[i]!.slice();
    for (const [at, v] of edits) b[at % b.length] = v;
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
  });

describe("decoders are total (fast-check)", () => {
  it("random bytes: a result or a FlowDecodeError, never another exception or a hang", () => {
    const cache = new IpfixTemplateCache();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        total(b, decodeNetflowV5);
        total(b, decodeSflowV5);
        total(b, (x) => decodeIpfix(x, cache));
        total(b, (x) => decodeFlowDatagram(x, cache));
        decodeEthernet(b); // never throws
      }),
      { numRuns: 400 },
    );
  });

  it("random bytes behind a valid header still give a result or a FlowDecodeError", () => {
    const headers = [
      [0, 5, 0, 2],
      [0, 0, 0, 5, 0, 0, 0, 1, 127, 0, 0, 1],
      [0, 10],
    ];
    const cache = fullCache();
    fc.assert(
      fc.property(fc.nat(2), fc.uint8Array({ maxLength: 400 }), (h, rest) => {
        const b = new Uint8Array([...headers[h]!, ...rest]);
        if (h === 2 && b.length >= 4) b.set(u16(b.length), 2); // a consistent IPFIX length
        total(b, (x) => decodeFlowDatagram(x, cache));
      }),
      { numRuns: 400 },
    );
  });

  it("mutated and truncated real OVS datagrams", () => {
    const cache = fullCache();
    fc.assert(
      fc.property(mutated, (b) => {
        total(b, (x) => decodeFlowDatagram(x, cache));
        total(b, (x) => decodeFlowDatagram(x, new IpfixTemplateCache()));
      }),
      { numRuns: 600 },
    );
  });

  it("every strict prefix of a real datagram is a 'truncated' error at or before its end", () => {
    const cache = fullCache();
    for (const d of real) {
      for (let n = 0; n < d.length; n += Math.max(1, Math.floor(d.length / 40))) {
        try {
          decodeFlowDatagram(d.subarray(0, n), cache);
          throw new Error(`prefix ${n}/${d.length} decoded`);
        } catch (e) {
          if (!isFlowDecodeError(e)) throw e;
          expect(["truncated", "bad-version", "bad-length"]).toContain(e.code);
          expect(e.offset).toBeLessThanOrEqual(n);
        }
      }
    }
  });

  it("IPFIX data sets of any content against a known template never throw anything but FlowDecodeError", () => {
    const template = [...u16(300), ...u16(2), ...u16(8), ...u16(4), ...u16(82), ...u16(0xffff)];
    const cache = new IpfixTemplateCache();
    decodeIpfix(ipfixMessage(1, [[2, template]]), cache);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }), (data) => {
        total(ipfixMessage(1, [[300, data]]), (x) => decodeIpfix(x, cache));
      }),
      { numRuns: 300 },
    );
  });
});

describe("configuration properties (fast-check)", () => {
  it("formatted targets parse back to themselves", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.integer({ min: 1, max: 65535 }), (ip, port) => {
        const t = parseCollectorTarget(formatCollectorTarget(ip, port));
        if ("error" in t) throw new Error(t.error);
        expect(t.port).toBe(port);
        expect(parseCollectorTarget(t.text)).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });

  it("validation and merge of arbitrary JSON: issues or ExportConfigError, never a crash", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (cr, cm) => {
        validateExportNetworkFlows(cr);
        validateIpfixConfigMap(cm);
        try {
          mergeFlowExport(cr, cm, { nodeIp: "10.0.0.1" });
        } catch (e) {
          if (!isExportConfigError(e)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("any text is a vsctl value or an OvsParseError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: fc.constantFrom("[", "]", "{", "}", "=", ",", " ", '"', "\\", "a", "1") }), (s) => {
        try {
          parseVsctlValue(s);
        } catch (e) {
          if (!isOvsParseError(e)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  // ConfigMap data and CR collectors built from the values that matter to the operators.
  const target = fc.constantFrom("10.0.0.9:2055", "10.0.0.12:2055", ":2055", "[fd00::9]:4739", "svc:2055", "10.0.0.9", "", "10.0.0.9:70000", "10.0.0.9:2055,10.0.0.8:2055", "[::ffff:10.0.0.9]:2055");
  const number = fc.constantFrom("0", "1", "400", "4294967295", "4294967296", "-1", "x", "1e3", " 5");
  const duration = fc.constantFrom("0", "60", "60s", "1m30s", "3200ms", "70m", "71m", "-5s", "1d", "1.5h", "", "0s");
  const data = fc.record(
    { sharedTarget: target, nodePort: fc.constantFrom("2055", "", "x", "70000", "0"), sampling: number, cacheMaxFlows: number, cacheActiveTimeout: duration },
    { requiredKeys: [] },
  );
  const crList = fc.array(fc.constantFrom("10.0.0.9:2055", "10.0.0.1:4739", "[fd00::1]:4739", "10.0.0.12:2055", "bad"), { maxLength: 3 });

  it("the operator chain never throws and returns plain data; mergeFlowExport throws only ExportConfigError", () => {
    fc.assert(
      fc.property(data, crList, crList, fc.boolean(), (cm, netFlow, ipfix, strict) => {
        const sources = { exportNetworkFlows: { netFlow: { collectors: netFlow }, ipfix: { collectors: ipfix } }, flowsConfigMap: cm };
        const r = operatorFlowExport(sources, { nodeIp: "10.0.0.12", strict });
        expect(structuredClone(r)).toEqual(r);
        try {
          mergeFlowExport(sources.exportNetworkFlows, cm, { nodeIp: "10.0.0.12", strict });
        } catch (e) {
          if (!isExportConfigError(e)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("when the sources are clean, ovskit's merge and the operator's node result describe the same bridge", () => {
    let compared = 0;
    fc.assert(
      fc.property(data, crList, crList, (cm, netFlow, ipfix) => {
        const sources = { exportNetworkFlows: { ...(netFlow.length > 0 && { netFlow: { collectors: netFlow } }), ...(ipfix.length > 0 && { ipfix: { collectors: ipfix } }) }, flowsConfigMap: cm };
        const r = operatorFlowExport(sources, { nodeIp: "10.0.0.12" });
        if (r.issues.some((i) => i.severity === "error") || r.node === undefined) return;
        const merged = mergeFlowExport(sources.exportNetworkFlows, cm, { nodeIp: "10.0.0.12" });
        expect(diffFlowExport(merged, r.node)).toEqual([]);
        compared++;
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(50);
  });

  it("Go durations, ovn-kubernetes collector lists and YAML sources: a result or an error value / OvsParseError, never an exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        parseGoDuration(text);
        parseOvnKubernetesCollectors(text);
        try {
          parseFlowExportSources(text);
        } catch (e) {
          if (!isOvsParseError(e)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(["ns", 1n], ["us", 1_000n], ["ms", 1_000_000n], ["s", 1_000_000_000n], ["m", 60_000_000_000n], ["h", 3_600_000_000_000n]), (n, [unit, size]) => {
        const ns = BigInt(n) * (size as bigint);
        expect(parseGoDuration(`${n}${unit}`)).toEqual(ns < 1n << 63n ? { ns } : { error: `time: invalid duration "${n}${unit}"` });
      }),
      { numRuns: 300 },
    );
  });
});
