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
 *   (worker-0 +1 per minute during the first hour, then flat).
 * - `kube_pod_info` mapping each ovnkube-node pod (and a dns pod) to its node and host IP.
 * - datapath figures as ovn-kubernetes exports them (`dpctl/show` snapshots as gauges, label
 *   `datapath="ovs-system"`): `ovs_vswitchd_dp_flows_lookup_hit` +1,200,000 per minute
 *   everywhere; `..._missed` +1,200 per minute (20 upcalls/s), except worker-2 in an upcall storm:
 *   +900,000 per minute (15,000/s, hit ratio 57.14 %); `..._lost` +30 per minute on worker-2
 *   only; `ovs_vswitchd_dp_packets_total` = hit + missed; `ovs_vswitchd_dp_masks_hit` grows by
 *   packets × 1.5 (worker-1: × 12, too many masks), `ovs_vswitchd_dp_masks_total` 40 (worker-1
 *   600), `ovs_vswitchd_dp_masks_hit_ratio` 1.5 (worker-1 12).
 * - `ovs_vswitchd_handlers_total` 8, `ovs_vswitchd_revalidators_total` 3;
 *   `ovs_vswitchd_upcall_flow_limit_hit` +4 per minute on worker-2, `..._kill` 0.
 * - interface totals, one sum per node (no interface label, as ovn-kubernetes exports them since
 *   2022): `ovs_vswitchd_interface_rx_dropped_total` worker-0 +50 per minute, worker-1 a constant
 *   123456 (old drops: no increase, no alert); `..._tx_dropped_total` a constant 7;
 *   `..._rx_errors_total` 0; `..._tx_errors_total` worker-4 +30 per minute.
 * - cluster information: `kube_node_info` (six nodes, kubelet v1.29.8+f10c92d),
 *   `kubernetes_build_info` (three API servers and the kubelets), OpenShift
 *   `cluster_version{type="current",version="4.16.17"}`, `ovs_build_info{version="3.3.1"}`.
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
    { name: "ovs_vswitchd_dp_flows_total", type: "gauge", help: "Represents the number of flows in datapath.", series: perNode((k) => constant(k === 4 ? 9000 : 1000 + 100 * k), { datapath: "ovs-system" }) },
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
    ...datapathFamilies(perNode),
    ...clusterInfoFamilies(),
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

type PerNode = (f: (k: number) => (i: number) => number, extra?: Labels) => Family["series"];

/** Datapath lookups / masks, handlers, upcall flow limit and interface totals (ovn-kubernetes ovs.go). */
function datapathFamilies(perNode: PerNode): Family[] {
  const dp = { datapath: "ovs-system" };
  const hitPerMin = () => 1_200_000;
  const missedPerMin = (k: number) => (k === 2 ? 900_000 : 1_200);
  const masksPerPacket = (k: number) => (k === 1 ? 12 : 1.5);
  const constant = (v: number) => () => v;
  const gauge = (name: string, help: string, series: Family["series"]): Family => ({ name, type: "gauge", help, series });
  return [
    gauge("ovs_vswitchd_dp_flows_lookup_hit", "Represents number of packets matching the existing flows while processing incoming packets in the datapath.", perNode(() => cumulative(1_000_000_000, hitPerMin), dp)),
    gauge("ovs_vswitchd_dp_flows_lookup_missed", "Represents the number of packets not matching any existing flow and require user space processing.", perNode((k) => cumulative(2_000_000, () => missedPerMin(k)), dp)),
    gauge("ovs_vswitchd_dp_flows_lookup_lost", "number of packets destined for user space process but subsequently dropped before reaching userspace.", perNode((k) => cumulative(0, () => (k === 2 ? 30 : 0)), dp)),
    gauge("ovs_vswitchd_dp_packets_total", "Represents the total number of packets datapath processed which is the sum of hit and missed.", perNode((k) => cumulative(1_002_000_000, () => hitPerMin() + missedPerMin(k)), dp)),
    gauge("ovs_vswitchd_dp_masks_hit", "Represents the total number of masks visited for matching incoming packets.", perNode((k) => cumulative(1_503_000_000, () => (hitPerMin() + missedPerMin(k)) * masksPerPacket(k)), dp)),
    gauge("ovs_vswitchd_dp_masks_total", "Represents the number of masks in a datapath.", perNode((k) => constant(k === 1 ? 600 : 40), dp)),
    gauge("ovs_vswitchd_dp_masks_hit_ratio", "Represents the average number of masks visited per packet the ratio between hit and total number of packets processed by the datapath.", perNode((k) => constant(masksPerPacket(k)), dp)),
    gauge("ovs_vswitchd_handlers_total", "Represents the number of handlers thread.", perNode(() => constant(8))),
    gauge("ovs_vswitchd_revalidators_total", "Represents the number of revalidators thread.", perNode(() => constant(3))),
    gauge("ovs_vswitchd_upcall_flow_limit_hit", "Counter is increased when datapath reaches the dynamic limit of flows.", perNode((k) => cumulative(0, () => (k === 2 ? 4 : 0)))),
    gauge("ovs_vswitchd_upcall_flow_limit_kill", "Counter is increased when a number of datapath flows twice as high as current dynamic flow limit.", perNode(() => constant(0))),
    gauge("ovs_vswitchd_interface_rx_dropped_total", "The total number of received packets dropped by Open vSwitch interface(s).", perNode((k) => (k === 0 ? cumulative(1000, () => 50) : constant(k === 1 ? 123_456 : 0)))),
    gauge("ovs_vswitchd_interface_tx_dropped_total", "The total number of transmitted packets dropped by Open vSwitch interface(s).", perNode(() => constant(7))),
    gauge("ovs_vswitchd_interface_rx_errors_total", "The total number of received packets with errors by Open vSwitch interface(s).", perNode(() => constant(0))),
    gauge("ovs_vswitchd_interface_tx_errors_total", "The total number of transmitted packets with errors by Open vSwitch interface(s).", perNode((k) => (k === 4 ? cumulative(0, () => 30) : constant(0)))),
  ];
}

