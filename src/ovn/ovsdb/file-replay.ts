/**
 * The reading loop of {@link readOvsdbFile}: records framed, the schema or Raft header
 * decoded, transactions replayed in order; the database captured at points of its history.
 * Every problem is a returned {@link OvsdbDamage}, never an exception.
 *
 * @module
 * @internal
 */
import type { OvsdbDamage } from "./error.js";
import { type RaftEntry, type RaftHeader, RaftLog, parseRaftHeader } from "./raft.js";
import { type FileRecord, RecordReader } from "./records.js";
import { type TxnSummary, Replayer, plainTables } from "./replay.js";
import { parseSchema } from "./schema.js";
import { type Invalid, isInvalid, isJsonObject, invalid } from "./signals.js";
import type {
  OvsdbClusterInfo,
  OvsdbFileWarning,
  OvsdbHistoryPoint,
  OvsdbSchema,
  OvsdbTable,
  OvsdbTransactionInfo,
} from "./types.js";

/** The options {@link FileReplay} reads. */
export interface FileReplayOptions {
  readonly verifyChecksums?: boolean;
  readonly history?: boolean;
  readonly committedOnly?: boolean;
}

/**
 * The database at one moment, as plain data.
 *
 * @internal
 */
export interface ReplayState {
  readonly format: "standalone" | "clustered";
  readonly schema: OvsdbSchema;
  readonly tables: Readonly<Record<string, OvsdbTable>>;
  readonly records: number;
  readonly transactions: number;
  readonly bytesRead: number;
  readonly lastDate?: number;
  readonly cluster?: OvsdbClusterInfo;
  readonly warnings: readonly OvsdbFileWarning[];
  readonly history?: readonly OvsdbTransactionInfo[];
  /** False for a state taken where damage stopped the reading before its point. */
  readonly complete: boolean;
}

/** Where a record is, for the damage of a record that does not make sense. */
type Where = Pick<RaftEntry, "record" | "offset" | "bodyOffset">;

function damageAt(where: Where, bad: Invalid): OvsdbDamage {
  return { problem: "bad-record", reason: bad.message, offset: where.bodyOffset, recordOffset: where.offset, record: where.record };
}

/** The `_date` of a transaction's JSON, read before it is applied (for date points). */
function dateOf(txn: unknown): number | undefined {
  return isJsonObject(txn) && typeof txn._date === "number" ? txn._date : undefined;
}

/**
 * One reading of one file.
 *
 * @internal
 */
