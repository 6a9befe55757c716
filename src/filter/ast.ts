/**
 * The syntax tree of a filter expression (see {@link compileFilter} for the language).
 *
 * @module
 */

/** The comparison operators of the filter language. */
export type FilterOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "~=";

/** `key op value`, or a bare `key` (present / flag true) when `op` is absent. */
export interface FilterComparison {
  readonly kind: "cmp";
  /** The key as written (`nw_src`, `ct.zone`, `resubmit.table`). */
  readonly key: string;
  /** The dotted path of the key (`["ct", "zone"]`). */
  readonly path: readonly string[];
  readonly op?: FilterOp;
  /** The value as written, unquoted. */
  readonly value?: string;
  /** True when the value was quoted. */
  readonly quoted?: boolean;
  /** 0-based offset of the key in the expression. */
  readonly at: number;
  /** 0-based offset of the value in the expression (when there is one). */
  readonly valueAt?: number;
}

/** `!x` / `not x`. */
export interface FilterNot {
  readonly kind: "not";
  readonly expr: FilterExpr;
}

/** `a && b && ...` / `a || b || ...`. */
export interface FilterJunction {
  readonly kind: "and" | "or";
  readonly exprs: readonly FilterExpr[];
}

/** Any node of a filter expression. */
export type FilterExpr = FilterComparison | FilterNot | FilterJunction;
