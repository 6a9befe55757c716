/**
 * A local replica of a collected node, with the real OVS / OVN daemons (no containers, no kernel
 * module): the commands of the ovs-offline tutorial then work offline.
 *
 *   ovskit replica <sos report dir | .tar.xz | ovs-save dir> [options]     (or npm run replica -- ...)
 *   ovskit replica --conf conf.db [--nb ovnnb_db.db] [--sb ovnsb_db.db] [--flows BR=FILE]... [--groups BR=FILE]... [--tlv BR=FILE]...
 *
 * Options:
 *   --conf FILE / --nb FILE / --sb FILE   databases (with an ovs-save directory too: ovs-offline collects conf.db beside it)
 *   --flows BR=FILE, --groups BR=FILE, --tlv BR=FILE, --meters BR=FILE   dumps of one bridge, by hand
 *   --dir DIR        where the daemons, sockets and logs live (default: a new temporary directory)
 *   --keep-dir       leave DIR (databases, logs) after stopping
 *   --plain          ovs-vswitchd --enable-dummy: tunnel ports stay tunnels (default: =override, as ovs-offline)
 *   --json           print the replica (bridges, changes, sockets, env) as JSON
 *   --once           stop right after printing (default: run until Ctrl-C)
 *
 * Prints the bridges, what differs from the node, the sockets, and the commands to use; stops
 * every daemon it started on Ctrl-C.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Replica, ReplicaBridgeFiles, ReplicaFiles, ReplicaSource } from "ovskit/node";
import { CliError, UsageError, printHelp, runIfDirect, wantsHelp } from "./cli-kit.js";

const USAGE = `Usage: ovskit replica PATH [options]       (PATH: a sos report dir or .tar.xz, or an ovs-save dir)
       ovskit replica --conf conf.db [--nb ovnnb_db.db] [--sb ovnsb_db.db] [--flows BR=FILE]... [--groups BR=FILE]... [--tlv BR=FILE]...

Starts the real OVS / OVN daemons (no containers, no kernel module) on the collected state: the
commands of the ovs-offline tutorial then work offline.

  --conf FILE / --nb FILE / --sb FILE   databases (with an ovs-save directory too)
  --flows BR=FILE, --groups BR=FILE, --tlv BR=FILE, --meters BR=FILE   dumps of one bridge, by hand
  --dir DIR        where the daemons, sockets and logs live (default: a new temporary directory)
  --keep-dir       leave DIR (databases, logs) after stopping
  --plain          ovs-vswitchd --enable-dummy: tunnel ports stay tunnels (default: =override)
  --json           print the replica (bridges, changes, sockets, env) as JSON
  --once           stop right after printing (default: run until Ctrl-C)

Example (from a clone of ovskit):
  ovskit replica test/fixtures/sos/sosreport-ovskit-fixture.tar.xz --once
`;

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() === true;
}

/** A sos report (tarball, its directory, or a directory holding it) or an ovs-save directory. */
async function kindOf(path: string): Promise<"sos" | "ovs-save"> {
  if (!(await isDir(path)) || (await isDir(join(path, "sos_commands")))) return "sos";
  const names = await readdir(path);
  for (const n of names) if (await isDir(join(path, n, "sos_commands"))) return "sos";
  return "ovs-save";
}

interface Args {
  path: string | undefined;
  dbs: { confDb?: string; nbDb?: string; sbDb?: string };
  bridges: Record<string, { -readonly [K in keyof ReplicaBridgeFiles]: ReplicaBridgeFiles[K] }>;
  dir: string | undefined;
  keepDir: boolean;
  plain: boolean;
  json: boolean;
  once: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { path: undefined, dbs: {}, bridges: {}, dir: undefined, keepDir: false, plain: false, json: false, once: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const perBridge = (key: "flows" | "groups" | "tlv" | "meters") => {
      const v = value();
      const eq = v.indexOf("=");
      if (eq <= 0) throw new UsageError(`${arg} takes BRIDGE=FILE, got ${v}`);
      (a.bridges[v.slice(0, eq)] ??= {})[key] = v.slice(eq + 1);
    };
    if (arg === "--conf") a.dbs.confDb = value();
    else if (arg === "--nb") a.dbs.nbDb = value();
    else if (arg === "--sb") a.dbs.sbDb = value();
    else if (arg === "--flows") perBridge("flows");
    else if (arg === "--groups") perBridge("groups");
    else if (arg === "--tlv") perBridge("tlv");
    else if (arg === "--meters") perBridge("meters");
    else if (arg === "--dir") a.dir = value();
    else if (arg === "--keep-dir") a.keepDir = true;
    else if (arg === "--plain") a.plain = true;
    else if (arg === "--json") a.json = true;
    else if (arg === "--once") a.once = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (a.path === undefined) a.path = arg;
    else throw new UsageError(`one collection at a time (got ${a.path} and ${arg})`);
  }
  return a;
}

