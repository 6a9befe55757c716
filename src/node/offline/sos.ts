/**
 * {@link readSosReport}: a sos report (directory or tarball) → per bridge OpenFlow flows of every
 * `dump-flows` variant, groups, ports; datapath flows; OVN logical flows; database files; each
 * parsed, with the file it came from, and a list of what the report does not have.
 *
 * @module
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { OfflineInputError } from "./errors.js";
import { extractTarball, isTarballName } from "./tar.js";
import { classifySosCommand, type DatapathFlow, type DumpIssue, type Flow, type Group, type Issue, type LogicalFlow, type OvsdbDatabase, parseDatapathFlowDump, parseFlowDump, parseGroupDump, parseLogicalFlowDump, parsePortsDesc, parseVsctlShow, type PortDesc, readOvsdbFile, type SosCommandFile, type VsctlBridge, type VsctlShow } from "ovskit";

/** Where an item came from: its file, relative to the report's top directory. */
export interface SosItem {
  readonly file: string;
}

/** One `dump-flows` output of a bridge. */
export interface SosFlowDump extends SosItem {
  /** `-O` version of the command (`undefined`: ovs-ofctl's default, OpenFlow 1.0 + extensions). */
  readonly protocol: string | undefined;
  /** The sos plugin that ran it (`openvswitch`, `ovn_host`). */
  readonly plugin: string;
  readonly flows: readonly Flow[];
  readonly issues: readonly Issue[];
}

/** One `dump-groups` output of a bridge. */
export interface SosGroupDump extends SosItem {
  readonly protocol: string | undefined;
  readonly groups: readonly Group[];
  readonly issues: readonly Issue[];
}

/** One `dump-ports-desc` output of a bridge. */
export interface SosPortsDesc extends SosItem {
  readonly protocol: string | undefined;
  readonly ports: PortDesc[];
  readonly issues: DumpIssue[];
}

/** What the report has about one bridge. */
export interface SosBridge {
  readonly name: string;
  /** Every `dump-flows` variant found (OpenFlow 1.0 / 1.3 / 1.5, per plugin). */
  readonly flows: readonly SosFlowDump[];
  readonly groups: readonly SosGroupDump[];
  readonly portsDesc: readonly SosPortsDesc[];
  /** The bridge in `ovs-vsctl show` (ports, interfaces, fail_mode...). */
  readonly vsctl: VsctlBridge | undefined;
}

/** Datapath flows (`dpctl/dump-flows [-m] DP` or `dpif/dump-flows [-m] BRIDGE`). */
export interface SosDatapathDump extends SosItem {
  readonly datapath: string | undefined;
  readonly bridge: string | undefined;
  /** `-m`: every key with its mask. */
  readonly more: boolean;
  readonly flows: readonly DatapathFlow[];
  readonly issues: readonly Issue[];
}

/** `ovn-sbctl lflow-list` output. */
export interface SosLogicalFlows extends SosItem {
  /** With `--uuid`: flows carry their UUID prefix (the OpenFlow cookie). */
  readonly uuids: boolean;
  readonly flows: readonly LogicalFlow[];
  readonly issues: readonly Issue[];
}

/** An OVSDB database file found in the report. */
export interface SosDatabase extends SosItem {
  /** From the schema name: `OpenvSwitch` → `ovs`, `OVN_Northbound` → `ovn-nb`, `OVN_Southbound` → `ovn-sb`. */
  readonly kind: "ovs" | "ovn-nb" | "ovn-sb" | "other";
  /** Read leniently: `database.error` is set when the file is damaged. */
  readonly database: OvsdbDatabase;
}

/** A command output kept as text for other readers (see {@link SosReport.texts}). */
export interface SosText extends SosItem {
  /** `dpctl-show`: `ovs-appctl dpctl/show`; `route-show`: `ovs-appctl ovs/route/show`; `tnl-neighbors`: `ovs-appctl tnl/arp/show`. */
  readonly kind: "dpctl-show" | "route-show" | "tnl-neighbors";
  /** For `dpctl-show`: the datapath named in the command (`system@ovs-system`), if any. */
  readonly datapath?: string;
  readonly text: string;
}

