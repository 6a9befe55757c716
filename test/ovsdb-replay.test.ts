import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOvsdbFileError, isOvsdbUuid, ovsdbMapEntries, ovsdbValueToJson, readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import { hasLongDigitRun, parseJson, parseJsonExact } from "../src/ovn/ovsdb/json.js";
import { sha1Hex } from "../src/ovn/ovsdb/sha1.js";
import type { OvsdbAtom, OvsdbMap, OvsdbRow } from "../src/ovn/ovsdb/types.js";
import { ovsdbFixture, record, recordOffsets, standaloneFile, TINY_SCHEMA } from "./helpers/ovsdb.js";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";
const U1 = "11111111-0000-4000-8000-000000000001";
const U2 = "22222222-0000-4000-8000-000000000002";
const U3 = "33333333-0000-4000-8000-000000000003";
const uuid = (u: string) => ["uuid", u];

function rowOf(bytes: Uint8Array, table: string, id: string): OvsdbRow {
  const row = readOvsdbFile(bytes).tables[table]?.[id];
  if (row === undefined) throw new Error(`no row ${id}`);
  return row;
}

describe("values and defaults", () => {
  it("an inserted row has every column, absent ones with their default", () => {
    const row = rowOf(standaloneFile(TINY_SCHEMA, { T: { [A]: { name: "x" } } }), "T", A);
    expect(Object.keys(row)).toEqual(["big", "flag", "ids", "n", "name", "nums", "one", "opt", "r", "refs", "tags"]);
    expect(row).toEqual({ big: 0, flag: false, ids: {}, n: 0, name: "x", nums: {}, one: [0], opt: [], r: 0, refs: [], tags: [] });
  });

  it("decodes atoms, sets and maps; UUIDs are lower-case objects, one per occurrence", () => {
    const bytes = standaloneFile(TINY_SCHEMA, {
      T: {
        [A]: {
          name: ["set", ["only"]],
          n: -5,
          r: 3,
          flag: true,
          opt: "o",
          tags: ["set", ["b", "a", "c"]],
          refs: ["set", [uuid(U2), uuid(U1.toUpperCase())]],
          ids: ["map", [["z", "1"], ["a", "2"]]],
          nums: ["map", [[3, 30], [1, 10]]],
          one: 7,
        },
        [B.toUpperCase()]: { refs: uuid(U1) },
      },
    });
    const db = readOvsdbFile(bytes);
    const row = db.tables.T?.[A] as OvsdbRow;
    expect(row.name).toBe("only");
    expect(row.n).toBe(-5);
    expect(row.r).toBe(3);
    expect(row.flag).toBe(true);
    expect(row.opt).toEqual(["o"]);
    expect(row.tags).toEqual(["a", "b", "c"]);
    expect(row.refs).toEqual([{ uuid: U1 }, { uuid: U2 }]);
    expect(row.ids).toEqual({ a: "2", z: "1" });
    expect(Object.keys(row.ids as OvsdbMap)).toEqual(["a", "z"]); // sorted
    expect(row.nums).toEqual({ 1: 10, 3: 30 });
    expect(ovsdbMapEntries(row.nums as OvsdbMap, "integer")).toEqual([[1, 10], [3, 30]]);
    expect(row.one).toEqual([7]);
    const other = db.tables.T?.[B] as OvsdbRow;
    expect((other.refs as OvsdbAtom[])[0]).toEqual((row.refs as OvsdbAtom[])[0]);
    expect((other.refs as OvsdbAtom[])[0]).not.toBe((row.refs as OvsdbAtom[])[0]); // each node in one place
    expect(isOvsdbUuid((other.refs as OvsdbAtom[])[0])).toBe(true);
    expect(ovsdbValueToJson(row.refs as OvsdbAtom[])).toEqual(["set", [uuid(U1), uuid(U2)]]);
    expect(ovsdbValueToJson(other.refs as OvsdbAtom[])).toEqual(uuid(U1));
    expect(ovsdbValueToJson(row.ids as OvsdbMap)).toEqual(["map", [["a", "2"], ["z", "1"]]]);
    const numsType = db.schema.tables.T?.columns.nums?.type;
    expect(ovsdbValueToJson(row.nums as OvsdbMap, numsType)).toEqual(["map", [[1, 10], [3, 30]]]);
    expect(ovsdbValueToJson(row.nums as OvsdbMap)).toEqual(["map", [["1", 10], ["3", 30]]]); // without the type: string keys
  });

  it("64-bit integers beyond 2^53 are exact bigints, others numbers", () => {
    const big = "9223372036854775807";
    const bytes = Buffer.concat([
      record(TINY_SCHEMA),
      record(`{"T":{"${A}":{"big":${big},"n":9007199254740991,"nums":["map",[[-9223372036854775808,1],[9007199254740993,2]]],"r":12345678901234567890}}}`),
    ]);
    const row = rowOf(bytes, "T", A);
    expect(row.big).toBe(9223372036854775807n);
    expect(row.n).toBe(9007199254740991);
    expect(row.nums).toEqual({ "-9223372036854775808": 1, "9007199254740993": 2 });
    expect(ovsdbMapEntries(row.nums as OvsdbMap, "integer").map(([k]) => k)).toEqual([-9223372036854775808n, 9007199254740993n]);
    expect(row.r).toBe(12345678901234567890);
  });

  it("reals must be numbers, integers integral, booleans booleans", () => {
    for (const bad of [{ n: 1.5 }, { r: "1" }, { flag: 1 }, { name: 3 }, { refs: ["named-uuid", "x"] }, { ids: ["set", []] }, { name: ["set", []] }]) {
      expect(() => readOvsdbFile(standaloneFile(TINY_SCHEMA, { T: { [A]: bad } }))).toThrow(/bad|expected|scalar/);
    }
  });
});

