/**
 * {@link startReplica}: a local replica of a collected OVS / OVN node, made of the real
 * daemons: `ovsdb-server`s for conf.db, NB and SB, and an `ovs-vswitchd` on the dummy datapath
 * (no kernel module, no containers) with the collected bridges, ports, TLV maps, meters,
 * groups and flows restored.
 *
 * @module
 */
import { existsSync, rmSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type VswitchTables, CONVERT_COLUMNS, convertConfDb, createBridgesArgs, parseVsctlJson } from "./conf-db.js";
import { type ReplicaDaemon, startDaemon, stopDaemons, stopDaemonsSync } from "./daemons.js";
import { materializeDb, prepareDb, vswitchSchema } from "./databases.js";
import { checkPortsFree, claimDir } from "./directory.js";
import { ReplicaError } from "./errors.js";
import { readBridges } from "./inspect.js";
import { type RestoreCounts, restoreBridge } from "./restore.js";
import { type RunToolOptions, type ToolResult, replicaSearchPath, requirePrograms, runChecked, runTool } from "./run.js";
import { type DbSource, type ReplicaPlan, type ReplicaSource, planReplica } from "./source.js";
import type { Replica, ReplicaBridge, ReplicaChange, ReplicaOptions, ReplicaSockets } from "./types.js";

