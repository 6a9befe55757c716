/**
 * Offline detrace: OVN objects behind OpenFlow cookies, trace steps and port numbers.
 *
 * @module
 */
export type { CookieHit, CookieLookup, CookieMiss, DetraceDatapath, DetraceInterface, DetraceLogicalFlow, SbFdb } from "./model.js";
export { type OvnContext, type OvnSources, ovnContext } from "./context.js";
export {
  type AnnotatedFlow,
  type DetraceOutput,
  type DetraceResult,
  type DetracedStep,
  annotateFlows,
  detrace,
  lookupCookie,
  lookupOfport,
} from "./detrace.js";
export { type FormatDetraceOptions, formatAnnotatedFlows, formatDetrace } from "./format.js";
export { describeCookie, describeCookieHit } from "./describe.js";
export { DetraceError, type DetraceErrorCode, isDetraceError } from "./error.js";
