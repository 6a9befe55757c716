/**
 * Records what the real ovn-nbctl / ovn-sbctl / ovs-vsctl print for every case of
 * test/helpers/ctl-cases.ts on the databases of test/fixtures/ctl/, each served by a fresh
 * ovsdb-server (a copy, in a temporary directory; stopped afterwards). The unit test
 * test/offline-ctl.test.ts replays the captures against runOfflineCtl.
 *
 *   npx tsx fixtures-gen/ctl/capture.ts [--out test/fixtures/ctl/captures.jsonl.gz]
 *
 * Output: gzipped JSON lines; the first is a header (tool versions, case count), then one line
 * per case: { db, tool, args, order, columns?, stdout, stderr, exitCode }.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { readOvsdbFile } from "../../src/ovn/ovsdb/index.js";
import { ctlCases } from "../../test/helpers/ctl-cases.js";
import { missingCtlBinaries, ovsPath, runReal, serveDb } from "../../test/helpers/ctl-real.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DIR = join(ROOT, "test", "fixtures", "ctl");
const { values } = parseArgs({ options: { out: { type: "string", default: join(DIR, "captures.jsonl.gz") } } });

const missing = missingCtlBinaries();
if (missing.length > 0) {
  console.error(`capture.ts: missing ${missing.join(", ")} (apt-get install openvswitch-switch ovn-central ovn-host)`);
  process.exit(1);
}

const version = (tool: string) => spawnSync(tool, ["--version"], { env: { PATH: ovsPath() }, encoding: "utf8" }).stdout.split("\n")[0];
const lines: string[] = [];
let count = 0;
for (const name of ["nb.db", "sb.db.gz", "conf.db"]) {
  const raw = readFileSync(join(DIR, name));
  const bytes = name.endsWith(".gz") ? gunzipSync(raw) : raw;
  const db = readOvsdbFile(bytes);
  const served = await serveDb(bytes, name);
  try {
    for (const c of ctlCases(db)) {
      const r = runReal(c.tool, served.socket, c.args);
      lines.push(JSON.stringify({ db: name, tool: c.tool, args: c.args, order: c.order, ...(c.columns === undefined ? {} : { columns: c.columns }), ...r }));
      count++;
    }
  } finally {
    served.stop();
  }
  console.error(`capture.ts: ${name}: done (${count} cases so far)`);
}
const header = { tools: { "ovn-nbctl": version("ovn-nbctl"), "ovn-sbctl": version("ovn-sbctl"), "ovs-vsctl": version("ovs-vsctl") }, cases: count };
writeFileSync(values.out as string, gzipSync(`${[JSON.stringify(header), ...lines].join("\n")}\n`, { level: 9 }));
console.error(`capture.ts: wrote ${values.out} (${count} cases)`);