const OVS_PROGRAMS = ["ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl"];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The variables that point the OVS / OVN tools at `dir` (what ovs-offline's `activate` exports). */
function toolEnv(dir: string, sockets: ReplicaSockets): Record<string, string> {
  const env: Record<string, string> = {
    OVS_RUNDIR: dir,
    OVS_DBDIR: dir,
    OVS_LOGDIR: dir,
    OVS_SYSCONFDIR: dir,
    OVN_RUNDIR: dir,
    OVN_DBDIR: dir,
    OVN_LOGDIR: dir,
    OVN_SYSCONFDIR: dir,
  };
  if (sockets.nb !== undefined) env.OVN_NB_DB = sockets.nb;
  if (sockets.sb !== undefined) env.OVN_SB_DB = sockets.sb;
  return env;
}

function activateScript(env: Readonly<Record<string, string>>): string {
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${q(v)}`)
    .join("\n")
    .concat("\n");
}

async function listTable(db: string, table: keyof typeof CONVERT_COLUMNS, opts: RunToolOptions) {
  const r = await runChecked(
    "ovs-vsctl",
    [`--db=${db}`, "--no-wait", "--timeout=30", "--format=json", "--data=json", `--columns=${CONVERT_COLUMNS[table].join(",")}`, "list", table],
    opts,
    "bad-file",
    `reading the ${table} table of the conf.db`,
  );
  return parseVsctlJson(r.stdout);
}

/** Waits until every bridge has its management socket (ovs-vswitchd created it). */
async function waitForBridges(dir: string, names: readonly string[], timeoutMs: number, vswitchdLog: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = names.filter((b) => !existsSync(join(dir, `${b}.mgmt`)));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      const log = await readFile(vswitchdLog, "utf8").catch(() => "");
      throw new ReplicaError("daemon-failed", `ovs-vswitchd did not create bridge(s) ${missing.join(", ")} within ${timeoutMs} ms`, { detail: log.split("\n").slice(-20).join("\n") });
    }
    await sleep(20);
  }
}

/**
 * Starts a local replica of a collected node from a `readSosReport` result, a `readOvsSave`
 * result or files given by hand (see {@link ReplicaFiles}), and returns its {@link Replica}
 * handle. The real `ovsdb-server`s serve copies of the collected databases (clustered files made
 * standalone, a conf.db of another schema version converted), `ovs-vswitchd` runs on the dummy
 * datapath with every interface type it cannot open converted to `dummy` (names and OpenFlow
 * port numbers kept: `ofport_request`), and each bridge's TLV map, meters, groups and flows are
 * restored in `ovs-save`'s order. Without a conf.db, bridges and ports are built from the
 * report's `ovs-vsctl show` and `dump-ports-desc`, or from the port numbers the flows name.
 * Everything that differs from the node is listed in `replica.changes`.
 *
 * Throws a {@link ReplicaError} (`missing-binary`, `bad-file`, `bad-source`, `address-in-use`,
 * `dir-in-use`, `daemon-failed`, `restore-failed`, `timeout`); no daemon survives a failed start.
 *
 * @example
 * ```ts
 * import { readSosReport, startReplica } from "ovskit/node";
 * const replica = await startReplica(await readSosReport("sosreport-worker1.tar.xz"));
 * try {
 *   const trace = await replica.appctl(["ofproto/trace", "br-int", "in_port=11,tcp,nw_dst=10.96.0.10,tp_dst=80"]);
 *   console.log(trace.stdout);
 *   console.log((await replica.nbctl(["show"])).stdout);
 * } finally {
 *   await replica.stop();
 * }
 * ```
 */
export async function startReplica(source: ReplicaSource, options: ReplicaOptions = {}): Promise<Replica> {
  const t0 = performance.now();
  const mode = options.dummy ?? "override";
  const timeoutMs = options.timeoutMs ?? 60_000;
  const searchPath = replicaSearchPath(options.path);
  requirePrograms(OVS_PROGRAMS, searchPath);
  const plan = await planReplica(source, { clearTimeouts: options.flowTimeouts === "clear" });
  if ([plan.conf, plan.nb, plan.sb].some((d) => d?.kind === "tar")) requirePrograms(["tar"], searchPath);
  const tcp = options.tcp ?? {};
  const tcpPorts = (["conf", "nb", "sb"] as const).flatMap((what) => (tcp[what] === undefined ? [] : [{ what, port: tcp[what] }]));
  await checkPortsFree(tcpPorts);

  const dir = await claimDir(options.dir);
  const sockets: ReplicaSockets = {
    conf: `unix:${join(dir, "db.sock")}`,
    nb: plan.nb === undefined ? undefined : `unix:${join(dir, "ovnnb_db.sock")}`,
    sb: plan.sb === undefined ? undefined : `unix:${join(dir, "ovnsb_db.sock")}`,
    vswitchd: "",
  };
  const publicEnv = toolEnv(dir, sockets);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: searchPath, ...publicEnv };
  const opts: RunToolOptions = { env, timeoutMs };
  const daemons: ReplicaDaemon[] = [];
  const changes: ReplicaChange[] = [...plan.changes];
  const removeDir = () => options.keepDir !== true;
  // From the first daemon on: a program that exits (even in the middle of the start) leaves none.
  const exitHook = () => {
    stopDaemonsSync(daemons, dir, 2000);
    if (removeDir()) rmSync(dir, { recursive: true, force: true });
  };
  if (options.stopOnExit !== false) process.once("exit", exitHook);
  try {
    const built = await build(plan, dir, mode, tcp, opts, daemons, changes);
    return handle({ dir, plan, mode, sockets: { ...sockets, vswitchd: built.vswitchdCtl }, publicEnv, opts, daemons, changes, bridges: built.bridges, removeDir, exitHook, timings: { ...built.timings, total: performance.now() - t0 } });
  } catch (e) {
    process.removeListener("exit", exitHook);
    await stopDaemons(daemons, dir, 3000);
    if (removeDir()) await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

interface Built {
  readonly bridges: ReplicaBridge[];
  readonly vswitchdCtl: string;
  readonly timings: { databases: number; vswitchd: number; restore: number };
}

async function build(
  plan: ReplicaPlan,
  dir: string,
  mode: "override" | "plain",
  tcp: NonNullable<ReplicaOptions["tcp"]>,
  opts: RunToolOptions,
  daemons: ReplicaDaemon[],
  changes: ReplicaChange[],
): Promise<Built> {
  const t0 = performance.now();
  const conf = join(dir, "conf.db");
  // Databases: copy / extract, check, make standalone, serve (the three side by side).
  const remote = (what: "conf" | "nb" | "sb") => (tcp[what] === undefined ? [] : [`--remote=ptcp:${tcp[what]}:127.0.0.1`]);
  const serveConf = async () => {
    const notes: ReplicaChange[] = [];
    if (plan.conf !== undefined) {
      await materializeDb(plan.conf, conf, opts);
      await prepareDb(conf, "conf", { ...opts, shownAs: shownAs(plan.conf) }, notes);
    } else {
      const schema = vswitchSchema(opts.env);
      if (schema === undefined) throw new ReplicaError("missing-binary", "vswitch.ovsschema not found (install openvswitch-switch, or set OVS_PKGDATADIR)");
      await runChecked("ovsdb-tool", ["create", conf, schema], opts, "daemon-failed", "ovsdb-tool create conf.db");
    }
    const daemon = await startDaemon("ovsdb-server", "ovsdb-server", [conf, `--remote=punix:${join(dir, "db.sock")}`, ...remote("conf")], dir, opts.env, opts.timeoutMs);
    return { daemon, notes };
  };
  const serveOvn = async (role: "nb" | "sb", src: DbSource) => {
    const notes: ReplicaChange[] = [];
    const file = join(dir, `ovn${role}_db.db`);
    await materializeDb(src, file, opts);
    await prepareDb(file, role, { ...opts, shownAs: shownAs(src) }, notes);
    const args = [file, `--remote=punix:${join(dir, `ovn${role}_db.sock`)}`, `--unixctl=${join(dir, `ovn${role}_db.ctl`)}`, ...remote(role)];
    return { daemon: await startDaemon(`ovn${role}_db`, "ovsdb-server", args, dir, opts.env, opts.timeoutMs), notes };
  };
  const served = await Promise.allSettled([serveConf(), ...(["nb", "sb"] as const).flatMap((role) => (plan[role] === undefined ? [] : [serveOvn(role, plan[role])]))]);
  for (const s of served) {
    if (s.status === "fulfilled") {
      daemons.push(s.value.daemon);
      changes.push(...s.value.notes);
    }
  }
  for (const s of served) if (s.status === "rejected") throw s.reason;
  await checkListening(daemons, tcp);

  // conf.db: convert what the dummy datapath cannot run, create what is not there.
  const db = `unix:${join(dir, "db.sock")}`;
  const vsctl = (args: readonly string[], what: string) => runChecked("ovs-vsctl", [`--db=${db}`, "--no-wait", "--timeout=30", ...args], opts, "bad-file", what);
  let existing = new Set<string>();
  if (plan.conf !== undefined) {
    const [openVswitch, bridges, interfaces] = await Promise.all([listTable(db, "Open_vSwitch", opts), listTable(db, "Bridge", opts), listTable(db, "Interface", opts)]);
    const tables: VswitchTables = { openVswitch, bridges, interfaces };
    existing = new Set(tables.bridges.map((b) => String(b.name)));
    const c = convertConfDb(tables, mode);
    if (c.args.length > 0) await vsctl(c.args, "converting the conf.db for the dummy datapath");
    changes.push(...c.changes);
  } else {
    await vsctl(["init"], "ovs-vsctl init");
  }
  const toCreate = plan.bridges.filter((b) => !existing.has(b.name));
  if (toCreate.length > 0) {
    const c = createBridgesArgs(toCreate, mode);
    await vsctl(c.args, `creating bridge(s) ${toCreate.map((b) => b.name).join(", ")}`);
    changes.push(...c.changes);
  }
  for (const name of existing) {
    if (!plan.bridges.some((b) => b.name === name)) changes.push({ kind: "not-restored", subject: `Bridge ${name}`, message: "no flow dump was given for it: it keeps the flows ovs-vswitchd installs by default" });
  }
  const t1 = performance.now();

  // ovs-vswitchd on the dummy datapath.
  const vswitchd = await startDaemon("ovs-vswitchd", "ovs-vswitchd", [mode === "override" ? "--enable-dummy=override" : "--enable-dummy", db], dir, opts.env, opts.timeoutMs);
  daemons.push(vswitchd);
  const vswitchdCtl = join(dir, `ovs-vswitchd.${vswitchd.pid}.ctl`);
  const allBridges = [...new Set([...existing, ...plan.bridges.map((b) => b.name)])];
  await waitForBridges(dir, allBridges, opts.timeoutMs, vswitchd.logFile);
  const t2 = performance.now();

  // TLV maps, meters, groups, flows.
  const work = join(dir, "restore");
  await mkdir(work, { recursive: true });
  const counts = new Map<string, RestoreCounts>();
  const restored = await Promise.allSettled(plan.bridges.map((b) => restoreBridge(b, `unix:${join(dir, `${b.name}.mgmt`)}`, work, opts)));
  restored.forEach((r, i) => {
    if (r.status === "fulfilled") counts.set(plan.bridges[i]!.name, r.value);
  });
  for (const r of restored) if (r.status === "rejected") throw r.reason;
  const t3 = performance.now();

  const ports = await readBridges(db, vswitchdCtl, opts);
  const bridges: ReplicaBridge[] = [...ports.keys()].sort().map((name) => {
    const c = counts.get(name);
    const p = plan.bridges.find((b) => b.name === name);
    for (const port of ports.get(name) ?? []) {
      if (port.error !== undefined || port.ofport < 0) changes.push({ kind: "not-restored", subject: `Interface ${port.name}`, message: `ovs-vswitchd could not create it: ${port.error ?? "no OpenFlow port"}` });
    }
    return { name, ports: ports.get(name) ?? [], flows: c?.flows ?? 0, groups: c?.groups ?? 0, meters: c?.meters ?? 0, tlvMap: p?.tlv ?? [], mgmt: join(dir, `${name}.mgmt`) };
  });
  return { bridges, vswitchdCtl, timings: { databases: t1 - t0, vswitchd: t2 - t1, restore: t3 - t2 } };
}

function shownAs(src: DbSource): string {
  return src.kind === "file" ? src.paths[0]! : `${src.tarball}:${src.members[0]!}`;
}

/** ovsdb-server starts even when a `ptcp:` remote cannot listen: its log says so. */
async function checkListening(daemons: readonly ReplicaDaemon[], tcp: NonNullable<ReplicaOptions["tcp"]>): Promise<void> {
  if (tcp.conf === undefined && tcp.nb === undefined && tcp.sb === undefined) return;
  for (const d of daemons) {
    const log = await readFile(d.logFile, "utf8").catch(() => "");
    const m = /ptcp:(\d+):[^:]*: listen failed: (.*)/.exec(log);
    if (m !== null) throw new ReplicaError("address-in-use", `${d.name}: cannot listen on TCP port ${m[1]} of 127.0.0.1 (${m[2]}): pick another port or stop the program that holds it`, { detail: log });
  }
}

interface HandleParts {
  readonly dir: string;
  readonly plan: ReplicaPlan;
  readonly mode: "override" | "plain";
  readonly sockets: ReplicaSockets;
  readonly publicEnv: Record<string, string>;
  readonly opts: RunToolOptions;
  readonly daemons: readonly ReplicaDaemon[];
  readonly changes: readonly ReplicaChange[];
  readonly bridges: readonly ReplicaBridge[];
  readonly removeDir: () => boolean;
  /** The process `exit` listener installed for this replica (removed by `stop()`). */
  readonly exitHook: () => void;
  readonly timings: Replica["timings"];
}

function handle(p: HandleParts): Replica {
  let stopping: Promise<void> | undefined;
  const run = async (program: string, pre: readonly string[], args: readonly string[], needs?: "nb" | "sb"): Promise<ToolResult> => {
    if (stopping !== undefined) throw new ReplicaError("not-available", `the replica in ${p.dir} is stopped`);
    if (needs !== undefined && p.sockets[needs] === undefined) {
      throw new ReplicaError("not-available", `this replica serves no ${needs === "nb" ? "OVN Northbound" : "OVN Southbound"} database (the source has none)`);
    }
    requirePrograms([program], p.opts.env.PATH ?? "");
    return runTool(program, [...pre, ...args], p.opts);
  };
  const replica: Replica = {
    kind: "replica",
    dir: p.dir,
    origin: p.plan.origin,
    dummy: p.mode,
    sockets: p.sockets,
    env: p.publicEnv,
    activate: activateScript(p.publicEnv),
    bridges: p.bridges,
    changes: p.changes,
    daemons: p.daemons,
    timings: p.timings,
    ofctl: (args) => run("ovs-ofctl", [], args),
    appctl: (args) => run("ovs-appctl", ["-t", p.sockets.vswitchd], args),
    vsctl: (args) => run("ovs-vsctl", [`--db=${p.sockets.conf}`], args),
    nbctl: (args) => run("ovn-nbctl", [`--db=${p.sockets.nb ?? ""}`], args, "nb"),
    sbctl: (args) => run("ovn-sbctl", [`--db=${p.sockets.sb ?? ""}`], args, "sb"),
    ovnTrace: (args) => run("ovn-trace", [`--db=${p.sockets.sb ?? ""}`], args, "sb"),
    isStopped: () => stopping !== undefined,
    stop: () => {
      stopping ??= (async () => {
        process.removeListener("exit", p.exitHook);
        await stopDaemons([...p.daemons].reverse(), p.dir, 5000);
        if (p.removeDir()) await rm(p.dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  return replica;
}
