/**
 * The shipped operators' contract, from their own test cases (inputs and expected outputs
 * rewritten as ovskit tests; each block names the file it comes from):
 * - openshift/cluster-network-operator @ 2a6a57fef3ac1c8fde00e85b603e9f73ef29b75c
 *   (pkg/network/ovn_kubernetes_test.go, pkg/network/ovn_kubernetes.go,
 *   bindata/network/ovn-kubernetes/self-hosted/ovnkube-node.yaml);
 * - netobserv/network-observability-operator @ 33118343832b09dc1203428b1512d47cf2a177c5, the
 *   last commit with the IPFIX ConfigMap writer (controllers/flowcollector_controller_test.go,
 *   controllers/ovs/flowsconfig_types.go);
 * - ovn-kubernetes/ovn-kubernetes @ 8871cd9cec9c45d6da1baf9e3b06eb575f49039c
 *   (go-controller/pkg/config/utils_test.go, go-controller/pkg/node/default_node_network_controller_test.go).
 */
import { describe, expect, it } from "vitest";
import {
  type ContainerEnvVar,
  FLOWS_CONFIG_MAP,
  diffFlowExport,
  operatorFlowExport,
  ovnKubernetesFlowExport,
  parseOvnKubernetesCollectors,
  readFlowsConfigMap,
  renderOvnKubernetesEnv,
  renderOvnKubernetesVsctl,
} from "../src/export/index.js";

const IPFIX_VARS = ["IPFIX_COLLECTORS", "IPFIX_CACHE_MAX_FLOWS", "IPFIX_CACHE_ACTIVE_TIMEOUT", "IPFIX_SAMPLING"];
const names = (env: readonly ContainerEnvVar[]) => env.map((e) => e.name);

describe("cluster-network-operator: bootstrapFlowsConfig (pkg/network/ovn_kubernetes_test.go)", () => {
  it("TestBootStrapOvsConfigMap_SharedTarget: 3200ms is truncated to 3 seconds", () => {
    const r = readFlowsConfigMap({ data: { sharedTarget: "1.2.3.4:3030", cacheActiveTimeout: "3200ms", cacheMaxFlows: "33", sampling: "55" } });
    expect(r.flowsConfig).toMatchObject({ target: "1.2.3.4:3030", cacheActiveTimeout: 3, cacheMaxFlows: 33, sampling: 55 });
    expect(r.issues).toEqual([{ path: "cacheActiveTimeout", code: "truncated", severity: "warning", message: '"3200ms" is truncated to 3 seconds' }]);
  });
  it("TestBootStrapOvsConfigMap_NodePort: the target is \":3131\"; invalid and unspecified fields are ignored", () => {
    const r = readFlowsConfigMap({ nodePort: "3131", cacheActiveTimeout: "invalid timeout", cacheMaxFlows: "invalid int" });
    expect(r.flowsConfig?.target).toBe(":3131");
    expect(r.flowsConfig?.cacheActiveTimeout).toBeUndefined();
    expect(r.flowsConfig?.cacheMaxFlows).toBeUndefined();
    expect(r.flowsConfig?.sampling).toBeUndefined();
    expect(r.issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ["cacheActiveTimeout", "ignored", "warning"],
      ["cacheMaxFlows", "ignored", "warning"],
    ]);
    expect(r.issues[0]?.message).toBe('the operator ignores "invalid timeout": time: invalid duration "invalid timeout"');
    expect(r.issues[1]?.message).toBe('the operator ignores "invalid int": strconv.ParseUint: parsing "invalid int": invalid syntax');
  });
  it("TestBootStrapOvsConfigMap_IncompleteMap: without sharedTarget nor nodePort, no flow collection", () => {
    const r = readFlowsConfigMap({ cacheActiveTimeout: "3200ms", cacheMaxFlows: "33", sampling: "55" });
    expect(r.flowsConfig).toBeUndefined();
    expect(r.issues).toMatchObject([{ code: "missing", severity: "warning" }]);
  });
  it("TestBootStrapOvsConfigMap_UnexistingMap: no ConfigMap, no IPFIX variables", () => {
    expect(renderOvnKubernetesEnv({}).env).toEqual([]);
  });
});