/** Something the report does not have. */
export interface SosMissing {
  readonly item: "openflow-flows" | "groups" | "ports-desc" | "vsctl-show" | "datapath-flows" | "lflow-list" | "ovs-database" | "nb-database" | "sb-database";
  readonly bridge?: string;
  readonly description: string;
}

/** Result of {@link readSosReport}. */
export interface SosReport {
  /** The path given (directory or tarball). */
  readonly source: string;
  /** The report's top directory name (`sosreport-<host>-<date>-<id>`). */
  readonly name: string;
  readonly bridges: readonly SosBridge[];
  readonly vsctlShow: (SosItem & { readonly show: VsctlShow; readonly issues: DumpIssue[] }) | undefined;
  readonly datapath: readonly SosDatapathDump[];
  readonly logicalFlows: readonly SosLogicalFlows[];
  readonly databases: readonly SosDatabase[];
  /**
   * Outputs kept as text: `dpctl/show` (the datapath port numbers) and the tunnel underlay
   * (`ovs/route/show`, `tnl/arp/show`). `pipelineInputFromSos(report)` reads them, so a tarball
   * (extracted only while it is read) gives the simulator everything an extracted report does.
   */
  readonly texts: readonly SosText[];
  /** Files of a known kind that ovskit does not parse (`ovs-appctl bridge/dump-flows`). */
  readonly notParsed: readonly (SosItem & { readonly reason: string })[];
  /** Command outputs that are an error message instead of a dump (the command failed when sos ran it). */
  readonly failed: readonly (SosItem & { readonly reason: string })[];
  readonly missing: readonly SosMissing[];
  /** Total issues of every parsed item (0 for a healthy report). */
  readonly issueCount: number;
}

interface Found {
  readonly rel: string;
  readonly plugin: string;
  readonly kind: SosCommandFile;
}

/**
 * Reads a sos report: a directory (the report's top directory, or one that holds it) or a
 * `.tar.xz` / `.tar.gz` tarball (extracted with the system `tar` into a temporary directory,
 * removed afterwards). Every file of `sos_commands/*` that ovskit knows is parsed leniently
 * and keeps its file name; OVSDB files anywhere in the report are read. What a report usually
 * has but this one does not is listed in `missing`.
 *
 * @example
 * ```ts
 * import { readSosReport } from "ovskit/node";
 * const report = await readSosReport("sosreport-worker1-2024-05-01-abcdefg.tar.xz");
 * for (const b of report.bridges) console.log(b.name, b.flows.map((d) => `${d.protocol ?? "default"}: ${d.flows.length}`));
 * for (const m of report.missing) console.log("missing:", m.description);
 * ```
 */
export async function readSosReport(pathOrTarball: string): Promise<SosReport> {
  const st = await stat(pathOrTarball).catch((e: unknown) => {
    throw new OfflineInputError("not-found", pathOrTarball, "no such file or directory", e);
  });
  if (st.isDirectory()) return readReportDir(pathOrTarball, await findTop(pathOrTarball));
  if (!isTarballName(pathOrTarball)) throw new OfflineInputError("not-a-collection", pathOrTarball, "neither a directory nor a tarball (.tar.xz, .tar.gz)");
  const x = await extractTarball(pathOrTarball);
  try {
    return await readReportDir(pathOrTarball, await findTop(x.dir, pathOrTarball));
  } finally {
    await x.remove();
  }
}

/** The directory that holds `sos_commands/`: the given one or a single level below. */
async function findTop(dir: string, shownAs = dir): Promise<string> {
  if (await isDir(join(dir, "sos_commands"))) return dir;
  for (const n of await readdir(dir)) if (await isDir(join(dir, n, "sos_commands"))) return join(dir, n);
  throw new OfflineInputError("not-a-collection", shownAs, "not a sos report (no sos_commands/ directory)");
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() === true;
}

