/**
 * buildPacket against the real thing: for each case below, the packet built from OVN names
 * (the sim snapshot's SB / NB / conf.db) is the very packet generate-sim.sh gave the real
 * `ofproto/trace` (cases.tsv), and simulating it gives the real answer's steps, final flows and
 * datapath actions, section by section.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPacket, isPacketBuildError, isOvskitError, nbView, type OvsdbDatabase, type PacketSpec, type Pipeline, parseTrace, readOvsdbFile, sbView, simulateTrace, vswitchView } from "../src/index.js";
import { hasFloodOrder, sectionViews } from "./helpers/sim-compare.js";
import { loadSimPipeline, readSimCases, SIM_FIXTURE } from "./helpers/sim-snapshot.js";

const db = (f: string): OvsdbDatabase => readOvsdbFile(readFileSync(join(SIM_FIXTURE, "snapshot", f)));
const sb = db("ovnsb_db.db");
const nb = db("ovnnb_db.db");
const confDb = db("conf.db");
const CASES = new Map(readSimCases().map((c) => [c.name, c]));

/** Each case of cases.tsv that a person would ask for by names. */
const BY_NAME: readonly [string, PacketSpec][] = [
  ["pod-local-tcp", { from: "ns3_pod3-ovn-worker", to: "ns1_pod1-ovn-worker", proto: "tcp", dstPort: 8080 }],
  ["pod-local-udp", { from: "ns3_pod3-ovn-worker", to: "ns1_pod1-ovn-worker", proto: "udp", srcPort: 40100, dstPort: 7000 }],
  ["pod-local-icmp", { from: "ns1_pod1-ovn-worker", to: "ns3_pod3-ovn-worker" }],
  ["pod-remote-tcp", { from: "ns1_pod1-ovn-worker", to: "ns1_pod1-ovn-worker2", proto: "tcp", srcPort: 41001, dstPort: 8080 }],
  ["pod-remote-udp", { from: "ns3_pod3-ovn-worker", to: "10.244.3.7", proto: "udp", srcPort: 41002, dstPort: 53 }],
  ["pod-remote-icmp", { from: "ns2_pod2-ovn-worker", to: "10.244.2.5", proto: "icmp" }],
  ["svc-tcp-hash", { from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp" }],
  ["svc-tcp-hash-2", { from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp", srcPort: 40017 }],
  ["svc-udp", { from: "ns3_pod3-ovn-worker", to: "10.96.0.11:53/udp", srcPort: 40200 }],
  ["svc-udp-2", { from: "ns2_pod7-ovn-worker", to: "10.96.0.5:53/udp", srcPort: 40300 }],
  ["svc-from-host", { from: "k8s-ovn-worker", to: "10.96.0.11:80/tcp", srcPort: 45000 }],
  ["svc-no-backend-port", { from: "ns3_pod3-ovn-worker", to: "10.96.0.11:81/tcp" }],
  ["egress-udp", { from: "ns1_pod1-ovn-worker", to: "8.8.8.8", proto: "udp", srcPort: 52001, dstPort: 53 }],
  ["egress-tcp", { from: "ns3_pod3-ovn-worker", to: "1.1.1.1", proto: "tcp", srcPort: 52002, dstPort: 443 }],
  ["egress-icmp", { from: "ns2_pod2-ovn-worker", to: "9.9.9.9" }],
  ["arp-gateway", { from: "ns1_pod1-ovn-worker", to: "10.244.1.1", proto: "arp" }],
  ["arp-pod", { from: "ns1_pod1-ovn-worker", to: "ns3_pod3-ovn-worker", proto: "arp" }],
  ["arp-unknown", { from: "ns1_pod1-ovn-worker", to: "10.244.1.200", proto: "arp" }],
  ["acl-drop", { from: "ns1_pod1-ovn-worker", to: "ns2_pod2-ovn-worker", proto: "tcp", srcPort: 43000, dstPort: 80 }],
  ["acl-allow", { from: "ns2_pod2-ovn-worker", to: "ns2_pod7-ovn-worker", proto: "tcp", srcPort: 43001, dstPort: 8001 }],
  ["acl-drop-other-port", { from: "ns2_pod2-ovn-worker", to: "ns2_pod7-ovn-worker", proto: "tcp", srcPort: 43001, dstPort: 8002 }],
  ["acl-egress-dns", { from: "ns2_pod2-ovn-worker", to: "10.96.0.11:53/udp", srcPort: 43002 }],
  ["ttl1-routed", { from: "ns3_pod3-ovn-worker", to: "10.244.2.3", proto: "tcp", dstPort: 8080, ttl: 1 }],
  ["ttl1-switched", { from: "ns3_pod3-ovn-worker", to: "ns1_pod1-ovn-worker", proto: "tcp", dstPort: 8080, ttl: 1 }],
];

let pipeline: Pipeline;
beforeAll(() => {
  pipeline = loadSimPipeline();
});

describe("buildPacket makes the packets of the real ofproto/trace cases (test/fixtures/sim)", () => {
  for (const [name, spec] of BY_NAME) {
    it(`${name}: ${spec.from} -> ${spec.to}`, () => {
      const c = CASES.get(name);
      expect(c, name).toBeDefined();
      if (c === undefined) return;
      const built = buildPacket(spec, { sb, nb, confDb });
      expect(built.packet).toBe(c.packet);
      expect(built.bridge).toBe(c.bridge);
      // Simulated, it gives the real answer (with the case's --ct-next states).
      const sim = simulateTrace(pipeline, built.packet, { bridge: built.bridge, ctNext: c.ctNext });
      const flood = hasFloodOrder(sim);
      const real = sectionViews(parseTrace(c.answer), flood);
      const got = sectionViews(sim, flood);
      expect(got.length).toBe(real.length);
      real.forEach((s, i) => {
        expect(got[i]?.steps, `section ${i} steps`).toEqual(s.steps);
        expect(got[i]?.datapathActions, `section ${i} Datapath actions`).toBe(s.datapathActions);
      });
    });
  }

  it("says how it resolved each field", () => {
    const p = buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp" }, { sb, confDb });
    expect(p.from).toEqual({ logicalPort: "ns3_pod3-ovn-worker", datapath: "ovn-worker", mac: "0a:58:0a:f4:01:05", ip: "10.244.1.5", inPort: 13, interface: "pod3", chassis: "ovn-worker" });
    expect(p.to).toEqual({ kind: "vip", ip: "10.96.0.11", mac: "0a:58:0a:f4:01:01", via: "router", routerPort: "rtos-ovn-worker", port: 80, loadBalancer: "svc10" });
    expect(p.notes).toEqual([]);
    const local = buildPacket({ from: "ns3_pod3-ovn-worker", to: "ns1_pod1-ovn-worker" }, { sb, confDb });
    expect(local.to).toMatchObject({ kind: "logical-port", via: "same-switch", logicalPort: "ns1_pod1-ovn-worker" });
    expect(local.protocol).toBe("icmp");
    const remote = buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.244.2.3" }, { sb, confDb });
    expect(remote.to).toMatchObject({ kind: "ip", via: "router", logicalPort: "ns1_pod1-ovn-worker2", routerPort: "rtos-ovn-worker" });
    expect(structuredClone(p)).toEqual(p);
  });

  it("works from the Northbound database and views too", () => {
    const fromNb = buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp" }, { nb, confDb });
    const fromViews = buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp" }, { sb: sbView(sb), confDb: vswitchView(confDb) });
    expect(fromNb.packet).toBe(CASES.get("svc-tcp-hash")?.packet);
    expect(fromViews.packet).toBe(fromNb.packet);
    expect(buildPacket({ from: "ns1_pod1-ovn-worker", to: "ns2_pod2-ovn-worker", proto: "tcp", srcPort: 43000 }, { nb: nbView(nb), confDb }).packet).toBe(CASES.get("acl-drop")?.packet);
  });

  it("notes a VIP no load balancer has", () => {
    expect(buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.99:80/tcp" }, { sb, confDb }).notes).toEqual(["no tcp load balancer has the VIP 10.96.0.99:80"]);
    expect(buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/udp" }, { sb, confDb }).notes).toEqual(["no udp load balancer has the VIP 10.96.0.11:80"]);
  });

  const refused = (spec: PacketSpec, sources: Parameters<typeof buildPacket>[1]): { code: string; message: string; suggestions: readonly string[] } => {
    try {
      buildPacket(spec, sources);
    } catch (e) {
      expect(isPacketBuildError(e)).toBe(true);
      expect(isOvskitError(e)).toBe(true);
      const x = e as { code: string; message: string; suggestions: readonly string[] };
      return { code: x.code, message: x.message, suggestions: x.suggestions };
    }
    throw new Error("not refused");
  };

  it("refuses with clear, typed errors", () => {
    const unknown = refused({ from: "ns3_pod3", to: "10.244.1.3" }, { sb, confDb });
    expect(unknown.code).toBe("unknown-port");
    expect(unknown.suggestions[0]).toBe("ns3_pod3-ovn-worker");
    expect(unknown.message).toMatch(/^ns3_pod3: no logical port of that name \(did you mean ns3_pod3-ovn-worker, /);
    const typo = refused({ from: "ns3_pod3-ovn-wroker", to: "10.244.1.3" }, { sb, confDb });
    expect(typo.suggestions).toContain("ns3_pod3-ovn-worker");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "ns9_nothing" }, { sb, confDb }).code).toBe("unknown-port");
    const remote = refused({ from: "ns1_pod1-ovn-worker2", to: "10.244.1.3" }, { sb, confDb });
    expect(remote).toMatchObject({ code: "not-bound-here" });
    expect(remote.message).toContain("bound to chassis ovn-worker2");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.244.1.3" }, { sb }).code).toBe("missing-source");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.244.1.3" }, { confDb }).code).toBe("missing-source");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:99999/tcp" }, { sb, confDb }).code).toBe("bad-target");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp", proto: "udp" }, { sb, confDb }).code).toBe("bad-option");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80", proto: "arp" }, { sb, confDb }).code).toBe("bad-option");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "fd00::1" }, { sb, confDb }).code).toBe("no-address");
    expect(refused({ from: "ns3_pod3-ovn-worker", to: "10.244.1.3", ttl: 300 }, { sb, confDb }).code).toBe("bad-option");
  });

  it("takes an explicit in_port without conf.db", () => {
    expect(buildPacket({ from: "ns3_pod3-ovn-worker", to: "ns1_pod1-ovn-worker", inPort: "pod3", proto: "tcp", srcPort: 40001, dstPort: 8080 }, { sb }).packet).toBe(CASES.get("pod-local-names")?.packet);
  });
});
