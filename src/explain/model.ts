/**
 * The model of {@link explainTrace}'s answer: what happened to a traced packet, the step of the
 * trace that decided it and, with an OVN context, the logical flow and the Northbound row behind
 * that step. Plain data: objects, arrays, strings, numbers, booleans and bigint (cookies).
 *
 * @module
 */
import type { DetraceInterface } from "../ovn/detrace/model.js";

/**
 * What happened to the packet, from the `Datapath actions:` of the section it ended in:
 * `delivered` (output to at least one local datapath port; tunnels may come too),
 * `tunneled` (only tunnel encapsulations), `controller` (only a `userspace(...controller...)`
 * action: a packet-in to ovn-controller or another OpenFlow controller), `recirculated` (the
 * section ends in `recirc(...)` and the trace has no section that follows it, e.g. a `dp_hash`
 * select group), `dropped` (nothing of the above, or translation failed).
 */
export type ExplanationVerdictKind = "delivered" | "tunneled" | "controller" | "recirculated" | "dropped";

/** Why a packet was dropped, as the trace says it. */
export interface DropReason {
  /**
   * Where the reason comes from: `translation-failed` (`Translation failed (...)`),
   * `error` (a ` >>>> ... <<<<` line), `warning` (a ` >> ...` line, e.g. `skipping output to
   * input port`), `drop-action` (a flow's explicit `drop`), `no-match` (no flow matched: the
   * table's miss rule), `frag-drop` (IP fragments dropped by the fragment mode),
   * `no-output` (the actions ended without an output).
   */
  readonly source: "translation-failed" | "error" | "warning" | "drop-action" | "no-match" | "frag-drop" | "no-output";
  /** The reason in words (OVS's own text where it printed one). */
  readonly text: string;
}

/** A Northbound row behind a logical flow (through its `stage-hint`), as a person names it. */
export interface ExplainedNbRow {
  /** `ACL`, `Load_Balancer`, `Logical_Switch_Port`, `NAT`, ... */
  readonly table: string;
  readonly uuid: string;
  /** The row's own name (`name` column), when it has one. */
  readonly name?: string;
  /** One line: `ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop`. */
  readonly summary: string;
  /** The switch, router or port group that holds it. */
  readonly owner?: { readonly kind: string; readonly name: string };
  /**
   * The object of the cloud management system behind it, from its external_ids:
   * `k8s.ovn.org/owner-type` / `k8s.ovn.org/kind` and `k8s.ovn.org/name` / `k8s.ovn.org/owner`
   * (OVN-Kubernetes: `NetworkPolicy` `ns1:allow-web`, `Service` `ns1/web`), or `neutron:*`
   * (OpenStack: security group rule, port, router).
   */
  readonly origin?: ExplainedOrigin;
  /** The row's external_ids whose keys start with `k8s.ovn.org/` or `neutron:` (empty when none). */
  readonly externalIds: Readonly<Record<string, string>>;
}

/** The Kubernetes or OpenStack object behind a Northbound row. */
export interface ExplainedOrigin {
  readonly system: "kubernetes" | "openstack";
  /** `NetworkPolicy`, `Service`, `AdminNetworkPolicy`, `NetpolNamespace`, `security_group_rule`, ... */
  readonly kind: string;
  /** As external_ids give it (`ns1:allow-web`, `ns1/web`, a rule UUID). */
  readonly name: string;
  /** The namespace, when the name carries one (`ns1`). */
  readonly namespace?: string;
}

/** The logical flow behind a step's cookie. */
export interface ExplainedLogicalFlow {
  readonly uuid?: string;
  /** Names (or UUIDs) of the logical datapaths it applies to. */
  readonly datapaths: readonly string[];
  readonly pipeline: "ingress" | "egress";
  readonly table: number;
  /** `ls_out_acl`, `lr_in_ip_routing`, ... */
  readonly stage?: string;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  /** The Northbound rows its stage hint names (empty without an NB database or a hint). */
  readonly nbRows: readonly ExplainedNbRow[];
}

/** A step of the trace, by reference (its line) with what a reader needs to find it. */
export interface ExplainedStep {
  /** 1-based line of the step in the trace text (for a simulated trace, in `formatTrace`'s output). */
  readonly line: number;
  readonly section: number;
  readonly bridge: string;
  readonly table: number;
  readonly priority?: number;
  readonly cookie: bigint;
  readonly matchText: string;
  /** The action line that decided (`drop`, `output:13`, `ct(table=...)`, `controller(...)`), when one did. */
  readonly action?: { readonly line: number; readonly text: string };
  /** With an OVN context: the logical flow(s) the cookie names (several when it is ambiguous). */
  readonly logicalFlows?: readonly ExplainedLogicalFlow[];
  /** With an OVN context: the other row the cookie names (a port binding, multicast group...), in words. */
  readonly cookieRows?: readonly string[];
}

