/**
 * The model of an OVN match expression (the `match` column of a logical flow, an ACL, a logical
 * router policy, a QoS rule): a tree of readonly nodes discriminated by `kind`.
 *
 * Every node and every constant keeps its source span: `from` (inclusive) and `to` (exclusive)
 * are 0-based UTF-16 offsets into the parsed text, so `text.slice(node.from, node.to)` is the
 * text the node was parsed from, including any parentheses around it.
 *
 * @module
 */
import type { IntValue, IpValue, MacValue } from "../../core/values.js";

/** Where a node was found in the parsed text: `text.slice(from, to)`. */
export interface OvnSpan {
  /** Offset of the first character (0-based, inclusive). */
  readonly from: number;
  /** Offset after the last character (exclusive). */
  readonly to: number;
}

/**
 * An integer constant: decimal (`6`), hexadecimal (`0x8100`, `0x0/0x1000`), or decimal with a
 * decimal mask (`5/7`, `maskDecimal` set). It is an {@link IntValue} of ovskit's core, so
 * `formatValue` prints it the OVS way (masks in hex).
 */
export interface OvnIntValue extends IntValue, OvnSpan {
  /** True when the mask was written in decimal (`5/7`); masks are hexadecimal otherwise. */
  readonly maskDecimal?: true;
}

/** An IPv4 or IPv6 address with an optional prefix (`10.0.0.0/8`) or mask (`/255.0.0.0`). */
export interface OvnIpValue extends IpValue, OvnSpan {}

/** A MAC address with an optional mask (`01:00:00:00:00:00/01:00:00:00:00:00`), lower case. */
export interface OvnMacValue extends MacValue, OvnSpan {}

/** A quoted string (`"lsp1"`), unescaped: `value` holds the characters, not the JSON text. */
export interface OvnStringValue extends OvnSpan {
  readonly kind: "string";
  readonly value: string;
}

/** `$name`: a reference to an address set (a set of integer constants). */
export interface OvnAddressSetRef extends OvnSpan {
  readonly kind: "addrset";
  readonly name: string;
}

/** `@name`: a reference to a port group (a set of port names, that is strings). */
export interface OvnPortGroupRef extends OvnSpan {
  readonly kind: "portgroup";
  readonly name: string;
}

/**
 * `^name`: a chassis template variable (OVN 22.12+), replaced by ovn-controller with its value
 * on each chassis before the match is parsed. It is accepted where a constant is.
 */
export interface OvnTemplateRef extends OvnSpan {
  readonly kind: "template";
  readonly name: string;
}

/** Any single constant. */
export type OvnConstant =
  | OvnIntValue
  | OvnIpValue
  | OvnMacValue
  | OvnStringValue
  | OvnAddressSetRef
  | OvnPortGroupRef
  | OvnTemplateRef;

/** `{a, b, c}`: a set of constants (at least one), matched if any (`==`) or none (`!=`) is. */
export interface OvnSet extends OvnSpan {
  readonly kind: "set";
  readonly values: readonly OvnConstant[];
}

/** What a field is compared with: one constant or a set. */
export type OvnOperand = OvnConstant | OvnSet;

/**
 * A field, or a bit range of it: `eth.src`, `reg0[0..15]` (`start` 0, `end` 15), `eth.src[40]`
 * (`start` = `end` = 40). Bits are inclusive, like `FieldRef` in ovskit's core.
 */
export interface OvnField extends OvnSpan {
  readonly kind: "field";
  readonly name: string;
  readonly start?: number;
  readonly end?: number;
}

/** A relational operator. */
export type OvnRelOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** What every expression node has: its span and how many parentheses were written around it. */
export interface OvnNodeBase extends OvnSpan {
  /** Number of parentheses pairs written around the node (`((ip4))`: 2); absent for none. */
  readonly parens?: number;
}

/** `a && b && c`: true when every term is (two or more terms, none an unparenthesized `and`). */
export interface OvnAnd extends OvnNodeBase {
  readonly kind: "and";
  readonly terms: readonly OvnExpr[];
}

/** `a || b || c`: true when any term is. */
export interface OvnOr extends OvnNodeBase {
  readonly kind: "or";
  readonly terms: readonly OvnExpr[];
}

/** `!x`: OVN requires `x` to be parenthesized, a bare field, a `0`/`1` or a function call. */
export interface OvnNot extends OvnNodeBase {
  readonly kind: "not";
  readonly expr: OvnExpr;
}

/**
 * A comparison, normalized to `field op value`. OVN also accepts the operands turned around
 * (`80 == tcp.dst`, `1000 < tcp.dst`): then `reversed` is true and `op` is the operator with
 * the field on the left (`1000 < tcp.dst` has `op` `">"`); the printer writes it back as written.
 */
export interface OvnCmp extends OvnNodeBase {
  readonly kind: "cmp";
  readonly field: OvnField;
  readonly op: OvnRelOp;
  readonly value: OvnOperand;
  readonly reversed?: true;
}

/**
 * A range, as written: `low lowOp field highOp high`, with both operators `<`/`<=`
 * (`1000 <= tcp.dst <= 2000`) or both `>`/`>=` (`2000 > tcp.dst > 1000`).
 */
export interface OvnRange extends OvnNodeBase {
  readonly kind: "range";
  readonly low: OvnOperand;
  readonly lowOp: "<" | "<=" | ">" | ">=";
  readonly field: OvnField;
  readonly highOp: "<" | "<=" | ">" | ">=";
  readonly high: OvnOperand;
}

/** The constants `1` (true) and `0` (false). */
export interface OvnBool extends OvnNodeBase {
  readonly kind: "bool";
  readonly value: boolean;
}

/**
 * A bare field, true when it is nonzero: a predicate such as `ip4`, `ct.est`, `eth.mcast`, or a
 * bit such as `eth.src[40]`, `reg0[2]`.
 */
export interface OvnPredicate extends OvnNodeBase {
  readonly kind: "predicate";
  readonly field: OvnField;
}

/** A condition written as a function call; OVN has one, `is_chassis_resident("port")`. */
export interface OvnCall extends OvnNodeBase {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly OvnConstant[];
}

/** Any match expression node. */
export type OvnExpr = OvnAnd | OvnOr | OvnNot | OvnCmp | OvnRange | OvnBool | OvnPredicate | OvnCall;