/** The series that carry the node list and the Kubernetes / OpenShift / OVS versions. */
function clusterInfoFamilies(): Family[] {
  const one = () => 1;
  const k8s = "v1.29.8+f10c92d";
  const build = { build_date: "2024-09-18T10:00:00Z", compiler: "gc", git_commit: "f10c92d0b1d2a6e5e0b9d5b9d1e5c9a1e6f1a2b3", git_tree_state: "clean", git_version: k8s, go_version: "go1.21.11 (Red Hat 1.21.11-1.el9_4) X:strictfipsruntime", major: "1", minor: "29", platform: "linux/amd64" };
  return [
    {
      name: "kube_node_info",
      type: "gauge",
      help: "Information about a cluster node.",
      series: NODES.map((n) => ({
        labels: { container_runtime_version: "cri-o://1.29.8-5.rhaos4.16.git3f8b8ee.el9", internal_ip: n.ip, kernel_version: "5.14.0-427.37.1.el9_4.x86_64", kubelet_version: k8s, node: n.node, os_image: "Red Hat Enterprise Linux CoreOS 416.94.202409191851-0" },
        value: one,
      })),
    },
    {
      name: "kubernetes_build_info",
      type: "gauge",
      help: "A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running.",
      series: [
        ...[1, 2, 3].map((m) => ({ labels: { ...build, instance: `10.0.0.${m}:6443`, job: "apiserver" }, value: one })),
        ...NODES.map((n) => ({ labels: { ...build, instance: `${n.ip}:10250`, job: "kubelet", node: n.node }, value: one })),
      ],
    },
    {
      name: "cluster_version",
      type: "gauge",
      help: "Reports the version of the cluster in terms of seconds since the epoch.",
      series: [
        { labels: { image: "quay.io/openshift-release-dev/ocp-release@sha256:0e8a2c6c1b2f0f3e5b9d6b7f4a2c1d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8", type: "current", version: "4.16.17" }, value: () => 1_728_000_000 },
        { labels: { image: "quay.io/openshift-release-dev/ocp-release@sha256:0e8a2c6c1b2f0f3e5b9d6b7f4a2c1d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8", type: "completed", version: "4.16.17" }, value: () => 1_729_000_000 },
      ],
    },
    {
      name: "ovs_build_info",
      type: "gauge",
      help: "A metric with a constant '1' value labeled by ovs version.",
      series: NODES.map((_, k) => ({ labels: { ...ovsLabels(k), version: "3.3.1" }, value: one })),
    },
  ];
}

const labelText = (l: Labels): string =>
  `{${Object.keys(l)
    .sort()
    .map((k) => `${k}="${l[k]!.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",")}}`;

/** One series of the cluster: its sample name, labels and one value per minute. */
export interface ClusterSeries {
  readonly name: string;
  readonly labels: Labels;
  readonly values: readonly number[];
}

/** Every series with its `minutes + 1` values (for `promtool test rules` input, or the unit tests). */
export function clusterSeries(o: { readonly minutes?: number } = {}): ClusterSeries[] {
  const minutes = o.minutes ?? 120;
  return families().flatMap((f) =>
    f.series.map((s) => ({ name: f.type === "counter" ? `${f.name}_total` : f.name, labels: s.labels, values: Array.from({ length: minutes + 1 }, (_, i) => s.value(i)) })),
  );
}

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