/** A datapath output port of the verdict, named where the sources allow. */
export interface ExplainedOutput {
  /** The port of the `Datapath actions:` (a datapath port number, or a name with `--names`). */
  readonly datapathPort: number | string;
  /** The OpenFlow port it came from, when known: bridge, number, name. */
  readonly bridge?: string;
  readonly ofport?: number;
  readonly name?: string;
  /** Line of the OpenFlow `output` action that sent it there, when it could be paired. */
  readonly line?: number;
  /** How the datapath port was paired with the OpenFlow output: through the pipeline's ports, or by order. */
  readonly pairedBy?: "ports" | "order";
  /** The interface from conf.db (its `external_ids:iface-id` is the logical port). */
  readonly interface?: DetraceInterface;
  /** The OVN logical port bound to it, and the logical switch it is on. */
  readonly logicalPort?: string;
  readonly datapath?: string;
}

/** A tunnel the packet is sent into. */
export interface ExplainedTunnel {
  /** `tnl_push` (native tunnelling) or `set(tunnel(...))` (the kernel's). */
  readonly form: "tnl_push" | "set-tunnel";
  readonly remoteIp?: string;
  readonly localIp?: string;
  /** `geneve`, `vxlan`, `gre`, ... (from the header or the chassis' encap). */
  readonly type?: string;
  /** The VNI / tunnel id (OVN: the logical datapath's tunnel key). */
  readonly key?: number;
  /** The datapath port of the tunnel (`out_port(N)` of a `tnl_push`, the vport after `set(tunnel(...))`). */
  readonly outPort?: number | string;
  /** The OpenFlow output into the tunnel port (paired by order): its line, bridge, port number and the tunnel port's name. */
  readonly line?: number;
  readonly bridge?: string;
  readonly ofport?: number;
  readonly name?: string;
  /** Native tunnels: the datapath ports the encapsulated packet leaves by (the underlay bridge's outputs), named where the pipeline allows. */
  readonly underlay: readonly { readonly datapathPort: number | string; readonly name?: string; readonly bridge?: string }[];
  /** With an SB database: the chassis whose Encap has `remoteIp`. */
  readonly chassis?: { readonly name: string; readonly hostname: string; readonly encapType: string };
  /**
   * With an SB database and OVN's Geneve option (class 0x102): the logical datapath (tunnel key
   * `key`) and the logical output port (the option's low 15 bits) the packet is for.
   */
  readonly logicalDatapath?: string;
  readonly logicalPort?: string;
}

/** A logical pipeline stage the packet went through (with an OVN context). */
export interface ExplainedStage {
  readonly section: number;
  /** Line of the first step in the stage. */
  readonly line: number;
  readonly datapath: string;
  readonly pipeline: "ingress" | "egress";
  readonly stage: string;
}

/**
 * What {@link explainTrace} returns: the verdict, the step that decided it, and the details of
 * each kind (outputs, tunnels, drop reason, controller, recirculation).
 */
export interface Explanation {
  readonly kind: "explanation";
  readonly verdict: ExplanationVerdictKind;
  /** One sentence: `dropped in br-int table 46 (ls_out_acl): ACL to-lport 1000 ... drop`. */
  readonly summary: string;
  /** Index of the section the verdict was read from (the last one with datapath actions). */
  readonly section: number;
  /** Number of sections in the trace (1 + recirculations followed). */
  readonly sections: number;
  /** The `Datapath actions:` text of that section (`""` when it has none: a truncated trace). */
  readonly datapathActions: string;
  /** The step that decided the verdict (absent when the section has no step). */
  readonly decidedBy?: ExplainedStep;
  readonly outputs: readonly ExplainedOutput[];
  readonly tunnels: readonly ExplainedTunnel[];
  /** True when a `userspace(...controller...)` action sends the packet to a controller. */
  readonly controller: boolean;
  /** Recirculation ids the section ends in that the trace did not follow. */
  readonly recirculations: readonly number[];
  readonly drop?: DropReason;
  /** With an OVN context: the logical stages visited, in order (consecutive repeats merged). */
  readonly stages: readonly ExplainedStage[];
  /** What the explanation could not tell, or assumed (e.g. a simulated trace's caveats). */
  readonly notes: readonly string[];
}
