/** The OpenMetrics generator of the integration suite (fixtures-gen/prometheus/cluster.ts) is reproducible. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_START, NODES, generateClusterOpenMetrics } from "../fixtures-gen/prometheus/cluster.js";

describe("cluster OpenMetrics generator", () => {
  it("is deterministic and well-formed", () => {
    const a = generateClusterOpenMetrics();
    expect(createHash("sha256").update(generateClusterOpenMetrics()).digest("hex")).toBe(createHash("sha256").update(a).digest("hex"));
    const lines = a.split("\n");
    expect(lines.at(-2)).toBe("# EOF");
    // 11 families (HELP + TYPE), 84 series of 121 samples
    expect(lines.filter((l) => l.startsWith("# TYPE")).length).toBe(11);
    expect(lines.filter((l) => !l.startsWith("#") && l !== "").length).toBe(84 * 121);
    expect(NODES).toHaveLength(6);
    expect(a).toContain(`ovs_vswitchd_process_resident_memory_bytes{instance="10.0.0.16:9105",job="ovnkube-node",namespace="openshift-ovn-kubernetes",pod="ovnkube-node-f5x5q"} 440401920 ${DEFAULT_START + 7200}`);
  });

  it("timestamps follow the options", () => {
    const t = generateClusterOpenMetrics({ start: 1000, minutes: 2 });
    const samples = t.split("\n").filter((l) => l.startsWith("ovs_vswitchd_dp_flows_total"));
    expect(samples.slice(0, 3).map((l) => Number(l.split(" ").at(-1)))).toEqual([1000, 1060, 1120]);
  });
});
