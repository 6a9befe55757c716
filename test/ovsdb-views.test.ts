import { describe, expect, it } from "vitest";
import { findNbRowsByHint, isOvsdbSchemaMismatchError, nbView, readOvsdbFile, sbView, vswitchView } from "../src/ovn/ovsdb/index.js";
import { ovsdbFixture, readDump } from "./helpers/ovsdb.js";

// The fixtures come from test/fixtures/ovsdb/generate.sh: 3 nodes (ovn-worker is the local
// chassis), 10 pods each, 10 services, 5 policies, then a churn of changes.
const sbDb = readOvsdbFile(ovsdbFixture("sb.db"));
const nbDb = readOvsdbFile(ovsdbFixture("nb.db"));
const confDb = readOvsdbFile(ovsdbFixture("conf.db"));
const sb = sbView(sbDb);
const nb = nbView(nbDb);
const ovs = vswitchView(confDb);

describe("sbView", () => {
  it("has one typed row per table row", () => {
    const dump = readDump("sb.dump.json");
    const sizes: [readonly unknown[], string][] = [
      [sb.logicalFlows, "Logical_Flow"],
      [sb.logicalDpGroups, "Logical_DP_Group"],
      [sb.datapathBindings, "Datapath_Binding"],
      [sb.portBindings, "Port_Binding"],
      [sb.multicastGroups, "Multicast_Group"],
      [sb.chassis, "Chassis"],
      [sb.macBindings, "MAC_Binding"],
      [sb.loadBalancers, "Load_Balancer"],
      [sb.addressSets, "Address_Set"],
      [sb.portGroups, "Port_Group"],
    ];
    for (const [rows, table] of sizes) expect(rows.length, table).toBe(dump.get(table)?.data.length);
    expect(sb.logicalFlows.length).toBeGreaterThan(500);
  });

  it("logical flows carry their stage, hint, datapaths and cookie", () => {
    const dps = new Map(sb.datapathBindings.map((d) => [d.uuid, d]));
    for (const f of sb.logicalFlows) {
      expect(f.stageName).toMatch(/^(ls|lr)_(in|out)_/);
      expect(f.source).toMatch(/^northd\.c:\d+$/);
      expect(f.cookie).toBe(parseInt(f.uuid.slice(0, 8), 16));
      expect(f.datapaths.length).toBeGreaterThan(0);
      for (const d of f.datapaths) expect(dps.has(d)).toBe(true);
      expect(f.logicalDatapath !== undefined || f.logicalDpGroup !== undefined).toBe(true);
      expect(f.stageName?.includes("_in_") ? "ingress" : "egress").toBe(f.pipeline);
    }
    const drop = sb.logicalFlows.find((f) => f.match.includes("ip4.src == 10.244.1.3") && f.actions.includes("drop"));
    expect(drop).toMatchObject({ stageName: "ls_in_acl", priority: 1900 });
  });

  it("datapaths are named switches and routers", () => {
    const byName = new Map(sb.datapathBindings.map((d) => [d.name, d]));
    expect(byName.get("ovn-worker")).toMatchObject({ kind: "switch", logicalSwitch: expect.any(String) });
    expect(byName.get("GR_ovn-worker2")).toMatchObject({ kind: "router", logicalRouter: expect.any(String) });
    expect(new Set(sb.datapathBindings.map((d) => d.tunnelKey)).size).toBe(sb.datapathBindings.length);
  });

  it("port bindings, chassis, multicast groups, load balancers", () => {
    const pod99 = sb.portBindings.find((p) => p.logicalPort === "ns0_pod99-ovn-worker");
    expect(pod99).toMatchObject({ type: "", chassisName: "ovn-worker", up: true, mac: ["0a:58:0a:f4:01:63 10.244.1.99"] });
    expect(sb.portBindings.some((p) => p.logicalPort === "ns1_pod1-ovn-worker2")).toBe(false); // deleted
    const remote = sb.portBindings.find((p) => p.logicalPort === "ns3_pod3-ovn-worker3");
    expect(remote?.chassis).toBeUndefined();
    expect(sb.chassis.map((c) => c.name).sort()).toEqual(["ovn-worker", "ovn-worker2"]); // ovn-worker3 was deleted
    const w2 = sb.chassis.find((c) => c.name === "ovn-worker2");
    expect(w2?.encaps).toEqual([{ uuid: expect.any(String), type: "geneve", ip: "127.0.0.2", options: { csum: "true" } }]);
    expect(w2?.otherConfig["ovn-cms-options"]).toBe("enable-chassis-as-gw");
    expect(w2?.externalIds["rack"]).toBe("r2");
    const flood = sb.multicastGroups.find((g) => g.name === "_MC_flood" && g.portNames.includes("jtor-ovn_cluster_router"));
    expect(flood?.tunnelKey).toBe(32768);
    expect(flood?.portNames.length).toBe(flood?.ports.length);
    const svc1 = sb.loadBalancers.find((l) => l.name === "svc1");
    expect(svc1?.vips["10.96.0.2:80"]).toBe("10.244.1.4:8080,10.244.2.4:8080,10.244.3.4:8080");
    expect(svc1?.protocol).toBe("tcp");
    expect(svc1?.datapaths.length).toBeGreaterThanOrEqual(3);
    expect(sb.loadBalancers.some((l) => l.name === "svc9udp")).toBe(false); // deleted
    expect(sb.addressSets.find((a) => a.name === "as_pol1")?.addresses).toEqual(["10.244.1.4", "10.244.2.4"]);
  });

  it("refuses a database of another schema", () => {
    expect(() => sbView(nbDb)).toThrow(/OVN_Southbound/);
    expect(() => nbView(sbDb)).toThrow(/OVN_Northbound/);
    expect(() => vswitchView(sbDb)).toThrow(/Open_vSwitch/);
    const e = (() => {
      try {
        sbView(nbDb);
      } catch (x) {
        return x;
      }
    })();
    expect(isOvsdbSchemaMismatchError(e) && [e.code, e.expected, e.actual]).toEqual(["schema-mismatch", "OVN_Southbound", "OVN_Northbound"]);
  });
});

