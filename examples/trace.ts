/**
 * trace: offline `ofproto/trace` from collected files, explained. A thin wrapper over ovskit:
 * createPipeline + simulateTrace, buildPacket (--from/--to), detrace and explainTrace.
 *
 *   npm run trace -- SOS_REPORT|OVS_SAVE_DIR 'in_port=13,tcp,nw_src=...'      (see --help)
 *   npm run trace -- --flows br-int.flows --conf-db conf.db --sb ovnsb_db.db --from POD --to 10.96.0.11:80/tcp
 *
 * Exit status: 0 ok, 1 bad input (files, packet, names), 2 bad usage.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import {
  type BridgeInput, type BuildProtocol, type OvsdbDatabase, type PipelineInput,
  buildPacket, createPipeline, detrace, interfacesFromVswitch, explainTrace, formatDetrace, formatExplanation, formatTrace,
  ovnContext, parseDpifShow, pipelineInputFromOvsSave, pipelineInputFromSos, pipelineInputFromTexts, readOvsdbFile,
  renderExplanationHtml, simulateTrace, toJson, vswitchView,
} from "ovskit";
import { isGzip, readOvsSave, readSosReport } from "ovskit/node";
import { CliError as InputError, UsageError, errorExitCode, errorReport, runIfDirect } from "./cli-kit.js";

const HELP = `Usage: ovskit trace [INPUT] [PACKET] [options]

Simulates ovs-appctl ofproto/trace on collected files and explains the verdict.

INPUT (one of):
  SOS_REPORT                  a sos report directory or .tar.xz (flows, groups, ports; its NB/SB/conf.db when present)
  OVS_SAVE_DIR                an ovs-save directory (*.flows.dump, *.groups.dump)
  --flows FILE                ovs-ofctl -O OpenFlow15 dump-flows of the bridge (with --groups FILE)
Sources:
  --groups FILE               ovs-ofctl -O OpenFlow15 dump-groups (with --flows)
  --dpif-show FILE            ovs-appctl dpif/show: datapath port numbers (with --flows or an ovs-save dir)
  --conf-db FILE              OVS's conf.db: interfaces, tunnels, iface-ids (in_port for --from)
  --sb FILE, --nb FILE        OVN Southbound / Northbound database files: detrace, explanation, --from/--to
  --bridge NAME               bridge to trace on (default: br-int, or the bridge of --from's interface)
Packet (PACKET, the flow ofproto/trace takes, or):
  --from LOGICAL_PORT         the packet enters from this logical port
  --to TARGET                 an IP, a logical port, or a VIP IP:PORT/PROTO (10.96.0.11:80/tcp)
  --proto tcp|udp|icmp|arp    --dst-port N   --src-port N   --ttl N   --in-port PORT
  --ct-next STATE             conntrack state of the next recirculation (repeatable): trk,new / trk,est ...
Output:
  (default)                   the simulated trace, OVN annotations (with --sb), the explanation
  --json                      toJson({ trace, explanation, packet }) (bigints exact; ovskit's fromJson reads it)
  --html                      a self-contained HTML page
  -o, --output FILE           write there instead of stdout
  -h, --help                  this help
`;


interface Options {
  input?: string | undefined;
  packet?: string | undefined;
  flows?: string;
  groups?: string;
  dpifShow?: string;
  confDb?: string;
  sb?: string;
  nb?: string;
  bridge?: string;
  from?: string;
  to?: string;
  proto?: BuildProtocol;
  dstPort?: number;
  srcPort?: number;
  ttl?: number;
  inPort?: string;
  ctNext: string[];
  format: "text" | "json" | "html";
  output?: string;
}

function int(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} needs a non-negative integer, not "${v}"`);
  return n;
}

function parseArgs(argv: readonly string[]): Options | "help" {
  const rest = [...argv];
  const o: Options = { ctNext: [], format: "text" };
  const positional: string[] = [];
  while (rest.length > 0) {
    const a = rest.shift() as string;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const val = (): string => {
      const v = inline ?? rest.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--flows": o.flows = val(); break;
      case "--groups": o.groups = val(); break;
      case "--dpif-show": o.dpifShow = val(); break;
      case "--conf-db": o.confDb = val(); break;
      case "--sb": o.sb = val(); break;
      case "--nb": o.nb = val(); break;
      case "--bridge": o.bridge = val(); break;
      case "--from": o.from = val(); break;
      case "--to": o.to = val(); break;
      case "--proto": {
        const p = val();
        if (p !== "tcp" && p !== "udp" && p !== "icmp" && p !== "arp") throw new UsageError(`--proto takes tcp, udp, icmp or arp, not "${p}"`);
        o.proto = p;
        break;
      }
      case "--dst-port": o.dstPort = int(flag, val()); break;
      case "--src-port": o.srcPort = int(flag, val()); break;
      case "--ttl": o.ttl = int(flag, val()); break;
      case "--in-port": o.inPort = val(); break;
      case "--ct-next": o.ctNext.push(val()); break;
      case "--json": o.format = "json"; break;
      case "--html": o.format = "html"; break;
      case "-o":
      case "--output": o.output = val(); break;
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (o.flows === undefined) o.input = positional.shift();
  o.packet = positional.shift();
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
  if (o.flows === undefined && o.input === undefined) throw new UsageError("give an input: a sos report, an ovs-save directory, or --flows FILE");
  if (o.flows !== undefined && o.input !== undefined) throw new UsageError("give one input: a directory or --flows");
  if (o.groups !== undefined && o.flows === undefined) throw new UsageError("--groups goes with --flows");
  if ((o.from === undefined) !== (o.to === undefined)) throw new UsageError("--from and --to go together");
  if (o.from !== undefined && o.packet !== undefined) throw new UsageError("give a packet or --from/--to, not both");
  if (o.from === undefined && o.packet === undefined) throw new UsageError("give a packet (in_port=...,tcp,...) or --from LOGICAL_PORT --to TARGET");
  return o;
}

/** The file's bytes, gunzipped when they are gzip (recognised by content, as every ovskit command does). */
function fileBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return isGzip(raw) ? gunzipSync(raw) : raw;
}