async function readReportDir(source: string, top: string): Promise<SosReport> {
  const found: Found[] = [];
  const cmdRoot = join(top, "sos_commands");
  for (const plugin of (await readdir(cmdRoot)).sort()) {
    const pdir = join(cmdRoot, plugin);
    if (!(await isDir(pdir))) continue;
    for (const n of (await readdir(pdir)).sort()) {
      const kind = classifySosCommand(n);
      if (kind !== undefined) found.push({ rel: `sos_commands/${plugin}/${n}`, plugin, kind });
    }
  }
  const text = (rel: string) => readFile(join(top, rel), "utf8");
  const bridges = new Map<string, { name: string; flows: SosFlowDump[]; groups: SosGroupDump[]; portsDesc: SosPortsDesc[]; vsctl: VsctlBridge | undefined }>();
  const bridge = (name: string) => {
    let b = bridges.get(name);
    if (b === undefined) bridges.set(name, (b = { name, flows: [], groups: [], portsDesc: [], vsctl: undefined }));
    return b;
  };
  const notParsed: (SosItem & { reason: string })[] = [];
  const failed: (SosItem & { reason: string })[] = [];
  const datapath: SosDatapathDump[] = [];
  const logicalFlows: SosLogicalFlows[] = [];
  const texts: SosText[] = [];
  let vsctlShow: SosReport["vsctlShow"];
  let issueCount = 0;
  const fail = (file: string, body: string, items: number, issues: number, requireHeader: boolean): boolean => {
    const first = body.split("\n").find((l) => l.trim() !== "") ?? "";
    const noHeader = requireHeader && !/^(?:NXST|OFPST|ONFST)_\w+ reply/m.test(body);
    if (items === 0 && (issues > 0 || noHeader)) {
      failed.push({ file, reason: first === "" ? "empty output" : first.slice(0, 200) });
      return true;
    }
    return false;
  };

  for (const list of found.filter((f) => f.kind.kind === "list-br")) {
    for (const l of (await text(list.rel)).split("\n")) if (l.trim() !== "") bridge(l.trim());
  }
  for (const f of found) {
    const k = f.kind;
    switch (k.kind) {
      case "list-br":
        break;
      case "openflow-flows": {
        const body = await text(f.rel);
        const { items: flows, issues } = parseFlowDump(body);
        if (fail(f.rel, body, flows.length, issues.length, true)) break;
        issueCount += issues.length;
        bridge(k.bridge).flows.push({ file: f.rel, protocol: k.protocol, plugin: f.plugin, flows, issues });
        break;
      }
      case "openflow-groups": {
        const body = await text(f.rel);
        const { items: groups, issues } = parseGroupDump(body);
        if (fail(f.rel, body, groups.length, issues.length, true)) break;
        issueCount += issues.length;
        bridge(k.bridge).groups.push({ file: f.rel, protocol: k.protocol, groups, issues });
        break;
      }
      case "ports-desc": {
        const body = await text(f.rel);
        const { ports, issues } = parsePortsDesc(body);
        if (fail(f.rel, body, ports.length, issues.length, true)) break;
        issueCount += issues.length;
        bridge(k.bridge).portsDesc.push({ file: f.rel, protocol: k.protocol, ports, issues });
        break;
      }
      case "bridge-dump-flows":
        notParsed.push({ file: f.rel, reason: "ovs-appctl bridge/dump-flows prints hidden flows and offload counters in its own format; the ovs-ofctl dumps of the bridge are read instead" });
        break;
      case "datapath-flows":
      case "dpif-flows": {
        const body = await text(f.rel);
        const { items: flows, issues } = parseDatapathFlowDump(body);
        if (fail(f.rel, body, flows.length, issues.length, false)) break;
        issueCount += issues.length;
        datapath.push({
          file: f.rel,
          datapath: k.kind === "datapath-flows" ? k.datapath?.replace(/^(system|netdev|dummy)_/, "$1@") : undefined,
          bridge: k.kind === "dpif-flows" ? k.bridge : undefined,
          more: k.more,
          flows,
          issues,
        });
        break;
      }
      case "vsctl-show": {
        const body = await text(f.rel);
        const { show, issues } = parseVsctlShow(body);
        if (fail(f.rel, body, show.bridges.length + (show.uuid === undefined ? 0 : 1), issues.length, false)) break;
        issueCount += issues.length;
        vsctlShow = { file: f.rel, show, issues };
        for (const b of show.bridges) bridge(b.name).vsctl = b;
        break;
      }
      case "dpctl-show":
      case "route-show":
      case "tnl-neighbors": {
        const body = await text(f.rel);
        const datapath = k.kind === "dpctl-show" ? k.datapath?.replace("_", "@") : undefined;
        texts.push({ file: f.rel, kind: k.kind, ...(datapath !== undefined ? { datapath } : {}), text: body });
        break;
      }
      case "lflow-list": {
        const body = await text(f.rel);
        const { items: flows, issues } = parseLogicalFlowDump(body);
        if (fail(f.rel, body, flows.length, issues.length, false)) break;
        issueCount += issues.length;
        logicalFlows.push({ file: f.rel, uuids: k.uuids || flows.some((x) => x.uuidPrefix !== undefined), flows, issues });
        break;
      }
    }
  }

  const databases = await readDatabases(top);
  for (const d of databases) if (d.database.error !== undefined) issueCount++;
  const out = {
    source,
    name: basename(top),
    bridges: [...bridges.values()],
    vsctlShow,
    datapath,
    logicalFlows,
    databases,
    texts,
    notParsed,
    failed,
    issueCount,
  };
  return { ...out, missing: missingOf(out) };
}

