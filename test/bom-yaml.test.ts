/**
 * Issue 12 item 9 for the YAML readers: a UTF-8 BOM (what Windows editors put first) changes
 * nothing. The other formats' BOM tests sit with their parsers (flows-hardening, ovn-bounds,
 * ovsdb-replay, trace-model, prometheus-bounds).
 */
import { describe, expect, it } from "vitest";
import { parseFlowExportSources } from "../src/export/index.js";
import { parseMetricsConfig } from "../src/ovs-perf/index.js";

const BOM = "\uFEFF";
const SOURCES = `apiVersion: operator.openshift.io/v1
kind: Network
metadata:
  name: cluster
spec:
  exportNetworkFlows:
    ipfix:
      collectors: ["192.168.1.99:2055"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ovs-flows-config
  namespace: openshift-network-operator
data:
  sampling: "200"
`;
const METRICS = `settings: { topN: 3 }
metrics:
  - id: br_int_flows
    thresholds: { warning: 20000, critical: 80000 }
`;

describe("YAML readers with a BOM", () => {
  it("parseFlowExportSources", () => {
    const plain = parseFlowExportSources(SOURCES);
    expect(plain.sources.exportNetworkFlows).toEqual({ ipfix: { collectors: ["192.168.1.99:2055"] } });
    expect(parseFlowExportSources(BOM + SOURCES)).toEqual(plain);
  });

  it("parseMetricsConfig", () => {
    const plain = parseMetricsConfig(METRICS);
    expect(plain.settings.topN).toBe(3);
    expect(parseMetricsConfig(BOM + METRICS)).toEqual(plain);
  });
});
