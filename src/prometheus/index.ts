/**
 * Prometheus / Thanos HTTP API client: typed results, typed errors, retries, POST with GET
 * fallback, range chunking, Prometheus durations. Runs in Node and in browsers (TLS options
 * need `createNodePrometheusClient` from `ovskit/node`).
 *
 * @module
 */
export * from "./errors.js";

export * from "./types.js";
export * from "./decode.js";
export * from "./retry.js";
export * from "./range.js";
export type { PrometheusFetch, PrometheusFetchInit, PrometheusFetchResponse, PrometheusMethod } from "./transport.js";
export * from "./client.js";
