/**
 * Prometheus / Thanos HTTP API client: typed results, typed errors, retries, POST with GET
 * fallback, range chunking, bounds on every call, secrets that never leak. Runs in Node and in
 * browsers (TLS options need `createNodePrometheusClient` from `ovskit/node`).
 *
 * @module
 */
export { type PrometheusError, isPrometheusError } from "./errors.js";
export { PrometheusHttpError, type PrometheusHttpErrorInit, type PrometheusHttpErrorReason, isPrometheusHttpError } from "./http-error.js";
export { PrometheusQueryError, type PrometheusQueryErrorInit, isPrometheusQueryError } from "./query-error.js";
export { PrometheusTimeoutError, isPrometheusTimeoutError } from "./timeout-error.js";
export { PrometheusLimitError, type PrometheusLimitCode, type PrometheusLimitErrorInit, type PrometheusLimitOption, isPrometheusLimitError } from "./limit-error.js";
export { PrometheusRedirectError, type PrometheusRedirectErrorCode, type PrometheusRedirectErrorInit, isPrometheusRedirectError } from "./redirect-error.js";
export { PrometheusRequestError, type PrometheusRequestErrorCode, isPrometheusRequestError } from "./request-error.js";
export { redactSecrets, secretForms } from "./secrets.js";
export {
  type ApiResult,
  type Labels,
  type MatrixResult,
  type MatrixSeries,
  type MetricMetadata,
  type QueryData,
  type QueryResult,
  type Sample,
  type ScalarResult,
  type StringResult,
  type VectorResult,
  type VectorSeries,
  parseSampleValue,
} from "./types.js";
export type {
  PrometheusActiveTarget,
  PrometheusAlert,
  PrometheusApiAlertingRule,
  PrometheusAlerts,
  PrometheusBuildInfo,
  PrometheusDroppedTarget,
  PrometheusApiRecordingRule,
  PrometheusApiRule,
  PrometheusApiRuleBase,
  PrometheusApiRuleGroup,
  PrometheusApiRules,
  PrometheusTargets,
} from "./api-types.js";
export { type RawAnswer, decodeApiAnswer, decodeQueryData } from "./decode.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from "./retry.js";
export {
  DEFAULT_MAX_RANGE_POINTS,
  DEFAULT_MAX_RANGE_REQUESTS,
  MAX_POINTS_PER_SERIES,
  type RangeChunk,
  type RangeLimits,
  labelsKey,
  mergeMatrices,
  planRange,
  rangePoints,
  splitRange,
} from "./range.js";
export { labelNamePathSegment } from "./label-name.js";
export { type BoundedRead, type PrometheusBodyReader, type PrometheusResponseBody, discardBody, readBounded } from "./body.js";
export type { CrossOriginRedirectPolicy, PrometheusFetch, PrometheusFetchInit, PrometheusFetchResponse, PrometheusMethod } from "./transport.js";
export { DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_RESPONSE_BYTES, SECRET_HEADER_PATTERN } from "./client-config.js";
export {
  PrometheusClient,
  type PrometheusClientOptions,
  type PrometheusTime,
  type PrometheusTlsOptions,
  type QueryCallOptions,
  type RangeOptions,
  type RulesOptions,
  type SeriesOptions,
  type TargetsOptions,
  formatPrometheusTime,
} from "./client.js";
