import { describe, expect, it } from "vitest";
import { readOvsdbFile, sbView } from "../src/ovn/ovsdb/index.js";
import { ovsdbFixture, record, recordOffsets } from "./helpers/ovsdb.js";

const MB = 1 << 20;
const TARGET = 10 * MB;

/** The JSON of each record of a real file. */
function recordsOf(bytes: Buffer): unknown[] {
  const offsets = recordOffsets(bytes);
  const out: unknown[] = [];
  for (let k = 0; k + 1 < offsets.length; k++) {
    const start = bytes.indexOf(10, offsets[k]) + 1;
    out.push(JSON.parse(bytes.subarray(start, offsets[k + 1]).toString("utf8")));
  }
  return out;
}

/** A new UUID for copy `n` of row `uuid`. */
const copyUuid = (uuid: string, n: number) => `${n.toString(16).padStart(8, "0")}${uuid.slice(8)}`;

type Rows = Record<string, Record<string, unknown>>;

const count = (rows: Record<string, unknown> | undefined) => Object.keys(rows ?? {}).length;

// Correctness at production scale. The timings of the same inputs are in bench/run-ovsdb.ts
// (unit tests assert no wall-clock time).
describe("a 10 MB Southbound database", () => {
  const [schema, snapshot] = recordsOf(ovsdbFixture("sb.compacted.db")) as [unknown, Record<string, Rows>];
  const flows = Object.entries(snapshot.Logical_Flow as Rows);

  it("one big snapshot (a compacted file)", () => {
    const big: Record<string, Rows> = { ...snapshot, Logical_Flow: { ...(snapshot.Logical_Flow as Rows) } };
    const target = big.Logical_Flow as Rows;
    let n = 0;
    let size = JSON.stringify(snapshot).length;
    const perFlow = JSON.stringify(snapshot.Logical_Flow).length / flows.length;
    while (size < TARGET) {
      n++;
      for (const [uuid, row] of flows) target[copyUuid(uuid, n)] = row;
      size += flows.length * perFlow;
    }
    const bytes = Buffer.concat([record(schema), record(big)]);
    expect(bytes.length).toBeGreaterThan(TARGET);
    const db = readOvsdbFile(bytes);
    expect(count(db.tables.Logical_Flow)).toBe(Object.keys(target).length);
    expect(sbView(db).logicalFlows.length).toBe(Object.keys(target).length);
  });

  it("a long log of inserts, diffs and deletes", () => {
    const parts = [ovsdbFixture("sb.db")];
    let size = parts[0]?.length ?? 0;
    let n = 0;
    let txns = 0;
    const live = new Set(Object.keys(snapshot.Logical_Flow as Rows));
    while (size < TARGET) {
      n++;
      // Insert a copy of 100 flows, change the external_ids and actions of 100, delete 50 of the copies made before.
      const txn: Record<string, unknown> = { _date: 1700000000000 + n, _is_diff: true, _comment: `ovn-northd: round ${n}` };
      const lf: Record<string, unknown> = {};
      for (let i = 0; i < 100; i++) {
        const [uuid, row] = flows[(n * 100 + i) % flows.length] as [string, unknown];
        const id = copyUuid(uuid, n);
        lf[id] = row;
        live.add(id);
      }
      for (let i = 0; i < 100; i++) {
        const [uuid] = flows[(n * 37 + i * 7) % flows.length] as [string, unknown];
        if (uuid in lf) continue;
        lf[uuid] = { external_ids: ["map", [["round", String(n)]]], actions: `next; /* ${n} */` };
      }
      if (n > 1) {
        for (let i = 0; i < 50; i++) {
          const [uuid] = flows[((n - 1) * 100 + i) % flows.length] as [string, unknown];
          const id = copyUuid(uuid, n - 1);
          if (live.delete(id)) lf[id] = null;
        }
      }
      txn.Logical_Flow = lf;
      const r = record(txn);
      parts.push(r);
      size += r.length;
      txns++;
    }
    const bytes = Buffer.concat(parts);
    const db = readOvsdbFile(bytes);
    expect(db.error).toBeUndefined();
    expect(db.transactions).toBe(readOvsdbFile(ovsdbFixture("sb.db")).transactions + txns);
    expect(count(db.tables.Logical_Flow)).toBe(live.size);
  });
});
