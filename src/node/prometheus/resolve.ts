/**
 * Where the Prometheus connection comes from: the environment first, then (only when allowed)
 * the current kubeconfig context and the OpenShift `thanos-querier` route.
 *
 * @module
 */
import { prometheusOptionsFromEnv } from "./env.js";
import { discoverThanosQuerier, readKubeContext } from "./kubeconfig.js";
import { type PrometheusClientOptions, type PrometheusFetch } from "ovskit";

/** Options of {@link resolvePrometheusOptions}. */
export interface ResolvePrometheusOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kubeconfig path (default `$KUBECONFIG` or `~/.kube/config`). */
  readonly kubeconfigPath?: string;
  /** Talk to the Kubernetes API to find the thanos-querier route. Off by default. */
  readonly allowKubeDiscovery?: boolean;
  /** Fetch for the Kubernetes API call (tests). */
  readonly kubeFetch?: PrometheusFetch;
}

/** Resolved options and where they came from. */
export interface ResolvedPrometheusOptions {
  readonly options: PrometheusClientOptions;
  readonly source: "env" | "kubeconfig";
}

/**
 * Resolves the connection: `PROMETHEUS_URL` (+ token) when set; otherwise, when
 * `allowKubeDiscovery` is true, the thanos-querier route of the current kubeconfig context with
 * that context's token. Throws an Error that says what to set when neither is available.
 *
 * @example
 * ```ts
 * import { createNodePrometheusClient, resolvePrometheusOptions } from "ovskit/node";
 * const { options, source } = await resolvePrometheusOptions({ allowKubeDiscovery: true });
 * const prom = createNodePrometheusClient(options);
 * console.log("using", source, prom.url);
 * ```
 */
export async function resolvePrometheusOptions(o: ResolvePrometheusOptions = {}): Promise<ResolvedPrometheusOptions> {
  const env = o.env ?? process.env;
  const fromEnv = prometheusOptionsFromEnv(env);
  if (fromEnv !== undefined) return { options: fromEnv, source: "env" };
  if (o.allowKubeDiscovery !== true) {
    throw new Error("no Prometheus configured: set PROMETHEUS_URL (and PROMETHEUS_TOKEN), or allow discovery of the thanos-querier route through the current kubeconfig context");
  }
  const ctx = readKubeContext(o.kubeconfigPath, env);
  const url = await discoverThanosQuerier(ctx, o.kubeFetch === undefined ? {} : { fetch: o.kubeFetch });
  return { options: { url, ...(ctx.token !== undefined ? { token: ctx.token } : {}) }, source: "kubeconfig" };
}