describe("transactions", () => {
  const insert = {
    T: { [A]: { name: "x", n: 1, opt: "o1", tags: ["set", ["a", "b"]], ids: ["map", [["k1", "v1"], ["k2", "v2"]]], refs: uuid(U1) } },
  };

  it("_is_diff: sets take the symmetric difference, maps add / change / remove, others are replaced", () => {
    const diff = {
      _is_diff: true,
      T: {
        [A]: {
          n: 2,
          opt: "o2", // optional (max 1) columns are not diffs: the value is replaced
          tags: ["set", ["b", "c"]], // remove b, add c
          ids: ["map", [["k1", "v1"], ["k2", "changed"], ["k3", "v3"]]], // remove k1, change k2, add k3
          refs: ["set", [uuid(U2)]],
        },
      },
    };
    const row = rowOf(standaloneFile(TINY_SCHEMA, insert, diff), "T", A);
    expect(row.n).toBe(2);
    expect(row.opt).toEqual(["o2"]);
    expect(row.tags).toEqual(["a", "c"]);
    expect(row.ids).toEqual({ k2: "changed", k3: "v3" });
    expect(row.refs).toEqual([{ uuid: U1 }, { uuid: U2 }]);
    // Clearing an optional column in a diff transaction: the empty set replaces the value.
    const cleared = rowOf(standaloneFile(TINY_SCHEMA, insert, { _is_diff: true, T: { [A]: { opt: ["set", []] } } }), "T", A);
    expect(cleared.opt).toEqual([]);
  });

  it("without _is_diff, an update replaces whole values", () => {
    const row = rowOf(standaloneFile(TINY_SCHEMA, insert, { T: { [A]: { tags: ["set", ["b", "c"]], ids: ["map", [["k3", "v3"]]] } } }), "T", A);
    expect(row.tags).toEqual(["b", "c"]);
    expect(row.ids).toEqual({ k3: "v3" });
    expect(row.name).toBe("x");
  });

  it("inserts in a diff transaction are whole rows; deletes remove rows", () => {
    const db = readOvsdbFile(
      standaloneFile(TINY_SCHEMA, insert, { _is_diff: true, T: { [B]: { tags: ["set", ["z"]] } } }, { _is_diff: true, T: { [A]: null } }),
    );
    expect(Object.keys(db.tables.T ?? {})).toEqual([B]);
    expect(db.tables.T?.[B]?.tags).toEqual(["z"]);
  });

  it("rows are replaced, not changed, so earlier references stay as they were", () => {
    const bytes = standaloneFile(TINY_SCHEMA, insert);
    const before = readOvsdbFile(bytes).tables.T?.[A];
    expect(Object.isFrozen((before?.tags ?? []) as unknown[]) || Array.isArray(before?.tags)).toBe(true);
    const after = rowOf(standaloneFile(TINY_SCHEMA, insert, { _is_diff: true, T: { [A]: { tags: ["set", ["c"]] } } }), "T", A);
    expect(before?.tags).toEqual(["a", "b"]);
    expect(after.tags).toEqual(["a", "b", "c"]);
  });

  it("keeps a history of transactions on request", () => {
    const db = readOvsdbFile(
      standaloneFile(TINY_SCHEMA, { ...insert, _date: 1700000000000, _comment: "ovn-nbctl ls-add" }, { _is_diff: true, _date: 1700000001000, T: { [A]: null } }),
      { history: true },
    );
    expect(db.lastDate).toBe(1700000001000);
    expect(db.history).toEqual([
      { record: 1, offset: expect.any(Number), date: 1700000000000, comment: "ovn-nbctl ls-add", isDiff: false, inserted: 1, updated: 0, deleted: 0 },
      { record: 2, offset: expect.any(Number), date: 1700000001000, isDiff: true, inserted: 0, updated: 0, deleted: 1 },
    ]);
    expect(readOvsdbFile(standaloneFile(TINY_SCHEMA, insert)).history).toBeUndefined();
  });

  it("reads strings, Buffers and ArrayBuffers alike", () => {
    const bytes = standaloneFile(TINY_SCHEMA, { T: { [A]: { name: "héllo ✓ 🎉" } } });
    const fromBuffer = readOvsdbFile(bytes);
    const fromString = readOvsdbFile(bytes.toString("utf8"));
    const fromArrayBuffer = readOvsdbFile(new Uint8Array(bytes).buffer);
    expect(fromString.tables).toEqual(fromBuffer.tables);
    expect(fromArrayBuffer.tables).toEqual(fromBuffer.tables);
    expect(fromBuffer.tables.T?.[A]?.name).toBe("héllo ✓ 🎉");
    expect(readOvsdbFile(`\uFEFF${bytes.toString("utf8")}`).tables).toEqual(fromBuffer.tables); // a byte order mark is ignored
  });

  it("checks record SHA-1s unless told not to", () => {
    const good = record({ T: {} });
    const forged = Buffer.from(good.toString("latin1").replace(/ [0-9a-f]{40}\n/, ` ${"0".repeat(40)}\n`), "latin1");
    const bytes = Buffer.concat([record(TINY_SCHEMA), forged]);
    expect(() => readOvsdbFile(bytes)).toThrow(/SHA-1/);
    expect(readOvsdbFile(bytes, { verifyChecksums: false }).transactions).toBe(1);
  });
});

