/**
 * The offline ovn-nbctl / ovn-sbctl / ovs-vsctl (issue 14) against the real tools, live: every
 * fixture database of the project (test/fixtures/ctl, ovn, ovsdb, ovsdb-history, and the sos
 * report's NB and SB) is served read-only by a fresh ovsdb-server (a copy in a temporary
 * directory under $OVSKIT_SANDBOX_ROOT; clustered files converted to standalone as ovs-offline
 * does), every case of test/helpers/ctl-cases.ts is run with the real tool and with
 * runOfflineCtl, and the outputs, errors and exit statuses are compared: byte for byte, except
 * the rows the real tool prints in its hash-table order (see test/helpers/ctl-compare.ts).
 *
 * A database whose schema version differs from the one the real tools were built with (the
 * online-converted clustered NB) is not compared: the real tool shows its own schema's columns
 * (with a warning), ovskit the file's. The agreement (n of n) and every difference are printed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type OvsdbDatabase, readOvsdbFile } from "../../src/ovn/ovsdb/index.js";
import { runOfflineCtl } from "../../src/ovn/ovsdb/ctl/index.js";
import { ctlCases, toolFor } from "../helpers/ctl-cases.js";
import { sameOutput, sameStderr } from "../helpers/ctl-compare.js";
import { missingCtlBinaries, ovsPath, pool, runRealAsync, serveDb } from "../helpers/ctl-real.js";
import { inCI } from "./sandbox.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const missing = missingCtlBinaries();
if (missing.length > 0 && inCI()) throw new Error(`offline-ctl integration: missing ${missing.join(", ")} (apt-get install openvswitch-switch ovn-central ovn-host)`);
const TMP = mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), "ovskit-ctl-it-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Every database file of the fixtures: a label and its bytes. */
function databases(): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const dir of ["ctl", "ovn", "ovsdb", "ovsdb-history"]) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!/\.db(\.gz)?$/.test(f)) continue;
      const raw = readFileSync(join(FIXTURES, dir, f));
      out.push([`${dir}/${f}`, f.endsWith(".gz") ? gunzipSync(raw) : raw]);
    }
  }
  execFileSync("tar", ["-xJf", join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"), "-C", TMP]);
  const lib = join(TMP, "sosreport-ovskit-fixture", "var", "lib", "ovn");
  for (const f of readdirSync(lib).sort()) if (f.endsWith(".db")) out.push([`sos/${f}`, readFileSync(join(lib, f))]);
  return out;
}

/** The schema version a real tool was built with (`DB Schema X` of --version). */
function builtSchema(tool: string): string {
  const v = spawnSync(tool, ["--version"], { env: { PATH: ovsPath() }, encoding: "utf8" }).stdout;
  return /DB Schema (\S+)/.exec(v)?.[1] ?? "";
}

interface Tally {
  cases: number;
  agree: number;
  differences: string[];
}
const total: Tally = { cases: 0, agree: 0, differences: [] };
const notCompared: string[] = [];

describe.skipIf(missing.length > 0)("offline ctl = the real ovn-nbctl / ovn-sbctl / ovs-vsctl, live, on every fixture database", () => {
  const files = missing.length > 0 ? [] : databases();

  for (const [label, bytes] of files) {
    it(label, async () => {
      const db: OvsdbDatabase = readOvsdbFile(bytes);
      const tool = toolFor(db);
      expect(tool).toBeDefined();
      if (tool === undefined) return;
      const built = builtSchema(tool);
      if (db.schema.version !== built) {
        notCompared.push(`${label}: schema ${db.schema.name} ${db.schema.version}, ${tool} was built with ${built}`);
        return;
      }
      const key = tool === "ovn-nbctl" ? "nb" : tool === "ovn-sbctl" ? "sb" : "ovs";
      const served = await serveDb(bytes, label);
      const tally: Tally = { cases: 0, agree: 0, differences: [] };
      try {
        // the whole matrix on the databases made for this (test/fixtures/ctl), fewer output styles elsewhere
        const cases = ctlCases(db, { full: label.startsWith("ctl/") });
        const reals = await pool(cases, 3, (c) => runRealAsync(c.tool, served.socket, c.args));
        cases.forEach((c, i) => {
          const real = reals[i] as Awaited<ReturnType<typeof runRealAsync>>;
          const ours = runOfflineCtl(c.tool, c.args, { [key]: db });
          tally.cases++;
          if (real.exitCode === ours.exitCode && sameStderr(ours.stderr, real.stderr) && sameOutput(ours.stdout, real.stdout, c.order, c.args, c.columns)) tally.agree++;
          else {
            tally.differences.push(
              `${label}: ${c.tool} ${JSON.stringify(c.args)}\n--- real (exit ${real.exitCode}):\n${real.stdout.slice(0, 4000)}${real.stderr}--- ovskit (exit ${ours.exitCode}):\n${ours.stdout.slice(0, 4000)}${ours.stderr}`,
            );
          }
        });
      } finally {
        served.stop();
      }
      total.cases += tally.cases;
      total.agree += tally.agree;
      total.differences.push(...tally.differences);
      console.info(`[offline-ctl] ${label}: ${tally.agree} of ${tally.cases} agree`);
      expect(tally.differences).toEqual([]);
      expect(tally.cases).toBeGreaterThan(50);
    });
  }

  afterAll(() => {
    console.info(`[offline-ctl] total: ${total.agree} of ${total.cases} cases agree on ${files.length - notCompared.length} databases`);
    for (const n of notCompared) console.info(`[offline-ctl] not compared: ${n}`);
    for (const d of total.differences) console.info(`[offline-ctl] DIFFERENCE ${d}`);
  });
});
