/**
 * The k8s-ofparse monitor, on ovskit's FlowSync: keeps `<node>.flows` fresh for every node
 * (`ovs-ofctl dump-flows tcp:NODE_IP:PORT`, the port the DaemonSet opened), and shows all nodes
 * at once.
 *
 *   tsx monitor.ts sync --nodes-file nodes.txt [--dir /data/flows] [--interval 15] [--keep 5] [--protocol OpenFlow15]
 *   tsx monitor.ts sync --nodes worker-1=tcp:10.0.0.11:6653,worker-2=tcp:10.0.0.12:6653
 *   tsx monitor.ts show [--dir /data/flows] [--top 10] [--since previous|oldest]
 *       per node: flows, per-table counts, and what changed (hot flows) since the previous
 *       snapshot, or since the oldest one kept
 *
 * nodes.txt holds one `name=IP` (the port comes from --port, default 6653) or `name=target` per line.
 * `sync` runs until SIGTERM / SIGINT, then stops cleanly (dumps in flight killed, no partial file).
 */
import { hotFlowChanges } from "ovskit";
import { FlowSync, type NodeSyncResult, diffFlowFiles, isLiveSourceError, listSnapshots, readFlowsDir } from "ovskit/node";
import { readFileSync } from "node:fs";

function option(args: string[], name: string, fallback?: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

function nodesFrom(args: string[]): Record<string, string> {
  const port = option(args, "port", "6653")!;
  const spec = option(args, "nodes");
  const file = option(args, "nodes-file");
  const entries = [...(spec?.split(",") ?? []), ...(file !== undefined ? readFileSync(file, "utf8").split("\n") : [])]
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const nodes: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq <= 0) throw new Error(`bad node entry ${JSON.stringify(e)} (want name=IP or name=tcp:IP:PORT)`);
    const name = e.slice(0, eq);
    const value = e.slice(eq + 1);
    nodes[name] = /^(tcp|ssl|unix):/.test(value) ? value : `tcp:${value}:${port}`;
  }
  if (Object.keys(nodes).length === 0) throw new Error("no nodes: give --nodes or --nodes-file");
  return nodes;
}

function describe(r: NodeSyncResult): string {
  if (r.ok) return `${r.node}: ${r.flows} flows (${r.bytes} bytes, ${r.elapsedMs.toFixed(0)} ms)${r.issues > 0 ? `, ${r.issues} issues` : ""}`;
  const why = isLiveSourceError(r.error) ? `${r.error.problem}: ${r.error.message}` : String(r.error);
  return `${r.node}: FAILED ${why}`;
}

async function sync(args: string[]): Promise<void> {
  const dir = option(args, "dir", "/data/flows")!;
  const protocol = option(args, "protocol");
  const sync = new FlowSync({
    dir,
    nodes: nodesFrom(args),
    intervalMs: Number(option(args, "interval", "15")) * 1000,
    keep: Number(option(args, "keep", "5")),
    dump: { timeoutMs: Number(option(args, "timeout", "10")) * 1000, ...(protocol !== undefined ? { protocol } : {}) },
    onResult: (r) => console.log(`${r.at.toISOString()} ${describe(r)}`),
  });
  console.log(`syncing ${dir} every ${option(args, "interval", "15")} s`);
  sync.start();
  await new Promise<void>((resolve) => {
    const stop = () => {
      console.log("stopping");
      void sync.stop().then(resolve);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  console.log("stopped");
}

async function show(args: string[]): Promise<void> {
  const dir = option(args, "dir", "/data/flows")!;
  const top = Number(option(args, "top", "10"));
  const since = option(args, "since", "previous") === "oldest" ? "oldest" : "previous";
  const { nodes, flowSet } = await readFlowsDir(dir, { lazyActions: true });
  console.log(`${dir}: ${nodes.length} nodes, ${flowSet.flows.length} flows`);
  for (const n of nodes) {
    const tables = new Map<number | string, number>();
    for (const f of n.flows) tables.set(f.table ?? 0, (tables.get(f.table ?? 0) ?? 0) + 1);
    const perTable = [...tables].sort((a, b) => (typeof a[0] === 'number' && typeof b[0] === 'number' ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0])))).map(([t, c]) => `${t}:${c}`).join(" ");
    console.log(`\n${n.node}: ${n.flows.length} flows, written ${n.mtime.toISOString()}${n.issues.length > 0 ? `, ${n.issues.length} issues` : ""}`);
    console.log(`  per table: ${perTable}`);
    const snaps = await listSnapshots(dir, n.node);
    if (snaps.length < 2) continue;
    const before = since === "oldest" ? snaps[0]! : snaps[snaps.length - 2]!;
    const diff = await diffFlowFiles(before, snaps[snaps.length - 1]!);
    console.log(`  since the ${since} snapshot: +${diff.added.length} -${diff.removed.length} flows, ${diff.changed.length} changed`);
    for (const c of hotFlowChanges(diff, { limit: top })) console.log(`  hot +${c.packetsDelta} pkts  ${c.key}`);
  }
}

const [cmd = "sync", ...rest] = process.argv.slice(2);
try {
  if (cmd === "sync") await sync(rest);
  else if (cmd === "show") await show(rest);
  else throw new Error(`unknown command ${cmd} (sync | show)`);
} catch (e) {
  console.error(`monitor: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
