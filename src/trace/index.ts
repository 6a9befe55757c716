export * from "./types.js";
export { parseTrace, parseTraceDump } from "./parse.js";
export { TraceRequestError } from "./request-error.js";
export { sectionSteps, traceSteps, traceTables, traceCookies, type TraceTableVisit } from "./query.js";
export { sectionVerdict, traceVerdict, type SectionVerdict, type TraceVerdict } from "./verdict.js";
