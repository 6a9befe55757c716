import { describe, expect, it } from "vitest";
import { readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import { canonDatabase, canonDump, ovsdbFixture, readDump } from "./helpers/ovsdb.js";

// Real files from a sandbox (test/fixtures/ovsdb/generate.sh), each with the ground truth that
// `ovsdb-client dump --format=json` printed from the running server at the same moment.
const CASES = [
  { file: "sb.db", dump: "sb.dump.json", format: "standalone", name: "OVN_Southbound" },
  { file: "sb.compacted.db", dump: "sb.dump.json", format: "standalone", name: "OVN_Southbound" },
  { file: "nb.db", dump: "nb.dump.json", format: "standalone", name: "OVN_Northbound" },
  { file: "nb.compacted.db", dump: "nb.dump.json", format: "standalone", name: "OVN_Northbound" },
  { file: "conf.db", dump: "conf.dump.json", format: "standalone", name: "Open_vSwitch" },
  { file: "nb-clustered.db", dump: "nb-clustered.dump.json", format: "clustered", name: "OVN_Northbound" },
  { file: "nb-clustered.compacted.db", dump: "nb-clustered.dump.json", format: "clustered", name: "OVN_Northbound" },
  // The OVN sandbox's files (fixtures-gen/generate-ovn.sh), each with the dump taken at the same moment.
  { file: "../ovn/ovnnb_db.db", dump: "ovn/ovnnb_db.dump.json", format: "standalone", name: "OVN_Northbound" },
  { file: "../ovn/ovnsb_db.db", dump: "ovn/ovnsb_db.dump.json", format: "standalone", name: "OVN_Southbound" },
  { file: "../ovn/ovnsb_db.compacted.db", dump: "ovn/ovnsb_db.compacted.dump.json", format: "standalone", name: "OVN_Southbound" },
  { file: "../ovn/conf.db", dump: "ovn/conf.dump.json", format: "standalone", name: "Open_vSwitch" },
  { file: "../ovn/ovnnb_db.clustered.db", dump: "ovn/ovnnb_db.clustered.dump.json", format: "clustered", name: "OVN_Northbound" },
  { file: "../ovn/ovnnb_db.clustered.compacted.db", dump: "ovn/ovnnb_db.clustered.compacted.dump.json", format: "clustered", name: "OVN_Northbound" },
  { file: "../ovn/ovnsb_db.clustered.db", dump: "ovn/ovnsb_db.clustered.dump.json", format: "clustered", name: "OVN_Southbound" },
  // The history fixtures' copies (fixtures-gen/ovsdb-history/generate.sh).
  { file: "../ovsdb-history/nb.t1.db", dump: "ovsdb-history/nb.t1.dump.json", format: "standalone", name: "OVN_Northbound" },
  { file: "../ovsdb-history/nb.t2.db", dump: "ovsdb-history/nb.t2.dump.json", format: "standalone", name: "OVN_Northbound" },
  { file: "../ovsdb-history/sb.t1.db", dump: "ovsdb-history/sb.t1.dump.json", format: "standalone", name: "OVN_Southbound" },
  { file: "../ovsdb-history/sb.t2.db", dump: "ovsdb-history/sb.t2.dump.json", format: "standalone", name: "OVN_Southbound" },
] as const;

describe("readOvsdbFile against ovsdb-client dump", () => {
  for (const c of CASES) {
    it(`${c.file}: every table, row and column equals the dump`, () => {
      const bytes = ovsdbFixture(c.file);
      const db = readOvsdbFile(bytes);
      expect(db.format).toBe(c.format);
      expect(db.schema.name).toBe(c.name);
      expect(db.bytesRead).toBe(bytes.length);
      expect(db.error).toBeUndefined();
      const dump = readDump(c.dump);
      expect(Object.keys(db.tables).sort()).toEqual([...dump.keys()].sort());
      // Ephemeral columns are not written to standalone files: the live server's values of
      // them cannot be in the file (clustered databases make every column persistent).
      const keep = (table: string, column: string) =>
        c.format === "clustered" || db.schema.tables[table]?.columns[column]?.ephemeral !== true;
      const mine = canonDatabase(db, keep);
      const truth = canonDump(dump, db.schema, keep);
      let rows = 0;
      for (const table of Object.keys(truth)) {
        expect(Object.keys(mine[table] ?? {}).sort(), `${table} row UUIDs`).toEqual(Object.keys(truth[table] ?? {}).sort());
        for (const [uuid, row] of Object.entries(truth[table] ?? {})) {
          expect(mine[table]?.[uuid], `${table} ${uuid}`).toEqual(row);
          rows++;
        }
      }
      expect(rows).toBeGreaterThan(3);
    });
  }

  it("the compacted files hold the same tables as the logs they were compacted from", () => {
    for (const [log, compacted] of [["sb.db", "sb.compacted.db"], ["nb.db", "nb.compacted.db"], ["nb-clustered.db", "nb-clustered.compacted.db"]] as const) {
      const a = readOvsdbFile(ovsdbFixture(log));
      const b = readOvsdbFile(ovsdbFixture(compacted));
      expect(canonDatabase(b, () => true)).toEqual(canonDatabase(a, () => true));
      expect(b.records).toBeLessThan(a.records);
    }
  });
});