/** What to start from: the collection read by ovskit, or files by hand (databases added to an ovs-save directory). */
async function sourceOf(a: Args, { readOvsSave, readSosReport }: typeof import("ovskit/node")): Promise<ReplicaSource> {
  if (a.path !== undefined && (await kindOf(a.path)) === "sos") return readSosReport(a.path);
  const files: ReplicaFiles = { ...a.dbs, bridges: a.bridges };
  if (a.path === undefined) return files;
  const save = await readOvsSave(a.path);
  if (Object.keys(a.dbs).length === 0 && Object.keys(a.bridges).length === 0) return save;
  const bridges: Record<string, ReplicaBridgeFiles> = {};
  for (const b of save.bridges) {
    bridges[b.bridge] = {
      ...(b.flowsFile === undefined ? {} : { flows: b.flowsFile }),
      ...(b.groupsFile === undefined ? {} : { groups: b.groupsFile }),
      ...(save.script === undefined ? {} : { tlv: b.tlvMap }),
      ...(b.protocol === undefined ? {} : { protocol: b.protocol }),
    };
  }
  return { ...files, bridges: { ...bridges, ...a.bridges } };
}

function print(r: Replica): void {
  const t = r.timings;
  const origin = { sos: "a sos report", "ovs-save": "an ovs-save directory", files: "files" }[r.origin];
  console.log(`replica of ${origin} in ${r.dir} (${r.dummy} dummy datapath), started in ${Math.round(t.total)} ms (databases ${Math.round(t.databases)}, ovs-vswitchd ${Math.round(t.vswitchd)}, restore ${Math.round(t.restore)})`);
  for (const b of r.bridges) {
    console.log(`\n  bridge ${b.name}: ${b.flows} flows, ${b.groups} groups, ${b.meters} meters${b.tlvMap.length > 0 ? `, TLV map ${b.tlvMap.map((m) => m.field).join(" ")}` : ""}`);
    console.log(`    ports: ${b.ports.map((p) => `${p.ofport === 65534 ? "LOCAL" : p.ofport}(${p.name}${p.type === "dummy" || p.type === "internal" ? "" : `:${p.type}`})`).join(" ")}`);
  }
  if (r.changes.length > 0) {
    console.log("\n  differs from the node:");
    for (const c of r.changes) console.log(`    ${c.subject}: ${c.message}`);
  }
  console.log("\n  sockets:");
  console.log(`    OVS database   ${r.sockets.conf}`);
  if (r.sockets.nb !== undefined) console.log(`    OVN NB         ${r.sockets.nb}`);
  if (r.sockets.sb !== undefined) console.log(`    OVN SB         ${r.sockets.sb}`);
  console.log(`    ovs-vswitchd   ${r.sockets.vswitchd}`);
  for (const b of r.bridges) console.log(`    ${b.name.padEnd(14)} ${b.mgmt}`);
  const br = r.bridges.find((b) => b.name === "br-int")?.name ?? r.bridges[0]?.name ?? "BRIDGE";
  console.log("\n  in another shell:");
  for (const line of r.activate.trimEnd().split("\n")) console.log(`    ${line}`);
  console.log(`    ovs-vsctl show; ovs-ofctl dump-flows ${br}; ovs-appctl dpif/show`);
  console.log(`    ovs-appctl ofproto/trace ${br} 'in_port=1,ip,nw_dst=10.0.0.1'`);
  if (r.sockets.nb !== undefined) console.log("    ovn-nbctl show; ovn-nbctl acl-list SWITCH; ovn-nbctl lr-route-list ROUTER");
  if (r.sockets.sb !== undefined) console.log(`    ovn-sbctl lflow-list; ovn-trace --ovs DATAPATH 'inport=="PORT" && ...'`);
}

/** Runs the CLI; returns the exit status (after Ctrl-C, unless --once). */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return printHelp(USAGE);
  const args = parseArgs(argv);
  if (args.path === undefined && args.dbs.confDb === undefined && Object.keys(args.bridges).length === 0) {
    throw new UsageError("nothing to replicate: give a collection PATH or --conf FILE");
  }
  if (args.path !== undefined && (await stat(args.path).catch(() => undefined)) === undefined) throw new CliError(`${args.path}: no such file or directory`);
  // The library is loaded once the arguments are known (a usage error answers at once).
  const node = await import("ovskit/node");
  const { toJson } = await import("ovskit");
  let r: Replica;
  try {
    r = await node.startReplica(await sourceOf(args, node), { ...(args.dir === undefined ? {} : { dir: args.dir }), keepDir: args.keepDir, dummy: args.plain ? "plain" : "override" });
  } catch (e) {
    if (node.isReplicaError(e) && e.detail !== "") throw new CliError(`${e.message}\n${e.detail.split("\n").map((l) => `  ${l}`).join("\n")}`);
    throw e;
  }
  if (args.json) {
    const { ofctl, appctl, vsctl, nbctl, sbctl, ovnTrace, isStopped, stop, ...data } = r;
    console.log(toJson(data));
  } else print(r);

  if (args.once) {
    await r.stop();
    return 0;
  }
  console.error("running; Ctrl-C stops every daemon of the replica");
  return new Promise<number>((done) => {
    const keepAlive = setInterval(() => undefined, 1 << 30); // keep the event loop alive until a signal
    const quit = (signal: string) => {
      console.error(`${signal}: stopping the replica`);
      void r.stop().then(() => {
        clearInterval(keepAlive);
        done(0);
      });
    };
    process.once("SIGINT", () => quit("SIGINT"));
    process.once("SIGTERM", () => quit("SIGTERM"));
  });
}

runIfDirect(import.meta.url, "replica", main);
