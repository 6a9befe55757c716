/**
 * A realistic six-node OVN-Kubernetes cluster as OpenMetrics text, for
 * `promtool tsdb create-blocks-from openmetrics`. Deterministic: the same options give the same
 * bytes (no randomness, no clock).
 *
 * What it holds (one sample per minute, `minutes + 1` samples per series from `start`):
 * - `container_cpu_usage_seconds_total` (cAdvisor, label `node`) for the systemd slices
 *   `/system.slice/ovs-vswitchd.service` and `/system.slice/ovsdb-server.service`: constant rates
 *   (vswitchd 10 + 3·k % on worker-k), except worker-2 at 92 % (high CPU) and worker-4 bursty
 *   (5 % and 45 % alternating every 10 minutes); ovsdb-server 3 % everywhere.
 * - `ovs_vswitchd_process_resident_memory_bytes` (labels pod / namespace / instance, no node):
 *   (180 + 10·k) MiB, except worker-5 leaking: 300 MiB + 1 MiB per minute;
 *   `ovs_db_process_resident_memory_bytes` 50 MiB.
 * - `ovs_vswitchd_dp_flows_total`: 1000 + 100·k, worker-4 9000.
 * - `ovs_vswitchd_bridge_flows_total{bridge="br-int"}`: 8000 + 300·k, worker-1 12000 (over its
 *   threshold), worker-4 6000; `{bridge="br-ex"}`: 300, worker-0 2000.
 * - cumulative coverage counters (exported by OVS as gauges): `ovs_vswitchd_rconn_overflow`
 *   (worker-3 +40 per minute), `ovs_vswitchd_rconn_discarded` (worker-3: +i at minute i, rising),
 *   `ovs_vswitchd_stream_open` (12, worker-3 +2 per minute), `ovs_vswitchd_netlink_overflow`
 *   (worker-0 +1 per minute during the first hour, then flat), `ovs_vswitchd_dp_flows_lookup_lost` (0).
 * - `kube_pod_info` mapping each ovnkube-node pod (and a dns pod) to its node and host IP.
 *
 * Run: `npx tsx fixtures-gen/prometheus/cluster.ts [START_UNIX_SECONDS] [MINUTES] > cluster.om`
 */

/** Options of {@link generateClusterOpenMetrics}. */
export interface ClusterOptions {
  /** Unix seconds of the first sample (default 2026-01-01T00:00:00Z). */
  readonly start?: number;
  /** Length in minutes (default 120). */
  readonly minutes?: number;
}

export const DEFAULT_START = 1_767_225_600;
export const NODES = [0, 1, 2, 3, 4, 5].map((k) => ({
  node: `worker-${k}`,
  pod: `ovnkube-node-${"abcdef"[k]}${k}x${k}q`,
  ip: `10.0.0.${11 + k}`,
}));
export const NAMESPACE = "openshift-ovn-kubernetes";
const MiB = 1024 * 1024;

type Labels = Record<string, string>;
interface Family {
  readonly name: string;
  readonly type: "gauge" | "counter" | "unknown";
  readonly help: string;
  readonly series: Array<{ labels: Labels; value: (minute: number) => number }>;
}

const ovsLabels = (k: number): Labels => ({ instance: `${NODES[k]!.ip}:9105`, job: "ovnkube-node", namespace: NAMESPACE, pod: NODES[k]!.pod });

/** Cumulative value at minute i of a counter incremented by inc(j) at each minute j ≤ i. */
const cumulative = (base: number, inc: (j: number) => number) => (i: number): number => {
  let v = base;
  for (let j = 1; j <= i; j++) v += inc(j);
  return v;
};

