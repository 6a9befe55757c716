/**
 * Cumulative OVS metrics. ovn-kubernetes exports them as gauges (OVS snapshots: `coverage/show`
 * totals, `dpctl/show` lookups and masks, interface statistics from the Interface table), so
 * their TYPE does not say that they only ever grow. A threshold on such a raw total fires once
 * and never stops; metrics.yaml must read them through `increase(...[$window])` or `rate(...)`.
 *
 * Names from ovn-kubernetes `go-controller/pkg/metrics/ovs.go` (datapath lookups / masks,
 * interface statistics, the coverage/show map) and the process collectors.
 *
 * @module
 */

const COVERAGE = [
  "netlink_sent", "netlink_received", "netlink_recv_jumbo", "netlink_overflow",
  "rconn_sent", "rconn_queued", "rconn_discarded", "rconn_overflow",
  "vconn_open", "vconn_sent", "vconn_received", "pstream_open", "stream_open",
  "txn_success", "txn_error", "txn_uncommitted", "txn_unchanged", "txn_incomplete", "txn_aborted", "txn_try_again",
  "dpif_port_add", "dpif_port_del", "dpif_flow_flush", "dpif_flow_get", "dpif_flow_put", "dpif_flow_del", "dpif_execute",
  "bridge_reconfigure", "xlate_actions", "xlate_actions_oversize", "xlate_actions_too_many_output",
  "packet_in", "packet_in_drop",
  "ofproto_dpif_expired", "ofproto_flush", "ofproto_packet_out", "ofproto_recv_openflow", "ofproto_reinit_ports",
  "upcall_flow_limit_kill", "upcall_flow_limit_hit",
];

/**
 * Metric names whose value is a cumulative total (never a level): the OVS coverage counters,
 * datapath lookups (`hit` / `missed` / `lost`), `dp_packets_total`, `dp_masks_hit`, the
 * interface drop / error totals (current names and the per-interface names of ovn-kubernetes
 * before 2022), and CPU seconds.
 *
 * @example
 * ```ts
 * import { OVS_CUMULATIVE_METRICS } from "ovskit";
 * OVS_CUMULATIVE_METRICS.includes("ovs_vswitchd_dp_flows_lookup_missed"); // true
 * OVS_CUMULATIVE_METRICS.includes("ovs_vswitchd_dp_flows_total");         // false: a level
 * ```
 */
export const OVS_CUMULATIVE_METRICS: readonly string[] = [
  ...COVERAGE.map((n) => `ovs_vswitchd_${n}`),
  "ovs_vswitchd_dp_flows_lookup_hit",
  "ovs_vswitchd_dp_flows_lookup_missed",
  "ovs_vswitchd_dp_flows_lookup_lost",
  "ovs_vswitchd_dp_packets_total",
  "ovs_vswitchd_dp_masks_hit",
  ...["rx_dropped", "tx_dropped", "rx_errors", "tx_errors", "collisions", "resets"].map((s) => `ovs_vswitchd_interface_${s}_total`),
  ...["rx_dropped", "tx_dropped", "rx_errors", "tx_errors", "collisions"].map((s) => `ovs_vswitchd_interface_${s}`),
  "ovs_vswitchd_interface_up_wait_seconds_total",
  "container_cpu_usage_seconds_total",
  "ovs_vswitchd_process_cpu_seconds_total",
  "ovs_db_process_cpu_seconds_total",
];

/**
 * The cumulative metrics that a PromQL expression reads as raw totals: every occurrence of a
 * name of {@link OVS_CUMULATIVE_METRICS} that is not followed by a range selector (`name[5m]`,
 * `name{...}[$window]`), which in PromQL can only be the argument of a range function such as
 * `increase()` or `rate()`.
 *
 * @example
 * ```ts
 * import { rawCounterUses } from "ovskit";
 * rawCounterUses("ovs_vswitchd_rconn_overflow > 100");                 // ["ovs_vswitchd_rconn_overflow"]
 * rawCounterUses("increase(ovs_vswitchd_rconn_overflow[$window]) > 100"); // []
 * ```
 */
export function rawCounterUses(promql: string): string[] {
  const out = new Set<string>();
  for (const name of OVS_CUMULATIVE_METRICS) {
    const re = new RegExp(`(?<![A-Za-z0-9_:])${name}(?![A-Za-z0-9_:])(\\s*\\{[^}]*\\})?(\\s*\\[)?`, "g");
    for (let m = re.exec(promql); m !== null; m = re.exec(promql)) if (m[2] === undefined) out.add(name);
  }
  return [...out].sort();
}
