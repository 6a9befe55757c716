/**
 * Live sources without OVS: the process plumbing (timeout, kill, missing tool, not a dump,
 * unreachable, early stop, abort) and FlowSync's file handling, driven by small stand-in
 * scripts for ovs-ofctl / ovs-appctl that print real dumps from the committed fixtures. The
 * real tools are exercised in test/integration/live-ofctl.test.ts and k8s-ofparse.test.ts.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FlowSync, type NodeSyncResult, dumpDatapathFlows, dumpFlows, dumpGroups, isLiveSourceError, streamFlows } from "../src/node/live/index.js";
import { diffLatestSnapshots, readFlowsDir } from "../src/node/offline/index.js";
import { FIXTURES } from "./helpers/fixtures.js";

const TMP = mkdtempSync(join(tmpdir(), "ovskit-live-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A stand-in tool: a /bin/sh script. */
function tool(name: string, body: string): string {
  const p = join(TMP, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const OF15 = join(FIXTURES, "openflow", "ovn-br-int.of15.flows");
const GROUPS = join(FIXTURES, "openflow", "ovn-br-int.of15.groups");
const DP = join(FIXTURES, "datapath", "ovn.dpctl-m.flows");
const countFlows = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l.includes(" actions=")).length;

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isLiveSourceError(e)) return e.problem;
    throw e;
  }
  return "no error";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("dumpFlows / dumpGroups / dumpDatapathFlows", () => {
  it("runs ovs-ofctl with -O, options, the target and the match, and parses its output", async () => {
    const ofctl = tool("ofctl-ok", `echo "$@" > ${TMP}/args; cat ${OF15}`);
    const d = await dumpFlows("tcp:127.0.0.1:6653", { ofctl, protocol: "OpenFlow15", args: ["--names"], match: "table=0" });
    expect(readFileSync(join(TMP, "args"), "utf8").trim()).toBe("-O OpenFlow15 --names dump-flows tcp:127.0.0.1:6653 table=0");
    expect(d.flows.length).toBe(countFlows(OF15));
    expect(d.issues).toEqual([]);
    expect(d.command).toBe(`${ofctl} -O OpenFlow15 --names dump-flows tcp:127.0.0.1:6653 table=0`);
  });

  it("groups and datapath flows", async () => {
    const ofctl = tool("ofctl-groups", `cat ${GROUPS}`);
    const g = await dumpGroups("br-int", { ofctl, protocol: "OpenFlow15" });
    expect(g.groups.length).toBe(readFileSync(GROUPS, "utf8").split("\n").filter((l) => l.includes("group_id=")).length);
    expect(g.groups.length).toBeGreaterThan(0);
    const appctl = tool("appctl-dp", `echo "$@" > ${TMP}/dpargs; cat ${DP}`);
    const dp = await dumpDatapathFlows({ appctl, target: "/run/x.ctl", datapath: "dummy@ovs-dummy" });
    expect(readFileSync(join(TMP, "dpargs"), "utf8").trim()).toBe("-t /run/x.ctl dpctl/dump-flows -m dummy@ovs-dummy");
    expect(dp.flows.length).toBeGreaterThan(0);
    expect(dp.issues).toEqual([]);
  });

  it("an empty datapath is an empty dump, not an error", async () => {
    const appctl = tool("appctl-empty", "exit 0");
    expect((await dumpDatapathFlows({ appctl })).flows).toEqual([]);
  });

  it("typed errors: tool missing, unreachable, failed, not a dump", async () => {
    expect(await problemOf(dumpFlows("br-int", { ofctl: join(TMP, "no-such-ofctl") }))).toBe("tool-missing");
    const refused = tool("ofctl-refused", `echo "ovs-ofctl: tcp:127.0.0.1:1: failed to connect to socket (Connection refused)" >&2; exit 1`);
    const err = await dumpFlows("tcp:127.0.0.1:1", { ofctl: refused }).catch((e: unknown) => e);
    expect(isLiveSourceError(err) && err.problem).toBe("unreachable");
    expect(isLiveSourceError(err) && err.exitCode).toBe(1);
    expect(isLiveSourceError(err) && err.stderr).toContain("Connection refused");
    expect(isLiveSourceError(err) && err.target).toBe("tcp:127.0.0.1:1");
    expect(await problemOf(dumpFlows("br-int", { ofctl: tool("ofctl-bad", `echo "ovs-ofctl: unknown option" >&2; exit 2`) }))).toBe("failed");
    expect(await problemOf(dumpFlows("br-int", { ofctl: tool("ofctl-garbage", `echo "hello world"; echo "priority=1 actions=drop"`) }))).toBe("not-a-dump");
    expect(await problemOf(dumpFlows("br-int", { ofctl: tool("ofctl-silent-ok", "exit 0") }))).toBe("not-a-dump");
    expect(await problemOf(dumpGroups("br-int", { ofctl: tool("ofctl-flows-not-groups", `cat ${OF15}`) }))).toBe("not-a-dump");
    expect(await problemOf(dumpDatapathFlows({ appctl: tool("appctl-garbage", `echo "not a flow at all"`) }))).toBe("not-a-dump");
    expect(await problemOf(dumpDatapathFlows({ appctl: tool("appctl-down", `echo 'ovs-appctl: cannot read pidfile "/var/run/openvswitch/ovs-vswitchd.pid" (No such file or directory)' >&2; exit 1`) }))).toBe("unreachable");
  });

  it("a target that does not answer is killed after the timeout", async () => {
    const hang = tool("ofctl-hang", `echo $$ > ${TMP}/hang.pid; exec sleep 30`);
    expect(await problemOf(dumpFlows("tcp:10.255.255.1:6653", { ofctl: hang, timeoutMs: 300 }))).toBe("timeout");
    const pid = Number(readFileSync(join(TMP, "hang.pid"), "utf8"));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it("a slow but talking target is not timed out (the timeout is on silence)", async () => {
    const slow = tool("ofctl-slow", `head -1 ${OF15}; sleep 0.3; sed -n '2,50p' ${OF15}; sleep 0.3; sed -n '51,$p' ${OF15}`);
    const d = await dumpFlows("br-int", { ofctl: slow, timeoutMs: 500 });
    expect(d.flows.length).toBe(countFlows(OF15));
  });

  it("stopping the iteration early, or aborting, kills the tool", async () => {
    const endless = tool("ofctl-endless", `echo $$ > ${TMP}/endless.pid; head -1 ${OF15}; while :; do sed -n '2,$p' ${OF15}; done`);
    let n = 0;
    for await (const item of streamFlows("br-int", { ofctl: endless })) if (item.type === "flow" && ++n >= 5000) break;
    const pid = Number(readFileSync(join(TMP, "endless.pid"), "utf8"));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);

    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    expect(await problemOf(dumpFlows("br-int", { ofctl: tool("ofctl-hang2", "exec sleep 30"), signal: ac.signal }))).toBe("aborted");
  });
});

describe("FlowSync", () => {
  it("writes <node>.flows atomically, keeps the last K snapshots, reports a failing node without stopping the others", async () => {
    const dir = join(TMP, "sync1");
    // node "b" alternates between two real dumps; node "down" is unreachable
    const ofctl = tool(
      "ofctl-sync",
      `case "$2" in
         tcp:a) cat ${OF15} ;;
         tcp:b) if [ -f ${TMP}/b-toggle ]; then rm ${TMP}/b-toggle; cat ${join(FIXTURES, "openflow", "ovn-br-int.of13.flows")}; else touch ${TMP}/b-toggle; cat ${OF15}; fi ;;
         *) echo "ovs-ofctl: $2: failed to connect to socket (Connection refused)" >&2; exit 1 ;;
       esac`,
    );
    const results: NodeSyncResult[] = [];
    const sync = new FlowSync({ dir, nodes: { a: "tcp:a", b: "tcp:b", down: "tcp:down" }, keep: 2, dump: { ofctl }, onResult: (r) => results.push(r) });
    for (let i = 0; i < 3; i++) {
      const round = await sync.syncOnce();
      expect(round.results.map((r) => [r.node, r.ok])).toEqual([["a", true], ["b", true], ["down", false]]);
    }
    expect(results).toHaveLength(9);
    const down = results.find((r) => r.node === "down");
    expect(down?.ok === false && isLiveSourceError(down.error) && down.error.problem).toBe("unreachable");
    const a = results.find((r) => r.node === "a");
    expect(a?.ok === true && a.flows).toBe(countFlows(OF15));
    expect(a?.ok === true && a.issues).toBe(0);
    // the file is the tool's output byte for byte; no temporary file is left; no file for "down"
    expect(readFileSync(join(dir, "a.flows"), "utf8")).toBe(readFileSync(OF15, "utf8"));
    expect(readdirSync(dir).sort()).toEqual(["a.flows", "b.flows", "snapshots"]);
    expect((await sync.snapshots("a")).length).toBe(2);
    expect((await sync.snapshots("b")).length).toBe(2);
    expect(existsSync(join(dir, "snapshots", "down"))).toBe(false);
    // read back as one multi-node flow set
    const set = await readFlowsDir(dir);
    expect(set.nodes.map((n) => n.node)).toEqual(["a", "b"]);
    expect(set.flowSet.sources).toEqual(["a", "b"]);
    expect(set.flowSet.flows.filter((f) => f.source === "a").length).toBe(countFlows(OF15));
    // the two snapshots of b are two different real dumps of the same bridge: OF1.3 vs OF1.5 print the same flows
    const d = await diffLatestSnapshots(dir, "b");
    expect(d).toBeDefined();
    expect(d!.diff.added.length + d!.diff.removed.length).toBe(0);
  });

  it("start() / stop(): rounds every interval; stop kills a dump in flight and leaves no temporary file", async () => {
    const dir = join(TMP, "sync2");
    const ofctl = tool("ofctl-sync2", `if [ "$2" = tcp:slow ] && [ -f ${TMP}/slow-now ]; then exec sleep 30; fi; cat ${OF15}`);
    const rounds: number[] = [];
    const sync = new FlowSync({ dir, nodes: [{ name: "n1", target: "tcp:fast" }, { name: "n2", target: "tcp:slow" }], intervalMs: 150, keep: 3, dump: { ofctl }, onRound: (r) => rounds.push(r.round) });
    sync.start();
    expect(sync.running).toBe(true);
    for (let i = 0; i < 100 && rounds.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    expect((await sync.snapshots("n1")).length).toBe(3);
    writeFileSync(join(TMP, "slow-now"), "");
    await new Promise((r) => setTimeout(r, 400));
    await sync.stop(); // did not wait for the 30 s dump: n2's result below is "aborted"
    expect(sync.running).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const n2 = sync.lastResults.get("n2");
    expect(n2?.ok === false && isLiveSourceError(n2.error) && n2.error.problem).toBe("aborted");
    // the last good file of n2 is still there and intact
    expect(readFileSync(join(dir, "n2.flows"), "utf8")).toBe(readFileSync(OF15, "utf8"));
  });

  it("rejects node names that cannot be file names", () => {
    expect(() => new FlowSync({ dir: TMP, nodes: { "../x": "tcp:a" } })).toThrow(TypeError);
  });
});
