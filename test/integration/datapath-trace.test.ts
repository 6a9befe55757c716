/**
 * Datapath flows and ofproto/trace on a real Open vSwitch + OVN sandbox.
 *
 * A sandbox (fixtures-gen/sandbox/up.sh + topo.sh, the OVN-Kubernetes-like topology of the
 * conformance suite) is started in a temporary directory, with two of the additions
 * fixtures-gen/generate-traces.sh makes for its fixtures: `other_config:max-idle=300000` (so
 * that datapath flows do not expire before they are dumped) and `selection_fields` on svc10 (so
 * that a trace to its VIP picks a bucket and follows the DNAT). Ports, MACs and IPs are looked up
 * in the live topology. Then:
 *
 *   1. packets are injected with `ovs-appctl netdev-dummy/receive` (each twice: the first is an
 *      upcall that installs the megaflow, the second hits it) and the datapath is dumped at once
 *      with `dpctl/dump-flows` (plain, -m, --names, -m --names) and `dpif/dump-flows br-int`
 *      (plain, -m). Each dump must parse with zero issues and every line accounted for, print
 *      back byte for byte with formatDatapathFlow, give the same flows with lazy keys, and build
 *      a recirculation tree without dangling ids in which every `ct(...),recirc(ID)` flow has
 *      the node of ID as a child.
 *   2. live `ofproto/trace` requests (pod to pod, pod to a service VIP with and without
 *      `--ct-next 'trk,new'`, ARP for the gateway) parse with zero issues; a refused request
 *      gives a typed TraceRequestError.
 *
 * Needs the Debian packages openvswitch-switch, openvswitch-common, ovn-central, ovn-host. When
 * they are missing the suite is skipped (with a warning), unless CI is set: then it fails.
 * Set OVSKIT_IT_KEEP=1 to keep the sandbox directory (daemons stopped) with the logs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DatapathAction,
  type AnyDatapathFlow,
  type DatapathFlow,
  type RecircNode,
  decodeDatapathFlow,
  recircChildren,
  recircNodeFlows,
  recircRoots,
  type Trace,
  TraceRequestError,
  buildRecircTree,
  detrace,
  formatDatapathFlow,
  formatDetrace,
  formatTrace,
  fromJson,
  layoutTrace,
  ovnContext,
  readOvsdbFile,
  isOvsParseError,
  parseDatapathFlowDump,
  parseDatapathFlows,
  parseTrace,
  parseTraceDump,
  toJson,
  traceCookies,
  traceSteps,
  traceVerdict,
} from "../../src/index.js";
import { withOvnDetraceDefects } from "../helpers/detrace.js";
import { OVS_PACKAGES, Sandbox, inCI, missingBinaries, run, sleep } from "./sandbox.js";

const TOPOLOGY = { nodes: 3, pods: 10, svcs: 10, pols: 5 } as const;
/** The VIP of svc10 (topo.sh: 10.96.0.(s+1)); backends 10.244.1.3 (pod1) and 10.244.2.3. */
const SVC10_VIP = "10.96.0.11";
/** The VIP of svc1, which keeps OVN's default dp_hash group (`hash(l4(0)),recirc(..)`). */
const SVC1_VIP = "10.96.0.2";
/** The gateway of node 1's pod subnet (rtos-ovn-worker) and its MAC. */
const GW_IP = "10.244.1.1";
const GW_MAC = "0a:58:0a:f4:01:01";

const missing = missingBinaries();
const ci = inCI();
if (missing.length > 0) {
  const what = `Open vSwitch / OVN binaries not found: ${missing.join(", ")} (apt-get install -y ${OVS_PACKAGES})`;
  if (ci) console.error(`\n[integration] ERROR: ${what}. CI is set, so the datapath / trace suite FAILS.\n`);
  else {
    const bar = "!".repeat(100);
    console.warn(`\n${bar}\n[integration] SKIPPING the datapath / trace suite: ${what}.\n${bar}\n`);
  }
}