describe("nbView", () => {
  it("ACLs with their owners", () => {
    const deny = nb.acls.find((a) => a.name === "deny-pod1");
    expect(deny).toMatchObject({ direction: "from-lport", priority: 900, action: "drop", log: true, severity: "warning", match: "ip4.src == 10.244.1.3" });
    expect(deny?.owners).toEqual([{ kind: "switch", uuid: expect.any(String), name: "ovn-worker" }]);
    const pol = nb.acls.filter((a) => a.owners.some((o) => o.kind === "port-group" && o.name === "pg_pol5"));
    expect(pol.map((a) => a.priority).sort()).toEqual([1001, 1001]); // the 1000 drop was deleted
    expect(nb.acls.length).toBe(15);
  });

  it("NAT, QoS, policies, routes, ports and load balancers", () => {
    expect(nb.nats.find((n) => n.type === "dnat_and_snat")).toMatchObject({ externalIp: "172.18.0.50", logicalIp: "10.244.1.5", router: { name: "GR_ovn-worker" } });
    expect(nb.qos).toEqual([
      expect.objectContaining({ direction: "from-lport", priority: 100, action: { dscp: 12 }, bandwidth: { rate: 1000 }, switch: expect.objectContaining({ name: "ovn-worker2" }) }),
    ]);
    expect(nb.routerPolicies.find((p) => p.priority === 1004)).toMatchObject({ action: "reroute", nexthops: ["100.64.0.2"], router: { name: "ovn_cluster_router" } });
    expect(nb.staticRoutes.some((r) => r.ipPrefix === "192.168.100.0/24")).toBe(false); // added then deleted
    expect(nb.staticRoutes.find((r) => r.policy === "src-ip" && r.ipPrefix === "10.244.1.0/24")?.nexthop).toBe("100.64.0.2");
    const pod3 = nb.logicalSwitchPorts.find((p) => p.name === "ns3_pod3-ovn-worker");
    expect(pod3?.externalIds).toEqual({ owner: "team-b" });
    expect(pod3?.switch?.name).toBe("ovn-worker");
    expect(nb.logicalSwitchPorts.find((p) => p.name === "ns4_pod4-ovn-worker")?.addresses).toEqual(["0a:58:0a:f4:01:66 10.244.1.66"]);
    expect(nb.logicalSwitchPorts.find((p) => p.name === "breth0_ovn-worker")).toMatchObject({ type: "localnet", options: { network_name: "physnet" } });
    expect(nb.logicalRouterPorts.find((p) => p.name === "rtoj-GR_ovn-worker")).toMatchObject({ mac: "0a:58:64:40:00:02", networks: ["100.64.0.2/16"], router: { name: "GR_ovn-worker" } });
    const svc1 = nb.loadBalancers.find((l) => l.name === "svc1");
    expect(svc1?.owners.map((o) => `${o.kind}:${o.name}`).sort()).toEqual([
      "router:GR_ovn-worker",
      "router:GR_ovn-worker2",
      "router:GR_ovn-worker3",
      "switch:ovn-worker",
      "switch:ovn-worker2",
      "switch:ovn-worker3",
    ]);
    expect(nb.loadBalancers.find((l) => l.name === "svc2udp")?.owners.map((o) => o.name).sort()).toEqual(["ovn-worker", "ovn-worker2"]);
    expect(nb.portGroups.find((g) => g.name === "pg_pol1")?.portNames.length).toBeGreaterThan(0);
    expect(nb.logicalRouters.find((r) => r.name === "GR_ovn-worker3")?.options["dynamic_neigh_routers"]).toBe("true");
  });

  it("every Southbound stage-hint names a Northbound row", () => {
    let hinted = 0;
    const tables = new Set<string>();
    for (const f of sb.logicalFlows) {
      if (f.stageHint === undefined) continue;
      hinted++;
      const hits = findNbRowsByHint(nb, f.stageHint);
      expect(hits.length, `${f.stageName} ${f.stageHint}`).toBe(1);
      tables.add((hits[0] as { table: string }).table);
    }
    expect(hinted).toBeGreaterThan(300);
    expect([...tables].sort()).toEqual(expect.arrayContaining(["ACL", "Load_Balancer", "Logical_Router_Port", "Logical_Router_Policy", "Logical_Switch_Port", "NAT"]));
    const acl = sb.logicalFlows.find((f) => f.stageName === "ls_in_acl" && f.match.includes("10.244.1.3"));
    const [hit] = findNbRowsByHint(nb, acl?.stageHint ?? "");
    expect(hit?.table === "ACL" && hit.row.name).toBe("deny-pod1");
    expect(findNbRowsByHint(nb, "")).toEqual([]);
  });
});