/** A clustered file: header with a snapshot, then raw records. */
function clusterFile(snapshot: unknown, ...records: unknown[]): Buffer {
  const header = {
    server_id: U1,
    cluster_id: U2,
    name: "Tiny",
    local_address: "unix:/tmp/raft.sock",
    prev_servers: { [U1]: "unix:/tmp/raft.sock" },
    prev_index: 1,
    prev_term: 1,
    prev_eid: U3,
    prev_data: snapshot,
  };
  return Buffer.concat([record(header, "OVSDB CLUSTER"), ...records.map((r) => record(r, "OVSDB CLUSTER"))]);
}
let eid = 0;
const entry = (index: number, data: unknown, term = 1) => ({ term, index, data, eid: `${String(++eid).padStart(8, "0")}-0000-4000-8000-000000000000` });

describe("clustered files", () => {
  const snapshot = [TINY_SCHEMA, { T: { [A]: { name: "snap", tags: ["set", ["a"]] } } }];

  it("applies the snapshot and then the log in index order", () => {
    const bytes = clusterFile(
      snapshot,
      { term: 1, vote: U1 },
      entry(2, [null, { _is_diff: true, T: { [A]: { tags: ["set", ["b"]] } } }]),
      { commit_index: 2 },
      { term: 2 },
      { term: 2, leader: U1 },
      entry(3, [null, { T: { [B]: { name: "b" } } }], 2),
      { commit_index: 3 },
      { note: "transfer leadership", comment: "because" },
    );
    const db = readOvsdbFile(bytes);
    expect(db.format).toBe("clustered");
    expect(db.tables.T?.[A]?.tags).toEqual(["a", "b"]);
    expect(db.tables.T?.[B]?.name).toBe("b");
    expect(db.cluster).toMatchObject({ snapshotIndex: 1, commitIndex: 3, lastIndex: 3, term: 2, entriesApplied: 2, clusterId: U2, serverId: U1 });
    expect(db.transactions).toBe(3);
    expect(db.warnings).toEqual([]);
  });

  it("an entry with an index already in the log replaces the rest of the log", () => {
    const bytes = clusterFile(
      snapshot,
      entry(2, [null, { T: { [B]: { name: "lost" } } }]),
      entry(3, [null, { T: { [U3]: { name: "lost too" } } }]),
      entry(2, [null, { T: { [B]: { name: "kept" } } }], 2),
    );
    const db = readOvsdbFile(bytes);
    expect(db.tables.T?.[B]?.name).toBe("kept");
    expect(db.tables.T).not.toHaveProperty(U3);
    expect(db.warnings.map((w) => w.kind)).toEqual(["log-truncated", "uncommitted-entries"]);
    expect(db.cluster?.lastIndex).toBe(2);
  });

  it("committedOnly stops at the recorded commit index", () => {
    const bytes = clusterFile(snapshot, entry(2, [null, { T: { [B]: { name: "b" } } }]), { commit_index: 2 }, entry(3, [null, { T: { [B]: null } }]));
    expect(readOvsdbFile(bytes).tables.T).not.toHaveProperty(B);
    expect(readOvsdbFile(bytes).warnings.map((w) => w.kind)).toEqual(["uncommitted-entries"]);
    const committed = readOvsdbFile(bytes, { committedOnly: true });
    expect(committed.tables.T?.[B]?.name).toBe("b");
    expect(committed.warnings).toEqual([]);
  });

  it("a schema without data converts the database (newer OVS); with data it replaces it", () => {
    const next = structuredClone(TINY_SCHEMA) as { version: string; tables: { T: { columns: Record<string, unknown> } } };
    next.version = "1.1.0";
    delete next.tables.T.columns.tags;
    next.tables.T.columns.note = { type: { key: "string", min: 0, max: 1 } };
    next.tables.T.columns.opt = { type: "string" }; // a set of at most one becomes a scalar
    const converted = readOvsdbFile(clusterFile([TINY_SCHEMA, { T: { [A]: { name: "x", opt: "o", tags: ["set", ["a"]] } } }], entry(2, [next, null]), { commit_index: 2 }));
    expect(converted.schema.version).toBe("1.1.0");
    const row = converted.tables.T?.[A] as OvsdbRow;
    expect(row).not.toHaveProperty("tags");
    expect(row.note).toEqual([]);
    expect(row.opt).toBe("o");
    expect(row.name).toBe("x");
    expect(converted.warnings.map((w) => w.kind)).toEqual(["schema-changed"]);
    const replaced = readOvsdbFile(clusterFile(snapshot, entry(2, [next, { T: { [B]: { name: "new" } } }])));
    expect(Object.keys(replaced.tables.T ?? {})).toEqual([B]);
    // A replacement whose data does not fit its schema changes nothing.
    const failed = readOvsdbFile(clusterFile(snapshot, entry(2, [next, { T: { [B]: { tags: ["set", []] } } }])), { lenient: true });
    expect(failed.error?.problem).toBe("bad-record");
    expect(failed.schema.version).toBe("1.0.0");
    expect(Object.keys(failed.tables.T ?? {})).toEqual([A]);
    expect(failed.warnings).toEqual([]);
  });

  it("refuses entries that skip indexes, a joining server's file, and a schema of another name", () => {
    const skip = clusterFile(snapshot, entry(3, [null, {}]));
    const e = (() => {
      try {
        readOvsdbFile(skip);
      } catch (x) {
        return x;
      }
    })();
    expect(isOvsdbFileError(e) && e.problem).toBe("bad-record");
    const joining = record({ server_id: U1, name: "Tiny", local_address: "unix:/a", remote_addresses: ["unix:/b"] }, "OVSDB CLUSTER");
    expect(() => readOvsdbFile(joining)).toThrow(/not joined/);
    expect(() => readOvsdbFile(clusterFile([{ ...TINY_SCHEMA, name: "Other" }, {}]))).toThrow(/does not match/);
    expect(() => readOvsdbFile(clusterFile(snapshot, entry(2, { not: "an array" })))).toThrow(/commit format/);
  });
});