function log(msg: string): void {
  console.log(`[integration] ${msg}`);
}

/** The lines of a dump, numbered as the parsers number them (index + 1). */
function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** A logical switch port's MAC and first IP, from `ovn-nbctl lsp-get-addresses`. */
interface Pod {
  readonly lsp: string;
  readonly iface: string;
  readonly mac: string;
  readonly ip: string;
  /** OpenFlow port number on br-int. */
  readonly ofport: number;
  /** Datapath port number (`dpif/show`). */
  readonly odp: number;
}

async function ofportOf(sb: Sandbox, iface: string): Promise<number> {
  let last = "";
  for (let i = 0; i < 100; i++) {
    last = (await sb.vsctl(["get", "interface", iface, "ofport"])).stdout.trim();
    const n = Number(last);
    if (Number.isInteger(n) && n > 0) return n;
    await sleep(100);
  }
  throw new Error(`interface ${iface}: no ofport (last answer: ${JSON.stringify(last)})`);
}

/** The datapath port number of an interface, from `ovs-appctl dpif/show` (`    pod1 11/2: (dummy)`). */
async function odpPortOf(sb: Sandbox, iface: string): Promise<number> {
  const { stdout } = await sb.appctl(["dpif/show"]);
  for (const line of stdout.split("\n")) {
    const m = /^\s+(\S+) \d+\/(\d+):/.exec(line);
    if (m !== null && m[1] === iface) return Number(m[2]);
  }
  throw new Error(`interface ${iface} not in dpif/show:\n${stdout}`);
}

async function lookupPod(sb: Sandbox, lsp: string, iface: string): Promise<Pod> {
  const { stdout } = await sb.nbctl(["lsp-get-addresses", lsp]);
  const words = stdout.trim().split(/\s+/);
  const mac = words[0] ?? "";
  const ip = words[1] ?? "";
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
    throw new Error(`lsp-get-addresses ${lsp}: unexpected answer ${JSON.stringify(stdout)}`);
  }
  return { lsp, iface, mac, ip, ofport: await ofportOf(sb, iface), odp: await odpPortOf(sb, iface) };
}

/** The datapath dumps taken right after the packets, by command. */
const DUMPS: ReadonlyArray<readonly string[]> = [
  ["dpctl/dump-flows"],
  ["dpctl/dump-flows", "-m"],
  ["dpctl/dump-flows", "--names"],
  ["dpctl/dump-flows", "-m", "--names"],
  ["dpif/dump-flows", "br-int"],
  ["dpif/dump-flows", "-m", "br-int"],
];

/** The IDs of every `recirc(ID)` that immediately follows a `ct(...)` in an action list. */
function ctRecircTargets(actions: readonly DatapathAction[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < actions.length; i++) {
    const a = actions[i] as DatapathAction;
    const b = actions[i + 1] as DatapathAction;
    if (a.kind === "ct" && b.kind === "recirc") out.push(b.id);
  }
  return out;
}

/** What a flow looks like to a user, for comparing lazy and eager parses. */
function view(lazyOrEager: AnyDatapathFlow): unknown {
  const f = decodeDatapathFlow(lazyOrEager);
  return {
    text: formatDatapathFlow(f),
    ufid: f.ufid,
    recircId: f.recircId,
    inPort: f.inPort,
    packets: f.packets,
    bytes: f.bytes,
    used: f.used,
    tcpFlags: f.tcpFlags,
    thread: f.thread,
    line: f.line,
    keys: f.keys,
    actions: f.actions,
  };
}

interface TraceRun {
  readonly args: readonly string[];
  readonly text: string;
}

