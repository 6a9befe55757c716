/**
 * {@link FlowSync}: keeps one `<node>.flows` file per node fresh (what k8s-ofparse's monitor pod
 * does), with the last K snapshots of each node kept for diffs.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { listSnapshots } from "../offline/flows-dir.js";
import { type DumpFlowsOptions, streamFlows } from "./ofctl.js";

/** One node to sync: its name (the file is `<name>.flows`) and its `ovs-ofctl` target. */
export interface FlowSyncNode {
  readonly name: string;
  /** `tcp:IP:PORT`, `unix:/path/br-int.mgmt` or a bridge name. */
  readonly target: string;
  /** Options for this node only (merged over {@link FlowSyncOptions.dump}). */
  readonly dump?: DumpFlowsOptions;
}

/** Options of {@link FlowSync}. */
export interface FlowSyncOptions {
  /** Directory of the `<node>.flows` files (created when missing). */
  readonly dir: string;
  /** The nodes: name → target, or a list of {@link FlowSyncNode}. */
  readonly nodes: Readonly<Record<string, string>> | ReadonlyMap<string, string> | readonly FlowSyncNode[];
  /** Time between the starts of two rounds (default 15000 ms, as k8s-ofparse). */
  readonly intervalMs?: number;
  /**
   * Snapshots kept per node under `<dir>/snapshots/<node>/` (default 5; 0 keeps none, only
   * `<node>.flows`). A snapshot is a hard link to the file it was, so it costs no copy.
   */
  readonly keep?: number;
  /** Options of every dump (`protocol`, `timeoutMs`, `ofctl`, `env`...). */
  readonly dump?: DumpFlowsOptions;
  /** How many nodes are dumped at the same time (default 8). */
  readonly concurrency?: number;
  /** Called after each node's dump, success or failure. */
  readonly onResult?: (result: NodeSyncResult) => void;
  /** Called after each round, with every node's result. */
  readonly onRound?: (round: SyncRound) => void;
}

/** What one node's dump gave in a round. */
export type NodeSyncResult =
  | {
      readonly ok: true;
      readonly node: string;
      readonly target: string;
      /** The `<node>.flows` file, now holding this dump. */
      readonly file: string;
      /** The snapshot of this dump, when snapshots are kept. */
      readonly snapshot: string | undefined;
      readonly flows: number;
      /** Lines of the dump that did not parse (the file is still written: it is what OVS said). */
      readonly issues: number;
      readonly bytes: number;
      readonly elapsedMs: number;
      readonly at: Date;
    }
  | {
      readonly ok: false;
      readonly node: string;
      readonly target: string;
      /** Usually a `LiveSourceError` (`unreachable`, `timeout`...). The node's file was left as it was. */
      readonly error: unknown;
      readonly elapsedMs: number;
      readonly at: Date;
    };

/** One round of {@link FlowSync}: every node's result, in the order of the nodes. */
export interface SyncRound {
  readonly round: number;
  readonly startedAt: Date;
  readonly results: readonly NodeSyncResult[];
}

const NODE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Keeps `<dir>/<node>.flows` fresh for a list of nodes: every `intervalMs` it runs
 * `ovs-ofctl dump-flows TARGET` for each node (in parallel, bounded), streams the output into a
 * temporary file while parsing it, and on success renames it over `<node>.flows` (readers never
 * see a partial file) and keeps it as a snapshot (the last `keep` per node). A node that fails
 * (unreachable, timeout, not a dump) is reported in its result and keeps its previous file;
 * the other nodes go on. `stop()` ends the loop, kills dumps in flight and removes their
 * temporary files.
 *
 * @example
 * ```ts
 * import { FlowSync } from "ovskit/node";
 * const sync = new FlowSync({
 *   dir: "/tmp/flows",
 *   nodes: { "worker-1": "tcp:10.0.0.11:6653", "worker-2": "tcp:10.0.0.12:6653" },
 *   intervalMs: 15_000,
 *   keep: 4,
 *   dump: { protocol: "OpenFlow15", timeoutMs: 10_000 },
 *   onResult: (r) => console.log(r.node, r.ok ? `${r.flows} flows` : String(r.error)),
 * });
 * sync.start();
 * // ... later
 * await sync.stop();
 * ```
 */
export class FlowSync {
  private readonly nodes: readonly FlowSyncNode[];
  private readonly intervalMs: number;
  private readonly keep: number;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<SyncRound> | undefined;
  private abort = new AbortController();
  private stopped = true;
  private rounds = 0;
  private readonly latest = new Map<string, NodeSyncResult>();