describe("cluster-network-operator: TestRenderOVNKubernetesOVSFlowsConfigMap (the ovnkube-node container environment)", () => {
  it("No detected OVN flows config", () => {
    expect(names(renderOvnKubernetesEnv({ exportNetworkFlows: undefined }).env).filter((n) => IPFIX_VARS.includes(n))).toEqual([]);
  });
  it("Only target is specified", () => {
    expect(renderOvnKubernetesEnv({ flowsConfigMap: { sharedTarget: "1.2.3.4:567" } }).env).toEqual([{ name: "IPFIX_COLLECTORS", value: "1.2.3.4:567" }]);
  });
  it("IPFIX performance variables are specified", () => {
    const { env } = renderOvnKubernetesEnv({ flowsConfigMap: { sharedTarget: "7.8.9.10:1112", cacheMaxFlows: "123", cacheActiveTimeout: "456s", sampling: "789" } });
    expect(env).toEqual([
      { name: "IPFIX_COLLECTORS", value: "7.8.9.10:1112" },
      { name: "IPFIX_CACHE_MAX_FLOWS", value: "123" },
      { name: "IPFIX_CACHE_ACTIVE_TIMEOUT", value: "456" },
      { name: "IPFIX_SAMPLING", value: "789" },
    ]);
  });
  it("Wrong configuration: target missing but performance variables present", () => {
    const r = renderOvnKubernetesEnv({ flowsConfigMap: { cacheMaxFlows: "123", cacheActiveTimeout: "456s", sampling: "789" } });
    expect(r.env).toEqual([]);
    expect(r.issues.map((i) => `${i.path}:${i.code}`)).toEqual(["ovs-flows-config.sharedTarget:missing"]);
  });
});

