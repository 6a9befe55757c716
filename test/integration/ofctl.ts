/**
 * ovs-ofctl plumbing for the conformance tests: checked dumps, copying a bridge's TLV map,
 * meters and groups to another bridge, loading flows, and reading `diff-flows` output, with the
 * list of differences that come from Open vSwitch's own text format (not from ovskit).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatGroup, isBlank, isReplyHeader, parseGroupDump } from "../../src/index.js";
import { FLOWSETS, type RunResult, type Sandbox } from "./sandbox.js";

export type Protocol = "OpenFlow10" | "OpenFlow11" | "OpenFlow12" | "OpenFlow13" | "OpenFlow14" | "OpenFlow15";

/**
 * Runs an ovs-ofctl dump command and returns its stdout, refusing output that OVS could not
 * decode: a non-zero exit, `***decode error`, or anything above INFO level on stderr (INFO notes
 * such as "OFPAT_SET_MPLS_TTL is deprecated in OpenFlow15" are expected).
 */
export async function dump(sb: Sandbox, args: readonly string[]): Promise<string> {
  const r = await sb.ofctl(args);
  const noise = r.stderr.split("\n").filter((l) => l.trim() !== "" && !l.includes("|INFO|"));
  if (noise.length > 0) throw new Error(`ovs-ofctl ${args.join(" ")} warned:\n${noise.join("\n")}`);
  if (r.stdout.includes("decode error")) throw new Error(`ovs-ofctl ${args.join(" ")}: output has a decode error`);
  return r.stdout;
}

/** `ovs-ofctl -O <protocol> --no-names [extra] dump-flows <bridge>`. */
export function dumpFlows(sb: Sandbox, bridge: string, protocol: Protocol, extra: readonly string[] = []): Promise<string> {
  return dump(sb, ["-O", protocol, "--no-names", ...extra, "dump-flows", sb.mgmt(bridge)]);
}

/** The flow / group lines of a dump (reply headers and blank lines dropped). */
export function itemLines(text: string): string[] {
  return text.split("\n").filter((l) => !isBlank(l) && !isReplyHeader(l));
}

/** Sorted item lines, for comparing two dumps whose order is the classifier's. */
export function sortedItems(text: string): string[] {
  return itemLines(text).sort();
}

// ---------------------------------------------------------------------------------------------
// TLV map, meters, groups
// ---------------------------------------------------------------------------------------------

/**
 * Turns `ovs-ofctl dump-tlv-map` output into the argument of `ovs-ofctl add-tlv-map`
 * (`{class=0x102,type=0x80,len=4}->tun_metadata0,...`), or undefined when the map is empty.
 */
export function tlvMapArgument(dumpText: string): string | undefined {
  const maps: string[] = [];
  for (const line of dumpText.split("\n")) {
    const m = /^\s*(0x[0-9a-f]+|\d+)\s+(0x[0-9a-f]+|\d+)\s+(\d+)\s+(tun_metadata\d+)\s*$/.exec(line);
    if (m !== null) maps.push(`{class=${m[1]},type=${m[2]},len=${m[3]}}->${m[4]}`);
  }
  return maps.length === 0 ? undefined : maps.join(",");
}

/**
 * Turns `ovs-ofctl dump-meters` output (a `meter=1 pktps bands=` line, then one line per band)
 * into `ovs-ofctl add-meter` arguments (`meter=1,pktps,bands=type=drop,rate=1000`).
 */
export function meterArguments(dumpText: string): string[] {
  const meters: string[][] = [];
  for (const line of dumpText.split("\n")) {
    if (isBlank(line) || isReplyHeader(line)) continue;
    const words = line.trim().split(/\s+/);
    if (line.startsWith("meter=")) meters.push(words);
    else if (meters.length > 0) meters[meters.length - 1]?.push(...words);
    else throw new Error(`unexpected line in dump-meters output: ${line}`);
  }
  return meters.map((w) => w.join(",").replace("bands=,", "bands="));
}

/** What {@link copyTables} copied. */
export interface CopiedTables {
  readonly tlvMap: string | undefined;
  readonly meters: number;
  readonly groups: number;
}

/**
 * Gives bridge `to` the TLV map, meters and groups of bridge `from`, so that flows referring to
 * tun_metadataN, meter:N, controller(meter_id=N) and group:N load there. Groups go through
 * ovskit: the OpenFlow 1.5 dump (the only one that keeps selection_method and bucket ids) is
 * parsed with parseGroupDump (no issue allowed) and printed back with formatGroup.
 */
