/**
 * Helpers of the replica integration tests (test/integration/replica*.test.ts): where replicas
 * live (`$OVSKIT_SANDBOX_ROOT`), the captured snapshot of fixtures-gen/replica/capture.sh, the
 * daemons left under a directory (/proc, like .ci/run's sandbox_pids), and comparisons.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplicaFiles } from "../../src/node/index.js";
import { ROOT, inCI, missingBinaries } from "./sandbox.js";

/** The captured snapshot (fixtures-gen/replica/capture.sh). */
export const CAPTURE = join(ROOT, "test", "fixtures", "replica");
export const CAPTURE_BRIDGES = ["br-int", "br-a", "br-b", "br-ex"] as const;

/** Why the replica suites cannot run here ([] when they can). */
export function replicaProblems(): string[] {
  const hasOvnTrace = spawnSync("sh", ["-c", "command -v ovn-trace"]).status === 0;
  return [...missingBinaries(), ...(hasOvnTrace ? [] : ["ovn-trace"])];
}

/** Skip (with a loud warning) or, under CI, fail when the binaries are missing. */
export function skipReplicaSuite(name: string): boolean {
  const problems = replicaProblems();
  if (problems.length === 0) return false;
  const what = `needs ${problems.join(", ")} (apt-get install -y openvswitch-switch ovn-central ovn-host)`;
  if (inCI()) {
    console.error(`\n[integration] ERROR: the ${name} suite ${what}. CI is set, so it FAILS.\n`);
    return false;
  }
  console.warn(`\n${"!".repeat(100)}\n[integration] SKIPPING the ${name} suite: it ${what}.\n${"!".repeat(100)}\n`);
  return true;
}

/** A fresh directory for replicas under `$OVSKIT_SANDBOX_ROOT` (else the system temp dir). */
export function replicaRoot(): string {
  return mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), "ovskit-replica-it-"));
}

/** The capture as files given by hand. */
export function captureFiles(): ReplicaFiles {
  const br = (b: string) => ({ flows: join(CAPTURE, `${b}.flows`), groups: join(CAPTURE, `${b}.groups`), tlv: join(CAPTURE, `${b}.tlv`) });
  return {
    confDb: join(CAPTURE, "conf.db"),
    nbDb: join(CAPTURE, "ovnnb_db.db"),
    sbDb: join(CAPTURE, "ovnsb_db.db"),
    bridges: { "br-int": br("br-int"), "br-a": { ...br("br-a"), meters: join(CAPTURE, "br-a.meters") }, "br-b": br("br-b"), "br-ex": br("br-ex") },
  };
}

/**
 * Pids of ovsdb-server / ovs-vswitchd / ovn-* daemons whose command line mentions `dir/` (what
 * .ci/run's sandbox_pids looks for).
 */
export function daemonsUnder(dir: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const comm = readFileSync(`/proc/${e}/comm`, "utf8").trim();
      if (!["ovsdb-server", "ovs-vswitchd", "ovn-northd", "ovn-controller"].includes(comm)) continue;
      const cmdline = readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0").join(" ");
      if (cmdline.includes(`${dir}/`)) out.push({ pid: Number(e), cmdline });
    } catch {
      // gone
    }
  }
  return out;
}

/** Lines of a dump without reply headers (their xid differs) and blank lines, sorted. */
export function dumpLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^(?:NXST|OFPST|ONFST|NXT)_\w+ (?:reply|REPLY)/.test(l.trim()) && !/^NXT_TLV_TABLE_REPLY/.test(l))
    .sort();
}

/** `dump-flows` lines without the statistics (what `--no-stats` prints). */
export function withoutStats(line: string): string {
  return line.replace(/\b(?:duration=[\d.]+s|n_packets=\d+|n_bytes=\d+|idle_age=\d+|hard_age=\d+), /g, "");
}

/**
 * `dec_ttl()` (an empty controller-id list, what ovn-controller installs) cannot be read back by
 * ovs-ofctl: it parses as `dec_ttl`. The one known difference between a node and its replica.
 */
export function plainDecTtl(s: string): string {
  return s.replaceAll("dec_ttl()", "dec_ttl");
}

/** The packets of the capture: name, bridge, flow, extra ofproto/trace arguments. */
export function capturedPackets(): { name: string; bridge: string; flow: string; extra: string[] }[] {
  return readFileSync(join(CAPTURE, "packets.tsv"), "utf8")
    .trim()
    .split("\n")
    .map((l) => {
      const [name, bridge, flow, extra] = l.split("\t");
      return { name: name!, bridge: bridge!, flow: flow!, extra: extra === undefined || extra === "" ? [] : extra.split(" ") };
    });
}
