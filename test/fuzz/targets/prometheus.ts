/**
 * Prometheus answers: the client end to end over a fake `fetch` that returns the (mutated) real
 * answers for a random endpoint, status and content type, with a bearer token whose value must
 * never appear in an error; and the pure decoders.
 */
import { type PrometheusFetchResponse, PrometheusClient, decodeApiAnswer, decodeQueryData } from "../../../src/index.js";
import type { Rng } from "../rng.js";
import { type FuzzTarget, lineGrowth, settle, tenMegabytes, textSeeds } from "../target.js";

const TOKEN = "fuzz-s3cr3t-Bearer-Token-7f1c";
const PASSWORD = "fuzz-pa55word-91";
const answers = () => textSeeds("prometheus", /^(?!prometheusrule).*\.json$/);

type Call = (c: PrometheusClient) => Promise<unknown>;
const CALLS: readonly Call[] = [
  (c) => c.query("up"),
  (c) => c.queryRange("rate(x[5m])", { start: 1_700_000_000, end: 1_700_003_600, step: 60 }),
  (c) => c.series(["up"]),
  (c) => c.labelNames(),
  (c) => c.labelValues("bridge"),
  (c) => c.metadata(),
  (c) => c.rules(),
  (c) => c.alerts(),
  (c) => c.targets(),
  (c) => c.buildInfo(),
];

function response(status: number, contentType: string, body: string, rng: Rng): PrometheusFetchResponse {
  const headers = new Map([["content-type", contentType]]);
  if (rng.chance(0.1)) headers.set("retry-after", rng.pick(["1", "0.5", "Wed, 21 Oct 2015 07:28:00 GMT", "x"]));
  if (rng.chance(0.1)) headers.set("content-length", String(rng.pick([0, body.length, 1e12, -1])));
  const streamed = rng.chance(0.5);
  return {
    status,
    headers: { get: (n: string) => headers.get(n.toLowerCase()) ?? null },
    ...(streamed && {
      body: (async function* () {
        const bytes = new TextEncoder().encode(body);
        for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
      })(),
    }),
    text: async () => body,
  };
}

/** True when `text` holds a secret of the client's configuration. */
const leaks = (text: string): boolean => text.includes(TOKEN) || text.includes(PASSWORD);

function leakIn(e: unknown, depth = 0): string | undefined {
  if (typeof e !== "object" || e === null || depth > 5) return undefined;
  const err = e as Error & Record<string, unknown>;
  for (const k of ["message", "stack", ...Object.keys(err)]) {
    const v = err[k];
    if (typeof v === "string" && leaks(v)) return k;
    if (typeof v === "object" && v !== null && k !== "cause" && leaks(JSON.stringify(v) ?? "")) return k;
  }
  return err.cause === undefined ? undefined : leakIn(err.cause, depth + 1);
}

async function clientRun(body: string, rng: Rng): Promise<unknown> {
  const status = rng.pick([200, 200, 200, 200, 400, 422, 503, 500, 302]);
  const contentType = rng.pick(["application/json", "application/json", "text/html; charset=utf-8", "text/plain", ""]);
  const client = new PrometheusClient({
    url: rng.chance(0.5) ? "http://127.0.0.1:9/prom" : `http://admin:${PASSWORD}@127.0.0.1:9/prom`,
    ...(rng.chance(0.7) && { token: TOKEN }),
    headers: { "X-Api-Key": TOKEN },
    retries: 0,
    timeoutMs: 5000,
    maxResponseBytes: rng.chance(0.2) ? rng.range(1, 4096) : 1 << 20,
    fetch: async () => response(status, contentType, body, rng),
  });
  try {
    return await rng.pick(CALLS)(client);
  } catch (e) {
    const where = leakIn(e);
    // A plain Error: the runner reports it as a finding (not an OvskitError), with this message.
    if (where !== undefined) throw new Error(`a secret leaked into the error's ${where}`);
    throw e;
  }
}

export const prometheusTargets: FuzzTarget[] = [
  {
    name: "PrometheusClient",
    covers: ["PrometheusClient"],
    input: "text",
    window: false,
    seeds: answers,
    run: (t: string, rng: Rng) => clientRun(t, rng),
    bigLine: () => tenMegabytes('{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"', "b", '"},"value":[1,"1"]}]}}'),
  },
  {
    name: "decodeApiAnswer",
    covers: ["decodeApiAnswer", "decodeQueryData", "parseSampleValue"],
    input: "text",
    window: false,
    seeds: answers,
    run: (t: string, rng: Rng) => {
      const answer = decodeApiAnswer({ status: rng.pick([200, 400, 422, 503]), contentType: "application/json", body: t, path: "/api/v1/query", secrets: [TOKEN] });
      // The decoder reads a parsed answer and may keep its objects: decode a copy, so that the
      // result holds each object once.
      return { answer, data: settle(() => decodeQueryData(structuredClone(answer.data), "/api/v1/query", [TOKEN])) };
    },
    growth: [lineGrowth("vector samples", '{"status":"success","data":{"resultType":"vector","result":[', '{"metric":{"__name__":"up","pod":"p"},"value":[1700000000,"1.5"]},', '{"metric":{},"value":[1,"NaN"]}]}}')],
    bigLine: () => tenMegabytes('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[', '[1,"2"],', '[1,"+Inf"]]}]}}'),
  },
];
