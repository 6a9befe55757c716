/**
 * The OpenFlow action model (ovs-actions(7)): a discriminated union with one `kind` per action.
 *
 * @module
 */
import type { FieldRef } from "../../core/field-ref.js";
import type { IntValue, IpValue, Value } from "../../core/values.js";

/**
 * An OpenFlow port: a number, or a name. Reserved ports are upper-case names (`LOCAL`,
 * `IN_PORT`, `NORMAL`, `FLOOD`, `ALL`, `TABLE`, `CONTROLLER`, `ANY`); with `--names` other
 * ports are names too (`k8s-ovn-worker`, unquoted).
 */
export type Port = number | string;

/** `output:PORT`, a bare reserved port (`LOCAL`), `output:FIELD[]`, `output(port=P,max_len=N)`. */
export interface OutputAction {
  readonly kind: "output";
  readonly port: Port | FieldRef;
  readonly maxLen?: number;
}

/** `resubmit:PORT`, `resubmit(PORT,TABLE)`, `resubmit(,TABLE)`, `resubmit(,TABLE,ct)`. */
export interface ResubmitAction {
  readonly kind: "resubmit";
  /** Absent means the packet's own in_port. */
  readonly port?: Port;
  /** Absent means the current table. */
  readonly table?: number;
  readonly ct?: boolean;
}

/** `load:VALUE->DST`. */
export interface LoadAction {
  readonly kind: "load";
  readonly value: IntValue;
  readonly dst: FieldRef;
}

/** `move:SRC->DST`. */
export interface MoveAction {
  readonly kind: "move";
  readonly src: FieldRef;
  readonly dst: FieldRef;
}

/** `set_field:VALUE[/MASK]->FIELD`; the value is typed by the destination field. */
export interface SetFieldAction {
  readonly kind: "set_field";
  readonly value: Value;
  readonly dst: FieldRef;
}

/** `push:FIELD` / `pop:FIELD` (the register stack) and `delete_field:FIELD`. */
export interface StackAction {
  readonly kind: "push" | "pop" | "delete_field";
  readonly field: FieldRef;
}

/** A NAT specification inside `ct(...)`: `nat`, `nat(src)`, `nat(dst=10.0.0.1-10.0.0.9:80-90,random)`. */
export interface NatSpec {
  readonly kind: "nat";
  readonly type?: "src" | "dst";
  readonly addrMin?: IpValue;
  readonly addrMax?: IpValue;
  readonly portMin?: number;
  readonly portMax?: number;
  /** `persistent`, `hash`, `random`, in the order written. */
  readonly flags: readonly string[];
}

/** `ct(commit,force,table=N,zone=N|FIELD,nat(...),exec(...),alg=ftp,timeout=NAME)`. */
export interface CtAction {
  readonly kind: "ct";
  readonly commit: boolean;
  readonly force: boolean;
  readonly table?: number;
  readonly zone?: number | FieldRef;
  readonly nat?: NatSpec;
  readonly exec?: readonly Action[];
  readonly alg?: string;
  readonly timeout?: string;
}

/** `clone(ACTIONS)` and `write_actions(ACTIONS)`: actions nested in another. */
export interface NestedAction {
  readonly kind: "clone" | "write_actions";
  readonly actions: readonly Action[];
}

/** One argument of `learn(...)`, in the order written. */
export type LearnArg =
  /** `table=10`, `idle_timeout=30`, `delete_learned`, `limit=10`, `result_dst=reg0[0]`... */
  | { readonly kind: "option"; readonly name: string; readonly value?: string }
  /** `FIELD[]` (match on the same field) or `FIELD[]=SRC[]` / `FIELD=VALUE` (match on a value). */
  | { readonly kind: "match"; readonly dst: FieldRef; readonly src?: FieldRef | Value }
  /** `load:SRC->DST` in the learned flow. */
  | { readonly kind: "load"; readonly src: FieldRef | IntValue; readonly dst: FieldRef }
  /** `output:FIELD` in the learned flow. */
  | { readonly kind: "output"; readonly port: FieldRef };

/** `learn(...)` with its whole option and spec list. */
export interface LearnAction {
  readonly kind: "learn";
  readonly args: readonly LearnArg[];
}

/** `conjunction(ID,K/N)`. */
export interface ConjunctionAction {
  readonly kind: "conjunction";
  readonly id: number;
  readonly clause: number;
  readonly nClauses: number;
}

/** `CONTROLLER:MAX_LEN` or `controller(reason=..,max_len=..,id=..,userdata=..,pause,meter_id=..)`. */
export interface ControllerAction {
  readonly kind: "controller";
  readonly maxLen?: number;
  readonly reason?: string;
  readonly id?: number;
  readonly userdata?: string;
  readonly pause?: boolean;
  readonly meterId?: number;
}

/** `sample(probability=..,collector_set_id=..,obs_domain_id=..,obs_point_id=..,sampling_port=..,ingress|egress)`. */
export interface SampleAction {
  readonly kind: "sample";
  readonly probability: number;
  readonly collectorSetId: number;
  readonly obsDomainId: number;
  readonly obsPointId: number;
  readonly samplingPort?: Port;
  readonly direction?: "ingress" | "egress";
}

/** `check_pkt_larger(SIZE)->DST`. */
export interface CheckPktLargerAction {
  readonly kind: "check_pkt_larger";
  readonly size: number;
  readonly dst: FieldRef;
}