export async function copyTables(sb: Sandbox, from: string, to: string): Promise<CopiedTables> {
  const tlvMap = tlvMapArgument(await dump(sb, ["dump-tlv-map", sb.mgmt(from)]));
  if (tlvMap !== undefined) await sb.ofctl(["add-tlv-map", sb.mgmt(to), tlvMap]);

  const meters = meterArguments(await dump(sb, ["-O", "OpenFlow13", "dump-meters", sb.mgmt(from)]));
  for (const m of meters) await sb.ofctl(["-O", "OpenFlow13", "add-meter", sb.mgmt(to), m]);

  const groupDump = parseGroupDump(await dump(sb, ["-O", "OpenFlow15", "--no-names", "dump-groups", sb.mgmt(from)]));
  if (groupDump.issues.length > 0) {
    throw new Error(`parseGroupDump issues on ${from}'s groups:\n${groupDump.issues.map((i) => `${i.line}: ${i.message}`).join("\n")}`);
  }
  if (groupDump.groups.length > 0) {
    const file = join(sb.dir, `${from}-to-${to}.groups`);
    writeFileSync(file, groupDump.groups.map((g) => formatGroup(g)).join("\n") + "\n");
    await sb.ofctl(["-O", "OpenFlow15", "add-groups", sb.mgmt(to), file]);
  }
  return { tlvMap, meters: meters.length, groups: groupDump.groups.length };
}

/**
 * Loads what `fixtures-gen/generate.sh` loads onto br-test before all-families.flows: the TLV
 * map (taken from the flowset's header comment, which documents it), the meters of
 * meters.meters and the groups of groups.groups.
 */
export async function loadFlowsetTables(sb: Sandbox, bridge: string): Promise<void> {
  const header = readFileSync(join(FLOWSETS, "all-families.flows"), "utf8");
  const maps = header.match(/\{class=[^}]*\}->tun_metadata\d+/g) ?? [];
  if (maps.length === 0) throw new Error("all-families.flows no longer documents its TLV map ({class=...}->tun_metadataN)");
  await sb.ofctl(["add-tlv-map", sb.mgmt(bridge), [...new Set(maps)].join(",")]);
  for (const line of readFileSync(join(FLOWSETS, "meters.meters"), "utf8").split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    await sb.ofctl(["-O", "OpenFlow13", "add-meter", sb.mgmt(bridge), line.trim()]);
  }
  await sb.ofctl(["-O", "OpenFlow15", "add-groups", sb.mgmt(bridge), join(FLOWSETS, "groups.groups")]);
}

/** Writes the flows to a file in the sandbox and runs `ovs-ofctl -O <protocol> add-flows`. */
export async function addFlows(
  sb: Sandbox,
  bridge: string,
  protocol: Protocol,
  lines: readonly string[],
  name: string,
  allowFail = false,
): Promise<RunResult> {
  const file = join(sb.dir, `${name}.flows`);
  writeFileSync(file, lines.join("\n") + "\n");
  return sb.ofctl(["-O", protocol, "add-flows", sb.mgmt(bridge), file], { allowFail });
}


// ---------------------------------------------------------------------------------------------
// diff-flows and differences that come from OVS's text format
// ---------------------------------------------------------------------------------------------

/** `ovs-ofctl diff-flows` output split into its `-` (only/different in a) and `+` lines. */
export interface FlowDiff {
  readonly minus: string[];
  readonly plus: string[];
  readonly raw: string;
}

/**
 * `ovs-ofctl -O <protocol> diff-flows unix:<a> unix:<b>` (exit 0: same, 2: differences). It
 * compares match, priority, table, cookie, timeouts, importance and actions, not the flags, so
 * the tests also compare the `--no-stats` dumps.
 */
export async function diffFlows(sb: Sandbox, a: string, b: string, protocol: Protocol): Promise<FlowDiff> {
  const r = await sb.ofctl(["-O", protocol, "diff-flows", sb.target(a), sb.target(b)], { allowFail: true });
  if (r.code !== 0 && r.code !== 2) throw new Error(`diff-flows ${a} ${b} failed (exit ${r.code}):\n${r.stderr}`);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  const minus = lines.filter((l) => l.startsWith("-")).map((l) => l.slice(1));
  const plus = lines.filter((l) => l.startsWith("+")).map((l) => l.slice(1));
  const other = lines.filter((l) => !l.startsWith("-") && !l.startsWith("+"));
  if (other.length > 0) throw new Error(`unexpected diff-flows output:\n${other.join("\n")}`);
  if (r.code === 0 && lines.length > 0) throw new Error(`diff-flows exited 0 but printed:\n${r.stdout}`);
  if (r.code === 2 && lines.length === 0) throw new Error("diff-flows exited 2 but printed nothing");
  return { minus, plus, raw: r.stdout };
}

