/**
 * {@link readOvsdbFile}: an ovsdb-server database file (standalone or clustered) replayed into
 * tables of rows, with its schema.
 *
 * @module
 */
import { OvsdbFileError } from "./error.js";
import { type RaftEntry, type RaftHeader, RaftLog, parseRaftHeader } from "./raft.js";
import { type FileRecord, RecordReader } from "./records.js";
import { type TxnSummary, Replayer } from "./replay.js";
import { parseSchema } from "./schema.js";
import { BadRecord, Damage } from "./signals.js";
import type { OvsdbClusterInfo, OvsdbDatabase, OvsdbFileWarning, OvsdbTransactionInfo } from "./types.js";

/** Options of {@link readOvsdbFile}. */
export interface ReadOvsdbFileOptions {
  /**
   * `true`: on damage, return what was read before it with `error` set, instead of throwing.
   * ovsdb-server itself does this for standalone files (a torn last write after a crash).
   */
  readonly lenient?: boolean;
  /**
   * Check the SHA-1 that each record header gives (default `true`, as ovsdb-server does; it
   * costs about 10 ms per MB). `false` skips it: damage inside a record may then go unseen.
   */
  readonly verifyChecksums?: boolean;
  /** `true`: keep a {@link OvsdbTransactionInfo} per transaction in `history`. */
  readonly history?: boolean;
  /**
   * Clustered files: apply only the log entries up to the highest commit index the file
   * records. By default every entry in the log is applied (a warning tells when some are
   * beyond the recorded commit index: in a single-server cluster they are committed anyway).
   */
  readonly committedOnly?: boolean;
}

/**
 * Reads an OVSDB database file: the schema, then every transaction replayed into tables of
 * rows by UUID, as ovsdb-server does when it opens the file.
 *
 * - **Standalone** files (`OVSDB JSON` records): the schema, then transactions; `_is_diff`
 *   transactions hold column diffs (symmetric difference for sets and maps).
 * - **Clustered** files (`OVSDB CLUSTER` records): the Raft header with the snapshot, then the
 *   log; entries whose data is `[schema, transaction]` are applied in index order (a schema
 *   replaces the database, or converts it when no data comes with it).
 *
 * Input is the file's bytes (a `Uint8Array` such as a Node `Buffer`, or an `ArrayBuffer`); a
 * string is taken as the file's text and encoded back to UTF-8. Values are decoded as
 * described in the {@link OvsdbDatabase} model: integers are `number`s, or `bigint`s beyond
 * 2^53; UUIDs are `{ uuid }` objects; sets are arrays; maps are `ReadonlyMap`s. Columns that
 * an inserted row does not give have their default value.
 *
 * Damage (truncation, bad header, bad checksum, bad JSON, a transaction that does not fit the
 * schema) throws an {@link OvsdbFileError} with the byte `offset` and the `partial` database
 * read before it; with `{ lenient: true }` the partial database is returned with `error` set.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { readOvsdbFile } from "ovskit";
 * const db = readOvsdbFile(readFileSync("/var/lib/ovn/ovnsb_db.db"));
 * for (const [uuid, row] of db.tables.get("Logical_Flow") ?? []) console.log(uuid, row.match);
 * ```
 */
export function readOvsdbFile(input: Uint8Array | ArrayBuffer | string, options: ReadOvsdbFileOptions = {}): OvsdbDatabase {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input instanceof Uint8Array ? input : new Uint8Array(input);
  const state = new ReadState(bytes, options);
  let damage: Damage | undefined;
  try {
    state.run();
  } catch (e) {
    damage = e instanceof Damage ? e : new Damage("internal", `unexpected ${String(e)}`, state.at.offset, state.at.offset, state.at.record, e);
  }
  if (damage === undefined) return state.database();
  const partial = state.replayer.schema === undefined ? undefined : state.database();
  const error = new OvsdbFileError(damage, bytes, partial);
  if (options.lenient === true && partial !== undefined) return { ...partial, error };
  throw error;
}

