/**
 * Node-only Prometheus helpers: TLS through node-fetch + https.Agent (against a local https
 * server with the test certificates of fixtures-gen/prometheus/tls.sh), environment and
 * kubeconfig configuration, thanos-querier route discovery against a fake Kubernetes API, and
 * metrics.yaml files.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createNodePrometheusClient,
  discoverThanosQuerier,
  kubeContextFromText,
  loadMetricsConfigFile,
  prometheusOptionsFromEnv,
  readKubeContext,
  resolvePrometheusOptions,
} from "../src/node/prometheus/index.js";
import { isMetricsConfigError } from "../src/ovs-perf/index.js";
import { PrometheusClient, isPrometheusHttpError, isPrometheusLimitError } from "../src/prometheus/index.js";
import { fixture } from "./helpers/fixtures.js";
import { type FakeServer, json, startFakeServer, success } from "./helpers/prometheus-fake-server.js";

const tls = (name: string) => fixture("prometheus", "tls", name);
const VECTOR = JSON.stringify(success({ resultType: "vector", result: [{ metric: {}, value: [1, "7"] }] }));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ovskit-prom-node-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("TLS through node-fetch and an https.Agent", () => {
  let server: Server;
  let url: string;
  const seen: Array<{ authorized: boolean; cn: string | undefined }> = [];
  beforeAll(async () => {
    server = createHttpsServer({ key: tls("server.key"), cert: tls("server.pem"), ca: tls("ca.pem"), requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const sock = req.socket as import("node:tls").TLSSocket;
      seen.push({ authorized: sock.authorized, cn: (sock.getPeerCertificate().subject as { CN?: string } | undefined)?.CN });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(VECTOR);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("trusts the given CA bundle", async () => {
    const prom = createNodePrometheusClient({ url, tls: { ca: tls("ca.pem") }, retries: 0 });
    const r = await prom.query("up");
    expect(r.data.resultType === "vector" && r.data.result[0]!.sample.value).toBe(7);
  });

  it("refuses a server signed by another CA (no silent insecure fallback), without pointless retries", async () => {
    const prom = createNodePrometheusClient({ url, tls: { ca: tls("other-ca.pem") }, retries: { retries: 3, baseDelayMs: 60_000 }, random: () => 0.999 });
    const e = await prom.query("up").catch((x: unknown) => x);
    expect(isPrometheusHttpError(e) && e.reason === "network").toBe(true);
    expect((e as Error).message).toMatch(/certificate/i);
    // no clock: a retry would wait 60 s and the test would time out
  });

  it("skips verification only when insecureSkipVerify is set", async () => {
    const prom = createNodePrometheusClient({ url, tls: { insecureSkipVerify: true }, retries: 0 });
    expect((await prom.query("up")).data.resultType).toBe("vector");
  });

  it("presents the client certificate", async () => {
    seen.length = 0;
    const prom = createNodePrometheusClient({ url, tls: { ca: tls("ca.pem"), cert: tls("client.pem"), key: tls("client.key") }, retries: 0 });
    await prom.query("up");
    expect(seen).toEqual([{ authorized: true, cn: "ovskit-test-client" }]);
  });

  it("the browser-safe client refuses tls options without a TLS-capable fetch", () => {
    expect(() => new PrometheusClient({ url, tls: { ca: "x" } })).toThrow(/createNodePrometheusClient/);
  });
});

describe("configuration from the environment", () => {
  it("PROMETHEUS_URL, PROMETHEUS_TOKEN / _TOKEN_FILE, PROMETHEUS_CA_FILE, PROMETHEUS_INSECURE_SKIP_VERIFY", () => {
    expect(prometheusOptionsFromEnv({})).toBeUndefined();
    expect(prometheusOptionsFromEnv({ PROMETHEUS_URL: "http://p:9090", PROMETHEUS_TOKEN: "tok" })).toEqual({ url: "http://p:9090", token: "tok" });
    writeFileSync(join(dir, "token"), "file-token\n");
    writeFileSync(join(dir, "ca.pem"), tls("ca.pem"));
    expect(
      prometheusOptionsFromEnv({ PROMETHEUS_URL: "https://p", PROMETHEUS_TOKEN_FILE: join(dir, "token"), PROMETHEUS_CA_FILE: join(dir, "ca.pem"), PROMETHEUS_INSECURE_SKIP_VERIFY: "true" }),
    ).toEqual({ url: "https://p", token: "file-token", tls: { ca: tls("ca.pem"), insecureSkipVerify: true } });
  });
});

const KUBECONFIG = (server: string) => `apiVersion: v1
kind: Config
current-context: admin/api-ocp-example:6443/kube:admin
clusters:
- name: other
  cluster: { server: "https://other:6443" }
- name: api-ocp-example:6443
  cluster:
    server: ${server}
    certificate-authority-data: ${Buffer.from(tls("ca.pem")).toString("base64")}
contexts:
- name: other
  context: { cluster: other, user: nobody }
- name: admin/api-ocp-example:6443/kube:admin
  context: { cluster: "api-ocp-example:6443", user: "kube:admin/api-ocp-example:6443", namespace: openshift-ovn-kubernetes }
users:
- name: nobody
  user: { token: wrong }
- name: kube:admin/api-ocp-example:6443
  user: { token: sha256~kube-secret-token }
`;

describe("kubeconfig and thanos-querier discovery", () => {
  let api: FakeServer;
  afterEach(async () => api?.close());

  it("reads the current context: server, token, CA, namespace", () => {
    const ctx = kubeContextFromText(KUBECONFIG("https://api.ocp.example:6443"));
    expect(ctx).toMatchObject({ server: "https://api.ocp.example:6443", token: "sha256~kube-secret-token", namespace: "openshift-ovn-kubernetes", tls: { ca: tls("ca.pem") } });
    expect(() => kubeContextFromText("apiVersion: v1\nclusters: []\n")).toThrow(/current-context/);
    writeFileSync(join(dir, "kubeconfig"), KUBECONFIG("https://x:6443"));
    expect(readKubeContext(undefined, { KUBECONFIG: `${join(dir, "kubeconfig")}:/nonexistent` }).server).toBe("https://x:6443");
  });

  it("finds the route through the Kubernetes API with the context's token", async () => {
    api = await startFakeServer((q, res) => {
      if (q.headers.authorization !== "Bearer sha256~kube-secret-token") return json(res, 401, { kind: "Status", code: 401 });
      if (q.path !== "/apis/route.openshift.io/v1/namespaces/openshift-monitoring/routes/thanos-querier") return json(res, 404, { kind: "Status", code: 404 });
      json(res, 200, { kind: "Route", spec: { host: "thanos-querier-openshift-monitoring.apps.ocp.example", port: { targetPort: "web" }, tls: { termination: "reencrypt" } } });
    });
    const ctx = kubeContextFromText(KUBECONFIG(api.url));
    expect(await discoverThanosQuerier(ctx)).toBe("https://thanos-querier-openshift-monitoring.apps.ocp.example");
    expect(api.requests[0]!.method).toBe("GET");
  });

  it("a refused lookup is a typed error that does not carry the token", async () => {
    api = await startFakeServer((q, res) => json(res, 403, { kind: "Status", message: `forbidden for ${String(q.headers.authorization)}` }));
    const e = await discoverThanosQuerier(kubeContextFromText(KUBECONFIG(api.url))).catch((x: unknown) => x);
    expect(isPrometheusHttpError(e) && e.status === 403).toBe(true);
    expect(inspect(e, { showHidden: true }) + JSON.stringify(e) + String(e)).not.toContain("kube-secret-token");
  });

  it("a redirect of the route lookup is not followed: the token reaches the API server only", async () => {
    const other = await startFakeServer((_q, res) => json(res, 200, { spec: { host: "evil.example" } }));
    try {
      api = await startFakeServer((_q, res) => {
        res.writeHead(302, { Location: `${other.url}/steal` });
        res.end();
      });
      const e = await discoverThanosQuerier(kubeContextFromText(KUBECONFIG(api.url))).catch((x: unknown) => x);
      expect(isPrometheusHttpError(e) && e.status === 302).toBe(true);
      expect(String((e as Error).message)).toMatch(/redirected/);
      expect(other.requests).toHaveLength(0);
      expect(inspect(e, { showHidden: true }) + String(e)).not.toContain("kube-secret-token");
    } finally {
      await other.close();
    }
  });

  it("a route answer larger than 1 MiB is refused, not buffered", async () => {
    api = await startFakeServer((_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`{"spec":{"host":"${"a".repeat(2 * 1024 * 1024)}"}}`);
    });
    const e = await discoverThanosQuerier(kubeContextFromText(KUBECONFIG(api.url))).catch((x: unknown) => x);
    expect(isPrometheusLimitError(e) && e.code).toBe("body-too-large");
  });

  it("resolvePrometheusOptions: env first; kubeconfig only when allowed", async () => {
    api = await startFakeServer((_q, res) => json(res, 200, { spec: { host: "thanos.apps.example" } }));
    writeFileSync(join(dir, "kc"), KUBECONFIG(api.url));
    const env = { KUBECONFIG: join(dir, "kc") };
    expect(await resolvePrometheusOptions({ env: { ...env, PROMETHEUS_URL: "http://p:9090" }, allowKubeDiscovery: true })).toEqual({ options: { url: "http://p:9090" }, source: "env" });
    await expect(resolvePrometheusOptions({ env })).rejects.toThrow(/PROMETHEUS_URL/);
    expect(api.requests).toHaveLength(0);
    expect(await resolvePrometheusOptions({ env, allowKubeDiscovery: true })).toEqual({
      options: { url: "http://thanos.apps.example", token: "sha256~kube-secret-token" },
      source: "kubeconfig",
    });
  });
});

describe("metrics.yaml files", () => {
  it("loads and merges a file; errors name the file and the key", async () => {
    writeFileSync(join(dir, "good.yaml"), "metrics:\n  - id: br_int_flows\n    thresholds: { warning: 20000, critical: 80000 }\n");
    const cfg = await loadMetricsConfigFile(join(dir, "good.yaml"));
    expect(cfg.metrics.find((m) => m.id === "br_int_flows")!.thresholds).toEqual({ warning: 20000, critical: 80000 });
    writeFileSync(join(dir, "bad.yaml"), "metrics:\n  - id: br_int_flows\n    treshold: { warning: 1 }\n");
    const e = await loadMetricsConfigFile(join(dir, "bad.yaml")).catch((x: unknown) => x);
    expect(isMetricsConfigError(e)).toBe(true);
    expect((e as Error).message).toBe(`metrics.yaml metrics[0].treshold: unknown key (allowed: id, title, category, query, unit, entity, statistic, direction, thresholds, recommendation, for, disabled) (in ${join(dir, "bad.yaml")})`);
  });
});
