/**
 * OVN match expressions: parser, model and printer.
 *
 * @module
 */
export type {
  OvnAddressSetRef,
  OvnAnd,
  OvnBool,
  OvnCall,
  OvnCmp,
  OvnConstant,
  OvnExpr,
  OvnField,
  OvnIntValue,
  OvnIpValue,
  OvnMacValue,
  OvnNodeBase,
  OvnNot,
  OvnOperand,
  OvnOr,
  OvnPortGroupRef,
  OvnPredicate,
  OvnRange,
  OvnRelOp,
  OvnSet,
  OvnSpan,
  OvnStringValue,
  OvnTemplateRef,
} from "./model.js";
export { formatOvnConstant } from "./constants.js";
export { formatOvnString } from "./strings.js";
export { MAX_OVN_NESTING } from "./lexer.js";
export { parseOvnMatch, tryParseOvnMatch } from "./parse.js";
export type { OvnParseResult } from "./result.js";
export { formatOvnField, formatOvnMatch, formatOvnOperand } from "./format.js";
