/**
 * Prometheus connection settings from the environment.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { type PrometheusClientOptions, type PrometheusTlsOptions } from "ovskit";

/**
 * Environment variables read by {@link prometheusOptionsFromEnv}.
 *
 * @example
 * ```ts
 * import { PROMETHEUS_ENV_VARS } from "ovskit/node";
 * console.log(PROMETHEUS_ENV_VARS.url); // "PROMETHEUS_URL"
 * ```
 */
export const PROMETHEUS_ENV_VARS = {
  url: "PROMETHEUS_URL",
  token: "PROMETHEUS_TOKEN",
  tokenFile: "PROMETHEUS_TOKEN_FILE",
  caFile: "PROMETHEUS_CA_FILE",
  insecure: "PROMETHEUS_INSECURE_SKIP_VERIFY",
} as const;

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v.trim());

/**
 * Client options from `PROMETHEUS_URL` (required), `PROMETHEUS_TOKEN` or `PROMETHEUS_TOKEN_FILE`,
 * `PROMETHEUS_CA_FILE` and `PROMETHEUS_INSECURE_SKIP_VERIFY=true`. Returns `undefined` when
 * `PROMETHEUS_URL` is not set.
 *
 * @example
 * ```ts
 * import { createNodePrometheusClient, prometheusOptionsFromEnv } from "ovskit/node";
 * const opts = prometheusOptionsFromEnv();
 * if (opts) console.log((await createNodePrometheusClient(opts).query("up")).data.resultType);
 * ```
 */
export function prometheusOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): PrometheusClientOptions | undefined {
  const url = env[PROMETHEUS_ENV_VARS.url]?.trim();
  if (url === undefined || url === "") return undefined;
  let token = env[PROMETHEUS_ENV_VARS.token]?.trim();
  const tokenFile = env[PROMETHEUS_ENV_VARS.tokenFile];
  if ((token === undefined || token === "") && tokenFile !== undefined && tokenFile !== "") token = readFileSync(tokenFile, "utf8").trim();
  const caFile = env[PROMETHEUS_ENV_VARS.caFile];
  const tls: PrometheusTlsOptions = {
    ...(caFile !== undefined && caFile !== "" ? { ca: readFileSync(caFile, "utf8") } : {}),
    ...(truthy(env[PROMETHEUS_ENV_VARS.insecure]) ? { insecureSkipVerify: true } : {}),
  };
  return {
    url,
    ...(token !== undefined && token !== "" ? { token } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