export class FileReplay {
  readonly replayer = new Replayer();
  /** Where we are, for the damage of an unexpected exception (a bug). */
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
  /** The states taken at `points`, by index. */
  private readonly states: (ReplayState | undefined)[];
  private pending: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: FileReplayOptions,
    private readonly points: readonly OvsdbHistoryPoint[],
    private readonly stopAfterPoints: boolean,
  ) {
    this.history = options.history === true ? [] : undefined;
    this.states = points.map(() => undefined);
    this.pending = points.length;
  }

  /** Reads the file; returns the damage that stopped it, if any. */
  run(): OvsdbDamage | undefined {
    const reader = new RecordReader(this.bytes, this.options.verifyChecksums !== false);
    const first = reader.next();
    if (first === undefined) return reader.damage;
    return reader.magic === "OVSDB CLUSTER" ? this.clustered(reader, first) : this.standalone(reader, first);
  }

  /** True when every point was taken and the reading may stop. */
  private get done(): boolean {
    return this.stopAfterPoints && this.points.length > 0 && this.pending === 0;
  }

  private standalone(reader: RecordReader, first: FileRecord): OvsdbDamage | undefined {
    this.format = "standalone";
    this.at = { record: 0, offset: 0 };
    const schema = parseSchema(first.json, this.replayer.values);
    if (isInvalid(schema)) return damageAt({ record: 0, offset: first.offset, bodyOffset: first.bodyOffset }, schema);
    this.replayer.reset(schema);
    this.good(first.index + 1, first.end);
    for (;;) {
      // A moment reached by the count is taken before the next record is read: damage in it
      // does not matter then.
      this.beforeTxn(undefined, reader.count, reader.offset);
      if (this.done) return undefined;
      this.at = { record: reader.count, offset: reader.offset };
      const rec = reader.next();
      if (rec === undefined) return reader.damage;
      this.beforeTxn(dateOf(rec.json), rec.index, rec.offset);
      if (this.done) return undefined;
      const summary = this.replayer.apply(rec.json);
      if (isInvalid(summary)) return damageAt({ record: rec.index, offset: rec.offset, bodyOffset: rec.bodyOffset }, summary);
      this.noteTxn(summary, rec.index, rec.offset, undefined);
      this.good(rec.index + 1, rec.end);
    }
  }

  private clustered(reader: RecordReader, first: FileRecord): OvsdbDamage | undefined {
    this.format = "clustered";
    const header = parseRaftHeader(first.json);
    if (isInvalid(header)) return damageAt({ record: 0, offset: first.offset, bodyOffset: first.bodyOffset }, header);
    if (header.joining) {
      return { problem: "no-schema", reason: "the file holds no data: its server has not joined its cluster yet", offset: first.offset, recordOffset: first.offset, record: 0 };
    }
    const log = new RaftLog(header);
    this.log = log;
    this.good(first.index + 1, first.end);
    let readDamage: OvsdbDamage | undefined;
    for (;;) {
      this.at = { record: reader.count, offset: reader.offset };
      const rec = reader.next();
      if (rec === undefined) {
        readDamage = reader.damage; // apply what was read before it, then report it
        break;
      }
      const bad = log.add(rec.json, rec.index, rec.offset, rec.bodyOffset);
      if (bad !== undefined) {
        readDamage = damageAt({ record: rec.index, offset: rec.offset, bodyOffset: rec.bodyOffset }, bad);
        break;
      }
      this.good(rec.index + 1, rec.end);
    }
    this.warnings.push(...log.warnings);
    if (header.snapshot !== undefined) {
      this.at = { record: 0, offset: first.offset };
      const bad = this.applyEntry(header, header.snapshot, { record: 0, offset: first.offset, bodyOffset: first.bodyOffset, index: header.snapshotIndex });
      if (this.done) return undefined;
      if (bad !== undefined) return bad;
    }
    const limit = this.options.committedOnly === true ? log.commitIndex : Infinity;
    for (const entry of log.entries) {
      if (entry.index > limit) break;
      if (entry.data === undefined) continue;
      this.at = { record: entry.record, offset: entry.offset };
      const bad = this.applyEntry(header, entry.data, entry);
      if (this.done) return undefined;
      if (bad !== undefined) {
        // The tables stand as before this entry: so do the counts.
        this.records = entry.record;
        this.bytesRead = entry.offset;
        return bad;
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
      return { problem: "no-schema", reason: "the file holds no schema", offset: first.offset, recordOffset: first.offset, record: 0 };
    }
    return readDamage;
  }

  /**
   * Applies the data of a Raft entry (or of the header snapshot): `[schema or null, transaction
   * or null]`. Returns the damage when it does not fit (the database is then as before it).
   */
  private applyEntry(header: RaftHeader, data: unknown, where: Where & { readonly index: number }): OvsdbDamage | undefined {
    if (!Array.isArray(data) || data.length !== 2) return damageAt(where, invalid("invalid commit format: expected [schema, transaction]"));
    const [schemaJson, txnJson] = data as [unknown, unknown];
    if (schemaJson === null && txnJson === null) return damageAt(where, invalid("invalid commit format: neither schema nor transaction"));
    let schema: OvsdbSchema | undefined;
    if (schemaJson !== null) {
      const parsed = parseSchema(schemaJson, this.replayer.values);
      if (isInvalid(parsed)) return damageAt(where, parsed);
      if (parsed.name !== header.name) return damageAt(where, invalid(`name ${header.name} in header does not match name ${parsed.name} in schema`));
      schema = parsed;
    }
    const saved = this.replayer.save();
    // A transaction that replaces the whole database comes after the state before it; the first
    // one, after the empty database of its schema (state 0).
    if (txnJson !== null && saved.schema !== undefined) {
      this.beforeTxn(dateOf(txnJson), where.record, where.offset);
      if (this.done) return undefined;
    }
    const warnings = this.warnings.length;
    if (schema !== undefined) {
      if (txnJson === null) this.replayer.convert(schema);
      else this.replayer.reset(schema);
      if (saved.schema !== undefined) {
        this.warnings.push({
          kind: "schema-changed",
          message: `schema ${schema.name} changed from version ${saved.schema.version} to ${schema.version}${txnJson === null ? " (data converted)" : ""}`,
          offset: where.offset,
          record: where.record,
        });
      }
    }
    if (txnJson === null) return undefined;
    if (saved.schema === undefined) {
      this.beforeTxn(dateOf(txnJson), where.record, where.offset);
      if (this.done) return undefined;
    }
    const summary = this.replayer.apply(txnJson);
    if (isInvalid(summary)) {
      this.replayer.restore(saved); // the entry is atomic: keep the database as it was
      this.warnings.length = warnings;
      return damageAt(where, summary);
    }
    this.noteTxn(summary, where.record, where.offset, where.index);
    return undefined;
  }

  private good(records: number, end: number): void {
    this.records = records;
    this.bytesRead = end;
  }

  /**
   * Takes the state at every point that is reached just before a transaction (dated `date`,
   * at record `record`) is applied.
   */
  private beforeTxn(date: number | undefined, record: number, offset: number): void {
    if (this.pending === 0) return;
    this.points.forEach((p, i) => {
      if (this.states[i] !== undefined) return;
      const reached = "transactions" in p ? this.transactions >= p.transactions : date !== undefined && date > p.date;
      if (reached) this.take(i, this.format === "clustered" ? { records: record, bytesRead: offset } : undefined);
    });
  }

  private take(i: number, counts: { records: number; bytesRead: number } | undefined): void {
    this.states[i] = this.state(true, counts);
    this.pending--;
  }

  /**
   * The states at the points (the state at the end when there are none). Points not reached
   * are taken now: at the end of the file, or where damage stopped the reading
   * (`complete: false`).
   */
  captured(n: number, complete: boolean): ReplayState[] {
    if (n === 0) return [this.state(complete, undefined)];
    return this.states.map((s) => s ?? this.state(complete, undefined));
  }

  /** The state now, or undefined when no schema was read. */
  current(complete: boolean): ReplayState | undefined {
    return this.replayer.schema === undefined ? undefined : this.state(complete, undefined);
  }

  private state(complete: boolean, counts: { records: number; bytesRead: number } | undefined): ReplayState {
    const schema = this.replayer.schema as OvsdbSchema;
    return {
      format: this.format,
      schema,
      tables: plainTables(schema, this.replayer.tables),
      records: counts?.records ?? this.records,
      transactions: this.transactions,
      bytesRead: counts?.bytesRead ?? this.bytesRead,
      ...(this.lastDate !== undefined ? { lastDate: this.lastDate } : {}),
      ...(this.log !== undefined ? { cluster: this.clusterInfo(this.log) } : {}),
      warnings: [...this.warnings],
      ...(this.history !== undefined ? { history: [...this.history] } : {}),
      complete,
    };
  }

  private noteTxn(s: TxnSummary, record: number, offset: number, index: number | undefined): void {
    this.transactions++;
    if (s.date !== undefined) this.lastDate = s.date;
    this.history?.push({ record, offset, ...s, ...(index !== undefined ? { index } : {}) });
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
      servers: { ...log.servers() },
      entriesApplied: this.entriesApplied,
    };
  }
}
