export * from "./tls-fetch.js";
export * from "./client.js";
export * from "./env.js";
export * from "./kubeconfig.js";
export * from "./resolve.js";
export * from "./metrics-file.js";
