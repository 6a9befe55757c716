/**
 * Conformance of ovskit's parser and printer with a real Open vSwitch.
 *
 * A sandbox (ovsdb-server, ovs-vswitchd on the dummy datapath, OVN NB/SB, ovn-northd,
 * ovn-controller) is started with fixtures-gen/sandbox/up.sh + topo.sh, so br-int carries the
 * flows a real ovn-controller programs. Then:
 *
 *   a. br-int is dumped, parsed, printed with formatFlow(f, {stats:false}) and loaded into a
 *      fresh bridge; `ovs-ofctl diff-flows` between the two must find nothing but the
 *      differences that OVS's own text format cannot avoid (listed in ofctl.ts).
 *   b. the same with the hand-written all-families flow set (OpenFlow 1.5, 1.4, 1.3; and 1.2, 1.0
 *      for the flows those versions can carry).
 *   c. every line of the live dumps (several protocols and options) round-trips byte for byte
 *      through parseFlow / formatFlow, and every group line through parseGroup / formatGroup.
 *
 * Needs the Debian packages openvswitch-switch, openvswitch-common, ovn-central, ovn-host. When
 * they are missing the suite is skipped (with a warning), unless CI is set: then it fails.
 * Set OVSKIT_IT_KEEP=1 to keep the sandbox directory (daemons stopped) with the dumps and logs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Flow,
  formatFlow,
  formatGroup,
  parseFlow,
  parseFlowDump,
  parseGroup,
  parseGroupDump,
} from "../../src/index.js";
import {
  DEC_TTL_NO_IDS,
  type KnownDifference,
  PACKET_TYPE_ETHERNET,
  type Protocol,
  TUN_METADATA_TRAILING_MASK,
  addFlows,
  classifyDiff,
  copyTables,
  describeUnexplained,
  diffFlows,
  dump,
  dumpFlows,
  explainedCounts,
  itemLines,
  lineDifference,
  loadFlowsetTables,
  sortedItems,
} from "./ofctl.js";
import { FLOWSETS, OVS_PACKAGES, Sandbox, inCI, missingBinaries } from "./sandbox.js";

const TOPOLOGY = { nodes: 3, pods: 10, svcs: 10, pols: 5 } as const;
/** The bridge that gets the whole hand-written flow set, as br-test in generate.sh. */
const FAMILIES = "br-families";
/**
 * The flow set without the flows tagged `#!of11+` / `#!of13+` (which ovs-ofctl cannot decode in
 * older OpenFlow versions), as generate.sh prepares br-test for its OpenFlow 1.0 dump.
 */
const LEGACY = "br-legacy";

