export type { FilterOp, FilterComparison, FilterNot, FilterJunction, FilterExpr } from "./ast.js";
export { FilterError, isFilterError } from "./error.js";
export { parseFilter } from "./grammar.js";
export { compileFilter, type FlowFilter, type FilterMatch, type Filterable } from "./compile.js";
export type { MatchedKey, KeyArea } from "./hits.js";
export type { RangeValue } from "./values.js";
