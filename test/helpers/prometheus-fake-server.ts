/**
 * A local node:http server for the Prometheus client's failure-mode tests: each test scripts the
 * answers; every request (method, path, parameters, headers) is recorded.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export const success = (data: unknown, extra: Record<string, unknown> = {}) => ({ status: "success", data, ...extra });

/** Starts a server on a free loopback port. */
export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://x");
      const params = new URLSearchParams(u.search);
      if (req.method === "POST") for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params.append(k, v);
      const rec: RecordedRequest = { method: req.method ?? "", path: u.pathname, params, headers: req.headers };
      requests.push(rec);
      handler(rec, res, requests.length - 1);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