function text(path: string): string {
  try {
    return fileBytes(path).toString("utf8");
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function database(path: string, what: string): OvsdbDatabase {
  let bytes: Buffer;
  try {
    bytes = fileBytes(path);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return readOvsdbFile(bytes);
  } catch (e) {
    throw new InputError(`${path}: not ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A sos report (its tarball, its directory, or a directory holding it), or an ovs-save directory. */
function kindOf(path: string): { kind: "sos" | "ovs-save" } {
  if (/\.tar(\.(xz|gz|bz2))?$|\.tgz$/.test(path)) return { kind: "sos" };
  if (!isDir(path)) throw new InputError(`${path}: no such directory or sos report tarball`);
  if (isDir(join(path, "sos_commands"))) return { kind: "sos" };
  const names = readdirSync(path);
  const inner = names.find((n) => isDir(join(path, n, "sos_commands")));
  if (inner !== undefined) return { kind: "sos" };
  if (names.some((n) => n.endsWith(".flows.dump"))) return { kind: "ovs-save" };
  throw new InputError(`${path}: neither a sos report (sos_commands/) nor an ovs-save directory (*.flows.dump)`);
}

interface Loaded {
  readonly input: PipelineInput;
  readonly dbs: { sb?: OvsdbDatabase | undefined; nb?: OvsdbDatabase | undefined; ovs?: OvsdbDatabase | undefined };
}

async function load(o: Options): Promise<Loaded> {
  const dbs: Loaded["dbs"] = {};
  if (o.sb !== undefined) dbs.sb = database(o.sb, "an OVSDB file");
  if (o.nb !== undefined) dbs.nb = database(o.nb, "an OVSDB file");
  if (o.confDb !== undefined) dbs.ovs = database(o.confDb, "an OVSDB file");
  const vswitch = dbs.ovs === undefined ? undefined : vswitchView(dbs.ovs);
  if (o.flows !== undefined) {
    const bridge = o.bridge ?? "br-int";
    const groups = o.groups === undefined ? {} : { groups: text(o.groups) };
    return {
      input: pipelineInputFromTexts({
        bridges: { [bridge]: { flows: text(o.flows), ...groups } },
        ...(o.dpifShow !== undefined && { dpifShow: text(o.dpifShow) }),
        ...(vswitch !== undefined && { interfaces: interfacesFromVswitch(vswitch) }),
      }),
      dbs,
    };
  }
  const path = o.input as string;
  const k = kindOf(path);
  if (k.kind === "ovs-save") {
    const save = await readOvsSave(path);
    if (save.bridges.length === 0) throw new InputError(`${path}: no bridge dumps in the ovs-save directory`);
    const dp = o.dpifShow === undefined ? undefined : parseDpifShow(text(o.dpifShow)).datapaths[0];
    const ports: Record<string, NonNullable<BridgeInput["ports"]>> = {};
    for (const [name, p] of Object.entries(dp?.bridges ?? {})) ports[name] = p;
    return { input: pipelineInputFromOvsSave(save, { ports, datapathType: dp?.type, ...(vswitch !== undefined && { vswitch }) }), dbs };
  }
  const report = await readSosReport(path);
  const db = (kind: "ovs" | "ovn-sb" | "ovn-nb") => report.databases.find((d) => d.kind === kind && d.database.error === undefined)?.database;
  dbs.sb ??= db("ovn-sb");
  dbs.nb ??= db("ovn-nb");
  dbs.ovs ??= db("ovs");
  // The report's own conf.db, dpctl/show and tunnel underlay by default; --conf-db overrides.
  const input = pipelineInputFromSos(report, dbs.ovs === undefined ? {} : { vswitch: vswitchView(dbs.ovs) });
  if (Object.keys(input.bridges).length === 0) throw new InputError(`${path}: the sos report has no dump-flows of any bridge`);
  return { input, dbs };
}

async function run(o: Options): Promise<string> {
  const { input, dbs } = await load(o);
  const pipeline = createPipeline(input);
  let packet = o.packet;
  let bridge = o.bridge ?? "br-int";
  let built;
  if (o.from !== undefined && o.to !== undefined) {
    if (dbs.sb === undefined && dbs.nb === undefined) throw new UsageError("--from/--to need --sb or --nb (or a sos report with them)");
    const inPort = o.inPort === undefined ? undefined : /^\d+$/.test(o.inPort) ? Number(o.inPort) : o.inPort;
    built = buildPacket(
      {
        from: o.from,
        to: o.to,
        ...(o.proto !== undefined && { proto: o.proto }),
        ...(o.dstPort !== undefined && { dstPort: o.dstPort }),
        ...(o.srcPort !== undefined && { srcPort: o.srcPort }),
        ...(o.ttl !== undefined && { ttl: o.ttl }),
        ...(inPort !== undefined && { inPort }),
      },
      { ...(dbs.sb !== undefined && { sb: dbs.sb }), ...(dbs.nb !== undefined && { nb: dbs.nb }), ...(dbs.ovs !== undefined && { confDb: dbs.ovs }) },
    );
    packet = built.packet;
    bridge = o.bridge ?? built.bridge;
  }
  const trace = simulateTrace(pipeline, packet as string, { bridge, ctNext: o.ctNext });
  const ovn = dbs.sb === undefined ? undefined : ovnContext({ sb: dbs.sb, ...(dbs.nb !== undefined && { nb: dbs.nb }), ...(dbs.ovs !== undefined && { ovs: dbs.ovs }) });
  const explanation = explainTrace(trace, ovn, { pipeline });
  const annotations = ovn === undefined ? undefined : formatDetrace(detrace(trace, ovn));
  if (o.format === "json") return toJson({ packet, bridge, ...(built !== undefined && { built }), trace, explanation }) + "\n";
  if (o.format === "html") return renderExplanationHtml(trace, explanation, { title: `trace ${bridge} ${packet}`, ...(annotations !== undefined && { annotations }) });
  const head = built === undefined ? "" : `# packet from ${built.from.logicalPort} to ${o.to}: ${packet}\n${built.notes.map((n) => `# note: ${n}\n`).join("")}\n`;
  const ovnPart = annotations === undefined ? "" : `\n== OVN (offline detrace) ==\n${annotations}`;
  return `${head}${formatTrace(trace)}${ovnPart}\n== Explanation ==\n${formatExplanation(explanation)}`;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let o: Options | "help";
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(errorReport(e, "ovskit trace"));
    return 2;
  }
  if (o === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const out = await run(o);
    if (o.output !== undefined) writeFileSync(o.output, out);
    else process.stdout.write(out);
    return 0;
  } catch (e) {
    process.stderr.write(errorReport(e, "ovskit trace"));
    return errorExitCode(e);
  }
}

runIfDirect(import.meta.url, "trace", (argv) => main(argv));
