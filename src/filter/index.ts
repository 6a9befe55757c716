export type { FilterOp, FilterComparison, FilterNot, FilterJunction, FilterExpr } from "./ast.js";
export { type FilterErrorCode, FilterError, isFilterError } from "./error.js";
export { FILTER_MAX_DEPTH, parseFilter } from "./grammar.js";
export {
  type CompileFilterOptions,
  type UnknownFilterKey,
  type FlowFilter,
  type FilterMatch,
  type Filterable,
  compileFilter,
} from "./compile.js";
export type { FilterTarget } from "./key-catalog.js";
export { type FilterKeyInfo, filterKeys } from "./key-reference.js";
export type { FilterValueType } from "./key-spec.js";
export {
  type FilterEmptyReasonCode,
  type FilterEmptyReason,
  type FilterResult,
  filterFlows,
  formatFilterResult,
} from "./result.js";
export type { MatchedKey, KeyArea } from "./hits.js";
export type { RangeValue } from "./values.js";
