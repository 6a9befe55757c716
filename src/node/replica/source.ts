/**
 * What a replica is built from: a sos report, an ovs-save directory or files given by hand,
 * turned into one plan (database files, and per bridge the TLV map, meters, groups and flows
 * to restore, and the ports to create when there is no conf.db).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type TlvMapping, formatFlow, formatGroup } from "ovskit";
import type { OvsSaveDir } from "../offline/ovs-save.js";
import type { SosReport } from "../offline/sos.js";
import { ReplicaError } from "./errors.js";
import { inferTlvMap, parseMeterDump, parseTlvText, protocolOfDump, referencedMeters, referencedPorts, restorableFlows, restorableGroups } from "./dump-text.js";
import { sosBridgePorts } from "./sos-ports.js";
import type { ReplicaChange, ReplicaFiles } from "./types.js";

/** Where a database file comes from: a file, or a member of a (sos report) tarball. */
export type DbSource =
  /** The first of `paths` that exists. */
  | { readonly kind: "file"; readonly paths: readonly string[] }
  /** The first of `members` that the tarball has. */
  | { readonly kind: "tar"; readonly tarball: string; readonly members: readonly string[] };

/** An interface to create (with its collected type: the replica converts it at creation). */
export interface PlanIface {
  readonly name: string;
  readonly type: string;
  readonly ofport: number | undefined;
  /** Other `ovs-vsctl` column assignments (`options={...}`). */
  readonly columns: readonly string[];
}

/** A port to create on a bridge that is not in a conf.db. */
export interface PlanPort {
  readonly name: string;
  readonly interfaces: readonly PlanIface[];
  /** `ovs-vsctl` column assignments of the Port (`tag=5`). */
  readonly columns: readonly string[];
}

/** What is restored into one bridge. */
export interface PlanBridge {
  readonly name: string;
  readonly flows: { readonly text: string; readonly count: number; readonly protocol: string; readonly from: string } | undefined;
  readonly groups: { readonly text: string; readonly count: number; readonly protocol: string; readonly from: string } | undefined;
  /** `undefined`: leave the bridge's TLV map alone. */
  readonly tlv: readonly TlvMapping[] | undefined;
  /** `add-meter` arguments. */
  readonly meters: readonly string[];
  /** Ports to create when the bridge is not in the conf.db. */
  readonly ports: readonly PlanPort[];
  /** `ovs-vsctl set Bridge` column assignments used when the bridge is created. */
  readonly bridgeColumns: readonly string[];
  /** What is said about the bridge when it is created from this plan (ports inferred...). */
  readonly createNotes: readonly ReplicaChange[];
}

/** The plan of a replica. */
export interface ReplicaPlan {
  readonly origin: "sos" | "ovs-save" | "files";
  readonly conf: DbSource | undefined;
  readonly nb: DbSource | undefined;
  readonly sb: DbSource | undefined;
  readonly bridges: readonly PlanBridge[];
  readonly changes: readonly ReplicaChange[];
}

/** The sources {@link startReplica} takes. */
export type ReplicaSource = SosReport | OvsSaveDir | ReplicaFiles;

/**
 * True when `x` is a `readSosReport` result.
 *
 * @internal
 * @example
 * ```ts
 * isSosReport(await readSosReport(path)); // true
 * ```
 */
export function isSosReport(x: ReplicaSource): x is SosReport {
  return "databases" in x && "logicalFlows" in x && Array.isArray((x as SosReport).bridges);
}

/**
 * True when `x` is a `readOvsSave` result.
 *
 * @internal
 * @example
 * ```ts
 * isOvsSaveDir(await readOvsSave(dir)); // true
 * ```
 */
export function isOvsSaveDir(x: ReplicaSource): x is OvsSaveDir {
  return "scriptFile" in x && "dir" in x && Array.isArray((x as OvsSaveDir).bridges);
}

const RANK = (p: string | undefined) => (p === undefined ? 10 : Number(p.replace("OpenFlow", "")));
const bundleOf = (protocol: string) => RANK(protocol) >= 14;

/**
 * Whether the restore of `protocol` can be one atomic `--bundle` (OpenFlow 1.4+).
 *
 * @internal
 * @example
 * ```ts
 * canBundle("OpenFlow13"); // false
 * ```
 */
