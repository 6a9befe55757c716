/**
 * Offline summary of a collection, without the cluster:
 *
 *   ovskit offline summary <sos report dir | .tar.xz | ovs-save dir | flows dir> [--top N]
 *   npm run offline -- summary ...
 *
 * Per node / bridge: what was found (and what is missing), flow counts per table, the hot flows
 * (most packets), and when OVN data is present (lflow-list with --uuid, or the Southbound
 * database file) the logical flows behind the top cookies.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Flow, type OvnContext, describeCookieHit, hotCookies, hotFlows, lookupCookie, ovnContext, summarizeTables } from "ovskit";
import { readFlowsDir, readOvsSave, readSosReport } from "ovskit/node";
import { CliError, UsageError, printHelp, runIfDirect, wantsHelp } from "./cli-kit.js";

const USAGE = `Usage: ovskit offline summary PATH [--top N]

PATH is a sos report (its .tar.xz, its directory, or a directory holding it), an ovs-save
directory (*.flows.dump), or a directory of flow dumps (one file per node). Prints, per node /
bridge: what was found and what is missing, flow counts per table, the N hottest flows (default
5), and, when OVN data is there (the Southbound database file, or lflow-list --uuid), the
logical flows behind their cookies and the top cookies.

Example (from a clone of ovskit):
  ovskit offline summary test/fixtures/sos/sosreport-ovskit-fixture.tar.xz --top 3
`;

type Index = OvnContext;

/** What a cookie names in OVN (logical flows, port bindings, ...), one line each. */
function behind(index: Index | undefined, cookie: bigint | undefined): string[] {
  if (index === undefined || cookie === undefined) return [];
  return lookupCookie(index, cookie).hits.map(describeCookieHit);
}

function perTable(flows: readonly Flow[]): string {
  return summarizeTables(flows)
    .map((t) => `${t.table}:${t.flows}`)
    .join(" ");
}

function printFlows(title: string, flows: readonly Flow[], top: number, index: Index | undefined): void {
  console.log(`    ${title}: ${flows.length} flows`);
  if (flows.length === 0) return;
  console.log(`      per table: ${perTable(flows)}`);
  const hot = hotFlows(flows, { by: "packets", top });
  if (hot.length === 0) {
    console.log("      hot flows: none (no packet counters above 0)");
    return;
  }
  console.log("      hot flows:");
  for (const f of hot) {
    const cookie = f.cookie === undefined ? "" : ` cookie=0x${f.cookie.toString(16)}`;
    console.log(`        ${String(f.nPackets).padStart(8)} pkts  table=${f.table ?? 0} priority=${f.priority ?? 32768}${cookie}`);
    for (const l of behind(index, f.cookie)) console.log(`          <- ${l}`);
  }
}

function topCookies(flows: readonly Flow[], top: number, index: Index): void {
  const sorted = hotCookies(flows, { by: "packets", top });
  if (sorted.length === 0) {
    console.log("      top cookies: none (every flow has cookie 0)");
    return;
  }
  console.log(`      top cookies (by packets, then flows) and what they come from in OVN:`);
  for (const { cookie: c, ...e } of sorted) {
    const r = lookupCookie(index, c);
    const note = r.miss === "wide" ? "  (wider than 32 bits: not ovn-controller's)" : r.miss === "not-found" ? "  (no OVN row starts with it)" : r.ambiguous ? `  (duplicate cookie: ${r.hits.length} rows)` : "";
    console.log(`        0x${c.toString(16).padStart(8, "0")}: ${e.flows} OpenFlow flows, ${e.packets} pkts${note}`);
    for (const h of r.hits.slice(0, 3)) console.log(`          ${describeCookieHit(h)}`);
  }
}