/** `bundle(FIELDS,BASIS,ALG,ofport,members:P,...)` and `bundle_load(...,DST,members:...)`. */
export interface BundleAction {
  readonly kind: "bundle" | "bundle_load";
  readonly fields: string;
  readonly basis: number;
  readonly algorithm: string;
  readonly memberType: string;
  readonly dst?: FieldRef;
  readonly members: readonly Port[];
}

/** `multipath(FIELDS,BASIS,ALG,N_LINKS,ARG,DST)`. */
export interface MultipathAction {
  readonly kind: "multipath";
  readonly fields: string;
  readonly basis: number;
  readonly algorithm: string;
  readonly maxLink: number;
  readonly arg: number;
  readonly dst: FieldRef;
}

/** `enqueue:PORT:QUEUE` / `enqueue(PORT,QUEUE)`. */
export interface EnqueueAction {
  readonly kind: "enqueue";
  readonly port: Port;
  readonly queue: number;
}

/** `dec_ttl` or `dec_ttl(ID,...)` (controller ids to notify). */
export interface DecTtlAction {
  readonly kind: "dec_ttl";
  readonly ids?: readonly number[];
}

/** `note:00.01.02...`: opaque bytes, kept as the dotted hex text. */
export interface NoteAction {
  readonly kind: "note";
  readonly hex: string;
}

/** `fin_timeout(idle_timeout=N,hard_timeout=N)`. */
export interface FinTimeoutAction {
  readonly kind: "fin_timeout";
  readonly idleTimeout?: number;
  readonly hardTimeout?: number;
}

/** `encap(HEADER)` / `encap(HEADER(PROPS))`, e.g. `encap(nsh(md_type=1))`. */
export interface EncapAction {
  readonly kind: "encap";
  readonly header: string;
  /** The text inside `HEADER(...)`, when present (`md_type=1,tlv(0x1000,10,0x12345678)`). */
  readonly properties?: string;
}

/** `decap()` / `decap(packet_type(ns=N,type=T))`. */
export interface DecapAction {
  readonly kind: "decap";
  readonly packetType?: { readonly ns: number; readonly type: IntValue };
}

/**
 * Actions with one argument, printed `name:ARG` or `name(ARG)`: `group:5`, `goto_table:3`,
 * `meter:1`, `write_metadata:0x1/0xff`, `set_queue:2`, `mod_vlan_vid:10`, `mod_dl_src:MAC`,
 * `mod_nw_dst:IP`, `mod_tp_dst:80`, `push_vlan:0x8100`, `set_tunnel:0x5`, `set_mpls_label(10)`...
 */
export interface ArgAction {
  readonly kind: ArgActionKind;
  readonly value: Value;
}

/** The kinds of {@link ArgAction}. */
export type ArgActionKind =
  | "group"
  | "goto_table"
  | "meter"
  | "write_metadata"
  | "set_queue"
  | "mod_vlan_vid"
  | "mod_vlan_pcp"
  | "set_vlan_vid"
  | "set_vlan_pcp"
  | "push_vlan"
  | "mod_dl_src"
  | "mod_dl_dst"
  | "mod_nw_src"
  | "mod_nw_dst"
  | "mod_nw_tos"
  | "mod_nw_ecn"
  | "mod_nw_ttl"
  | "mod_tp_src"
  | "mod_tp_dst"
  | "set_tunnel"
  | "set_tunnel64"
  | "push_mpls"
  | "pop_mpls"
  | "set_mpls_label"
  | "set_mpls_tc"
  | "set_mpls_ttl";

/**
 * Actions without arguments: `drop`, `strip_vlan`, `pop_vlan`, `pop_queue`, `dec_mpls_ttl`,
 * `exit`, `ct_clear`, `clear_actions`, `debug_recirc`, `debug_slow`, `dec_nsh_ttl`.
 */
export interface FlagAction {
  readonly kind: FlagActionKind;
}

/** The kinds of {@link FlagAction}. */
export type FlagActionKind =
  | "drop"
  | "strip_vlan"
  | "pop_vlan"
  | "pop_queue"
  | "dec_mpls_ttl"
  | "exit"
  | "ct_clear"
  | "clear_actions"
  | "debug_recirc"
  | "debug_slow"
  | "dec_nsh_ttl";

/**
 * An action ovskit does not know (or whose arguments it could not type): its name, the text of
 * its arguments, and the whole raw text, so a newer OVS never breaks parsing.
 */
export interface UnknownAction {
  readonly kind: "unknown";
  readonly name: string;
  readonly args?: string;
  readonly text: string;
  /** Why it was not typed. */
  readonly reason: string;
}

/** Any OpenFlow action. Switch on `kind`. */
export type Action =
  | OutputAction
  | ResubmitAction
  | LoadAction
  | MoveAction
  | SetFieldAction
  | StackAction
  | CtAction
  | NestedAction
  | LearnAction
  | ConjunctionAction
  | ControllerAction
  | SampleAction
  | CheckPktLargerAction
  | BundleAction
  | MultipathAction
  | EnqueueAction
  | DecTtlAction
  | NoteAction
  | FinTimeoutAction
  | EncapAction
  | DecapAction
  | ArgAction
  | FlagAction
  | UnknownAction;
