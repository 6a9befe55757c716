/**
 * The local replica's failure paths, with the real daemons: a missing program (through the search
 * path), bad files, a taken TCP port, a directory in use; each a typed ReplicaError that says what
 * to fix, and after each no daemon survives (checked in /proc, like .ci/run's sandbox_pids). Also:
 * a program that exits without stop() leaves no daemon behind (the exit hook).
 *
 * Needs openvswitch-switch ovn-central ovn-host; skipped with a warning when missing, FAILS under
 * CI. Daemons live under $OVSKIT_SANDBOX_ROOT.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReplicaError, type ReplicaFiles, isReplicaError, startReplica } from "../../src/node/index.js";
import { CAPTURE, captureFiles, daemonsUnder, replicaRoot, skipReplicaSuite } from "./replica-helpers.js";
import { ROOT } from "./sandbox.js";

const skip = skipReplicaSuite("local replica (failures)");

/** A small source: br-a of the capture, with its conf.db. */
const small = (over: Partial<ReplicaFiles> = {}): ReplicaFiles => ({
  confDb: join(CAPTURE, "conf.db"),
  bridges: { "br-a": { flows: join(CAPTURE, "br-a.flows"), groups: join(CAPTURE, "br-a.groups"), tlv: join(CAPTURE, "br-a.tlv"), meters: join(CAPTURE, "br-a.meters") } },
  ...over,
});

async function failure(p: Promise<unknown>): Promise<ReplicaError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isReplicaError(e)) throw new Error(`expected a ReplicaError, got ${String(e)}`);
  return e;
}

