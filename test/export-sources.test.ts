/**
 * Reading the Network CR and the flow-export ConfigMap out of YAML (what examples/flow-export.ts
 * did by hand before 0.2.0). The Network CR is CNO's sample-config.yaml with exportNetworkFlows
 * added; the ConfigMap is the one the network-observability-operator writes.
 */
import { describe, expect, it } from "vitest";
import { isOvsParseError } from "../src/core/parse-error.js";
import { operatorFlowExport, parseFlowExportSources } from "../src/export/index.js";

const NETWORK = `apiVersion: "operator.openshift.io/v1"
kind: "Network"
metadata:
  name: "cluster"
spec:
  serviceNetwork:
    - "172.30.0.0/16"
  clusterNetwork:
    - cidr: "10.128.0.0/14"
      hostPrefix: 23
  defaultNetwork:
    type: OVNKubernetes
  exportNetworkFlows:
    netFlow:
      collectors:
        - 192.168.1.99:2056
`;
const CONFIG_MAP = (name = "ovs-flows-config") => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: openshift-network-operator
data:
  nodePort: "9999"
  sampling: "200"
  cacheMaxFlows: "400"
  cacheActiveTimeout: 20s
`;

describe("parseFlowExportSources", () => {
  it("a Network CR and the ConfigMap as two YAML documents", () => {
    const r = parseFlowExportSources(`${NETWORK}---\n${CONFIG_MAP()}`);
    expect(r.issues).toEqual([]);
    expect(r.sources.exportNetworkFlows).toEqual({ netFlow: { collectors: ["192.168.1.99:2056"] } });
    expect(r.sources.flowsConfigMap).toMatchObject({ kind: "ConfigMap", metadata: { name: "ovs-flows-config" }, data: { nodePort: "9999" } });
    expect(operatorFlowExport(r.sources).env.map((e) => `${e.name}=${e.value}`)).toEqual([
      "NETFLOW_COLLECTORS=192.168.1.99:2056",
      "IPFIX_COLLECTORS=:9999",
      "IPFIX_CACHE_MAX_FLOWS=400",
      "IPFIX_CACHE_ACTIVE_TIMEOUT=20",
      "IPFIX_SAMPLING=200",
    ]);
  });
  it("a kind: List (kubectl get -o yaml); with two ConfigMaps the shipped name wins over the alias", () => {
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ovs-ipfix-config" }, data: { nodePort: "1" } }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ovs-flows-config" }, data: { nodePort: "2" } }] };
    const r = parseFlowExportSources(JSON.stringify(list));
    expect(r.sources.flowsConfigMap).toMatchObject({ data: { nodePort: "2" } });
    expect(r.issues.map((i) => i.path)).toEqual(["ConfigMap ovs-ipfix-config"]);
  });
  it("the short form, with the 0.1 key ipfixConfigMap still read", () => {
    expect(parseFlowExportSources('exportNetworkFlows:\n  ipfix: ["10.0.0.1:4739"]\nflowsConfigMap:\n  nodePort: "2055"\n').sources).toEqual({
      exportNetworkFlows: { ipfix: ["10.0.0.1:4739"] },
      flowsConfigMap: { nodePort: "2055" },
    });
    expect(parseFlowExportSources('ipfixConfigMap:\n  sharedTarget: "10.96.0.9:2055"\n').sources).toEqual({ flowsConfigMap: { sharedTarget: "10.96.0.9:2055" } });
  });
  it("skips what it does not know, with a warning; an empty file gives no sources", () => {
    const r = parseFlowExportSources("apiVersion: config.openshift.io/v1\nkind: Network\nspec: {}\n---\nkind: Pod\n---\n- 1\n");
    expect(r.sources).toEqual({});
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "document[0]: a Network of config.openshift.io/v1: exportNetworkFlows lives in the operator.openshift.io/v1 Network",
      "document[1]: a Pod that is neither a Network CR, a ConfigMap nor { exportNetworkFlows, flowsConfigMap }",
      "document[2]: not an object",
    ]);
    expect(parseFlowExportSources("")).toEqual({ sources: {}, issues: [] });
  });
  it("a YAML syntax error is an OvsParseError with line and column", () => {
    let caught: unknown;
    try {
      parseFlowExportSources('kind: ConfigMap\ndata:\n  nodePort: "2055\n');
    } catch (e) {
      caught = e;
    }
    expect(isOvsParseError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "syntax", line: 4, column: 1 });
    expect((caught as Error).message).toMatch(/Missing closing "quote/);
  });
  it("an alias bomb stays bounded (yaml's maxAliasCount)", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    let caught: unknown;
    try {
      parseFlowExportSources(bomb);
    } catch (e) {
      caught = e;
    }
    expect(isOvsParseError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/Excessive alias count/);
  });
});

describe("parseFlowExportSources: size", () => {
  it("refuses a text over 1 MiB with a typed error, before the YAML reader (found by the fuzz suite: a 10 MB flow sequence took 40 s)", () => {
    const huge = `exportNetworkFlows:\n  ipfix: [${'"10.0.0.1:4739", '.repeat(70_000)}"10.0.0.2:4739"]\n`;
    let caught: unknown;
    try {
      parseFlowExportSources(huge);
    } catch (e) {
      caught = e;
    }
    expect(isOvsParseError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/\d+ characters of flow-export YAML: at most 1048576 are read/);
  });
});
