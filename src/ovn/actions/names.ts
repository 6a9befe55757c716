/**
 * The action names OVN documents (ovn-sb(5), "Logical_Flow TABLE", actions; OVN 20.x–24.x).
 * A name outside this set still parses, as a call with `known: false`.
 *
 * @module
 */

/**
 * Function-style and bare action names OVN knows, beyond the statements with their own node
 * (`next`, `output`, `drop`, assignments, exchanges, `ip.ttl--`).
 *
 * @example
 * ```ts
 * import { OVN_ACTION_NAMES } from "ovskit";
 * OVN_ACTION_NAMES.has("ct_commit"); // true
 * ```
 */
export const OVN_ACTION_NAMES: ReadonlySet<string> = new Set([
  // conntrack
  "ct_next", "ct_commit", "ct_commit_nat", "ct_commit_v1", "ct_dnat", "ct_snat", "ct_dnat_in_czone",
  "ct_snat_in_czone", "ct_lb", "ct_lb_mark", "ct_clear", "ct_snat_to_vip", "ct_state_save",
  // nested packet generation
  "clone", "arp", "nd_ns", "nd_na", "nd_na_router", "icmp4", "icmp4_error", "icmp6", "icmp6_error",
  "tcp_reset", "sctp_abort", "reject", "igmp", "mld",
  // MAC bindings and FDB
  "get_arp", "put_arp", "get_nd", "put_nd", "lookup_arp", "lookup_arp_ip", "lookup_nd", "lookup_nd_ip",
  "put_fdb", "get_fdb", "lookup_fdb",
  // controller-assisted
  "put_dhcp_opts", "put_dhcpv6_opts", "dns_lookup", "put_nd_ra_opts", "handle_svc_check",
  "handle_dhcpv6_reply", "trigger_event", "bind_vport", "controller_event", "put_svc_mon",
  // checks with a result
  "check_pkt_larger", "check_in_port_sec", "check_out_port_sec", "chk_lb_hairpin", "chk_lb_hairpin_reply",
  "chk_ecmp_nh_mac", "chk_ecmp_nh", "chk_lb_aff", "chk_icmp_error", "select",
  // other
  "set_queue", "log", "set_meter", "fwd_group", "commit_ecmp_nh", "commit_lb_aff", "sample",
  "mac_cache_use", "flood_remote", "ovn_field", "push", "pop", "handle_bfd_msg",
]); // prettier-ignore

/** NAT actions, decoded into {@link OvnCtNatAction}. @internal */
export const CT_NAT_NAMES: ReadonlySet<string> = new Set(["ct_dnat", "ct_snat", "ct_dnat_in_czone", "ct_snat_in_czone"]);

/** Load-balancing actions, decoded into {@link OvnCtLbAction}. @internal */
export const CT_LB_NAMES: ReadonlySet<string> = new Set(["ct_lb", "ct_lb_mark"]);
