/**
 * OVN logical flow actions: parser, model and printer.
 *
 * @module
 */
export type {
  OvnAction,
  OvnActionArg,
  OvnAssignAction,
  OvnCallAction,
  OvnCtLbAction,
  OvnCtNatAction,
  OvnDecTtlAction,
  OvnDropAction,
  OvnExchangeAction,
  OvnLbBackend,
  OvnNextAction,
  OvnOutputAction,
} from "./model.js";
export { OVN_ACTION_NAMES } from "./names.js";
export { parseOvnActions, tryParseOvnActions } from "./parse.js";
export { formatOvnAction, formatOvnActions } from "./format.js";