describe("JSON parsing", () => {
  it("our parser agrees with JSON.parse on any JSON, and fails where it fails", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 5 }), (text) => {
        // Integers beyond 2^53 come out as exact bigints: compare them as JSON.parse rounds them.
        const parsed = parseJsonExact(text);
        if (!parsed.ok) throw new Error(parsed.problem.message);
        const rounded = JSON.parse(JSON.stringify(parsed.value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
        expect(rounded).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          const failed = parseJsonExact(text);
          expect(failed.ok).toBe(false);
          if (!failed.ok) expect(failed.problem.position).toBeLessThanOrEqual(text.length);
          return;
        }
        if (!/\d{16}/.test(text)) expect(parseJsonExact(text)).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 1000 },
    );
  });

  it("finds a run of 16 digits (the JSON.parse fast path's test) exactly where /\\d{16}/ does", () => {
    const piece = fc.oneof(fc.stringMatching(/^[0-9]{1,20}$/), fc.constantFrom(",", "-", "a", "\"", " ", "[", "e"));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(hasLongDigitRun(text)).toBe(/\d{16}/.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps __proto__ as a plain member and big integers exact", () => {
    const parsed = parseJsonExact('{"__proto__": {"x": 1}, "a": 18446744073709551615, "b": -0, "c": 1e400}');
    const v = (parsed.ok ? parsed.value : undefined) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["__proto__", "a", "b", "c"]);
    expect(v.a).toBe(18446744073709551615n);
    expect(v.c).toBe(Infinity);
    expect(parseJson("[12345678901234567890, 1]")).toEqual({ ok: true, value: [12345678901234567890n, 1] });
    expect(parseJson('{"a": [1, 2}')).toEqual({ ok: false, problem: { kind: "json-syntax", message: "expected ',' or ']'", position: 11 } });
  });
});