describe("cluster-network-operator: renderOVNKubernetes / renderOVNFlowsConfig (pkg/network/ovn_kubernetes.go)", () => {
  it("joins each protocol's CR collectors with commas and appends the ConfigMap's target to IPFIX, not de-duplicated", () => {
    const { env } = renderOvnKubernetesEnv({
      exportNetworkFlows: { netFlow: { collectors: ["192.168.1.99:2056", "192.168.1.98:2056"] }, sFlow: { collectors: ["192.168.1.99:6343"] }, ipfix: { collectors: ["10.96.0.9:2055"] } },
      flowsConfigMap: { sharedTarget: "10.96.0.9:2055" },
    });
    expect(env).toEqual([
      { name: "NETFLOW_COLLECTORS", value: "192.168.1.99:2056,192.168.1.98:2056" },
      { name: "SFLOW_COLLECTORS", value: "192.168.1.99:6343" },
      { name: "IPFIX_COLLECTORS", value: "10.96.0.9:2055,10.96.0.9:2055" },
    ]);
  });
  it("an empty sharedTarget: the whole ConfigMap is ignored (\"'target' field can't be empty\"), nodePort is not used instead", () => {
    const r = renderOvnKubernetesEnv({ flowsConfigMap: { sharedTarget: "", nodePort: "2055", sampling: "100" } });
    expect(r.env).toEqual([]);
    expect(r.issues.map((i) => `${i.path}:${i.code}`)).toEqual(["ovs-flows-config.nodePort:conflict", "ovs-flows-config.sharedTarget:ignored"]);
  });
  it("zero values are not passed on: the template's {{ if }} drops them, so ovn-kubernetes' defaults apply", () => {
    const r = operatorFlowExport({ flowsConfigMap: { sharedTarget: "1.2.3.4:567", sampling: "0", cacheActiveTimeout: "0s", cacheMaxFlows: "0" } });
    expect(r.flowsConfig).toMatchObject({ sampling: 0, cacheActiveTimeout: 0, cacheMaxFlows: 0 });
    expect(r.env).toEqual([{ name: "IPFIX_COLLECTORS", value: "1.2.3.4:567" }]);
    expect(r.node?.ipfix).toMatchObject({ sampling: 400, cacheActiveTimeout: 60 });
    expect(r.node?.ipfix?.cacheMaxFlows).toBeUndefined();
    expect(r.issues.map((i) => `${i.path}:${i.code}`)).toEqual(["ovs-flows-config.cacheActiveTimeout:zero-dropped", "ovs-flows-config.sampling:zero-dropped"]);
  });
  it("Go durations only: a bare number of seconds is ignored; a negative or too long one breaks the node", () => {
    const codes = (cacheActiveTimeout: string) => readFlowsConfigMap({ nodePort: "2055", cacheActiveTimeout }).issues.map((i) => `${i.code}:${i.severity}`);
    expect(codes("60")).toEqual(["ignored:warning"]);
    expect(readFlowsConfigMap({ nodePort: "2055", cacheActiveTimeout: "60" }).issues[0]?.message).toMatch(/missing unit in duration "60" \(a Go duration needs a unit: "60s"\)/);
    expect(codes("1m30s")).toEqual([]);
    expect(codes("1.5s")).toEqual(["truncated:warning"]);
    expect(codes("70m")).toEqual([]); // 4200 s, OVS's limit
    expect(codes("71m")).toEqual(["range:error"]);
    expect(codes("-5s")).toEqual(["range:error"]);
    expect(codes("1d")).toEqual(["ignored:warning"]);
    expect(readFlowsConfigMap({ nodePort: "2055", cacheActiveTimeout: "70m" }).flowsConfig?.cacheActiveTimeout).toBe(4200);
  });
  it("uint32 only: sampling and cacheMaxFlows out of range or signed are ignored", () => {
    const r = readFlowsConfigMap({ nodePort: "2055", sampling: "4294967296", cacheMaxFlows: "-1" });
    expect(r.flowsConfig?.sampling).toBeUndefined();
    expect(r.issues.map((i) => i.message)).toEqual([
      'the operator ignores "-1": strconv.ParseUint: parsing "-1": invalid syntax',
      'the operator ignores "4294967296": strconv.ParseUint: parsing "4294967296": value out of range',
    ]);
    expect(readFlowsConfigMap({ nodePort: "2055", sampling: "4294967295" }).flowsConfig?.sampling).toBe(4294967295);
  });
  it("strict: every warning is an error", () => {
    const r = readFlowsConfigMap({ nodePort: "2055", cacheActiveTimeout: "60" }, { strict: true });
    expect(r.issues.map((i) => i.severity)).toEqual(["error"]);
  });
});

describe("the ConfigMap's name and namespace", () => {
  const cm = (name: string, namespace?: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(namespace !== undefined && { namespace }) }, data: { nodePort: "2055" } });
  it("ovs-flows-config in openshift-network-operator (the netobserv test's ovsConfigMapKey) is read", () => {
    expect(FLOWS_CONFIG_MAP).toEqual({ name: "ovs-flows-config", namespace: "openshift-network-operator", alias: "ovs-ipfix-config" });
    const r = readFlowsConfigMap(cm("ovs-flows-config", "openshift-network-operator"));
    expect(r).toMatchObject({ name: "ovs-flows-config", flowsConfig: { target: ":2055" }, issues: [] });
  });
  it("the proposal's ovs-ipfix-config is accepted as an alias, with a warning", () => {
    const r = readFlowsConfigMap(cm("ovs-ipfix-config"));
    expect(r.flowsConfig?.target).toBe(":2055");
    expect(r.issues.map((i) => `${i.path}:${i.code}:${i.severity}`)).toEqual(["metadata.name:configmap-name:warning"]);
    expect(renderOvnKubernetesEnv({ flowsConfigMap: cm("ovs-ipfix-config") }).issues[0]?.path).toBe("ovs-ipfix-config.metadata.name");
  });
  it("another name, or another namespace, is an error", () => {
    expect(readFlowsConfigMap(cm("flows")).issues.map((i) => `${i.path}:${i.severity}`)).toEqual(["metadata.name:error"]);
    expect(readFlowsConfigMap(cm("ovs-flows-config", "default")).issues.map((i) => `${i.path}:${i.severity}`)).toEqual(["metadata.namespace:error"]);
  });
});