/**
 * A difference between a bridge and its copy made from OVS's printed text that is due to the
 * text format of Open vSwitch itself: the printed line does not say everything the switch holds,
 * so no printer (ovskit or ovs-ofctl) can reproduce the flow from it.
 */
export interface KnownDifference {
  readonly id: string;
  readonly why: string;
  /** True when the original line `a` and the copy's line `b` differ only in this way. */
  explains(a: string, b: string): boolean;
}

/** OVN's `dec_ttl` with an empty controller-id list. */
export const DEC_TTL_NO_IDS: KnownDifference = {
  id: "dec_ttl()",
  why:
    "OVN installs dec_ttl with an empty controller-id list (NXAST_DEC_TTL_CNT_IDS, 0 ids), printed `dec_ttl()`. " +
    "ovs-ofctl parses `dec_ttl()` as plain `dec_ttl` (controller id 0) and rejects `dec_ttl( )` / `dec_ttl(,)` " +
    "(`dec_ttl_cnt_ids: expected at least one controller id`), so no text reproduces the action.",
  explains: (a, b) => a.includes("dec_ttl()") && a.replaceAll("dec_ttl()", "dec_ttl") === b,
};

/** A tun_metadata match whose mask covers only the trailing bytes loses its mask in dump-flows. */
export const TUN_METADATA_TRAILING_MASK: KnownDifference = {
  id: "tun_metadataN mask",
  why:
    "dump-flows prints a tun_metadataN match whose mask covers only the field's last bytes without the mask " +
    "(`tun_metadata1=0x0/0xff` on an 8-byte field is printed `tun_metadata1=0`, `0x1/0xff` as `0x1`), while the " +
    "switch holds the masked match (diff-flows shows `0/0xff`); the printed text reloads as an exact match.",
  explains: (a, b) =>
    /tun_metadata\d+=[^,\s/]+\/0x/.test(a) && a.replace(/(tun_metadata\d+=[^,\s/]+)\/0x[0-9a-f]+/g, "$1") === b,
};

/** A match on packet_type=(0,0) (Ethernet, the default) is not printed at all. */
export const PACKET_TYPE_ETHERNET: KnownDifference = {
  id: "packet_type=(0,0)",
  why:
    "OVS does not print a match on packet_type=(0,0) (Ethernet, the default packet type), so the printed flow " +
    "reloads without it: the same text on both sides, but a different match (a different flow).",
  explains: (a, b) => a === b,
};

export interface DiffClassification {
  readonly explained: Map<string, Array<readonly [string, string]>>;
  readonly unexplainedMinus: string[];
  readonly unexplainedPlus: string[];
}

/** Pairs each `-` line with a `+` line that one of the `allowed` known differences explains. */
export function classifyDiff(minus: readonly string[], plus: readonly string[], allowed: readonly KnownDifference[]): DiffClassification {
  const explained = new Map<string, Array<readonly [string, string]>>();
  const usedPlus = new Set<number>();
  const unexplainedMinus: string[] = [];
  for (const a of minus) {
    let found = false;
    for (const k of allowed) {
      const j = plus.findIndex((b, i) => !usedPlus.has(i) && k.explains(a, b));
      if (j >= 0) {
        usedPlus.add(j);
        const list = explained.get(k.id) ?? [];
        list.push([a, plus[j] as string]);
        explained.set(k.id, list);
        found = true;
        break;
      }
    }
    if (!found) unexplainedMinus.push(a);
  }
  const unexplainedPlus = plus.filter((_, i) => !usedPlus.has(i));
  return { explained, unexplainedMinus, unexplainedPlus };
}

/** Multiset difference of two sorted line lists: lines only in `a`, lines only in `b`. */
export function lineDifference(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  const count = new Map<string, number>();
  for (const l of b) count.set(l, (count.get(l) ?? 0) + 1);
  const onlyA: string[] = [];
  for (const l of a) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else onlyA.push(l);
  }
  const onlyB: string[] = [];
  for (const [l, n] of count) for (let i = 0; i < n; i++) onlyB.push(l);
  return { onlyA, onlyB };
}

/** A readable report of what a classification left unexplained. */
export function describeUnexplained(c: DiffClassification, limit = 20): string {
  const show = (xs: string[]) => xs.slice(0, limit).join("\n") + (xs.length > limit ? `\n... (${xs.length - limit} more)` : "");
  return `only in the original (${c.unexplainedMinus.length}):\n${show(c.unexplainedMinus)}\nonly in the copy (${c.unexplainedPlus.length}):\n${show(c.unexplainedPlus)}`;
}

/** Counts of explained differences by id, for the log. */
export function explainedCounts(c: DiffClassification): Record<string, number> {
  return Object.fromEntries([...c.explained].map(([id, pairs]) => [id, pairs.length]));
}