describe("vswitchView", () => {
  it("bridges, ports and interfaces with OpenFlow ports and iface-ids", () => {
    expect(ovs.root?.externalIds["system-id"]).toBe("ovn-worker");
    expect(ovs.root?.externalIds["ovn-encap-type"]).toBe("geneve");
    expect(ovs.bridges).toHaveLength(1);
    const br = ovs.bridges[0];
    expect(br).toMatchObject({ name: "br-int", failMode: "secure", datapathType: "dummy" });
    expect(br?.portNames).toContain("pod99");
    expect(br?.portNames).not.toContain("pod10"); // deleted
    expect(br?.externalIds["ct-zone-ns0_pod99-ovn-worker"]).toBe("31");
    const pod99 = ovs.interfaces.find((i) => i.name === "pod99");
    expect(pod99).toMatchObject({ type: "dummy", ofport: 99, ofportRequest: 99, port: "pod99", bridge: "br-int" });
    expect(pod99?.externalIds["iface-id"]).toBe("ns0_pod99-ovn-worker");
    expect(pod99?.externalIds["ovn-installed"]).toBe("true");
    const pod2 = ovs.interfaces.find((i) => i.name === "pod2");
    expect(pod2?.externalIds["attached-mac"]).toBe("0a:58:0a:f4:01:04");
    const tunnels = ovs.interfaces.filter((i) => i.type === "geneve");
    expect(tunnels.map((t) => t.options["remote_ip"])).toEqual(["127.0.0.2"]); // ovn-worker3's tunnel was removed
    expect(ovs.interfaces.find((i) => i.name === "br-int")).toMatchObject({ type: "internal", ofport: 65534 });
    expect(ovs.ports.find((p) => p.name === "pod99")?.interfaceNames).toEqual(["pod99"]);
    expect(ovs.interfaces.length).toBe(Object.keys(confDb.tables.Interface ?? {}).length);
  });
});

describe("map columns in the views", () => {
  it("a map whose only key is uuid is still a map; a key __proto__ stays an own key", () => {
    const lsps = nbDb.tables.Logical_Switch_Port ?? {};
    const [uuid, row] = Object.entries(lsps)[0] as [string, Record<string, unknown>];
    const edited = {
      ...nbDb,
      tables: { ...nbDb.tables, Logical_Switch_Port: { ...lsps, [uuid]: { ...row, external_ids: { uuid: "5e1c2f4a-0000-4000-8000-000000000001" }, options: JSON.parse('{"__proto__": "p", "k": "v"}') } } },
    } as typeof nbDb;
    const port = nbView(edited).logicalSwitchPorts.find((p) => p.uuid === uuid);
    expect(port?.externalIds).toEqual({ uuid: "5e1c2f4a-0000-4000-8000-000000000001" });
    expect(Object.keys(port?.options ?? {})).toEqual(["__proto__", "k"]); // an own key of a plain object
    expect(Object.getPrototypeOf(port?.options)).toBe(Object.prototype);
    expect(Object.hasOwn(port?.options ?? {}, "__proto__") && port?.options.__proto__).toBe("p");
  });
});