function families(): Family[] {
  const cpuRate = (k: number) => (i: number): number => {
    if (k === 2) return 0.92;
    if (k === 4) return Math.floor(i / 10) % 2 === 0 ? 0.05 : 0.45;
    return 0.1 + 0.03 * k;
  };
  const cpuSeries = (slice: string, rate: (k: number) => (i: number) => number) =>
    NODES.map((n, k) => ({
      labels: { id: `/system.slice/${slice}.service`, instance: `${n.ip}:10250`, job: "kubelet", metrics_path: "/metrics/cadvisor", node: n.node },
      value: cumulative(1000 + 100 * k, (j) => rate(k)(j) * 60),
    }));
  const perNode = (f: (k: number) => (i: number) => number, extra: Labels = {}) => NODES.map((_, k) => ({ labels: { ...extra, ...ovsLabels(k) }, value: f(k) }));
  const constant = (v: number) => () => v;
  return [
    {
      name: "container_cpu_usage_seconds",
      type: "counter",
      help: "Cumulative cpu time consumed in seconds.",
      series: [...cpuSeries("ovs-vswitchd", cpuRate), ...cpuSeries("ovsdb-server", () => () => 0.03)],
    },
    {
      name: "ovs_vswitchd_process_resident_memory_bytes",
      type: "gauge",
      help: "Resident memory size in bytes.",
      series: perNode((k) => (k === 5 ? (i) => 300 * MiB + i * MiB : constant((180 + 10 * k) * MiB))),
    },
    { name: "ovs_db_process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.", series: perNode(() => constant(50 * MiB)) },
    { name: "ovs_vswitchd_dp_flows_total", type: "gauge", help: "Number of flows in datapath.", series: perNode((k) => constant(k === 4 ? 9000 : 1000 + 100 * k)) },
    {
      name: "ovs_vswitchd_bridge_flows_total",
      type: "gauge",
      help: "Number of OpenFlow flows in the bridge.",
      series: [
        ...perNode((k) => constant(k === 1 ? 12000 : k === 4 ? 6000 : 8000 + 300 * k), { bridge: "br-int" }),
        ...perNode((k) => constant(k === 0 ? 2000 : 300), { bridge: "br-ex" }),
      ],
    },
    { name: "ovs_vswitchd_rconn_overflow", type: "gauge", help: "Coverage counter rconn_overflow.", series: perNode((k) => (k === 3 ? cumulative(500, () => 40) : constant(0))) },
    { name: "ovs_vswitchd_rconn_discarded", type: "gauge", help: "Coverage counter rconn_discarded.", series: perNode((k) => (k === 3 ? cumulative(0, (j) => j) : constant(0))) },
    { name: "ovs_vswitchd_stream_open", type: "gauge", help: "Coverage counter stream_open.", series: perNode((k) => (k === 3 ? cumulative(12, () => 2) : constant(12))) },
    { name: "ovs_vswitchd_netlink_overflow", type: "gauge", help: "Coverage counter netlink_overflow.", series: perNode((k) => (k === 0 ? cumulative(0, (j) => (j <= 60 ? 1 : 0)) : constant(0))) },
    { name: "ovs_vswitchd_dp_flows_lookup_lost", type: "gauge", help: "Number of upcalls lost.", series: perNode(() => constant(0)) },
    {
      name: "kube_pod_info",
      type: "gauge",
      help: "Information about pod.",
      series: NODES.flatMap((n, k) => [
        { labels: { host_ip: n.ip, namespace: NAMESPACE, node: n.node, pod: n.pod, pod_ip: n.ip }, value: constant(1) },
        { labels: { host_ip: n.ip, namespace: "openshift-dns", node: n.node, pod: `dns-default-${k}z`, pod_ip: `10.128.${k}.5` }, value: constant(1) },
      ]),
    },
  ];
}

const labelText = (l: Labels): string =>
  `{${Object.keys(l)
    .sort()
    .map((k) => `${k}="${l[k]!.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",")}}`;

/** The OpenMetrics text (ends with `# EOF`). */
export function generateClusterOpenMetrics(o: ClusterOptions = {}): string {
  const start = o.start ?? DEFAULT_START;
  const minutes = o.minutes ?? 120;
  const lines: string[] = [];
  for (const f of families()) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    const sampleName = f.type === "counter" ? `${f.name}_total` : f.name;
    for (const s of f.series) {
      const l = labelText(s.labels);
      for (let i = 0; i <= minutes; i++) lines.push(`${sampleName}${l} ${fmt(s.value(i))} ${start + 60 * i}`);
    }
  }
  lines.push("# EOF", "");
  return lines.join("\n");
}

/** Shortest exact decimal (integers without exponent). */
function fmt(v: number): string {
  return Number.isInteger(v) ? v.toFixed(0) : String(v);
}

if (process.argv[1] !== undefined && /cluster\.ts$/.test(process.argv[1])) {
  const start = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const minutes = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  process.stdout.write(generateClusterOpenMetrics({ ...(start !== undefined ? { start } : {}), ...(minutes !== undefined ? { minutes } : {}) }));
}
