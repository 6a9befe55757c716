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
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { type OfflineCtlDatabases, type OfflineCtlTool, isOvskitError, readOvsdbFile, runOfflineCtl } from "ovskit";

const TOOLS = ["nbctl", "sbctl", "vsctl", "ovn-nbctl", "ovn-sbctl", "ovs-vsctl"];

function fail(message: string): never {
  process.stderr.write(`ctl: ${message}\n`);
  process.exit(2);
}

const [tool, ...rest] = process.argv.slice(2);
if (tool === undefined || !TOOLS.includes(tool)) fail("usage: ctl nbctl|sbctl|vsctl [--nb FILE] [--sb FILE] [--ovs FILE] COMMAND...");

const files: { nb?: string; sb?: string; ovs?: string } = {};
let i = 0;
for (; i < rest.length; i++) {
  const m = /^--(nb|sb|ovs)(?:=(.*))?$/.exec(rest[i] as string);
  if (m === null) break;
  const value = m[2] ?? rest[++i];
  if (value === undefined) fail(`--${m[1]} needs a file`);
  files[m[1] as "nb" | "sb" | "ovs"] = value;
}

const databases: { -readonly [K in keyof OfflineCtlDatabases]: OfflineCtlDatabases[K] } = {};
try {
  for (const [key, path] of Object.entries(files) as ["nb" | "sb" | "ovs", string][]) {
    const raw = readFileSync(path);
    databases[key] = readOvsdbFile(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
  }
} catch (e) {
  fail(isOvskitError(e) ? e.message : e instanceof Error ? e.message : String(e));
}

const r = runOfflineCtl(tool as OfflineCtlTool, rest.slice(i), databases);
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
process.exitCode = r.exitCode;