describe.skipIf(missing.length > 0 && !ci)("datapath flows and ofproto/trace on a real OVS/OVN sandbox", () => {
  let sb: Sandbox | undefined;
  const box = (): Sandbox => {
    if (sb === undefined) throw new Error("the sandbox did not start (see beforeAll)");
    return sb;
  };
  const dumps = new Map<string, string>();
  let pod1: Pod | undefined;
  let pod3: Pod | undefined;
  const pods = (): { p1: Pod; p3: Pod } => {
    if (pod1 === undefined || pod3 === undefined) throw new Error("the topology was not looked up (see beforeAll)");
    return { p1: pod1, p3: pod3 };
  };

  beforeAll(async () => {
    if (missing.length > 0) {
      throw new Error(
        `Open vSwitch / OVN binaries not found: ${missing.join(", ")}. CI is set, so this is a failure, not a skip. ` +
          `Install them with: apt-get install -y ${OVS_PACKAGES}`,
      );
    }
    const t0 = Date.now();
    sb = await Sandbox.start(TOPOLOGY);
    const s = sb;
    // As generate-traces.sh: keep datapath flows long enough to dump them (default max-idle is
    // 10 s), and give svc10 hash selection so that a trace follows the DNAT to one backend.
    await s.vsctl(["set", "open", ".", "other_config:max-idle=300000"]);
    await s.nbctl(["set", "load_balancer", "svc10", "selection_fields=ip_src,ip_dst,tp_src,tp_dst"]);
    const n = await s.settle("br-int");
    log(`sandbox ${s.dir}: br-int settled at ${n} flows in ${Date.now() - t0} ms`);

    pod1 = await lookupPod(s, "ns1_pod1-ovn-worker", "pod1");
    pod3 = await lookupPod(s, "ns3_pod3-ovn-worker", "pod3");
    const k8s = await lookupPod(s, "k8s-ovn-worker", "k8s-ovn-worker").catch(() => undefined);
    const p1 = pod1;
    const p3 = pod3;
    log(`pod1 ${p1.mac} ${p1.ip} ofport ${p1.ofport} odp ${p1.odp}; pod3 ${p3.mac} ${p3.ip} ofport ${p3.ofport} odp ${p3.odp}`);

    // Packets, each twice (see the file comment), as generate-traces.sh injects them.
    const rx2 = async (port: string, packet: string): Promise<void> => {
      await s.appctl(["netdev-dummy/receive", port, packet]);
      await s.appctl(["netdev-dummy/receive", port, packet]);
    };
    const ip4 = (src: Pod, dstMac: string, dst: string, l4: string): string =>
      `eth(src=${src.mac},dst=${dstMac}),eth_type(0x0800),ipv4(src=${src.ip},dst=${dst},${l4}`;
    await s.appctl(["dpctl/del-flows"]);
    const t1 = Date.now();
    // ARP for the gateway (answered by br-int itself)
    await rx2(
      "pod1",
      `eth(src=${p1.mac},dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=${p1.ip},tip=${GW_IP},op=1,sha=${p1.mac},tha=00:00:00:00:00:00)`,
    );
    // pod3 -> pod1 on the same node: TCP SYN, and a UDP exchange in both directions (ct est/rpl)
    await rx2("pod3", ip4(p3, p1.mac, p1.ip, "proto=6,tos=0,ttl=64,frag=no),tcp(src=40000,dst=8080),tcp_flags(syn)"));
    await rx2("pod3", ip4(p3, p1.mac, p1.ip, "proto=17,tos=0,ttl=64,frag=no),udp(src=40100,dst=7000)"));
    await rx2("pod1", ip4(p1, p3.mac, p3.ip, "proto=17,tos=0,ttl=64,frag=no),udp(src=7000,dst=40100)"));
    // pod3 -> service VIPs: svc10 (hash selection, DNAT), svc1 (dp_hash group)
    await rx2("pod3", ip4(p3, GW_MAC, SVC10_VIP, "proto=6,tos=0,ttl=64,frag=no),tcp(src=40000,dst=80),tcp_flags(syn)"));
    await rx2("pod3", ip4(p3, GW_MAC, SVC1_VIP, "proto=6,tos=0,ttl=64,frag=no),tcp(src=40001,dst=80),tcp_flags(syn)"));
    // the node's management port -> svc10
    if (k8s !== undefined) {
      await rx2("k8s-ovn-worker", ip4(k8s, GW_MAC, SVC10_VIP, "proto=6,tos=0,ttl=64,frag=no),tcp(src=45000,dst=80),tcp_flags(syn)"));
    }
    await s.appctl(["revalidator/wait"], { allowFail: true });
    // Dump at once: without max-idle the flows would be gone after ~10 s.
    for (const args of DUMPS) {
      const r = await s.appctl(args);
      expect(r.stderr, `ovs-appctl ${args.join(" ")} wrote to stderr`).toBe("");
      dumps.set(args.join(" "), r.stdout);
    }
    const counts = [...dumps].map(([k, v]) => `${k}: ${linesOf(v).filter((l) => l.includes(" actions:")).length}`);
    log(`injected packets and took ${DUMPS.length} datapath dumps in ${Date.now() - t1} ms (flows: ${counts.join(", ")})`);
  });

  afterAll(async () => {
    await sb?.stop();
  });

  describe("1. datapath dumps after injected packets", () => {
    for (const args of DUMPS) {
      const name = args.join(" ");
      const text = (): string => {
        const t = dumps.get(name);
        if (t === undefined) throw new Error(`no dump for ${name} (see beforeAll)`);
        return t;
      };

      it(`${name}: parseDatapathFlowDump has zero issues and accounts for every line`, () => {
        const t = text();
        const lines = linesOf(t);
        const flowLines = lines.filter((l) => l.includes(" actions:"));
        expect(flowLines.length, `${name} has too few flows:\n${t}`).toBeGreaterThanOrEqual(10);
        const dump = parseDatapathFlowDump(t);
        expect(dump.issues, `issues on the live ${name} dump`).toEqual([]);
        const a = dump.accounting;
        expect(a.lines).toBe(lines.length);
        expect(a.items + a.headers + a.blank + a.issueLines).toBe(lines.length);
        expect(a.items).toBe(flowLines.length);
        expect(dump.items.length).toBe(flowLines.length);
        // every line that is not a flow is a thread header or blank
        const other = lines.filter((l) => !l.includes(" actions:") && l.trim() !== "" && !l.startsWith("flow-dump from "));
        expect(other).toEqual([]);
        expect(a.headers).toBe(lines.filter((l) => l.startsWith("flow-dump from ")).length);
        expect(dump.items.filter((f) => f.actions.some((x) => x.kind === "unknown")).map((f) => lines[(f.line as number) - 1])).toEqual([]);
        // the second copy of each packet hit a megaflow
        expect(dump.items.some((f) => (f.packets ?? 0n) > 0n)).toBe(true);
        if (args.includes("-m")) expect(dump.items.every((f) => f.ufid !== undefined)).toBe(true);
      });

      it(`${name}: formatDatapathFlow reproduces every line byte for byte`, () => {
        const t = text();
        const lines = linesOf(t);
        const dump = parseDatapathFlowDump(t);
        const bad: string[] = [];
        for (const f of dump.items) {
          const line = lines[(f.line as number) - 1] as string;
          let out: string;
          try {
            out = formatDatapathFlow(f);
          } catch (e) {
            out = `THROWS ${(e as Error).message}`;
          }
          if (out !== line) bad.push(`  dump: ${line}\n  ours: ${out}`);
        }
        expect(bad.length, `lines that do not round-trip (${bad.length} of ${dump.items.length}):\n${bad.slice(0, 20).join("\n")}`).toBe(0);
      });

      it(`${name}: lazyKeys and eager parsing agree`, () => {
        const t = text();
        const eager = parseDatapathFlows(t);
        const lazy = parseDatapathFlows(t, { lazyKeys: true });
        const lazyDump = parseDatapathFlowDump(t, { lazyKeys: true });
        expect(lazyDump.issues).toEqual([]);
        expect(lazy.length).toBe(eager.length);
        // recircId and inPort are lifted at once, the keys stay text
        expect(lazy.map((f) => [f.recircId, f.inPort])).toEqual(eager.map((f) => [f.recircId, f.inPort]));
        expect(lazy.map(view)).toEqual(eager.map(view));
        expect(lazyDump.items.map(view)).toEqual(eager.map(view));
        expect(lazy.map(decodeDatapathFlow)).toStrictEqual(eager);
      });

      it(`${name}: buildRecircTree has no dangling ids, covers every flow, and ct(...),recirc(ID) leads to ID`, () => {
        const flows = parseDatapathFlows(text());
        const tree = buildRecircTree(flows);
        expect(tree.dangling.map((d) => d.recircId.toString(16)), "recirc ids without flows").toEqual([]);
        expect(tree.cycles).toEqual([]);
        const seen = new Set<DatapathFlow>();
        const walk = (n: RecircNode): void => {
          for (const f of recircNodeFlows(n)) seen.add(f);
          recircChildren(tree, n).forEach(walk);
        };
        recircRoots(tree).forEach(walk);
        expect(seen.size).toBe(flows.length);

        let ctRecirc = 0;
        for (const node of tree.nodes) {
          for (const f of recircNodeFlows(node)) {
            for (const id of ctRecircTargets(f.actions)) {
              ctRecirc++;
              expect(
                recircChildren(tree, node).some((c) => c.recircId === id),
                `flow ${formatDatapathFlow(f)}: node ${node.recircId}/${node.inPort} has no child recirc_id(0x${id.toString(16)})`,
              ).toBe(true);
            }
          }
        }
        expect(ctRecirc, "no flow with a ct(...) action followed by recirc(...)").toBeGreaterThan(0);
        expect(recircRoots(tree).some((r) => r.recircId === 0 && r.children.length > 0)).toBe(true);
      });
    }
  });

  describe("2. live ofproto/trace", () => {
    const traces = new Map<string, TraceRun>();
    /** Runs `ovs-appctl ofproto/trace ARGS` once per scenario; the trace must succeed quietly. */
    const trace = async (name: string, args: readonly string[]): Promise<TraceRun> => {
      const cached = traces.get(name);
      if (cached !== undefined) return cached;
      const r = await box().appctl(["ofproto/trace", ...args]);
      expect(r.stderr, `ofproto/trace ${args.join(" ")} wrote to stderr`).toBe("");
      const run = { args, text: r.stdout };
      traces.set(name, run);
      return run;
    };
    const tcpFlow = (src: Pod, dstMac: string, dstIp: string, tpSrc: number, tpDst: number): string =>
      `in_port=${src.ofport},tcp,dl_src=${src.mac},dl_dst=${dstMac},nw_src=${src.ip},nw_dst=${dstIp},nw_ttl=64,tp_src=${tpSrc},tp_dst=${tpDst},tcp_flags=syn`;

    const scenarios: ReadonlyArray<readonly [string, () => readonly string[]]> = [
      [
        "pod to pod",
        () => {
          const { p1, p3 } = pods();
          return ["br-int", tcpFlow(p3, p1.mac, p1.ip, 40000, 8080)];
        },
      ],
      [
        "pod to service VIP",
        () => {
          const { p3 } = pods();
          return ["br-int", tcpFlow(p3, GW_MAC, SVC10_VIP, 40000, 80)];
        },
      ],
      [
        "pod to service VIP --ct-next trk,new",
        () => {
          const { p3 } = pods();
          return ["br-int", tcpFlow(p3, GW_MAC, SVC10_VIP, 40000, 80), "--ct-next", "trk,new"];
        },
      ],
      [
        "ARP to the gateway",
        () => {
          const { p1 } = pods();
          return [
            "br-int",
            `in_port=${p1.ofport},arp,dl_src=${p1.mac},dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=${p1.ip},arp_tpa=${GW_IP},arp_sha=${p1.mac},arp_tha=00:00:00:00:00:00`,
          ];
        },
      ],
    ];

    const parsed = async (name: string): Promise<{ run: TraceRun; trace: Trace }> => {
      const scenario = scenarios.find(([n]) => n === name);
      if (scenario === undefined) throw new Error(`no scenario ${name}`);
      const run = await trace(name, scenario[1]());
      return { run, trace: parseTrace(run.text) };
    };

    for (const [name] of scenarios) {
      it(`${name}: parseTraceDump has zero issues; steps and cookies are found`, async () => {
        const { run, trace: t } = await parsed(name);
        const lines = linesOf(run.text);
        const dump = parseTraceDump(run.text);
        expect(dump.issues, `issues on the live trace of ofproto/trace ${run.args.join(" ")}`).toEqual([]);
        expect(dump.items).toHaveLength(1);
        const a = dump.accounting;
        expect(a.lines).toBe(lines.length);
        expect(a.items + a.headers + a.blank + a.issueLines).toBe(lines.length);
        expect(a.items).toBe(a.steps + a.actions + a.notes + a.results);
        expect(t.sections.length).toBe(dump.items[0]?.sections.length);
        // formatTrace prints the live answer back byte for byte; the model is plain data.
        expect(formatTrace(t)).toBe(run.text.endsWith("\n") ? run.text : `${run.text}\n`);
        expect(fromJson(toJson(t))).toEqual(t);
        expect(layoutTrace(t)).toEqual(t);

        const steps = traceSteps(t);
        expect(steps.length).toBeGreaterThan(1);
        expect(steps.every((s) => s.bridge === "br-int")).toBe(true);
        // as many steps as OVS printed "N. ..." table lines
        expect(steps.length).toBe(a.steps);
        expect(traceCookies(t).length).toBeGreaterThan(0);
        for (const sec of t.sections) {
          expect(sec.datapathActionsText, `section ${sec.index} has no Datapath actions`).toBeDefined();
        }
        log(`${name}: ${lines.length} lines, ${t.sections.length} section(s), ${steps.length} steps, ${traceCookies(t).length} cookies; datapath actions of the last section: ${t.sections.at(-1)?.datapathActionsText ?? "?"}`);
      });
    }

    it("pod to pod: traceVerdict outputs to pod1's datapath port", async () => {
      const { p1 } = pods();
      const { trace: t } = await parsed("pod to pod");
      const v = traceVerdict(t);
      expect(v.complete).toBe(true);
      expect(v.drop).toBe(false);
      expect(v.outputs).toContain(p1.odp);
      // the first pass hands the packet to conntrack
      expect(v.sections[0]?.ct.length).toBeGreaterThan(0);
      expect(v.sections[0]?.recirc.length).toBeGreaterThan(0);
    });

    for (const name of ["pod to service VIP", "pod to service VIP --ct-next trk,new"]) {
      it(`${name}: recirculation sections, ct(...) in the datapath actions, DNAT to a backend`, async () => {
        const { trace: t } = await parsed(name);
        expect(t.sections.length).toBeGreaterThan(1);
        const recircs = t.sections.slice(1);
        expect(recircs.every((s) => s.recircId !== undefined && s.title !== undefined)).toBe(true);
        const first0 = t.sections[0];
        const ct = first0.datapathActions?.filter((x) => x.kind === "ct") ?? [];
        expect(ct.length, `no ct(...) in: ${first0.datapathActionsText ?? "(none)"}`).toBeGreaterThan(0);
        expect(first0.datapathActions?.some((x) => x.kind === "recirc")).toBe(true);
        // the first recirculation section resumes the id the initial pass recirculated to
        expect(recircs[0]?.recircId).toBe(traceVerdict(t).sections[0]?.recirc[0]);
        // OVN's load balancer rewrote the destination: some section simulates the NAT
        expect(t.sections.some((s) => s.nat !== undefined && /nw_dst=10\.244\./.test(s.nat.modified?.text ?? ""))).toBe(true);
        const first = recircs[0];
        if (name.includes("--ct-next")) {
          expect(first?.ctStateDefault).not.toBe(true);
          expect(first?.title).toMatch(/ct_state=new\|trk/);
        } else {
          expect(first?.ctStateDefault).toBe(true);
        }
      });
    }

    it("ARP to the gateway: br-int answers it (set(arp(...)) and output back to pod1)", async () => {
      const { p1 } = pods();
      const { trace: t } = await parsed("ARP to the gateway");
      const v = traceVerdict(t);
      expect(v.outputs).toContain(p1.odp);
      expect(t.sections[0].datapathActions?.some((x) => x.kind === "set" && x.key.name === "arp")).toBe(true);
    });

    it("offline detrace from the database files prints what the live ovn-detrace prints (but for its defects)", async () => {
      const sb = box();
      const db = (name: string) => readOvsdbFile(readFileSync(join(sb.dir, name)));
      const ovn = ovnContext({ sb: db("ovnsb_db.db"), nb: db("ovnnb_db.db"), ovs: db("conf.db") });
      for (const name of ["pod to pod", "pod to service VIP --ct-next trk,new", "ARP to the gateway"]) {
        const { run: t } = await parsed(name);
        const live = await run(
          "/usr/bin/python3",
          ["/usr/bin/ovn-detrace", `--ovnnb=unix:${sb.dir}/nb.sock`, `--ovnsb=unix:${sb.dir}/sb.sock`, "--ovs", `--ovsdb=unix:${sb.dir}/db.sock`],
          { env: sb.env, input: t.text, timeoutMs: 60_000 },
        );
        expect(live.stderr).toBe("");
        const expected = linesOf(live.stdout);
        expect(expected.filter((l) => l.startsWith("  * Logical flow: ")).length).toBeGreaterThan(5);
        const result = detrace(t.text, ovn);
        const ours = formatDetrace(result, { style: "ovn-detrace", ovn });
        // A copy of the result, even one read back from JSON, prints the same (no hidden state).
        expect(formatDetrace(fromJson(toJson({ ...result })), { style: "ovn-detrace", ovn })).toBe(ours);
        expect(withOvnDetraceDefects(ours, t.text, ovn), name).toEqual(expected);
        log(`${name}: offline detrace = live ovn-detrace (${expected.length} lines)`);
      }
    });

    it("a refused request (exit status != 0) gives a typed TraceRequestError, not a crash", async () => {
      const r = await box().appctl(["ofproto/trace", "br-int", "in_port=999,garbage=1"], { allowFail: true });
      expect(r.code).not.toBe(0);
      // as generate-traces.sh records it: stdout and stderr together
      const text = r.stdout + r.stderr;
      expect(text).toMatch(/unknown field garbage/);
      let thrown: unknown;
      try {
        parseTrace(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TraceRequestError);
      expect(isOvsParseError(thrown)).toBe(true);
      const err = thrown as TraceRequestError;
      expect(err.code).toBe("decode-error");
      expect(err.ovsMessage).toMatch(/^Bad openflow flow syntax: in_port=999,garbage=1: unknown field garbage/);
      expect(err.ovsMessage).not.toMatch(/server returned an error/);

      // lenient: no trace, one decode-error issue that covers the whole answer, no throw
      const dump = parseTraceDump(text);
      expect(dump.items).toEqual([]);
      expect(dump.issues.map((i) => [i.severity, i.code])).toEqual([["error", "decode-error"]]);
      expect(dump.accounting.issueLines + dump.accounting.blank).toBe(dump.accounting.lines);
      // stderr alone (what a caller that keeps the streams apart sees) is the same answer
      expect(() => parseTrace(r.stderr)).toThrow(TraceRequestError);
    });
  });
});
