/**
 * A `fetch` for the Prometheus client with TLS options (CA bundle, client certificate,
 * verification skipped only when asked), built on node-fetch v3 and an `https.Agent`.
 *
 * node-fetch v3 is ESM-only: it is loaded lazily with a dynamic `import()` on the first request,
 * so this module also works from the CommonJS build of ovskit.
 *
 * @module
 */
import { Agent as HttpsAgent } from "node:https";
import { type PrometheusFetch, type PrometheusFetchInit, type PrometheusFetchResponse, type PrometheusTlsOptions } from "ovskit";

type NodeFetch = (url: string, init: Record<string, unknown>) => Promise<PrometheusFetchResponse>;

let nodeFetchPromise: Promise<NodeFetch> | undefined;

/** Loads node-fetch once. Kept as a real dynamic import in the CJS build (see the module doc). */
function loadNodeFetch(): Promise<NodeFetch> {
  nodeFetchPromise ??= import("node-fetch").then((m) => m.default as unknown as NodeFetch);
  return nodeFetchPromise;
}

/**
 * An `https.Agent` for the given TLS options. `insecureSkipVerify` turns verification off; it is
 * never the default.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { createTlsAgent } from "ovskit/node";
 * const agent = createTlsAgent({ ca: readFileSync("/etc/pki/ca.pem", "utf8") });
 * ```
 */
export function createTlsAgent(tls: PrometheusTlsOptions): HttpsAgent {
  return new HttpsAgent({
    keepAlive: true,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
    rejectUnauthorized: tls.insecureSkipVerify !== true,
  });
}

/**
 * A {@link PrometheusFetch} that sends `https:` requests through an agent with the given TLS
 * options (plain `http:` requests go without agent). Redirects are never followed here (they
 * come back as 3xx answers): the client follows them itself and decides which headers go where.
 * The body is returned as a stream, so the client can stop reading at its size bound.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { PrometheusClient } from "ovskit";
 * import { createTlsFetch } from "ovskit/node";
 * const tls = { ca: readFileSync("ca.pem", "utf8") };
 * const prom = new PrometheusClient({ url: "https://prom.example:9091", tls, fetch: createTlsFetch(tls) });
 * ```
 */
export function createTlsFetch(tls: PrometheusTlsOptions): PrometheusFetch {
  const agent = createTlsAgent(tls);
  return async (url: string, init: PrometheusFetchInit): Promise<PrometheusFetchResponse> => {
    const fetch = await loadNodeFetch();
    // Never "follow": node-fetch would send every header to whatever origin the server names.
    // The client follows redirects itself (same origin keeps the headers, see PrometheusClient).
    const options: Record<string, unknown> = { method: init.method, headers: init.headers, signal: init.signal, redirect: "manual" };
    if (init.body !== undefined) options.body = init.body;
    if (url.startsWith("https:")) options.agent = agent;
    return fetch(url, options);
  };
}
