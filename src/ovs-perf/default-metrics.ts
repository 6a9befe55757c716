/**
 * The built-in metrics.yaml: the metrics, queries, thresholds and recommendations ovs-perf uses
 * when no file is given. A user file is merged over it (see {@link parseMetricsConfig}).
 *
 * @module
 */

/**
 * The default metrics.yaml text (also the reference of the schema: every key is commented).
 *
 * @example
 * ```ts
 * import { DEFAULT_METRICS_YAML, parseMetricsConfig } from "ovskit";
 * const cfg = parseMetricsConfig(DEFAULT_METRICS_YAML);
 * console.log(cfg.metrics.map((m) => m.id));
 * ```
 */
export const DEFAULT_METRICS_YAML = `# ovskit ovs-perf metrics.yaml (schema version 1)
#
# settings:            all optional
#   window             Prometheus duration substituted for $window in queries (rate / increase window)
#   topN               how many entities each metric lists as its top (by max)
#   concurrency        queries in flight at once
#   nodeMapping        how OVS series (labels pod / instance, no node) are mapped to nodes
#     query            PromQL giving one series per pod with its node (kube_pod_info)
#     podLabel, namespaceLabel, nodeLabel, hostIpLabel   label names in that series
# replaceDefaults      true: start from no metric instead of the built-in ones
# metrics:             list; an entry whose id exists in the defaults is merged over it
#   id                 [a-z][a-z0-9_]*, unique
#   title              human name
#   category           cpu | memory | dp_flows | bridge_flows | connections
#   query              PromQL; $window is replaced by settings.window
#   unit               percent | bytes | count
#   entity             labels that name an entity besides its node (e.g. [bridge])
#   statistic          which per-entity statistic is compared with thresholds: min | avg | max | p95 | last
#   thresholds         warning / critical (numbers; bytes also as "500MiB", "1GiB", "500MB")
#   recommendation     what to do when the alert fires
#   disabled           true: skip this metric
version: 1
settings:
  window: 5m
  topN: 10
  concurrency: 4
  nodeMapping:
    query: kube_pod_info
    podLabel: pod
    namespaceLabel: namespace
    nodeLabel: node
    hostIpLabel: host_ip
metrics:
  - id: vswitchd_cpu
    title: ovs-vswitchd CPU
    category: cpu
    query: sum by (node) (irate(container_cpu_usage_seconds_total{id=~"/system.slice/ovs-vswitchd.service"}[$window])) * 100
    unit: percent
    statistic: p95
    thresholds: { warning: 70, critical: 85 }
    recommendation: Look for upcall storms and revalidator load (ovs-appctl upcall/show, coverage/show); check flow churn from ovn-controller and the number of datapath flows.
  - id: ovsdb_cpu
    title: ovsdb-server CPU
    category: cpu
    query: sum by (node) (irate(container_cpu_usage_seconds_total{id=~"/system.slice/ovsdb-server.service"}[$window])) * 100
    unit: percent
    statistic: p95
    thresholds: { warning: 50, critical: 75 }
    recommendation: Check the clients of the local ovsdb-server (ovs-appctl -t ovsdb-server memory/show) and frequent transactions on the Open_vSwitch database.
  - id: vswitchd_memory
    title: ovs-vswitchd resident memory
    category: memory
    query: ovs_vswitchd_process_resident_memory_bytes
    unit: bytes
    statistic: last
    thresholds: { warning: 500MiB, critical: 1GiB }
    recommendation: Compare ovs-appctl memory/show over time; a steady growth with a stable flow count points to a leak; check datapath and OpenFlow flow counts.
  - id: ovsdb_memory
    title: ovsdb-server resident memory
    category: memory
    query: ovs_db_process_resident_memory_bytes
    unit: bytes
    statistic: last
    thresholds: { warning: 500MiB, critical: 1GiB }
    recommendation: Check ovsdb-server memory/show and the database size; compact the database (ovsdb-server/compact).
  - id: dp_flows
    title: datapath flows
    category: dp_flows
    query: ovs_vswitchd_dp_flows_total
    unit: count
    statistic: max
    thresholds: { warning: 5000, critical: 20000 }
    recommendation: Inspect datapath flows (ovs-appctl dpctl/dump-flows) for high-entropy megaflows; check other_config:max-idle and the flow limit (upcall/show).
  - id: br_int_flows
    title: br-int OpenFlow flows
    category: bridge_flows
    query: ovs_vswitchd_bridge_flows_total{bridge="br-int"}
    unit: count
    entity: [bridge]
    statistic: max
    thresholds: { warning: 10000, critical: 50000 }
    recommendation: Group br-int flows by table and cookie (ovskit flow views) to find which logical flows (network policies, load balancers) produce most OpenFlow flows.
  - id: br_ex_flows
    title: br-ex OpenFlow flows
    category: bridge_flows
    query: ovs_vswitchd_bridge_flows_total{bridge="br-ex"}
    unit: count
    entity: [bridge]
    statistic: max
    thresholds: { warning: 1000, critical: 5000 }
    recommendation: br-ex normally holds few flows; look for services with many external IPs or egress rules programmed on the gateway bridge.
  - id: rconn_overflow
    title: OpenFlow connection overflows
    category: connections
    query: increase(ovs_vswitchd_rconn_overflow[$window])
    unit: count
    statistic: max
    thresholds: { warning: 100, critical: 1000 }
    recommendation: The OpenFlow controller (ovn-controller) does not read fast enough; check its CPU and the ovs-vswitchd log for "queue overflow".
  - id: rconn_discarded
    title: OpenFlow messages discarded
    category: connections
    query: increase(ovs_vswitchd_rconn_discarded[$window])
    unit: count
    statistic: max
    thresholds: { warning: 50, critical: 500 }
    recommendation: Messages to the controller are dropped; check controller connectivity and ovn-controller load.
  - id: stream_open
    title: streams opened (reconnects)
    category: connections
    query: increase(ovs_vswitchd_stream_open[$window])
    unit: count
    statistic: max
    thresholds: { warning: 50, critical: 500 }
    recommendation: Many new streams mean reconnect loops; check the ovs-vswitchd and ovn-controller logs for connection drops and inactivity probes.
  - id: netlink_overflow
    title: netlink socket overflows
    category: connections
    query: increase(ovs_vswitchd_netlink_overflow[$window])
    unit: count
    statistic: max
    thresholds: { warning: 1, critical: 100 }
    recommendation: The kernel dropped netlink upcalls; raise handler threads (other_config:n-handler-threads) and look for upcall storms.
  - id: dp_lookup_lost
    title: datapath upcalls lost
    category: connections
    query: increase(ovs_vswitchd_dp_flows_lookup_lost[$window])
    unit: count
    statistic: max
    thresholds: { warning: 1, critical: 100 }
    recommendation: Packets missed the datapath and their upcall was lost; check handler threads, CPU of ovs-vswitchd and the flow limit.
`;
