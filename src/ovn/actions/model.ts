/**
 * The model of OVN logical flow actions (the `actions` column of a logical flow, ovn-sb(5)):
 * a list of statements, each a readonly node discriminated by `kind`, keeping its source span
 * (`text.slice(node.from, node.to)` is the statement without its `;`).
 *
 * @module
 */
import type { OvnConstant, OvnField, OvnOperand, OvnSpan } from "../expr/model.js";

/**
 * One argument of a function-style action, as written: `inport`, `arp.spa`, `10.0.0.1`,
 * `name="acl1"`, `offerip = 10.0.0.4`, `backends=10.0.0.2:80,10.0.0.3:80`.
 *
 * `text` is the whole argument as written (key included), `valueText` the part after `key=`;
 * `value` is set when that part is a single constant, a set `{...}` or a field.
 */
export interface OvnActionArg extends OvnSpan {
  readonly key?: string;
  readonly text: string;
  readonly valueText: string;
  readonly value?: OvnOperand | OvnField;
  /** The separator written after the argument: `,` or `;` (absent after the last one). */
  readonly sep?: "," | ";";
}

/** `next;`, `next(3);`, `next(pipeline=egress, table=0);`: go on to a table (the next one by default). */
export interface OvnNextAction extends OvnSpan {
  readonly kind: "next";
  readonly pipeline?: "ingress" | "egress";
  readonly table?: number;
}

/** `output;`: send the packet to `outport` (the egress pipeline, or the port). */
export interface OvnOutputAction extends OvnSpan {
  readonly kind: "output";
}

/** `drop;`: drop the packet (only valid alone). */
export interface OvnDropAction extends OvnSpan {
  readonly kind: "drop";
}

/** `dst = value;`: load a constant, a string (a port name) or another field. */
export interface OvnAssignAction extends OvnSpan {
  readonly kind: "assign";
  readonly dst: OvnField;
  readonly value: OvnConstant | OvnField | OvnOperand;
}

/** `a <-> b;`: exchange two fields. */
export interface OvnExchangeAction extends OvnSpan {
  readonly kind: "exchange";
  readonly a: OvnField;
  readonly b: OvnField;
}

/** `ip.ttl--;`: decrement the TTL (the packet is dropped when it reaches zero). */
export interface OvnDecTtlAction extends OvnSpan {
  readonly kind: "dec_ttl";
}

/**
 * A function-style action, with or without arguments and with or without a nested block:
 * `ct_next;`, `ct_commit { ct_mark.blocked = 0; };`, `put_arp(inport, arp.spa, arp.sha);`,
 * `icmp4 { eth.dst <-> eth.src; ... output; };`, `log(name="a", verdict=drop);`.
 *
 * With `result` it is a function whose result is stored in a field:
 * `reg9[2] = lookup_arp(inport, arp.spa, arp.sha);`, `outport = get_fdb(eth.dst);`,
 * `reg0[15] = check_in_port_sec();`, `reg0[3] = put_dhcp_opts(offerip = 10.0.0.4, ...);`.
 *
 * `known` is false for a name this parser does not know (a newer OVN, a typo): the statement
 * is still parsed generically, never rejected.
 */
export interface OvnCallAction extends OvnSpan {
  readonly kind: "call";
  readonly name: string;
  /** Absent when written without parentheses (`ct_next;`), empty for `()`. */
  readonly args?: readonly OvnActionArg[];
  /** The nested actions of `name { ... }` (`ct_commit`, `clone`, `arp`, `icmp4`, ...). */
  readonly body?: readonly OvnAction[];
  /** The field the result is stored in (`reg9[2] = lookup_arp(...)`). */
  readonly result?: OvnField;
  readonly known: boolean;
}

/** One backend of `ct_lb` / `ct_lb_mark`: an address and an optional port. */
export interface OvnLbBackend {
  /** The address as written, without brackets (`10.244.1.4`, `fd00::4`). */
  readonly ip: string;
  readonly port?: number;
}

/**
 * `ct_lb_mark(backends=10.244.1.4:8080,10.244.2.4:8080; hash_fields="ip_dst,ip_src");` (also
 * `ct_lb`, and the bare `ct_lb_mark;` that continues an already load-balanced connection):
 * a {@link OvnCallAction} with the backends and hash fields decoded.
 */
export interface OvnCtLbAction extends Omit<OvnCallAction, "kind"> {
  readonly kind: "ct_lb";
  readonly backends: readonly OvnLbBackend[];
  readonly hashFields?: readonly string[];
}

/**
 * `ct_dnat;`, `ct_dnat(10.0.0.5);`, `ct_snat(172.18.0.3, 32768-60999);` and the `_in_czone`
 * forms: a {@link OvnCallAction} with the NAT address and port range decoded.
 */
export interface OvnCtNatAction extends Omit<OvnCallAction, "kind"> {
  readonly kind: "ct_nat";
  readonly address?: string;
  /** `low-high` port range, or one port. */
  readonly ports?: { readonly low: number; readonly high: number };
}

/** Any OVN action statement. */
export type OvnAction =
  | OvnNextAction
  | OvnOutputAction
  | OvnDropAction
  | OvnAssignAction
  | OvnExchangeAction
  | OvnDecTtlAction
  | OvnCallAction
  | OvnCtLbAction
  | OvnCtNatAction;
