export {
  createTlsAgent,
  createTlsFetch,
} from "./tls-fetch.js";
export {
  createNodePrometheusClient,
} from "./client.js";
export {
  PROMETHEUS_ENV_VARS,
  prometheusOptionsFromEnv,
} from "./env.js";
export {
  discoverThanosQuerier,
  type KubeContext,
  kubeContextFromText,
  readKubeContext,
  type ThanosDiscoveryOptions,
} from "./kubeconfig.js";
export {
  type ResolvedPrometheusOptions,
  resolvePrometheusOptions,
  type ResolvePrometheusOptions,
} from "./resolve.js";
export {
  loadMetricsConfigFile,
} from "./metrics-file.js";