async function sos(path: string, top: number): Promise<void> {
  const r = await readSosReport(path);
  console.log(`sos report ${r.name}: ${r.bridges.length} bridges, ${r.issueCount} parse issues`);
  const sb = r.databases.find((d) => d.kind === "ovn-sb");
  const lflowsWithUuids = r.logicalFlows.find((l) => l.uuids);
  const nb = r.databases.find((d) => d.kind === "ovn-nb");
  const ovs = r.databases.find((d) => d.kind === "ovs");
  const index =
    sb !== undefined
      ? ovnContext({ sb: sb.database, ...(nb && { nb: nb.database }), ...(ovs && { ovs: ovs.database }) })
      : lflowsWithUuids !== undefined
        ? ovnContext({ lflowList: lflowsWithUuids.flows })
        : undefined;
  if (index !== undefined) console.log(`OVN: cookies joined through ${sb ? sb.file : lflowsWithUuids!.file} (offline detrace)`);
  else if (r.logicalFlows.length > 0) console.log("OVN: cookies not joined: no Southbound database file and no lflow-list --uuid in the report");
  for (const b of r.bridges) {
    console.log(`\n  bridge ${b.name}: ${b.vsctl?.ports.length ?? "?"} ports in ovs-vsctl show; groups ${b.groups.map((g) => g.groups.length).join("/") || "-"}`);
    const main = b.flows.find((f) => f.protocol === "OpenFlow15") ?? b.flows.find((f) => f.protocol === "OpenFlow13") ?? b.flows[0];
    console.log(`    dump-flows variants: ${b.flows.map((f) => `${f.protocol ?? "default"} (${f.plugin}): ${f.flows.length}`).join(", ") || "none"}`);
    if (main !== undefined) {
      printFlows(`flows (${main.file})`, main.flows, top, index);
      if (index !== undefined) topCookies(main.flows, top, index);
    }
  }
  for (const d of r.datapath) console.log(`\n  datapath ${d.datapath ?? d.bridge ?? "?"}: ${d.flows.length} flows (${d.file})`);
  for (const l of r.logicalFlows) {
    const how = l.uuids ? "" : sb !== undefined ? " (no --uuid: cookies joined through the SB database)" : " (no --uuid and no SB database: cookies not joined)";
    console.log(`  logical flows: ${l.flows.length}${how} (${l.file})`);
  }
  for (const d of r.databases) console.log(`  database ${d.kind}: ${d.file}, ${Object.values(d.database.tables).reduce((n, t) => n + Object.keys(t).length, 0)} rows`);
  for (const n of r.notParsed) console.log(`  not parsed: ${n.file}`);
  for (const f of r.failed) console.log(`  failed when sos ran it: ${f.file}: ${f.reason}`);
  for (const m of r.missing) console.log(`  missing: ${m.description}`);
}

async function ovsSave(dir: string, top: number): Promise<void> {
  const s = await readOvsSave(dir);
  console.log(`ovs-save ${dir}: ${s.bridges.length} bridges, ${s.issueCount} parse issues`);
  for (const b of s.bridges) {
    console.log(`\n  bridge ${b.bridge}: ${b.protocol ?? "version unknown"}, ${b.groups.length} groups, TLV map: ${b.tlvMap.map((t) => `${t.field}=class 0x${t.optClass.toString(16)} type ${t.type} len ${t.len}`).join(", ") || "empty"}`);
    printFlows(`flows (${b.flowsFile ?? "missing"})`, b.flows, top, undefined);
  }
  for (const m of s.missing) console.log(`  missing: ${m}`);
}

async function flowsDir(dir: string, top: number): Promise<void> {
  const d = await readFlowsDir(dir);
  console.log(`flows directory ${dir}: ${d.nodes.length} nodes, ${d.flowSet.flows.length} flows`);
  for (const n of d.nodes) {
    console.log(`\n  node ${n.node}: written ${n.mtime.toISOString()}${n.issues.length > 0 ? `, ${n.issues.length} issues` : ""}`);
    printFlows(n.file, n.flows, top, undefined);
  }
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() === true;
}

/** What a path holds: a sos report (tarball, its directory, or a directory holding it), an ovs-save directory, or a flows directory. */
async function kindOf(path: string): Promise<"sos" | "ovs-save" | "flows"> {
  if (!(await isDir(path)) || (await isDir(join(path, "sos_commands")))) return "sos";
  const names = await readdir(path);
  for (const n of names) if (await isDir(join(path, n, "sos_commands"))) return "sos";
  return names.some((n) => n.endsWith(".flows.dump")) ? "ovs-save" : "flows";
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return printHelp(USAGE);
  const positional: string[] = [];
  let top = 5;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--top" || a.startsWith("--top=")) {
      const v = a === "--top" ? argv[++i] : a.slice(6);
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n <= 0) throw new UsageError("--top needs a positive integer");
      top = n;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [cmd, path, extra] = positional;
  if (cmd !== "summary") throw new UsageError(cmd === undefined ? "give a subcommand: summary PATH" : `unknown subcommand "${cmd}" (summary)`);
  if (path === undefined) throw new UsageError("summary needs a PATH (sos report, ovs-save directory or flows directory)");
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if ((await stat(path).catch(() => undefined)) === undefined) throw new CliError(`${path}: no such file or directory`);
  const kind = await kindOf(path);
  if (kind === "sos") await sos(path, top);
  else if (kind === "ovs-save") await ovsSave(path, top);
  else await flowsDir(path, top);
  return 0;
}

runIfDirect(import.meta.url, "offline", main);