const SKIP_DIRS = new Set(["sos_commands", "sos_logs", "sos_reports", "sos_strings", "proc", "sys"]);

/** Every OVSDB file (`OVSDB JSON` / `OVSDB CLUSTER` magic) outside sos's own directories. */
async function readDatabases(top: string): Promise<SosDatabase[]> {
  const out: SosDatabase[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const d of (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        if (depth === 0 && SKIP_DIRS.has(d.name)) continue;
        await walk(p, depth + 1);
      } else if (d.isFile() && d.name.endsWith(".db")) {
        const bytes = await readFile(p);
        const magic = bytes.subarray(0, 14).toString("latin1");
        if (!magic.startsWith("OVSDB JSON") && !magic.startsWith("OVSDB CLUSTER")) continue;
        let database: OvsdbDatabase;
        try {
          database = readOvsdbFile(bytes, { lenient: true });
        } catch {
          continue; // no schema at all: not a database ovskit can show
        }
        const schema = database.schema.name;
        const kind = schema === "Open_vSwitch" ? "ovs" : schema === "OVN_Northbound" ? "ovn-nb" : schema === "OVN_Southbound" ? "ovn-sb" : "other";
        out.push({ file: relative(top, p), kind, database });
      }
    }
  };
  await walk(top, 0);
  return out;
}

function missingOf(r: Omit<SosReport, "missing">): SosMissing[] {
  const missing: SosMissing[] = [];
  if (r.vsctlShow === undefined) missing.push({ item: "vsctl-show", description: "ovs-vsctl show (bridges, ports, interfaces)" });
  for (const b of r.bridges) {
    if (b.flows.length === 0) missing.push({ item: "openflow-flows", bridge: b.name, description: `${b.name}: OpenFlow flows (ovs-ofctl dump-flows)` });
    if (b.groups.length === 0) missing.push({ item: "groups", bridge: b.name, description: `${b.name}: groups (ovs-ofctl dump-groups)` });
    if (b.portsDesc.length === 0) missing.push({ item: "ports-desc", bridge: b.name, description: `${b.name}: ports (ovs-ofctl dump-ports-desc)` });
  }
  if (r.datapath.length === 0) missing.push({ item: "datapath-flows", description: "datapath flows (ovs-appctl dpctl/dump-flows -m)" });
  if (r.logicalFlows.length === 0) missing.push({ item: "lflow-list", description: "OVN logical flows (ovn-sbctl lflow-list)" });
  const has = (k: SosDatabase["kind"]) => r.databases.some((d) => d.kind === k);
  if (!has("ovs")) missing.push({ item: "ovs-database", description: "OVS database file (conf.db)" });
  if (!has("ovn-nb")) missing.push({ item: "nb-database", description: "OVN Northbound database file (ovnnb_db.db)" });
  if (!has("ovn-sb")) missing.push({ item: "sb-database", description: "OVN Southbound database file (ovnsb_db.db)" });
  return missing;
}
