/** The OpenMetrics generator of the integration suite (fixtures-gen/prometheus/cluster.ts) is reproducible. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_START, NODES, clusterSeries, generateClusterOpenMetrics } from "../fixtures-gen/prometheus/cluster.js";

describe("cluster OpenMetrics generator", () => {
  it("is deterministic and well-formed", () => {
    const a = generateClusterOpenMetrics();
    expect(createHash("sha256").update(generateClusterOpenMetrics()).digest("hex")).toBe(createHash("sha256").update(a).digest("hex"));
    const lines = a.split("\n");
    expect(lines.at(-2)).toBe("# EOF");
    // 29 families (HELP + TYPE), 191 series of 121 samples
    expect(lines.filter((l) => l.startsWith("# TYPE")).length).toBe(29);
    expect(lines.filter((l) => !l.startsWith("#") && l !== "").length).toBe(191 * 121);
    expect(clusterSeries()).toHaveLength(191);
    expect(NODES).toHaveLength(6);
    expect(a).toContain(`ovs_vswitchd_process_resident_memory_bytes{instance="10.0.0.16:9105",job="ovnkube-node",namespace="openshift-ovn-kubernetes",pod="ovnkube-node-f5x5q"} 440401920 ${DEFAULT_START + 7200}`);
  });

  it("datapath series are cumulative where OVS counts (hit / missed / lost, packets, masks hit, interface totals)", () => {
    const last = (name: string, node: number, extra: Record<string, string> = {}) => {
      const s = clusterSeries().find((x) => x.name === name && x.labels.pod === NODES[node]!.pod && Object.entries(extra).every(([k, v]) => x.labels[k] === v));
      if (s === undefined) throw new Error(`no ${name} on worker-${node}`);
      return s.values;
    };
    const missed2 = last("ovs_vswitchd_dp_flows_lookup_missed", 2);
    expect(missed2[120]! - missed2[115]!).toBe(5 * 900_000);
    expect(last("ovs_vswitchd_dp_flows_lookup_hit", 2)[0]).toBe(1_000_000_000);
    const packets1 = last("ovs_vswitchd_dp_packets_total", 1);
    const masks1 = last("ovs_vswitchd_dp_masks_hit", 1);
    expect((masks1[120]! - masks1[115]!) / (packets1[120]! - packets1[115]!)).toBe(12);
    expect(last("ovs_vswitchd_interface_rx_dropped_total", 1).every((v) => v === 123_456)).toBe(true);
    expect(clusterSeries().find((x) => x.name === "cluster_version" && x.labels.type === "current")!.labels.version).toBe("4.16.17");
    expect(clusterSeries().filter((x) => x.name === "kube_node_info")).toHaveLength(6);
  });

  it("timestamps follow the options", () => {
    const t = generateClusterOpenMetrics({ start: 1000, minutes: 2 });
    const samples = t.split("\n").filter((l) => l.startsWith("ovs_vswitchd_dp_flows_total"));
    expect(samples.slice(0, 3).map((l) => Number(l.split(" ").at(-1)))).toEqual([1000, 1060, 1120]);
  });
});
