/**
 * A watchdog thread for the fuzz suite. A parser stuck in a synchronous loop cannot be
 * interrupted from its own thread (vitest's timeouts never fire), so a worker thread watches a
 * shared counter: when one case runs longer than its limit, the worker writes the case's
 * replay command to stderr and to `<outDir>/HANG.txt`, then kills the test process, which fails
 * the run with the reproducer on screen.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

const WORKER = `
const { workerData } = require("node:worker_threads");
const { writeFileSync, writeSync } = require("node:fs");
const state = new Int32Array(workerData.buffer);
const names = new Int32Array(workerData.names);
const decoder = new TextDecoder();
for (;;) {
  const gen = Atomics.load(state, 0);
  if (Atomics.load(state, 1) === 0) { Atomics.wait(state, 0, gen, 1000); continue; }
  const limit = Atomics.load(state, 3);
  const started = Date.now();
  while (Atomics.load(state, 0) === gen && Date.now() - started < limit) Atomics.wait(state, 0, gen, 250);
  if (Atomics.load(state, 0) !== gen || Atomics.load(state, 1) === 0) continue;
  const len = Atomics.load(state, 4);
  const bytes = new Uint8Array(len);
  for (let i = 0; i < len; i++) bytes[i] = Atomics.load(names, i);
  const what = decoder.decode(bytes);
  const msg = "\\n\\nFUZZ HANG: a case ran for more than " + limit + " ms: " + what + "\\n\\n";
  try { writeFileSync(workerData.file, msg); } catch {}
  try { writeSync(2, msg); } catch {}
  process.kill(process.pid, "SIGKILL");
}
`;

/** The handle the runner uses around each case. */
export interface Watchdog {
  /** A case starts: `what` is its reproducer, `limitMs` how long it may run. */
  enter(what: string, limitMs: number): void;
  leave(): void;
  stop(): Promise<void>;
}

export function startWatchdog(outDir: string): Watchdog {
  mkdirSync(outDir, { recursive: true });
  const buffer = new SharedArrayBuffer(5 * 4);
  const names = new SharedArrayBuffer(4096 * 4);
  const state = new Int32Array(buffer);
  const text = new Int32Array(names);
  const worker = new Worker(WORKER, { eval: true, workerData: { buffer, names, file: join(outDir, "HANG.txt") } });
  worker.unref();
  const encoder = new TextEncoder();
  return {
    enter(what, limitMs) {
      const bytes = encoder.encode(what).subarray(0, 4096);
      for (let i = 0; i < bytes.length; i++) text[i] = bytes[i] as number;
      Atomics.store(state, 4, bytes.length);
      Atomics.store(state, 3, Math.ceil(limitMs));
      Atomics.store(state, 1, 1);
      Atomics.add(state, 0, 1);
      Atomics.notify(state, 0);
    },
    leave() {
      Atomics.store(state, 1, 0);
      Atomics.add(state, 0, 1);
      Atomics.notify(state, 0);
    },
    async stop() {
      await worker.terminate();
    },
  };
}
