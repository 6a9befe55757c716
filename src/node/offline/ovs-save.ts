/**
 * {@link readOvsSave}: the files `ovs-save save-flows` makes (as ovs-offline collects them):
 * `<bridge>.flows.dump`, `<bridge>.groups.dump`, and the restore script with the TLV maps.
 *
 * @module
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { OfflineInputError } from "./errors.js";
import { type Flow, type Group, type Issue, type OvsSaveScript, parseFlowDump, parseGroupDump, parseOvsSaveScript, type TlvMapping } from "ovskit";

/** One bridge of an ovs-save directory. */
export interface OvsSaveBridgeData {
  readonly bridge: string;
  /** The `-O` version the restore script uses, when there is a script. */
  readonly protocol: string | undefined;
  readonly tlvMap: readonly TlvMapping[];
  readonly flowsFile: string | undefined;
  readonly flows: readonly Flow[];
  readonly flowIssues: readonly Issue[];
  readonly groupsFile: string | undefined;
  readonly groups: readonly Group[];
  readonly groupIssues: readonly Issue[];
}

/** Result of {@link readOvsSave}. */
export interface OvsSaveDir {
  readonly dir: string;
  /** The restore script found (`restore.sh` or another `*.sh` with ovs-ofctl commands). */
  readonly scriptFile: string | undefined;
  readonly script: OvsSaveScript | undefined;
  /** Bridges sorted by name. */
  readonly bridges: readonly OvsSaveBridgeData[];
  /** What was expected but not found (a dump file the script names, or no script at all). */
  readonly missing: readonly string[];
  readonly issueCount: number;
}

const FLOWS = /^(.+)\.flows\.dump$/;
const GROUPS = /^(.+)\.groups\.dump$/;

/**
 * Reads an ovs-save directory: every `<bridge>.flows.dump` (flows without stats, as
 * `ovs-save` dumps them) and `<bridge>.groups.dump`, and the restore script (`restore.sh`, or
 * any `*.sh` holding `ovs-ofctl ... replace-flows` lines) for each bridge's OpenFlow version and
 * TLV map. Dump files the script names are looked up by file name in `dir` (the script's own
 * paths point into the temporary directory ovs-save used).
 *
 * @example
 * ```ts
 * import { readOvsSave } from "ovskit/node";
 * const save = await readOvsSave("/tmp/ovs-offline/save");
 * for (const b of save.bridges) console.log(b.bridge, b.protocol, b.flows.length, b.groups.length, b.tlvMap.map((t) => t.field));
 * ```
 */
export async function readOvsSave(dir: string): Promise<OvsSaveDir> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new OfflineInputError("not-found", dir, "cannot read the directory", e);
  }
  let scriptFile: string | undefined;
  let script: OvsSaveScript | undefined;
  for (const n of [...names.filter((x) => x === "restore.sh"), ...names.filter((x) => x.endsWith(".sh") && x !== "restore.sh")]) {
    const parsed = parseOvsSaveScript(await readFile(join(dir, n), "utf8"));
    if (parsed.bridges.length > 0) {
      scriptFile = join(dir, n);
      script = parsed;
      break;
    }
  }
  const bridgeNames = new Set<string>();
  for (const n of names) {
    const m = FLOWS.exec(n) ?? GROUPS.exec(n);
    if (m !== null) bridgeNames.add(m[1]!);
  }
  for (const b of script?.bridges ?? []) bridgeNames.add(b.bridge);
  if (bridgeNames.size === 0) throw new OfflineInputError("not-a-collection", dir, "no <bridge>.flows.dump file and no ovs-save restore script");

  const missing: string[] = [];
  if (script === undefined) missing.push("the restore script (ovs-save save-flows output: OpenFlow versions and TLV maps)");
  const bridges: OvsSaveBridgeData[] = [];
  let issueCount = 0;
  const present = async (name: string) => (await stat(join(dir, name)).catch(() => undefined))?.isFile() === true;
  for (const bridge of [...bridgeNames].sort()) {
    const s = script?.bridges.find((b) => b.bridge === bridge);
    const flowsName = s?.flowsFile !== undefined ? basename(s.flowsFile) : `${bridge}.flows.dump`;
    const groupsName = s?.groupsFile !== undefined ? basename(s.groupsFile) : `${bridge}.groups.dump`;
    let flows: readonly Flow[] = [];
    let flowIssues: readonly Issue[] = [];
    let groups: readonly Group[] = [];
    let groupIssues: readonly Issue[] = [];
    const flowsFile = (await present(flowsName)) ? join(dir, flowsName) : undefined;
    const groupsFile = (await present(groupsName)) ? join(dir, groupsName) : undefined;
    if (flowsFile !== undefined) ({ items: flows, issues: flowIssues } = parseFlowDump(await readFile(flowsFile, "utf8")));
    else missing.push(`${bridge}: flows (${flowsName})`);
    if (groupsFile !== undefined) ({ items: groups, issues: groupIssues } = parseGroupDump(await readFile(groupsFile, "utf8")));
    else missing.push(`${bridge}: groups (${groupsName})`);
    issueCount += flowIssues.length + groupIssues.length;
    bridges.push({ bridge, protocol: s?.protocol, tlvMap: s?.tlvMap ?? [], flowsFile, flows, flowIssues, groupsFile, groups, groupIssues });
  }
  return { dir, scriptFile, script, bridges, missing, issueCount };
}