describe("SHA-1", () => {
  it("matches node:crypto", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(20), (bytes, cut) => {
        const start = Math.min(cut, bytes.length);
        expect(sha1Hex(bytes, start)).toBe(createHash("sha1").update(bytes.subarray(start)).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("a moment of the history (until)", () => {
  it("standalone: after n transactions is the file cut after its record n (real sb.db, nb.db, conf.db)", () => {
    for (const name of ["sb.db", "nb.db", "conf.db"]) {
      const bytes = ovsdbFixture(name);
      const offsets = recordOffsets(bytes);
      const all = readOvsdbFile(bytes, { history: true });
      const total = all.transactions;
      expect(total).toBe(offsets.length - 2); // the schema, then one transaction per record
      for (const n of [0, 1, Math.floor(total / 2), total - 1, total]) {
        const at = readOvsdbFile(bytes, { until: { transactions: n } });
        const cut = readOvsdbFile(bytes.subarray(0, offsets[n + 1]));
        expect(at.tables, `${name} after ${n}`).toEqual(cut.tables);
        expect([at.transactions, at.records, at.bytesRead]).toEqual([n, n + 1, offsets[n + 1]]);
      }
      expect(readOvsdbFile(bytes, { until: { transactions: -1 } }).tables).toEqual(readOvsdbFile(bytes, { until: { transactions: total - 1 } }).tables);
      expect(readOvsdbFile(bytes, { until: { transactions: total + 5 } }).tables).toEqual(all.tables); // beyond the end: the end
      expect(readOvsdbFile(bytes, { until: { transactions: -total - 5 } }).tables).toEqual(readOvsdbFile(bytes, { until: { transactions: 0 } }).tables);
      // A date: after the last transaction dated at or before it.
      const history = all.history ?? [];
      const k = history.findIndex((h, i) => i > 0 && h.date !== undefined && h.date > (history[i - 1]?.date ?? Infinity));
      expect(k).toBeGreaterThan(0);
      const date = history[k - 1]?.date as number;
      const byDate = readOvsdbFile(bytes, { until: { date } });
      expect(byDate.transactions).toBe(history.filter((h) => h.date !== undefined && h.date <= date).length); // dates never go back here
      expect(byDate.tables).toEqual(readOvsdbFile(bytes, { until: { transactions: byDate.transactions } }).tables);
    }
  });

  it("stops reading at its moment: damage after it does not matter", () => {
    const bytes = ovsdbFixture("nb.db");
    const offsets = recordOffsets(bytes);
    const cut = bytes.subarray(0, (offsets[5] as number) + 20); // record 5 is torn
    expect(() => readOvsdbFile(cut)).toThrow(/ends inside a record/);
    expect(readOvsdbFile(cut, { until: { transactions: 4 } }).tables).toEqual(readOvsdbFile(bytes.subarray(0, offsets[5])).tables);
    const lenient = readOvsdbFile(cut, { until: { transactions: 10 }, lenient: true }); // not reached: the partial database
    expect([lenient.transactions, lenient.error?.problem]).toEqual([4, "truncated"]);
  });

  it("clustered: the header's snapshot is transaction 1; 0 is the empty database of its schema", () => {
    const bytes = ovsdbFixture("nb-clustered.db");
    const all = readOvsdbFile(bytes, { history: true });
    const empty = readOvsdbFile(bytes, { until: { transactions: 0 } });
    expect(Object.values(empty.tables).every((t) => Object.keys(t).length === 0)).toBe(true);
    for (let n = 1; n <= all.transactions; n++) {
      const at = readOvsdbFile(bytes, { until: { transactions: n }, history: true });
      expect(at.transactions).toBe(n);
      expect(at.history).toEqual(all.history?.slice(0, n));
    }
    expect(readOvsdbFile(bytes, { until: { transactions: all.transactions } }).tables).toEqual(all.tables);
    // The online conversion (entry [schema 7.1.0, data]) replaces the whole database: before it, the old schema.
    const conversion = all.history?.findIndex((h) => h.inserted > 0 && h.index !== undefined && h.index > 1 && all.warnings.some((w) => w.kind === "schema-changed" && w.record === h.record)) ?? -1;
    expect(conversion).toBeGreaterThan(0);
    const before = readOvsdbFile(bytes, { until: { transactions: conversion } });
    const after = readOvsdbFile(bytes, { until: { transactions: conversion + 1 } });
    expect(before.schema.version).toBe("7.0.0");
    expect(after.schema.version).toBe("7.1.0");
  });
});