  constructor(private readonly options: FlowSyncOptions) {
    this.nodes = normalizeNodes(options.nodes);
    for (const n of this.nodes) {
      if (!NODE_NAME.test(n.name)) throw new TypeError(`FlowSync: node name ${JSON.stringify(n.name)} cannot be a file name`);
    }
    if (new Set(this.nodes.map((n) => n.name)).size !== this.nodes.length) throw new TypeError("FlowSync: node names repeat");
    this.intervalMs = options.intervalMs ?? 15_000;
    this.keep = Math.max(0, Math.floor(options.keep ?? 5));
  }

  /** True between {@link start} and {@link stop}. */
  get running(): boolean {
    return !this.stopped;
  }

  /** The last result of every node that has one. */
  get lastResults(): ReadonlyMap<string, NodeSyncResult> {
    return this.latest;
  }

  /** The `<node>.flows` file of a node. */
  file(node: string): string {
    return join(this.options.dir, `${node}.flows`);
  }

  /** The snapshot directory of a node. */
  snapshotDir(node: string): string {
    return join(this.options.dir, "snapshots", node);
  }

  /** Starts the loop: a round now, then one every `intervalMs` (rounds never overlap). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    const loop = () => {
      if (this.stopped) return;
      const t0 = Date.now();
      void this.syncOnce().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(loop, Math.max(0, this.intervalMs - (Date.now() - t0)));
      });
    };
    loop();
  }

  /**
   * Stops the loop; dumps in flight are killed (their nodes get an `aborted` failure) and their
   * temporary files removed. Resolves when nothing runs any more.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.current?.catch(() => undefined);
  }

  /**
   * Runs one round now (also usable without {@link start}): dumps every node and resolves with
   * every node's result. Never rejects for a node's failure.
   */
  async syncOnce(): Promise<SyncRound> {
    while (this.current !== undefined) await this.current.catch(() => undefined);
    const round = this.runRound();
    this.current = round;
    try {
      return await round;
    } finally {
      this.current = undefined;
    }
  }

  /** The snapshot files of a node, oldest first. */
  snapshots(node: string): Promise<string[]> {
    return listSnapshots(this.options.dir, node);
  }

  private async runRound(): Promise<SyncRound> {
    const round = ++this.rounds;
    const startedAt = new Date();
    await mkdir(this.options.dir, { recursive: true });
    const results: NodeSyncResult[] = new Array<NodeSyncResult>(this.nodes.length);
    let next = 0;
    const worker = async () => {
      while (next < this.nodes.length) {
        const i = next++;
        const node = this.nodes[i]!;
        const r = await this.syncNode(node);
        results[i] = r;
        this.latest.set(node.name, r);
        this.options.onResult?.(r);
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, this.nodes.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const out: SyncRound = { round, startedAt, results };
    this.options.onRound?.(out);
    return out;
  }

  private async syncNode(node: FlowSyncNode): Promise<NodeSyncResult> {
    const t0 = performance.now();
    const at = new Date();
    const dir = this.options.dir;
    const tmp = join(dir, `.${node.name}.flows.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    const fh = await open(tmp, "w");
    let bytes = 0;
    let closed = false;
    try {
      // Counted, not kept: a node may have 600k flows.
      let flows = 0;
      let issues = 0;
      const items = streamFlows(node.target, {
        lazyActions: true,
        ...this.options.dump,
        ...node.dump,
        signal: this.abort.signal,
        onOutput: async (chunk) => {
          bytes += chunk.byteLength;
          await fh.write(chunk);
        },
      });
      for await (const item of items) {
        if (item.type === "flow") flows++;
        else issues++;
      }
      await fh.close();
      closed = true;
      const file = this.file(node.name);
      let snapshot: string | undefined;
      if (this.keep > 0) {
        const sdir = this.snapshotDir(node.name);
        await mkdir(sdir, { recursive: true });
        snapshot = join(sdir, `${stamp(at)}-r${String(this.rounds).padStart(6, "0")}.flows`);
        await link(tmp, snapshot);
      }
      await rename(tmp, file);
      if (this.keep > 0) await this.prune(node.name);
      return { ok: true, node: node.name, target: node.target, file, snapshot, flows, issues, bytes, elapsedMs: performance.now() - t0, at };
    } catch (error) {
      if (!closed) await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      return { ok: false, node: node.name, target: node.target, error, elapsedMs: performance.now() - t0, at };
    }
  }

  private async prune(node: string): Promise<void> {
    const all = await this.snapshots(node);
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) await rm(old, { force: true });
  }
}

function normalizeNodes(nodes: FlowSyncOptions["nodes"]): FlowSyncNode[] {
  if (Array.isArray(nodes)) return [...(nodes as readonly FlowSyncNode[])];
  if (nodes instanceof Map) return [...(nodes as ReadonlyMap<string, string>)].map(([name, target]) => ({ name, target }));
  return Object.entries(nodes as Readonly<Record<string, string>>).map(([name, target]) => ({ name, target }));
}

/** `20240102T030405.678Z`: sorts as time does. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "");
}
