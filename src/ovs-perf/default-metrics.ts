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
#   topN               how many entities each metric lists as its top (by max; by min for direction: below)
#   concurrency        queries in flight at once
#   nodeMapping        how OVS series (labels pod / instance, no node) are mapped to nodes
#     query            PromQL giving one series per pod with its node (kube_pod_info)
#     podLabel, namespaceLabel, nodeLabel, hostIpLabel   label names in that series
#   rules              how "ovs-perf rules" turns the thresholds into Prometheus alerting rules
#     group            rule group name
#     interval         evaluation interval of the group
#     for              how long a threshold must hold before the alert fires (per metric: for)
#     alertPrefix      alert name = prefix + the metric id in PascalCase (OvsVswitchdCpu)
#     labels           extra labels on every alert (severity and ovskit_metric are set by ovskit)
#   cluster            PromQL of the cluster information in reports (missing series: "unknown")
#     nodes            one series per node (kube-state-metrics kube_node_info)
#     kubernetesVersion   kubernetes_build_info (label git_version; the API server's wins)
#     openshiftVersion    OpenShift cluster_version{type="current"} (label version)
#     ovsVersion          ovn-kubernetes ovs_build_info (label version)
# replaceDefaults      true: start from no metric instead of the built-in ones
# metrics:             list; an entry whose id exists in the defaults is merged over it
#   id                 [a-z][a-z0-9_]*, unique
#   title              human name
#   category           cpu | memory | dp_flows | bridge_flows | connections | datapath | upcalls | interfaces
#   query              PromQL; $window is replaced by settings.window. Cumulative OVS totals (coverage
#                      counters, datapath lookups, masks hit, interface drops / errors) must be read
#                      through increase(...[$window]) or rate(...[$window]): a raw total is refused
#   unit               percent | bytes | count | per_second
#   entity             labels that name an entity besides its node (e.g. [bridge], [interface])
#   statistic          which per-entity statistic is compared with thresholds: min | avg | max | p95 | last
#   direction          above (default: at or over a threshold alerts) | below (at or under: hit ratios)
#   thresholds         warning / critical (numbers; bytes also as "500MiB", "1GiB", "500MB"); none: context only
#   recommendation     what to do when the alert fires
#   for                the for: of this metric's alerting rules (default settings.rules.for)
#   disabled           true: skip this metric
#
# OVS metric names, types and labels are those of ovn-kubernetes (go-controller/pkg/metrics/ovs.go):
# every ovs_vswitchd_* series is a gauge set from an OVS snapshot, labelled by the scrape (pod,
# namespace, instance) and, for datapath figures, datapath="ovs-system"; the interface figures are
# one sum over all OVS interfaces per node (label interface only with ovn-kubernetes before 2022).
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
  rules:
    group: ovskit-ovs-perf
    interval: 1m
    for: 5m
    alertPrefix: Ovs
    labels: {}
  cluster:
    nodes: kube_node_info
    kubernetesVersion: kubernetes_build_info
    openshiftVersion: cluster_version{type="current"}
    ovsVersion: ovs_build_info
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
  - id: dp_cache_hit_ratio
    title: megaflow cache hit ratio
    category: datapath
    # lookups hit / (hit + missed) over the window, only where the datapath saw 1000+ packets
    query: 100 * increase(ovs_vswitchd_dp_flows_lookup_hit[$window]) / (increase(ovs_vswitchd_dp_flows_lookup_hit[$window]) + increase(ovs_vswitchd_dp_flows_lookup_missed[$window])) and (increase(ovs_vswitchd_dp_flows_lookup_hit[$window]) + increase(ovs_vswitchd_dp_flows_lookup_missed[$window])) >= 1000
    unit: percent
    statistic: min
    direction: below
    thresholds: { warning: 90, critical: 75 }
    recommendation: Many packets miss the megaflow cache and go up to ovs-vswitchd; look for high-entropy traffic (many short connections, scans) and for megaflows evicted early (ovs-appctl upcall/show shows the flow limit and the dump duration; see also other_config max-idle).
  - id: dp_masks_per_packet
    title: megaflow masks visited per packet
    category: datapath
    query: increase(ovs_vswitchd_dp_masks_hit[$window]) / increase(ovs_vswitchd_dp_packets_total[$window])
    unit: count
    statistic: max
    thresholds: { warning: 5, critical: 10 }
    recommendation: Each packet is tried against many megaflow masks. The OpenFlow flows that match on many different fields (ACLs on L4 ports, conntrack states, wide IP prefixes) widen the megaflows; dump the datapath flows with their masks (ovs-appctl dpctl/dump-flows -m > dp.flows) and read them with "npm run ofparse -- datapath tree -i dp.flows" to see which fields vary, then ofproto/trace a packet to read its Megaflow line.
  - id: dp_masks
    title: megaflow masks
    category: datapath
    query: ovs_vswitchd_dp_masks_total
    unit: count
    statistic: last
    recommendation: Context for masks per packet (no threshold).
  - id: dp_upcalls
    title: upcalls (datapath misses) per second
    category: upcalls
    query: rate(ovs_vswitchd_dp_flows_lookup_missed[$window])
    unit: per_second
    statistic: p95
    thresholds: { warning: 5000, critical: 20000 }
    recommendation: Every miss is an upcall handled by an ovs-vswitchd handler thread; check ovs-appctl upcall/show and coverage/show, the datapath flow limit, and the traffic that misses (short-lived datapath flows in ovs-appctl dpctl/dump-flows).
  - id: dp_lookup_lost
    title: datapath upcalls lost
    category: upcalls
    query: increase(ovs_vswitchd_dp_flows_lookup_lost[$window])
    unit: count
    statistic: max
    thresholds: { warning: 1, critical: 100 }
    recommendation: Packets missed the datapath and their upcall was lost; check handler threads, CPU of ovs-vswitchd and the flow limit.
  - id: upcall_flow_limit_hit
    title: datapath flow limit reached
    category: upcalls
    query: increase(ovs_vswitchd_upcall_flow_limit_hit[$window])
    unit: count
    statistic: max
    thresholds: { warning: 1, critical: 50 }
    recommendation: ovs-vswitchd refused to install datapath flows because the dynamic flow limit was reached (ovs-appctl upcall/show); packets of those flows keep going to userspace. Raise other_config:flow-limit or find the traffic that creates so many megaflows.
  - id: upcall_flow_limit_kill
    title: datapath flows killed over the flow limit
    category: upcalls
    query: increase(ovs_vswitchd_upcall_flow_limit_kill[$window])
    unit: count
    statistic: max
    thresholds: { warning: 1, critical: 10 }
    recommendation: The datapath held twice the dynamic flow limit and revalidators deleted flows; the revalidators cannot keep up (see the dump duration in ovs-appctl upcall/show); check ovs-vswitchd CPU and other_config:n-revalidator-threads.
  - id: handler_threads
    title: upcall handler threads
    category: upcalls
    query: ovs_vswitchd_handlers_total
    unit: count
    statistic: last
    recommendation: Context for the upcall rate per handler thread (no threshold).
  - id: iface_rx_dropped
    title: interface rx dropped
    category: interfaces
    query: increase(ovs_vswitchd_interface_rx_dropped_total[$window]) or increase(ovs_vswitchd_interface_rx_dropped[$window])
    unit: count
    entity: [interface]
    statistic: max
    thresholds: { warning: 100, critical: 1000 }
    recommendation: Find the interface (ovs-vsctl --columns=name,statistics list interface, or ovs-appctl dpctl/show -s); rx drops on a pod veth or the uplink usually mean a receive queue overflow or a policer (ingress_policing_rate).
  - id: iface_tx_dropped
    title: interface tx dropped
    category: interfaces
    query: increase(ovs_vswitchd_interface_tx_dropped_total[$window]) or increase(ovs_vswitchd_interface_tx_dropped[$window])
    unit: count
    entity: [interface]
    statistic: max
    thresholds: { warning: 100, critical: 1000 }
    recommendation: Find the interface (ovs-vsctl --columns=name,statistics list interface); tx drops usually mean a full queue towards a pod or a port that is down (QoS, a pod that stopped reading).
  - id: iface_rx_errors
    title: interface rx errors
    category: interfaces
    query: increase(ovs_vswitchd_interface_rx_errors_total[$window]) or increase(ovs_vswitchd_interface_rx_errors[$window])
    unit: count
    entity: [interface]
    statistic: max
    thresholds: { warning: 1, critical: 100 }
    recommendation: Receive errors come from the NIC or driver (CRC, frame, overrun); check ethtool -S on the uplink and the interface statistics column.
  - id: iface_tx_errors
    title: interface tx errors
    category: interfaces
    query: increase(ovs_vswitchd_interface_tx_errors_total[$window]) or increase(ovs_vswitchd_interface_tx_errors[$window])
    unit: count
    entity: [interface]
    statistic: max
    thresholds: { warning: 1, critical: 100 }
    recommendation: Transmit errors come from the NIC, driver or a tunnel port that cannot send (MTU, missing route); check the ovs-vswitchd log and the interface statistics and error columns.
`;