export function canBundle(protocol: string): boolean {
  return bundleOf(protocol);
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new ReplicaError("bad-file", `cannot read ${what} ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Dummy ports for the port numbers a bridge's flows and groups name (no database tells them). */
function inferredPorts(bridge: string, text: string): { ports: PlanPort[]; notes: ReplicaChange[] } {
  const numbers = referencedPorts(text);
  const notes: ReplicaChange[] =
    numbers.length === 0
      ? []
      : [
          {
            kind: "port-created",
            subject: `Bridge ${bridge}`,
            message: `no database describes its ports: dummy ports ${bridge}_p<N> created for the OpenFlow ports its flows and groups name (${numbers.join(", ")}); their real names and types (patch, tunnel) are unknown`,
          },
        ];
  const ports = numbers.map((n) => ({ name: `${bridge}_p${n}`, interfaces: [{ name: `${bridge}_p${n}`, type: "dummy", ofport: n, columns: [] }], columns: [] }));
  return { ports, notes };
}

function inferredBridge(bridge: string, text: string): Pick<PlanBridge, "ports" | "bridgeColumns" | "createNotes"> {
  const { ports, notes } = inferredPorts(bridge, text);
  return { ports, bridgeColumns: ["fail_mode=secure"], createNotes: notes };
}

function meterPlaceholders(bridge: string, flowsText: string, given: readonly string[], changes: ReplicaChange[]): string[] {
  const have = new Set(given.map((m) => Number(/^meter=(\d+)/.exec(m)?.[1])));
  const missing = referencedMeters(flowsText).filter((id) => !have.has(id));
  if (missing.length > 0) {
    changes.push({
      kind: "meter-created",
      subject: `Bridge ${bridge}`,
      message: `flows use meter ${missing.join(", ")} but no meter dump was given: created as drop meters with the highest rate (packets are never dropped by them)`,
    });
  }
  return [...given, ...missing.map((id) => `meter=${id} pktps bands=type=drop rate=4294967295`)];
}

function tlvFor(bridge: string, given: readonly TlvMapping[] | undefined, flowsText: string, ovn: boolean, changes: ReplicaChange[]): readonly TlvMapping[] | undefined {
  if (given !== undefined) return given;
  const inferred = inferTlvMap(flowsText, { ovn });
  if (inferred.length === 0) return undefined;
  changes.push({
    kind: "tlv-inferred",
    subject: `Bridge ${bridge}`,
    message: `no TLV map was collected but the flows use ${inferred.map((m) => m.field).join(", ")}: mapped as ${inferred.map((m) => `{class=0x${m.optClass.toString(16)},type=0x${m.type.toString(16)},len=${m.len}}`).join(", ")}${ovn ? " (OVN's mapping for tun_metadata0)" : ""}`,
  });
  return inferred;
}

/**
 * The plan for a source. Reads the dump files it names; throws `bad-file` when one cannot be
 * read and `bad-source` when there is nothing to build a replica from.
 *
 * @internal
 * @example
 * ```ts
 * const plan = await planReplica(await readOvsSave("/tmp/save"), { clearTimeouts: false });
 * ```
 */
export async function planReplica(source: ReplicaSource, options: { readonly clearTimeouts: boolean }): Promise<ReplicaPlan> {
  const plan = isSosReport(source) ? planSos(source, options) : isOvsSaveDir(source) ? await planOvsSave(source, options) : await planFiles(source, options);
  if (plan.bridges.length === 0 && plan.conf === undefined && plan.nb === undefined && plan.sb === undefined) {
    throw new ReplicaError("bad-source", "nothing to replicate: the source has no database file and no bridge with flows");
  }
  return plan;
}

function planSos(report: SosReport, options: { readonly clearTimeouts: boolean }): ReplicaPlan {
  const changes: ReplicaChange[] = [];
  const db = (kind: "ovs" | "ovn-nb" | "ovn-sb"): DbSource | undefined => {
    const found = report.databases.filter((d) => d.kind === kind && d.database.error === undefined);
    if (found.length === 0) return undefined;
    if (found.length > 1) changes.push({ kind: "database", subject: found[0]!.file, message: `the report has ${found.length} ${kind} databases; ${found[0]!.file} is served (${found.slice(1).map((d) => d.file).join(", ")} not)` });
    const file = found[0]!.file;
    return /\.(?:tar(?:\.\w+)?|txz|tgz)$/i.test(report.source)
      ? { kind: "tar", tarball: resolve(report.source), members: [`${report.name}/${file}`, `./${report.name}/${file}`] }
      : { kind: "file", paths: [resolve(report.source, file), resolve(report.source, report.name, file)] };
  };
  const conf = db("ovs");
  const ovn = report.logicalFlows.length > 0 || report.databases.some((d) => d.kind !== "ovs");
  const bridges: PlanBridge[] = [];
  for (const b of report.bridges) {
    // The dump of the highest OpenFlow version (ovs-offline's choice), the openvswitch plugin's first.
    const dumps = [...b.flows].sort((x, y) => RANK(y.protocol) - RANK(x.protocol) || Number(y.plugin === "openvswitch") - Number(x.plugin === "openvswitch"));
    const fd = dumps[0];
    const gd = [...b.groups].sort((x, y) => RANK(y.protocol) - RANK(x.protocol))[0];
    let flows: PlanBridge["flows"];
    if (fd !== undefined) {
      const raw = fd.flows.map((f) => formatFlow(f, { stats: false })).join("\n");
      const r = restorableFlows(raw, { clearTimeouts: options.clearTimeouts });
      flows = { ...r, protocol: fd.protocol ?? "OpenFlow10", from: fd.file };
      if (fd.issues.length > 0) changes.push({ kind: "flows", subject: fd.file, message: `${fd.issues.length} line(s) did not parse and are not restored (first: line ${fd.issues[0]!.line})` });
    } else changes.push({ kind: "not-restored", subject: `Bridge ${b.name}`, message: "the report has no dump-flows of this bridge: it keeps its default flows" });
    const groups = gd === undefined ? undefined : { ...restorableGroups(gd.groups.map((g) => formatGroup(g)).join("\n")), protocol: gd.protocol ?? "OpenFlow10", from: gd.file };
    const fromShow = sosBridgePorts(b);
    bridges.push({
      name: b.name,
      flows,
      groups,
      tlv: tlvFor(b.name, undefined, flows?.text ?? "", ovn, changes),
      meters: meterPlaceholders(b.name, flows?.text ?? "", [], changes),
      ports: fromShow.ports,
      bridgeColumns: fromShow.bridgeColumns,
      createNotes: fromShow.notes,
    });
  }
  return { origin: "sos", conf, nb: db("ovn-nb"), sb: db("ovn-sb"), bridges, changes };
}

async function planOvsSave(save: OvsSaveDir, options: { readonly clearTimeouts: boolean }): Promise<ReplicaPlan> {
  const changes: ReplicaChange[] = [];
  const bridges: PlanBridge[] = [];
  for (const b of save.bridges) {
    const fText = b.flowsFile === undefined ? undefined : await readText(b.flowsFile, "flows dump");
    const gText = b.groupsFile === undefined ? undefined : await readText(b.groupsFile, "groups dump");
    const protocol = b.protocol ?? (fText === undefined ? undefined : protocolOfDump(fText)) ?? "OpenFlow15";
    const flows = fText === undefined ? undefined : { ...restorableFlows(fText, { clearTimeouts: options.clearTimeouts }), protocol, from: b.flowsFile! };
    const groups = gText === undefined ? undefined : { ...restorableGroups(gText), protocol, from: b.groupsFile! };
    const text = (flows?.text ?? "") + (groups?.text ?? "");
    bridges.push({
      name: b.bridge,
      flows,
      groups,
      tlv: tlvFor(b.bridge, save.script === undefined ? undefined : b.tlvMap, flows?.text ?? "", false, changes),
      meters: meterPlaceholders(b.bridge, flows?.text ?? "", [], changes),
      ...inferredBridge(b.bridge, text),
    });
  }
  return { origin: "ovs-save", conf: undefined, nb: undefined, sb: undefined, bridges, changes };
}

async function planFiles(files: ReplicaFiles, options: { readonly clearTimeouts: boolean }): Promise<ReplicaPlan> {
  const changes: ReplicaChange[] = [];
  const file = (p: string | undefined): DbSource | undefined => (p === undefined ? undefined : { kind: "file", paths: [resolve(p)] });
  const bridges: PlanBridge[] = [];
  const ovn = files.nbDb !== undefined || files.sbDb !== undefined;
  for (const [name, b] of Object.entries(files.bridges ?? {})) {
    const fText = b.flows === undefined ? undefined : await readText(b.flows, `flows of ${name}:`);
    const gText = b.groups === undefined ? undefined : await readText(b.groups, `groups of ${name}:`);
    const flows =
      fText === undefined ? undefined : { ...restorableFlows(fText, { clearTimeouts: options.clearTimeouts }), protocol: b.protocol ?? protocolOfDump(fText) ?? "OpenFlow15", from: b.flows! };
    const groups = gText === undefined ? undefined : { ...restorableGroups(gText), protocol: b.protocol ?? protocolOfDump(gText) ?? "OpenFlow15", from: b.groups! };
    let tlv: readonly TlvMapping[] | undefined;
    if (typeof b.tlv === "string") tlv = parseTlvText(await readText(b.tlv, `TLV map of ${name}:`));
    else tlv = b.tlv;
    const meters = b.meters === undefined ? [] : parseMeterDump(await readText(b.meters, `meters of ${name}:`));
    const text = (flows?.text ?? "") + (groups?.text ?? "");
    bridges.push({
      name,
      flows,
      groups,
      tlv: tlvFor(name, tlv, flows?.text ?? "", ovn, changes),
      meters: meterPlaceholders(name, flows?.text ?? "", meters, changes),
      ...inferredBridge(name, text),
    });
  }
  return { origin: "files", conf: file(files.confDb), nb: file(files.nbDb), sb: file(files.sbDb), bridges, changes };
}
