import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOvsParseError } from "../src/core/parse-error.js";
import { type OvsdbDatabase, type OvsdbFileError, isOvsdbFileError, readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import { canonDatabase, ovsdbFixture, record, recordOffsets, standaloneFile, TINY_SCHEMA } from "./helpers/ovsdb.js";

/** A small deterministic PRNG (mulberry32), so that failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function errorOf(fn: () => unknown): OvsdbFileError {
  try {
    fn();
  } catch (e) {
    if (isOvsdbFileError(e)) return e;
    throw e;
  }
  throw new Error("no error");
}

const all = () => true;
const tablesOf = (db: OvsdbDatabase | undefined) => (db === undefined ? undefined : canonDatabase(db, all));

/** Index of the record that contains byte `pos`. */
function recordAt(offsets: number[], pos: number): number {
  let k = 0;
  while (k + 1 < offsets.length && (offsets[k + 1] as number) <= pos) k++;
  return k;
}

const REAL = ["conf.db", "nb-clustered.db", "nb.db"] as const;

describe("truncated files", () => {
  for (const name of REAL) {
    it(`${name}: cut at record boundaries reads the prefix; cut inside a record names it and keeps the rest`, () => {
      const bytes = ovsdbFixture(name);
      const offsets = recordOffsets(bytes);
      expect(offsets.at(-1)).toBe(bytes.length);
      // The prefix read at each boundary is the reference for the partial results.
      const prefixes = offsets.map((o) => (o === 0 ? undefined : readOvsdbFile(bytes.subarray(0, o))));
      offsets.forEach((o, k) => {
        if (k === 0) return;
        const db = prefixes[k] as OvsdbDatabase;
        expect(db.records).toBe(k);
        expect(db.bytesRead).toBe(o);
      });
      const rnd = prng(name.length * 7919);
      const cuts = new Set<number>();
      for (let k = 0; k + 1 < offsets.length; k++) {
        const a = offsets[k] as number;
        const b = offsets[k + 1] as number;
        for (const c of [a + 1, a + 10, b - 1, a + Math.floor(rnd() * (b - a))]) if (c > a && c < b) cuts.add(c);
      }
      for (let i = 0; i < 150; i++) cuts.add(1 + Math.floor(rnd() * (bytes.length - 1)));
      for (const cut of cuts) {
        const k = recordAt(offsets, cut);
        if (offsets[k] === cut) continue; // a boundary: no damage
        const e = errorOf(() => readOvsdbFile(bytes.subarray(0, cut)));
        expect(isOvsParseError(e)).toBe(true);
        expect([e.problem, e.offset, e.recordOffset, e.record], `cut at ${cut}`).toEqual(["truncated", cut, offsets[k], k]);
        expect(tablesOf(e.partial), `partial at ${cut}`).toEqual(tablesOf(prefixes[k]));
        if (k > 0) {
          const lenient = readOvsdbFile(bytes.subarray(0, cut), { lenient: true });
          expect(lenient.error?.offset).toBe(cut);
          expect(lenient.records).toBe(k);
          expect(lenient.bytesRead).toBe(offsets[k]);
        }
      }
    });
  }
});

describe("flipped bytes", () => {
  for (const name of REAL) {
    it(`${name}: a changed byte is reported in the record that holds it, with what precedes it`, () => {
      const bytes = ovsdbFixture(name);
      const offsets = recordOffsets(bytes);
      const original = tablesOf(readOvsdbFile(bytes));
      const prefixCache = new Map<number, ReturnType<typeof tablesOf>>();
      const prefix = (k: number) => {
        if (!prefixCache.has(k)) prefixCache.set(k, k === 0 ? undefined : tablesOf(readOvsdbFile(bytes.subarray(0, offsets[k]))));
        return prefixCache.get(k);
      };
      const rnd = prng(name.length * 104729);
      // Every header byte of a few records, and random bytes anywhere.
      const positions = new Set<number>();
      for (const k of [0, 1, Math.floor(offsets.length / 2), offsets.length - 2]) {
        const o = offsets[k] as number;
        for (let i = 0; i < 70 && o + i < bytes.length; i++) positions.add(o + i);
      }
      for (let i = 0; i < 200; i++) positions.add(Math.floor(rnd() * bytes.length));
      let errors = 0;
      for (const pos of positions) {
        const copy = Uint8Array.from(bytes);
        copy[pos] = ((bytes[pos] as number) + 1 + Math.floor(rnd() * 255)) % 256;
        const k = recordAt(offsets, pos);
        let db: OvsdbDatabase | undefined;
        let e: OvsdbFileError | undefined;
        try {
          db = readOvsdbFile(copy);
        } catch (x) {
          if (!isOvsdbFileError(x)) throw x;
          e = x;
        }
        if (e === undefined) {
          // Only a SHA-1 hex digit changed to its other case goes unnoticed (OVS reads both).
          expect(tablesOf(db), `flip at ${pos}`).toEqual(original);
          continue;
        }
        errors++;
        expect(e.recordOffset, `flip at ${pos}: ${e.message}`).toBe(offsets[k]);
        expect(e.record).toBe(k);
        expect(["bad-header", "checksum", "truncated", "not-ovsdb"]).toContain(e.problem);
        if (e.problem === "bad-header" || e.problem === "not-ovsdb") expect(e.offset).toBe(pos);
        // A changed hash, length or JSON byte: the JSON does not hash as the header says.
        if (e.problem === "checksum") expect(e.offset).toBe(bytes.indexOf(10, offsets[k]) + 1);
        if (e.problem === "truncated") expect(e.offset).toBe(bytes.length);
        expect(tablesOf(e.partial), `partial for flip at ${pos}`).toEqual(prefix(k));
      }
      expect(errors).toBeGreaterThan(positions.size * 0.95);
    });
  }

  it("without checksums, broken JSON and UTF-8 are reported at the exact byte", () => {
    const bytes = ovsdbFixture("conf.db");
    const offsets = recordOffsets(bytes);
    const text = bytes.toString("latin1");
    const rnd = prng(42);
    let checked = 0;
    for (let n = 0; n < 200; n++) {
      const k = 1 + Math.floor(rnd() * (offsets.length - 2));
      const body = text.indexOf("\n", offsets[k]) + 1;
      const end = (offsets[k + 1] as number) - 1;
      const pos = body + Math.floor(rnd() * (end - body));
      const c = text[pos] as string;
      const copy = Uint8Array.from(bytes);
      if (":,{}[".includes(c)) copy[pos] = 0x23; // '#': a syntax error right there
      else if (c === '"') continue;
      else copy[pos] = 0xff; // never valid in UTF-8
      const e = errorOf(() => readOvsdbFile(copy, { verifyChecksums: false }));
      expect(e.problem).toBe(":,{}[".includes(c) ? "bad-json" : "bad-utf8");
      expect(e.offset, e.message).toBe(pos);
      expect(e.recordOffset).toBe(offsets[k]);
      checked++;
      // With checksums (the default) the same damage is a checksum error at the record's JSON.
      const sum = errorOf(() => readOvsdbFile(copy));
      expect([sum.problem, sum.offset]).toEqual(["checksum", body]);
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("malformed files", () => {
  const schemaRecord = record(TINY_SCHEMA);
  const txn = record({ T: { "11111111-1111-1111-1111-111111111111": { name: "a" } } });
  /** Byte offset of a record's JSON. */
  const body = (r: Buffer) => r.indexOf(10) + 1;

  it("names the problem and the byte", () => {
    const cases: [Uint8Array, string, number][] = [
      [Buffer.from(""), "empty", 0],
      [Buffer.from("hello world\n"), "not-ovsdb", 0],
      [Buffer.from("OVSDB JSOX 12 aaaa\n"), "not-ovsdb", 9],
      [Buffer.from("OVSDB JSON 1x2 aaaa\n"), "bad-header", 12],
      [Buffer.from("OVSDB JSON 0 da39a3ee5e6b4b0d3255bfef95601890afd80709\n"), "bad-header", 11],
      [Buffer.from("OVSDB JSON 12 zz39a3ee5e6b4b0d3255bfef95601890afd80709\n"), "bad-header", 14],
      [Buffer.from("OVSDB JSON 12 da39a3ee5e6b4b0d3255bfef95601890afd80709 \n"), "bad-header", 54],
      [Buffer.from("OVSDB JSON 12 da39a3ee5e6b4b0d3255bfef95601890afd80709\n{}"), "truncated", 57],
      [Buffer.from("OVSDB JS"), "truncated", 8],
      [Buffer.concat([schemaRecord, txn, Buffer.from("\0\0\0\0")]), "bad-header", schemaRecord.length + txn.length],
      [Buffer.concat([schemaRecord, Buffer.from("OVSDB CLUSTER 3 x")]), "bad-header", schemaRecord.length + 6],
      [record("[1, 2"), "bad-json", body(record("[1, 2")) + 6],
      [record('{"a": 1,}'), "bad-json", body(record('{"a": 1,}')) + 8],
      [record({ name: "x", tables: 3 }), "bad-record", body(record({ name: "x", tables: 3 }))],
      ...[
        { Nope: {} },
        { T: { "11111111-1111-1111-1111-111111111111": null } },
        { T: { "not-a-uuid": {} } },
        { T: { "11111111-1111-1111-1111-111111111111": { n: "x" } } },
        { T: { "11111111-1111-1111-1111-111111111111": { zzz: 1 } } },
        { T: { "11111111-1111-1111-1111-111111111111": { tags: ["set", ["a", "a"]] } } },
        [1],
      ].map((t): [Uint8Array, string, number] => [Buffer.concat([schemaRecord, record(t)]), "bad-record", schemaRecord.length + body(record(t))]),
      [record({ server_id: "x" }, "OVSDB CLUSTER"), "bad-record", body(record({ server_id: "x" }, "OVSDB CLUSTER"))],
    ];
    for (const [bytes, problem, offset] of cases) {
      const e = errorOf(() => readOvsdbFile(bytes));
      expect([e.problem, e.offset], `${Buffer.from(bytes).toString("latin1").slice(0, 60)} -> ${e.message}`).toEqual([problem, offset]);
      expect(e.message).toContain(`byte ${offset}`);
      expect(e.line).toBeGreaterThanOrEqual(1);
    }
  });

  it("a bad transaction is not applied at all; what precedes it is returned", () => {
    const bad = record({
      T: { "22222222-2222-2222-2222-222222222222": { name: "b" } },
      U: { "33333333-3333-3333-3333-333333333333": { v: "not an integer" } },
    });
    const bytes = Buffer.concat([schemaRecord, txn, bad, txn]);
    const e = errorOf(() => readOvsdbFile(bytes));
    expect(e.problem).toBe("bad-record");
    expect(e.record).toBe(2);
    expect(e.recordOffset).toBe(schemaRecord.length + txn.length);
    expect(Object.keys(e.partial?.tables.T ?? {})).toEqual(["11111111-1111-1111-1111-111111111111"]);
    expect(e.partial?.tables.U).toEqual({});
    const lenient = readOvsdbFile(bytes, { lenient: true });
    expect(lenient.error?.record).toBe(2);
    expect(lenient.records).toBe(2);
    expect(lenient.transactions).toBe(1);
    expect(e.excerpt).toContain("^");
  });

  it("lenient mode still throws when there is nothing to return", () => {
    for (const bytes of [Buffer.from(""), Buffer.from("garbage"), record({ name: "x" })]) {
      const e = errorOf(() => readOvsdbFile(bytes, { lenient: true }));
      expect(e.partial).toBeUndefined();
    }
  });

  it("an empty standalone database (schema only) is fine", () => {
    const db = readOvsdbFile(standaloneFile(TINY_SCHEMA));
    expect(db.records).toBe(1);
    expect(db.transactions).toBe(0);
    expect(db.tables).toEqual({ T: {}, U: {} });
  });
});

describe("property: any input gives a database or an OvsdbFileError", () => {
  const conf = ovsdbFixture("conf.db");
  const clustered = ovsdbFixture("nb-clustered.compacted.db");
  const check = (bytes: Uint8Array) => {
    for (const lenient of [false, true]) {
      try {
        readOvsdbFile(bytes, { lenient });
      } catch (e) {
        if (!isOvsdbFileError(e)) throw e;
        expect(e.problem, e.message).not.toBe("internal");
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.offset).toBeLessThanOrEqual(bytes.length);
        if (lenient) expect(e.partial).toBeUndefined();
      }
    }
  };

  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => check(b)), { numRuns: 400 });
  });

  it("random text after a valid header", () => {
    const header = fc.tuple(fc.constantFrom("OVSDB JSON ", "OVSDB CLUSTER "), fc.nat(300), fc.string({ maxLength: 400 }));
    fc.assert(
      fc.property(header, ([magic, n, body]) => {
        const b = Buffer.from(body);
        check(Buffer.concat([Buffer.from(`${magic}${n || b.length} da39a3ee5e6b4b0d3255bfef95601890afd80709\n`), b]));
        check(Buffer.concat([record(body, magic.trim() as "OVSDB JSON")]));
      }),
      { numRuns: 300 },
    );
  });

  it("random JSON records after a real schema, unverified", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 4 }), (values) => {
        check(Buffer.concat([record(TINY_SCHEMA), ...values.map((v) => record(v))]));
        check(Buffer.concat([record(values[0] ?? null), ...values.map((v) => record(v))]));
      }),
      { numRuns: 300 },
    );
  });

  it("real files with random edits, checked and unchecked", () => {
    for (const base of [conf, clustered]) {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 }),
          fc.nat(base.length),
          (edits, cut) => {
            const copy = Uint8Array.from(base.subarray(0, Math.max(cut, 1)));
            for (const [pos, v] of edits) if (pos < copy.length) copy[pos] = v;
            check(copy);
            try {
              readOvsdbFile(copy, { verifyChecksums: false });
            } catch (e) {
              if (!isOvsdbFileError(e)) throw e;
              expect(e.problem, e.message).not.toBe("internal");
            }
          },
        ),
        { numRuns: 150 },
      );
    }
  });

  it("deeply nested JSON does not overflow the stack", () => {
    for (const depth of [999, 1001, 100_000]) {
      check(record(`${"[".repeat(depth)}${"]".repeat(depth)}`));
      check(Buffer.concat([record(TINY_SCHEMA), record(`{"T":${"[".repeat(depth)}${"]".repeat(depth)}}`)]));
      check(record(`[${"[".repeat(depth)}12345678901234567890${"]".repeat(depth)}]`));
    }
  });
});