class ReadState {
  readonly replayer = new Replayer();
  /** Where we are, for errors. */
  at = { record: 0, offset: 0 };
  private format: "standalone" | "clustered" = "standalone";
  private records = 0;
  private bytesRead = 0;
  private transactions = 0;
  private lastDate: number | undefined;
  private readonly history: OvsdbTransactionInfo[] | undefined;
  private readonly warnings: OvsdbFileWarning[] = [];
  private log: RaftLog | undefined;
  private entriesApplied = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: ReadOvsdbFileOptions,
  ) {
    this.history = options.history === true ? [] : undefined;
  }

  run(): void {
    const reader = new RecordReader(this.bytes, this.options.verifyChecksums !== false);
    const first = reader.next() as FileRecord; // the empty file throws
    if (reader.magic === "OVSDB CLUSTER") this.clustered(reader, first);
    else this.standalone(reader, first);
  }

  private standalone(reader: RecordReader, first: FileRecord): void {
    this.format = "standalone";
    this.replayer.reset(this.guard(first, () => parseSchema(first.json, this.replayer.values)));
    this.good(first);
    for (let rec = this.next(reader); rec !== undefined; rec = this.next(reader)) {
      const r = rec;
      const summary = this.guard(r, () => this.replayer.apply(r.json));
      this.noteTxn(summary, r.index, r.offset, undefined);
      this.good(r);
    }
  }

  private clustered(reader: RecordReader, first: FileRecord): void {
    this.format = "clustered";
    const header = this.guard(first, () => parseRaftHeader(first.json));
    if (header.joining) {
      throw new Damage("no-schema", "the file holds no data: its server has not joined its cluster yet", first.offset, first.offset, 0);
    }
    const log = new RaftLog(header);
    this.log = log;
    this.good(first);
    let readDamage: Damage | undefined;
    try {
      for (let rec = this.next(reader); rec !== undefined; rec = this.next(reader)) {
        const r = rec;
        this.guard(r, () => log.add(r.json, r.index, r.offset, r.bodyOffset));
        this.good(r);
      }
    } catch (e) {
      if (!(e instanceof Damage)) throw e;
      readDamage = e; // apply what was read before it, then report it
    }
    this.warnings.push(...log.warnings);
    if (header.snapshot !== undefined) {
      this.at = { record: 0, offset: first.offset };
      this.applyEntry(header, header.snapshot, { record: 0, offset: first.offset, bodyOffset: first.bodyOffset, index: header.snapshotIndex });
    }
    const limit = this.options.committedOnly === true ? log.commitIndex : Infinity;
    for (const entry of log.entries) {
      if (entry.index > limit) break;
      if (entry.data === undefined) continue;
      this.at = { record: entry.record, offset: entry.offset };
      try {
        this.applyEntry(header, entry.data, entry);
      } catch (e) {
        if (e instanceof Damage) {
          // The tables stand as before this entry: so do the counts.
          this.records = entry.record;
          this.bytesRead = entry.offset;
        }
        throw e;
      }
      this.entriesApplied++;
    }
    const lastIndex = log.logEnd - 1;
    if (this.options.committedOnly !== true && lastIndex > log.commitIndex && readDamage === undefined) {
      const firstUncommitted = log.entries.find((e) => e.index > log.commitIndex) as RaftEntry;
      this.warnings.push({
        kind: "uncommitted-entries",
        message: `applied ${lastIndex - log.commitIndex} log entries after the last recorded commit index ${log.commitIndex}`,
        offset: firstUncommitted.offset,
        record: firstUncommitted.record,
      });
    }
    if (this.replayer.schema === undefined) {
      throw new Damage("no-schema", "the file holds no schema", first.offset, first.offset, 0);
    }
    if (readDamage !== undefined) throw readDamage;
  }

  /** Applies the data of a Raft entry (or of the header snapshot): `[schema or null, transaction or null]`. */
  private applyEntry(header: RaftHeader, data: unknown, where: Pick<RaftEntry, "record" | "offset" | "bodyOffset" | "index">): void {
    const summary = this.guardAt(where, () => {
      if (!Array.isArray(data) || data.length !== 2) throw new BadRecord("invalid commit format: expected [schema, transaction]");
      const [schemaJson, txnJson] = data as [unknown, unknown];
      if (schemaJson === null && txnJson === null) throw new BadRecord("invalid commit format: neither schema nor transaction");
      if (schemaJson !== null) {
        const schema = parseSchema(schemaJson, this.replayer.values);
        if (schema.name !== header.name) throw new BadRecord(`name ${header.name} in header does not match name ${schema.name} in schema`);
        const before = this.replayer.schema;
        const saved = this.replayer.save();
        if (txnJson === null) this.replayer.convert(schema);
        else this.replayer.reset(schema);
        let applied: TxnSummary | undefined;
        try {
          applied = txnJson === null ? undefined : this.replayer.apply(txnJson);
        } catch (e) {
          this.replayer.restore(saved); // the entry is atomic: keep the database as it was
          throw e;
        }
        if (before !== undefined) {
          this.warnings.push({
            kind: "schema-changed",
            message: `schema ${schema.name} changed from version ${before.version} to ${schema.version}${txnJson === null ? " (data converted)" : ""}`,
            offset: where.offset,
            record: where.record,
          });
        }
        return applied;
      }
      return this.replayer.apply(txnJson);
    });
    if (summary !== undefined) this.noteTxn(summary, where.record, where.offset, where.index);
  }

  private next(reader: RecordReader): FileRecord | undefined {
    this.at = { record: reader.count, offset: reader.offset };
    return reader.next();
  }

  private good(rec: FileRecord): void {
    this.records = rec.index + 1;
    this.bytesRead = rec.end;
  }

  /** Runs `fn`; a {@link BadRecord} becomes damage at the record's JSON. */
  private guard<T>(rec: FileRecord, fn: () => T): T {
    return this.guardAt({ record: rec.index, offset: rec.offset, bodyOffset: rec.bodyOffset }, fn);
  }

  private guardAt<T>(where: { record: number; offset: number; bodyOffset: number }, fn: () => T): T {
    this.at = { record: where.record, offset: where.offset };
    try {
      return fn();
    } catch (e) {
      if (e instanceof BadRecord) throw new Damage("bad-record", e.message, where.bodyOffset, where.offset, where.record);
      throw e;
    }
  }

  private noteTxn(s: TxnSummary, record: number, offset: number, index: number | undefined): void {
    this.transactions++;
    if (s.date !== undefined) this.lastDate = s.date;
    this.history?.push({ record, offset, ...s, ...(index !== undefined ? { index } : {}) });
  }

  database(): OvsdbDatabase {
    const schema = this.replayer.schema;
    if (schema === undefined) throw new Error("no schema");
    return {
      kind: "ovsdb-database",
      format: this.format,
      schema,
      tables: this.replayer.tables,
      records: this.records,
      transactions: this.transactions,
      bytesRead: this.bytesRead,
      ...(this.lastDate !== undefined ? { lastDate: this.lastDate } : {}),
      ...(this.log !== undefined ? { cluster: this.clusterInfo(this.log) } : {}),
      warnings: [...this.warnings],
      ...(this.history !== undefined ? { history: [...this.history] } : {}),
    };
  }

  private clusterInfo(log: RaftLog): OvsdbClusterInfo {
    const h = log.header;
    return {
      ...(h.clusterId !== undefined ? { clusterId: h.clusterId } : {}),
      serverId: h.serverId,
      name: h.name,
      localAddress: h.localAddress,
      snapshotIndex: h.snapshotIndex,
      snapshotTerm: h.snapshotTerm,
      commitIndex: log.commitIndex,
      lastIndex: log.logEnd - 1,
      term: log.term,
      servers: { ...log.servers },
      entriesApplied: this.entriesApplied,
    };
  }
}
