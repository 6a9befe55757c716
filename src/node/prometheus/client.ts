/**
 * The Prometheus client with Node's TLS support wired in.
 *
 * @module
 */
import { createTlsFetch } from "./tls-fetch.js";
import { PrometheusClient, type PrometheusClientOptions } from "ovskit";

/**
 * A {@link PrometheusClient} whose `tls` options (CA bundle, client certificate, skip
 * verification) are honoured through node-fetch and an `https.Agent`. Without `tls` it uses the
 * global fetch, like `new PrometheusClient(...)`.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { createNodePrometheusClient } from "ovskit/node";
 * const prom = createNodePrometheusClient({
 *   url: "https://thanos-querier-openshift-monitoring.apps.example.com",
 *   token: process.env.PROMETHEUS_TOKEN,
 *   tls: { ca: readFileSync("router-ca.pem", "utf8") },
 * });
 * ```
 */
export function createNodePrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  if (options.tls === undefined || options.fetch !== undefined) return new PrometheusClient(options);
  return new PrometheusClient({ ...options, fetch: createTlsFetch(options.tls) });
}
