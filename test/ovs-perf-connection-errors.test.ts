/**
 * The connection check names what went wrong for every error family of the client: a bound
 * passed, a redirect not followed, a request that could not be made, besides HTTP, query and
 * timeout errors (0.1 called the newer ones "other").
 */
import { describe, expect, it } from "vitest";
import { checkPrometheusConnection } from "../src/ovs-perf/index.js";
import { PrometheusClient, type PrometheusFetch } from "../src/prometheus/index.js";

/** A fetch that answers every request with `status`, `headers` and `body`. */
function answering(status: number, headers: Record<string, string>, body: string): PrometheusFetch {
  return async () =>
    new Response(status === 302 ? null : body, { status, headers }) as unknown as Awaited<ReturnType<PrometheusFetch>>;
}

describe("checkPrometheusConnection error kinds", () => {
  it("a body over maxResponseBytes: kind limit", async () => {
    const big = JSON.stringify({ status: "success", data: { resultType: "vector", result: [] }, pad: "x".repeat(10_000) });
    const prom = new PrometheusClient({ url: "http://prom.example:9090", fetch: answering(200, { "content-type": "application/json" }, big), maxResponseBytes: 1024, retries: 0 });
    const c = await checkPrometheusConnection(prom);
    expect(c.status).toBe("unreachable");
    expect(c.error?.kind).toBe("limit");
    expect(c.message).toMatch(/could not be queried/);
  });

  it("a redirect to another origin: kind redirect, with its status", async () => {
    const prom = new PrometheusClient({ url: "http://prom.example:9090", token: "s3cret-token", fetch: answering(302, { location: "http://elsewhere.example/api/v1/query" }, ""), retries: 0 });
    const c = await checkPrometheusConnection(prom);
    expect(c.error).toMatchObject({ kind: "redirect", status: 302 });
    expect(JSON.stringify(c)).not.toContain("s3cret-token");
  });

  it("a request that cannot be made: kind request", async () => {
    const prom = new PrometheusClient({ url: "http://prom.example:9090", fetch: answering(200, {}, "{}"), retries: 0 });
    const c = await checkPrometheusConnection(prom, { time: Number.NaN });
    expect(c.error?.kind).toBe("request");
  });
});