const FLOWSET_LINES = readFileSync(join(FLOWSETS, "all-families.flows"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
const LEGACY_LINES = FLOWSET_LINES.filter((l) => !/#!of1[13]\+/.test(l));

const missing = missingBinaries();
const ci = inCI();
if (missing.length > 0) {
  const what = `Open vSwitch / OVN binaries not found: ${missing.join(", ")} (apt-get install -y ${OVS_PACKAGES})`;
  if (ci) console.error(`\n[integration] ERROR: ${what}. CI is set, so the ofctl conformance suite FAILS.\n`);
  else {
    const bar = "!".repeat(100);
    console.warn(`\n${bar}\n[integration] SKIPPING the ofctl conformance suite: ${what}.\n${bar}\n`);
  }
}

function log(msg: string): void {
  console.log(`[integration] ${msg}`);
}

/** Prints flows the way add-flows takes them. */
function toAddFlows(flows: readonly Flow[]): string[] {
  return flows.map((f) => formatFlow(f, { stats: false }));
}

/** The match part of a flow line (before ` actions=`). */
function matchPart(line: string): string {
  const cut = line.indexOf(" actions=");
  return cut < 0 ? line : line.slice(0, cut);
}

/**
 * Checks a copy made from printed text against its original bridge: diff-flows (match, priority,
 * table, cookie, timeouts, importance, actions), then the sorted `--no-stats` dumps (which also
 * show the flags). Differences must all be explained by the `allowed` known OVS text-format
 * limitations; returns how many of each there were.
 */
async function expectSameFlows(
  sb: Sandbox,
  original: string,
  copy: string,
  protocol: Protocol,
  allowed: readonly KnownDifference[],
): Promise<Record<string, number>> {
  const d = await diffFlows(sb, original, copy, protocol);
  const c = classifyDiff(d.minus, d.plus, allowed);
  expect(
    c.unexplainedMinus.length + c.unexplainedPlus.length,
    `diff-flows ${original} ${copy} (-O ${protocol}):\n${describeUnexplained(c)}`,
  ).toBe(0);

  const [a, b] = await Promise.all([
    dumpFlows(sb, original, protocol, ["--no-stats"]),
    dumpFlows(sb, copy, protocol, ["--no-stats"]),
  ]);
  const { onlyA, onlyB } = lineDifference(sortedItems(a), sortedItems(b));
  const t = classifyDiff(onlyA, onlyB, allowed);
  expect(
    t.unexplainedMinus.length + t.unexplainedPlus.length,
    `--no-stats dumps of ${original} and ${copy} (-O ${protocol}):\n${describeUnexplained(t)}`,
  ).toBe(0);
  return explainedCounts(c);
}

/** The groups, meters and TLV map of two bridges print the same. */
async function expectSameTables(sb: Sandbox, a: string, b: string): Promise<void> {
  for (const args of [["-O", "OpenFlow15", "--no-names", "dump-groups"], ["-O", "OpenFlow13", "dump-meters"], ["dump-tlv-map"]]) {
    const [x, y] = await Promise.all([dump(sb, [...args, sb.mgmt(a)]), dump(sb, [...args, sb.mgmt(b)])]);
    expect(sortedItems(y), `${args.join(" ")}: ${b} differs from ${a}`).toEqual(sortedItems(x));
  }
}

function countOf(c: Record<string, number>, k: KnownDifference): number {
  return c[k.id] ?? 0;
}

describe.skipIf(missing.length > 0 && !ci)("ovs-ofctl conformance on a real OVS/OVN sandbox", () => {
  let sb: Sandbox | undefined;
  const box = (): Sandbox => {
    if (sb === undefined) throw new Error("the sandbox did not start (see beforeAll)");
    return sb;
  };

  beforeAll(async () => {
    if (missing.length > 0) {
      throw new Error(
        `Open vSwitch / OVN binaries not found: ${missing.join(", ")}. CI is set, so this is a failure, not a skip. ` +
          `Install them with: apt-get install -y ${OVS_PACKAGES}`,
      );
    }
    const t0 = Date.now();
    sb = await Sandbox.start(TOPOLOGY);
    const s = sb;
    log(`sandbox ${s.dir}: br-int settled at ${await s.flowCount("br-int")} flows in ${Date.now() - t0} ms`);

    // A few packets so that some counters and ages in the live dumps are not zero:
    // pod1 (ofport 11) ARPs for its gateway and pings pod2 on the same node.
    await s.appctl([
      "netdev-dummy/receive",
      "pod1",
      "in_port(11),eth(src=0a:58:0a:f4:01:03,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.244.1.3,tip=10.244.1.1,op=1,sha=0a:58:0a:f4:01:03,tha=00:00:00:00:00:00)",
    ]);
    await s.appctl([
      "netdev-dummy/receive",
      "pod1",
      "eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:04),eth_type(0x0800),ipv4(src=10.244.1.3,dst=10.244.1.4,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)",
    ]);
    await s.appctl(["revalidator/wait"], { allowFail: true });

    // The hand-written flow set, loaded the way generate.sh loads it onto br-test.
    await s.addBridge(FAMILIES);
    await loadFlowsetTables(s, FAMILIES);
    await s.ofctl(["-O", "OpenFlow15", "add-flows", s.mgmt(FAMILIES), join(FLOWSETS, "all-families.flows")]);
    await s.addBridge(LEGACY);
    await loadFlowsetTables(s, LEGACY);
    await addFlows(s, LEGACY, "OpenFlow15", LEGACY_LINES, "all-families.legacy");
  });

  afterAll(async () => {
    await sb?.stop();
  });

  describe("a. br-int programmed by ovn-controller", () => {
    for (const protocol of ["OpenFlow15", "OpenFlow13", "OpenFlow10"] as const) {
      it(`-O ${protocol}: dump → parseFlowDump → formatFlow({stats:false}) → add-flows on a fresh bridge: diff-flows finds no difference`, async () => {
        const s = box();
        const n = await s.flowCount("br-int");
        expect(n).toBeGreaterThan(1000);
        const text = await dumpFlows(s, "br-int", protocol);
        const parsed = parseFlowDump(text);
        expect(parsed.issues, "parseFlowDump issues on the live br-int dump").toEqual([]);
        expect(parsed.flows.length).toBe(n);

        const lines = toAddFlows(parsed.flows);

        const copy = `br-conf-${protocol.slice(-2)}`;
        await s.addBridge(copy);
        const tables = await copyTables(s, "br-int", copy);
        if (protocol === "OpenFlow15") {
          log(`br-int: ${n} flows, ${tables.groups} groups, ${tables.meters} meters, TLV map ${tables.tlvMap ?? "(none)"}`);
        }
        expect(tables.groups).toBeGreaterThan(0);
        await expectSameTables(s, "br-int", copy);

        await addFlows(s, copy, protocol, lines, `${copy}.formatted`);
        expect(await s.flowCount(copy)).toBe(n);

        const counts = await expectSameFlows(s, "br-int", copy, protocol, [DEC_TTL_NO_IDS]);
        // Exactly the flows printed with dec_ttl() differ, and only in that.
        expect(countOf(counts, DEC_TTL_NO_IDS)).toBe(lines.filter((l) => l.includes("dec_ttl()")).length);
        log(`br-int → ${copy} (-O ${protocol}): identical except known OVS text-format limitations ${JSON.stringify(counts)}`);
        // br-int must not have changed under us meanwhile.
        expect(await s.flowCount("br-int")).toBe(n);
      });
    }
  });

  describe("b. the hand-written all-families flow set", () => {
    const cases: ReadonlyArray<readonly [string, readonly string[], Protocol]> = [
      [FAMILIES, FLOWSET_LINES, "OpenFlow15"],
      [FAMILIES, FLOWSET_LINES, "OpenFlow14"],
      [FAMILIES, FLOWSET_LINES, "OpenFlow13"],
      // OpenFlow 1.2 and 1.0 cannot carry the #!of11+ / #!of13+ flows. OpenFlow 1.1 is left out:
      // `ovs-ofctl -O OpenFlow11 add-flows` refuses NXM matches ("none of the usable flow formats
      // (OXM) is among the allowed flow formats (OpenFlow11)"), whoever prints them.
      [LEGACY, LEGACY_LINES, "OpenFlow12"],
      [LEGACY, LEGACY_LINES, "OpenFlow10"],
    ];

    for (const [source, sourceLines, protocol] of cases) {
      it(`${source}, -O ${protocol}: dump → parse → formatFlow({stats:false}) → add-flows on a fresh bridge: diff-flows finds no difference`, async () => {
        const s = box();
        const n = await s.flowCount(source);
        expect(n).toBe(sourceLines.length);

        const text = await dumpFlows(s, source, protocol);
        const parsed = parseFlowDump(text);
        expect(parsed.issues, `parseFlowDump issues on the ${protocol} dump`).toEqual([]);
        expect(parsed.flows.length).toBe(n);

        const lines = toAddFlows(parsed.flows);

        const copy = `${source}-${protocol.slice(-2)}`;
        await s.addBridge(copy);
        const tables = await copyTables(s, source, copy);
        expect(tables.groups).toBeGreaterThan(0);
        expect(tables.meters).toBeGreaterThan(0);
        expect(tables.tlvMap).toBeDefined();
        await expectSameTables(s, source, copy);

        await addFlows(s, copy, protocol, lines, `${copy}.formatted`);
        expect(await s.flowCount(copy)).toBe(n);

        const counts = await expectSameFlows(s, source, copy, protocol, [TUN_METADATA_TRAILING_MASK, PACKET_TYPE_ETHERNET]);
        expect(countOf(counts, PACKET_TYPE_ETHERNET)).toBe(sourceLines.filter((l) => /packet_type=\(0,0\)/.test(l)).length);
        const tunMetadataFlows = itemLines(text).filter((l) => /tun_metadata\d+=/.test(matchPart(l))).length;
        expect(countOf(counts, TUN_METADATA_TRAILING_MASK)).toBeLessThanOrEqual(tunMetadataFlows);
        log(`${source} → ${copy} (-O ${protocol}): identical except known OVS text-format limitations ${JSON.stringify(counts)}`);
      });
    }

    it("prints GTP-U matches under the names add-flows accepts (OVS prints gtpu_flags, reads tun_gtpu_flags)", async () => {
      const s = box();
      const parsed = parseFlowDump(await dumpFlows(s, FAMILIES, "OpenFlow15"));
      const gtpu = toAddFlows(parsed.flows).filter((l) => /[ ,]tun_gtpu_/.test(matchPart(l)));
      expect(gtpu.length, "all-families.flows should have a GTP-U match").toBeGreaterThan(0);
      await s.addBridge("br-gtpu");
      const r = await addFlows(s, "br-gtpu", "OpenFlow15", gtpu, "gtpu.formatted", true);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    });
  });

  describe("c. byte-for-byte round trip of live dumps", () => {
    const flowDumps: ReadonlyArray<readonly [string, readonly string[]]> = [
      ["br-int", ["dump-flows"]],
      ["br-int", ["-O", "OpenFlow11", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow12", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow13", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow14", "--no-names", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow15", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow15", "--no-stats", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow13", "--names", "dump-flows"]],
      ["br-int", ["-O", "OpenFlow15", "--rsort", "dump-flows"]],
      [FAMILIES, ["-O", "OpenFlow15", "dump-flows"]],
      [FAMILIES, ["-O", "OpenFlow15", "--no-stats", "dump-flows"]],
      [FAMILIES, ["-O", "OpenFlow14", "dump-flows"]],
      [FAMILIES, ["-O", "OpenFlow13", "dump-flows"]],
      [FAMILIES, ["-O", "OpenFlow13", "--names", "--sort", "dump-flows"]],
      [LEGACY, ["dump-flows"]],
      [LEGACY, ["-O", "OpenFlow11", "dump-flows"]],
      [LEGACY, ["-O", "OpenFlow12", "dump-flows"]],
    ];

    for (const [bridge, args] of flowDumps) {
      it(`flows: ovs-ofctl ${args.join(" ")} ${bridge}`, async () => {
        const s = box();
        const text = await dump(s, [...args, s.mgmt(bridge)]);
        const lines = itemLines(text);
        expect(lines.length).toBeGreaterThan(100);
        const bad: string[] = [];
        for (const line of lines) {
          let out: string;
          try {
            out = formatFlow(parseFlow(line));
          } catch (e) {
            out = `THROWS ${(e as Error).message}`;
          }
          if (out !== line) bad.push(`  dump: ${line}\n  ours: ${out}`);
        }
        expect(bad.length, `lines that do not round-trip (${bad.length} of ${lines.length}):\n${bad.slice(0, 20).join("\n")}`).toBe(0);
        const parsed = parseFlowDump(text);
        expect(parsed.issues).toEqual([]);
        expect(parsed.flows.length).toBe(lines.length);
        if (!args.includes("--no-stats") && bridge === "br-int") {
          // the packets sent in beforeAll hit some flows
          expect(parsed.flows.some((f) => (f.nPackets ?? 0n) > 0n)).toBe(true);
        }
      });
    }

    const groupDumps: ReadonlyArray<readonly [string, readonly string[]]> = [
      ["br-int", ["-O", "OpenFlow15", "dump-groups"]],
      ["br-int", ["-O", "OpenFlow13", "dump-groups"]],
      ["br-int", ["-O", "OpenFlow11", "dump-groups"]],
      [FAMILIES, ["-O", "OpenFlow15", "dump-groups"]],
      [FAMILIES, ["-O", "OpenFlow13", "--names", "dump-groups"]],
      [FAMILIES, ["-O", "OpenFlow11", "dump-groups"]],
      [FAMILIES, ["dump-groups"]],
    ];
    for (const [bridge, args] of groupDumps) {
      it(`groups: ovs-ofctl ${args.join(" ")} ${bridge}`, async () => {
        const s = box();
        const text = await dump(s, [...args, s.mgmt(bridge)]);
        const lines = itemLines(text);
        expect(lines.length).toBeGreaterThan(5);
        const bad: string[] = [];
        for (const line of lines) {
          let out: string;
          try {
            out = formatGroup(parseGroup(line));
          } catch (e) {
            out = `THROWS ${(e as Error).message}`;
          }
          if (out !== line) bad.push(`  dump: ${line}\n  ours: ${out}`);
        }
        expect(bad.length, `group lines that do not round-trip (${bad.length} of ${lines.length}):\n${bad.join("\n")}`).toBe(0);
        const parsed = parseGroupDump(text);
        expect(parsed.issues).toEqual([]);
        expect(parsed.groups.length).toBe(lines.length);
      });
    }
  });
});