describe("network-observability-operator: the ConfigMap it writes (controllers/flowcollector_controller_test.go)", () => {
  const cnoEnv = (data: Record<string, string>) => renderOvnKubernetesEnv({ flowsConfigMap: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ovs-flows-config", namespace: "openshift-network-operator" }, data } });
  it("Should create successfully: sampling 200, nodePort 9999, cacheMaxFlows 400, cacheActiveTimeout 20s", () => {
    const r = cnoEnv({ sampling: "200", nodePort: "9999", cacheMaxFlows: "400", cacheActiveTimeout: "20s" });
    expect(r.issues).toEqual([]);
    expect(r.env).toEqual([
      { name: "IPFIX_COLLECTORS", value: ":9999" },
      { name: "IPFIX_CACHE_MAX_FLOWS", value: "400" },
      { name: "IPFIX_CACHE_ACTIVE_TIMEOUT", value: "20" },
      { name: "IPFIX_SAMPLING", value: "200" },
    ]);
  });
  it("Should update successfully: sampling 400, nodePort 7891, cacheMaxFlows 1000, cacheActiveTimeout 30s", () => {
    expect(cnoEnv({ sampling: "400", nodePort: "7891", cacheMaxFlows: "1000", cacheActiveTimeout: "30s" }).env.map((e) => e.value)).toEqual([":7891", "1000", "30", "400"]);
  });
  it("Should prevent undesired sampling-everything: forceSampleAll writes sampling 1, which passes through", () => {
    expect(cnoEnv({ sampling: "1", nodePort: "7891" }).env).toContainEqual({ name: "IPFIX_SAMPLING", value: "1" });
  });
  it("its CRD accepts cacheActiveTimeout \"20\" (pattern ^\\d+(ns|ms|s|m)?$), which the cluster-network-operator then ignores", () => {
    const r = cnoEnv({ nodePort: "9999", cacheActiveTimeout: "20" });
    expect(names(r.env)).toEqual(["IPFIX_COLLECTORS"]);
    expect(r.issues.map((i) => i.code)).toEqual(["ignored"]);
  });
});

describe("ovn-kubernetes: ParseFlowCollectors (go-controller/pkg/config/utils_test.go)", () => {
  it("TestParseFlowCollectors", () => {
    expect(parseOvnKubernetesCollectors("10.0.0.2:3030,:8888,[2020:1111:f::1:0933]:3333,10.0.0.3:3031")).toEqual({
      collectors: [
        { ip: "10.0.0.2", port: 3030, text: "10.0.0.2:3030" },
        { port: 8888, text: ":8888" },
        { ip: "2020:1111:f::1:933", port: 3333, text: "[2020:1111:f::1:933]:3333" },
        { ip: "10.0.0.3", port: 3031, text: "10.0.0.3:3031" },
      ],
    });
  });
  it("TestParseFlowCollectors_DeduplicateEntries", () => {
    const r = parseOvnKubernetesCollectors("10.0.0.2:3030,[1::1]:3333,10.0.0.2:3030,[1::1]:3333");
    expect("collectors" in r && r.collectors.map((c) => c.text)).toEqual(["10.0.0.2:3030", "[1::1]:3333"]);
  });
  it("TestParseFlowCollectors_DeduplicateEquivalentEntries", () => {
    const r = parseOvnKubernetesCollectors("[fd00:1101:0000:0001:0000:0000:0000:0002]:1234,[fd00:1101:0000:0001::0002]:1234");
    expect("collectors" in r && r.collectors).toEqual([{ ip: "fd00:1101:0:1::2", port: 1234, text: "[fd00:1101:0:1::2]:1234" }]);
  });
  it("errors as ovnkube prints them (it then exits)", () => {
    expect(parseOvnKubernetesCollectors("fd00::1:2055")).toEqual({ error: "cannot parse hostport: address fd00::1:2055: too many colons in address" });
    expect(parseOvnKubernetesCollectors("svc.ns:2055")).toEqual({ error: "collector IP svc.ns is not a valid IP" });
    expect(parseOvnKubernetesCollectors("10.0.0.1")).toEqual({ error: "cannot parse hostport: address 10.0.0.1: missing port in address" });
    expect(parseOvnKubernetesCollectors(":http")).toEqual({ error: 'collector port http is not a valid port: strconv.ParseInt: parsing "http": invalid syntax' });
    expect(parseOvnKubernetesCollectors("01.2.3.4:1")).toEqual({ error: "collector IP 01.2.3.4 is not a valid IP" });
    expect(parseOvnKubernetesCollectors("[::ffff:10.0.0.1]:1")).toEqual({ collectors: [{ ip: "10.0.0.1", port: 1, text: "10.0.0.1:1" }] });
  });
});

describe("ovn-kubernetes: setupOVNNode's ovs-vsctl commands (go-controller/pkg/node/default_node_network_controller_test.go)", () => {
  const commands = (env: Record<string, string>, nodeIp = "1.2.5.6") => {
    const { config, issues } = ovnKubernetesFlowExport(env, { nodeIp });
    expect(issues).toEqual([]);
    return renderOvnKubernetesVsctl(config!).apply.map((args) => ["ovs-vsctl", "--timeout=15", ...args].join(" "));
  };
  const CLEAR = "ovs-vsctl --timeout=15 -- clear bridge br-int netflow -- clear bridge br-int sflow -- clear bridge br-int ipfix";
  it("sets default IPFIX configuration", () => {
    expect(commands({ IPFIX_COLLECTORS: "1.2.3.4:456" })).toEqual([
      CLEAR,
      'ovs-vsctl --timeout=15 -- --id=@ipfix create ipfix targets=["1.2.3.4:456"] cache_active_timeout=60 sampling=400 -- set bridge br-int ipfix=@ipfix',
    ]);
  });
  it("allows overriding IPFIX configuration", () => {
    expect(commands({ IPFIX_COLLECTORS: "1.2.3.4:456", IPFIX_CACHE_ACTIVE_TIMEOUT: "123", IPFIX_CACHE_MAX_FLOWS: "456", IPFIX_SAMPLING: "789" })[1]).toBe(
      'ovs-vsctl --timeout=15 -- --id=@ipfix create ipfix targets=["1.2.3.4:456"] cache_active_timeout=123 cache_max_flows=456 sampling=789 -- set bridge br-int ipfix=@ipfix',
    );
  });
  it("uses Node IP when the flow tracing targets only specify a port", () => {
    expect(commands({ OVN_IPFIX_TARGETS: "10.0.0.2:3030,:8888,[2020:1111:f::1:0933]:3333", OVN_IPFIX_SAMPLING: "0" })[1]).toBe(
      'ovs-vsctl --timeout=15 -- --id=@ipfix create ipfix targets=["10.0.0.2:3030","1.2.5.6:8888","[2020:1111:f::1:933]:3333"] cache_active_timeout=60 -- set bridge br-int ipfix=@ipfix',
    );
  });
  it("NetFlow and sFlow rows as setOVSFlowTargets writes them", () => {
    const c = commands({ NETFLOW_COLLECTORS: ":2056", SFLOW_COLLECTORS: "10.0.0.9:6343" }, "fd00::12");
    expect(c.slice(1)).toEqual([
      'ovs-vsctl --timeout=15 -- --id=@netflow create netflow targets=["[fd00::12]:2056"] active_timeout=60 -- set bridge br-int netflow=@netflow',
      'ovs-vsctl --timeout=15 -- --id=@sflow create sflow agent=ovn-k8s-mp0 targets=["10.0.0.9:6343"] -- set bridge br-int sflow=@sflow',
    ]);
  });
  it("what breaks the node: a bad list (ovnkube exits), a :PORT without the node IP, a target the node IP duplicates", () => {
    expect(ovnKubernetesFlowExport({ IPFIX_COLLECTORS: "svc:2055" })).toMatchObject({ issues: [{ path: "IPFIX_COLLECTORS", code: "bad-target", severity: "error" }] });
    expect(ovnKubernetesFlowExport({ IPFIX_COLLECTORS: "svc:2055" }).config).toBeUndefined();
    expect(ovnKubernetesFlowExport({ IPFIX_COLLECTORS: ":2055" }).issues[0]).toMatchObject({ code: "missing", path: "IPFIX_COLLECTORS[0]" });
    const dup = ovnKubernetesFlowExport({ IPFIX_COLLECTORS: "10.0.0.12:2055,:2055" }, { nodeIp: "10.0.0.12" });
    expect(dup.issues[0]?.message).toMatch(/set contains duplicate value/);
    expect(ovnKubernetesFlowExport({ IPFIX_COLLECTORS: ":70000" }, { nodeIp: "10.0.0.12" }).issues[0]?.message).toMatch(/out of range 1\.\.65535/);
  });
});

describe("operatorFlowExport: the merged result per node, compared with live OVS", () => {
  it("sharedTarget wins over nodePort; the node's result sets every column ovnkube-node writes", () => {
    const r = operatorFlowExport(
      { exportNetworkFlows: { sFlow: { collectors: ["10.0.0.9:6343"] }, ipfix: { collectors: ["10.0.0.9:4739"] } }, flowsConfigMap: { sharedTarget: "10.96.0.9:2055", nodePort: "2055", sampling: "100" } },
      { nodeIp: "10.0.0.12" },
    );
    expect(r.node).toEqual({
      sflow: { targets: [{ ip: "10.0.0.9", port: 6343, family: 4, text: "10.0.0.9:6343" }], agent: "ovn-k8s-mp0" },
      ipfix: {
        targets: [
          { ip: "10.0.0.9", port: 4739, family: 4, text: "10.0.0.9:4739" },
          { ip: "10.96.0.9", port: 2055, family: 4, text: "10.96.0.9:2055" },
        ],
        cacheActiveTimeout: 60,
        sampling: 100,
      },
    });
    // What OVS would hold after ovnkube-node: sFlow sampling / header / polling are empty columns.
    const live = r.node!;
    expect(diffFlowExport(r.node!, live, { mode: "exact" })).toEqual([]);
    expect(diffFlowExport(r.node!, { ...live, sflow: { ...live.sflow!, sampling: 64 } }, { mode: "exact" })).toEqual([{ protocol: "sflow", field: "sampling", kind: "unexpected", current: 64 }]);
    // ovskit's own rendering sets sFlow header / sampling / polling: read that way, the node lacks them.
    expect(diffFlowExport(r.node!, live).map((c) => `${c.protocol}.${c.field}:${c.kind}`)).toEqual(["sflow.header:missing", "sflow.sampling:missing", "sflow.polling:missing"]);
  });
  it("a nodePort needs the node's IP: the environment is rendered, the node's result is not", () => {
    const r = operatorFlowExport({ flowsConfigMap: { nodePort: "2055" } });
    expect(r.env).toEqual([{ name: "IPFIX_COLLECTORS", value: ":2055" }]);
    expect(r.node).toBeUndefined();
    expect(r.issues.map((i) => `${i.path}:${i.code}`)).toEqual(["env.IPFIX_COLLECTORS[0]:missing"]);
  });
  it("results are plain data", () => {
    const r = operatorFlowExport({ exportNetworkFlows: { netFlow: ["10.0.0.1:2056"] }, flowsConfigMap: { nodePort: "2055", sampling: "x" } }, { nodeIp: "10.0.0.12" });
    expect(structuredClone(r)).toEqual(r);
  });
});
