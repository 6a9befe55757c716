/**
 * ovn-nbctl, ovn-sbctl and ovs-vsctl on database files copied off a node, no server needed (the
 * commands of the ovs-offline tutorial): read-only commands, the real tools' output. A thin
 * example over ovskit's `runOfflineCtl`.
 *
 *   npm run ctl -- nbctl --nb ovnnb_db.db show
 *   npm run ctl -- nbctl --nb ovnnb_db.db lr-route-list GR_ovn-worker
 *   npm run ctl -- sbctl --sb ovnsb_db.db --uuid lflow-list ovn-worker
 *   npm run ctl -- vsctl --ovs conf.db --format=table list Interface
 *
 * The database options (`--nb FILE`, `--sb FILE`, `--ovs FILE`, `.gz` files too) come right after
 * the tool; everything after them is the tool's own command line.
 *
 * Through the ovskit command: ovskit ctl nbctl ..., or ovskit nbctl|sbctl|vsctl ...
 */
import { type OfflineCtlDatabases, type OfflineCtlTool, readOvsdbFile, runOfflineCtl } from "ovskit";
import { readInputBytes } from "ovskit/node";
import { UsageError, printHelp, runIfDirect } from "./cli-kit.js";

const TOOLS = ["nbctl", "sbctl", "vsctl", "ovn-nbctl", "ovn-sbctl", "ovs-vsctl"];

const USAGE = `Usage: ovskit ctl nbctl|sbctl|vsctl [--nb FILE] [--sb FILE] [--ovs FILE] COMMAND...
       ovskit nbctl --nb ovnnb_db.db COMMAND...   (also: ovskit sbctl --sb FILE, ovskit vsctl --ovs FILE)

ovn-nbctl, ovn-sbctl and ovs-vsctl's read-only commands on database files copied off a node
(gzip read as such), no server needed; the output and the exit status are the real tools'
(e.g. vsctl br-exists exits 2 for a missing bridge). The database options come right after the
tool; everything after them is the tool's own command line.

Examples (from a clone of ovskit):
  ovskit nbctl --nb test/fixtures/ovn/ovnnb_db.db show
  ovskit sbctl --sb test/fixtures/ovn/ovnsb_db.db --uuid lflow-list
  ovskit vsctl --ovs test/fixtures/ovn/conf.db --format=table list Interface
`;

/** Runs the CLI; returns the tool's exit status. */
export async function main(argv: string[]): Promise<number> {
  const [tool, ...rest] = argv;
  if (tool === "--help" || tool === "-h" || (rest[0] === "--help" || rest[0] === "-h")) return printHelp(USAGE);
  if (tool === undefined || !TOOLS.includes(tool)) throw new UsageError(`usage: ctl nbctl|sbctl|vsctl [--nb FILE] [--sb FILE] [--ovs FILE] COMMAND...${tool === undefined ? "" : ` (not "${tool}")`}`);

  const files: { nb?: string; sb?: string; ovs?: string } = {};
  let i = 0;
  for (; i < rest.length; i++) {
    const m = /^--(nb|sb|ovs)(?:=(.*))?$/.exec(rest[i] as string);
    if (m === null) break;
    const value = m[2] ?? rest[++i];
    if (value === undefined) throw new UsageError(`--${m[1]} needs a file`);
    files[m[1] as "nb" | "sb" | "ovs"] = value;
  }

  const databases: { -readonly [K in keyof OfflineCtlDatabases]: OfflineCtlDatabases[K] } = {};
  for (const [key, path] of Object.entries(files) as ["nb" | "sb" | "ovs", string][]) {
    databases[key] = readOvsdbFile(await readInputBytes(path));
  }

  const r = runOfflineCtl(tool as OfflineCtlTool, rest.slice(i), databases);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.exitCode;
}

runIfDirect(import.meta.url, "ctl", main);