/** A directory of symlinks to the OVS / OVN programs, all but `without`. */
function binDir(root: string, without: readonly string[]): string {
  const dir = join(root, `bin-${without.join("-")}`);
  mkdirSync(dir);
  for (const p of ["ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "ovn-nbctl", "ovn-sbctl", "ovn-trace", "tar", "xz"]) {
    if (without.includes(p)) continue;
    const where = spawnSync("sh", ["-c", `PATH=$PATH:/usr/sbin:/sbin command -v ${p}`], { encoding: "utf8" }).stdout.trim();
    if (where !== "") symlinkSync(where, join(dir, p));
  }
  return dir;
}

describe.skipIf(skip)("replica failures are typed errors and leave no daemon behind", () => {
  let root: string;
  beforeAll(() => {
    root = replicaRoot();
  });
  afterEach(() => {
    expect(daemonsUnder(root)).toEqual([]);
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("a missing program: names it and the Debian package, starts nothing", async () => {
    const dir = join(root, "r-missing");
    const e = await failure(startReplica(small(), { dir, path: binDir(root, ["ovs-vswitchd"]) }));
    expect(e.problem).toBe("missing-binary");
    expect(e.message).toMatch(/ovs-vswitchd not found.*install openvswitch-switch/);
    expect(existsSync(dir)).toBe(false);
  });

  it("a missing OVN tool fails only the command that needs it", async () => {
    const r = await startReplica(small({ nbDb: join(CAPTURE, "ovnnb_db.db") }), { dir: join(root, "r-no-nbctl"), path: binDir(root, ["ovn-nbctl"]) });
    try {
      const e = await failure(r.nbctl(["show"]));
      expect([e.problem, e.message]).toEqual(["missing-binary", expect.stringMatching(/ovn-nbctl not found.*ovn-common/) as unknown]);
      expect((await r.ofctl(["dump-aggregate", "br-a"])).stdout).toMatch(/flow_count=17/);
    } finally {
      await r.stop();
    }
  });

  it("a file that is not a database: bad-file, with the path", async () => {
    const junk = join(root, "junk.db");
    writeFileSync(junk, "this is not an OVSDB file\n");
    const dir = join(root, "r-junk");
    const e = await failure(startReplica(small({ confDb: junk }), { dir }));
    expect([e.problem, e.message]).toEqual(["bad-file", expect.stringContaining(`${junk} is not an OVSDB database file`) as unknown]);
    expect(existsSync(dir)).toBe(false);
  });

  it("a database given as the wrong one (SB as NB): bad-file, after the conf.db server started — stopped again", async () => {
    const e = await failure(startReplica(small({ nbDb: join(CAPTURE, "ovnsb_db.db") }), { dir: join(root, "r-wrong-db") }));
    expect(e.problem).toBe("bad-file");
    expect(e.message).toMatch(/is a OVN_Southbound database, not OVN_Northbound/);
  });

  it("a flows file that does not exist, and one the switch refuses: bad-file / restore-failed with the line", async () => {
    const e1 = await failure(startReplica(small({ bridges: { "br-a": { flows: join(root, "nope.flows") } } }), { dir: join(root, "r-nope") }));
    expect([e1.problem, e1.message]).toEqual(["bad-file", expect.stringContaining("nope.flows") as unknown]);
    const bad = join(root, "bad.flows");
    writeFileSync(bad, " cookie=0x1, priority=10,ip actions=drop\n cookie=0x2, priority=20,ip actions=frobnicate:1\n");
    const dir = join(root, "r-bad-flows");
    const e2 = await failure(startReplica(small({ bridges: { "br-a": { flows: bad } } }), { dir }));
    expect(e2.problem).toBe("restore-failed");
    expect(e2.message).toMatch(/br-a: restoring the flows of .*bad\.flows failed: .*frobnicate.*\(restore line 3: cookie=0x2, priority=20,ip actions=frobnicate:1\)/);
    expect(existsSync(dir)).toBe(false);
  });

  it("a TCP port that is taken: address-in-use, naming the port", async () => {
    const srv: Server = createServer();
    await new Promise<void>((ok) => srv.listen(0, "127.0.0.1", () => ok()));
    const port = (srv.address() as { port: number }).port;
    try {
      const e = await failure(startReplica(small({ nbDb: join(CAPTURE, "ovnnb_db.db") }), { dir: join(root, "r-port"), tcp: { nb: port } }));
      expect([e.problem, e.message]).toEqual(["address-in-use", expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`) as unknown]);
    } finally {
      await new Promise<void>((ok) => srv.close(() => ok()));
    }
    // A free port works and is served.
    const free: Server = createServer();
    await new Promise<void>((ok) => free.listen(0, "127.0.0.1", () => ok()));
    const port2 = (free.address() as { port: number }).port;
    await new Promise<void>((ok) => free.close(() => ok()));
    const r = await startReplica(small({ nbDb: join(CAPTURE, "ovnnb_db.db") }), { dir: join(root, "r-port-ok"), tcp: { nb: port2 } });
    try {
      const out = spawnSync("ovn-nbctl", [`--db=tcp:127.0.0.1:${port2}`, "--timeout=10", "ls-list"], { encoding: "utf8" });
      expect(out.stdout).toMatch(/ovn-worker/);
    } finally {
      await r.stop();
    }
  });

  it("a directory in use by a running replica, or holding other files: dir-in-use; a stopped replica's directory is reused", async () => {
    const dir = join(root, "r-shared");
    const a = await startReplica(small(), { dir, keepDir: true });
    try {
      const e = await failure(startReplica(small(), { dir }));
      expect(e.problem).toBe("dir-in-use");
      expect(e.message).toMatch(new RegExp(`a replica is running in ${dir} \\(pids [\\d, ]+\\)`));
      expect((await a.ofctl(["dump-aggregate", "br-a"])).stdout).toMatch(/flow_count=17/); // untouched
    } finally {
      await a.stop();
    }
    expect(existsSync(join(dir, "ovs-vswitchd.log"))).toBe(true); // keepDir
    const b = await startReplica(small(), { dir });
    expect(b.dir).toBe(dir);
    await b.stop();
    expect(existsSync(dir)).toBe(false);

    const foreign = join(root, "r-foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine\n");
    const e = await failure(startReplica(small(), { dir: foreign }));
    expect([e.problem, e.message]).toEqual(["dir-in-use", expect.stringMatching(/not a replica directory/) as unknown]);
    expect(existsSync(join(foreign, "notes.txt"))).toBe(true);
  });

  it("a program that exits without stop(): the exit hook stops its daemons", () => {
    const dir = join(root, "r-exit");
    const script = join(root, "exit-without-stop.mts");
    writeFileSync(
      script,
      `import { startReplica } from ${JSON.stringify(join(ROOT, "src", "node", "index.ts"))};
const r = await startReplica(${JSON.stringify(small())}, { dir: ${JSON.stringify(dir)} });
console.log(JSON.stringify(r.daemons.map((d) => d.pid)));
process.exit(0);
`,
    );
    const out = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [script], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(out.status, out.stderr).toBe(0);
    const pids = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as number[];
    expect(pids.length).toBe(2);
    for (const pid of pids) expect(existsSync(`/proc/${pid}/cmdline`) && spawnSync("cat", [`/proc/${pid}/cmdline`]).stdout.toString().includes(dir)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
