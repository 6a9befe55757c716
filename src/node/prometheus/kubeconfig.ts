/**
 * The current kubeconfig context (server, token, TLS material) and discovery of the OpenShift
 * `thanos-querier` route through the Kubernetes API.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { createTlsFetch } from "./tls-fetch.js";
import { type PrometheusFetch, PrometheusHttpError, type PrometheusTlsOptions, discardBody, readBounded, redactSecrets } from "ovskit";

/** The most {@link discoverThanosQuerier} reads of the route object. */
const ROUTE_MAX_BYTES = 1024 * 1024;

/** What ovskit takes from the current kubeconfig context. */
export interface KubeContext {
  readonly name: string;
  /** API server URL. */
  readonly server: string;
  readonly namespace?: string;
  /** Bearer token of the context's user (`token` or `tokenFile`); exec plugins are not run. */
  readonly token?: string;
  /** TLS settings for the API server (cluster CA, client certificate, insecure flag). */
  readonly tls: PrometheusTlsOptions;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const named = (list: unknown, name: string): Obj => obj(obj((Array.isArray(list) ? list : []).find((e) => obj(e).name === name)));

/** `xxx-data` (base64) wins over the file path `xxx`. */
function pem(section: Obj, key: string): string | undefined {
  const data = str(section[`${key}-data`]);
  if (data !== undefined) return Buffer.from(data, "base64").toString("utf8");
  const file = str(section[key]);
  return file === undefined ? undefined : readFileSync(file, "utf8");
}

/**
 * Reads the current context of a kubeconfig text.
 *
 * @throws Error when there is no current context or it names a missing cluster.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { kubeContextFromText } from "ovskit/node";
 * const ctx = kubeContextFromText(readFileSync(process.env.HOME + "/.kube/config", "utf8"));
 * console.log(ctx.server, ctx.token !== undefined);
 * ```
 */
export function kubeContextFromText(text: string): KubeContext {
  const doc = obj(parseYaml(text));
  const current = str(doc["current-context"]);
  if (current === undefined) throw new Error("kubeconfig: no current-context");
  const context = obj(named(doc.contexts, current).context);
  const clusterName = str(context.cluster);
  const cluster = obj(named(doc.clusters, clusterName ?? "").cluster);
  const server = str(cluster.server);
  if (server === undefined) throw new Error(`kubeconfig: context ${current} has no cluster server`);
  const user = obj(named(doc.users, str(context.user) ?? "").user);
  const tokenFile = str(user.tokenFile);
  const token = str(user.token) ?? (tokenFile === undefined ? undefined : readFileSync(tokenFile, "utf8").trim());
  const ca = pem(cluster, "certificate-authority");
  const cert = pem(user, "client-certificate");
  const key = pem(user, "client-key");
  const tls: PrometheusTlsOptions = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(cluster["insecure-skip-tls-verify"] === true ? { insecureSkipVerify: true } : {}),
  };
  const namespace = str(context.namespace);
  return { name: current, server, tls, ...(namespace !== undefined ? { namespace } : {}), ...(token !== undefined ? { token } : {}) };
}

/**
 * Reads the current context from `$KUBECONFIG` (first file) or `~/.kube/config`.
 *
 * @example
 * ```ts
 * import { readKubeContext } from "ovskit/node";
 * console.log(readKubeContext().server);
 * ```
 */
export function readKubeContext(path?: string, env: Readonly<Record<string, string | undefined>> = process.env): KubeContext {
  const file = path ?? env.KUBECONFIG?.split(delimiter).find((p) => p !== "") ?? join(homedir(), ".kube", "config");
  return kubeContextFromText(readFileSync(file, "utf8"));
}

/** Options of {@link discoverThanosQuerier}. */
export interface ThanosDiscoveryOptions {
  /** Namespace of the route (default `openshift-monitoring`). */
  readonly namespace?: string;
  /** Route name (default `thanos-querier`). */
  readonly route?: string;
  /** Fetch to use (default: node-fetch with the context's TLS settings). */
  readonly fetch?: PrometheusFetch;
  readonly timeoutMs?: number;
}

/**
 * Finds the URL of the `thanos-querier` route in `openshift-monitoring` by asking the
 * Kubernetes API of the context (`GET /apis/route.openshift.io/v1/namespaces/.../routes/...`).
 * Call it only when the user allowed talking to the cluster.
 *
 * @example
 * ```ts
 * import { createNodePrometheusClient, discoverThanosQuerier, readKubeContext } from "ovskit/node";
 * const ctx = readKubeContext();
 * const url = await discoverThanosQuerier(ctx);
 * const prom = createNodePrometheusClient({ url, ...(ctx.token ? { token: ctx.token } : {}) });
 * ```
 */
export async function discoverThanosQuerier(ctx: KubeContext, options: ThanosDiscoveryOptions = {}): Promise<string> {
  const ns = options.namespace ?? "openshift-monitoring";
  const route = options.route ?? "thanos-querier";
  const path = `/apis/route.openshift.io/v1/namespaces/${encodeURIComponent(ns)}/routes/${encodeURIComponent(route)}`;
  const fetch = options.fetch ?? createTlsFetch(ctx.tls);
  const secrets = ctx.token === undefined ? [] : [ctx.token];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  try {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (ctx.token !== undefined) headers.Authorization = `Bearer ${ctx.token}`;
    let res;
    try {
      // redirect: "manual": the bearer token goes to the API server and nowhere else.
      res = await fetch(ctx.server.replace(/\/+$/, "") + path, { method: "GET", headers, signal: controller.signal, redirect: "manual" });
    } catch (e) {
      throw new PrometheusHttpError({ reason: "network", status: 0, path, detail: redactSecrets(String((e as Error).message), secrets), secrets });
    }
    if (res.status >= 300 && res.status < 400) {
      discardBody(res);
      throw new PrometheusHttpError({ reason: "status", status: res.status, path, secrets, detail: `the Kubernetes API redirected the request for route ${ns}/${route}; not followed (the token goes to the API server only)` });
    }
    // A route object is a few KiB: 1 MiB is plenty, and a hostile or broken server cannot make
    // the client buffer more.
    const { text: body } = await readBounded(res, ROUTE_MAX_BYTES, ROUTE_MAX_BYTES, path);
    if (res.status !== 200) throw new PrometheusHttpError({ reason: "status", status: res.status, path, body, secrets, detail: `cannot read route ${ns}/${route}` });
    let host: string | undefined;
    let tls = false;
    try {
      const spec = obj(obj(JSON.parse(body)).spec);
      host = str(spec.host);
      tls = spec.tls !== undefined && spec.tls !== null;
    } catch {
      host = undefined;
    }
    if (host === undefined) throw new PrometheusHttpError({ reason: "malformed", status: res.status, path, body, secrets, detail: "route has no spec.host" });
    return `${tls ? "https" : "http"}://${host}`;
  } finally {
    clearTimeout(timer);
  }
}
