/**
 * The records of clustered (Raft) database files (ovsdb/raft-private.c, ovsdb/raft.c): the
 * header with the snapshot, then log entries, terms, votes, leaders, commit indexes and notes.
 *
 * @module
 */
import { type Invalid, invalid, isJsonObject, quoteJson } from "./signals.js";
import { isUuidString } from "./values.js";
import type { OvsdbFileWarning } from "./types.js";

/** The header record of a clustered file. */
export interface RaftHeader {
  readonly serverId: string;
  readonly clusterId?: string;
  readonly name: string;
  readonly localAddress: string;
  /** Set for a server created with `ovsdb-tool join-cluster` that has not joined yet (no data). */
  readonly joining: boolean;
  readonly servers: Readonly<Record<string, string>>;
  readonly snapshotIndex: number;
  readonly snapshotTerm: number;
  /** The snapshot: `[schema, data]` (either may be null). */
  readonly snapshot?: unknown;
}

/** A log entry of a clustered file. */
export interface RaftEntry {
  readonly index: number;
  readonly term: number;
  /** `[schema or null, transaction or null]`, when the entry carries data. */
  readonly data?: unknown;
  readonly servers?: Readonly<Record<string, string>>;
  /** The file record that holds it, its byte offset and the byte offset of its JSON. */
  readonly record: number;
  readonly offset: number;
  readonly bodyOffset: number;
}

/** Reads the fields of one Raft record, keeping the first problem found. */
class Fields {
  problem: Invalid | undefined;
  constructor(private readonly json: Record<string, unknown>) {}

  private fail(message: string): undefined {
    this.problem ??= invalid(message);
    return undefined;
  }

  uint(key: string, required: boolean): number {
    const v = this.json[key];
    if (v === undefined) {
      if (required) this.fail(`raft record: missing "${key}"`);
      return 0;
    }
    if (typeof v === "number" && Number.isInteger(v)) return v;
    // OVS writes unsigned 64-bit values above 2^63 as negative numbers; we only need ordering.
    if (typeof v === "bigint") return Number(v);
    this.fail(`raft record: "${key}" must be an integer, got ${quoteJson(v)}`);
    return 0;
  }

  str(key: string, required: boolean): string | undefined {
    const v = this.json[key];
    if (v === undefined) return required ? this.fail(`raft record: missing "${key}"`) : undefined;
    if (typeof v !== "string") return this.fail(`raft record: "${key}" must be a string, got ${quoteJson(v)}`);
    return v;
  }

  uuid(key: string, required: boolean): string | undefined {
    const v = this.str(key, required);
    if (v !== undefined && !isUuidString(v)) return this.fail(`raft record: "${key}" is not a valid UUID`);
    return v?.toLowerCase();
  }

  servers(key: string): Record<string, string> {
    const v = this.json[key];
    const out: Record<string, string> = {};
    if (!isJsonObject(v)) {
      this.fail(`raft record: "${key}" must be a JSON object`);
      return out;
    }
    for (const sid of Object.keys(v).sort()) {
      const address = v[sid];
      if (!isUuidString(sid)) this.fail(`raft record: server id ${quoteJson(sid)} is not a UUID`);
      else if (typeof address !== "string") this.fail(`raft record: the address of server ${sid} must be a string`);
      else out[sid.toLowerCase()] = address;
    }
    return out;
  }
}

/**
 * Parses the header record (`raft_header_from_json`), or says why it is not one.
 *
 * @internal
 */
export function parseRaftHeader(json: unknown): RaftHeader | Invalid {
  if (!isJsonObject(json)) return invalid(`the raft header must be a JSON object, got ${quoteJson(json)}`);
  const f = new Fields(json);
  const serverId = f.uuid("server_id", true) as string;
  const name = f.str("name", true) as string;
  const localAddress = f.str("local_address", true) as string;
  const joining = json.remote_addresses !== undefined;
  const clusterId = f.uuid("cluster_id", !joining);
  const base = { serverId, ...(clusterId !== undefined ? { clusterId } : {}), name, localAddress, joining };
  if (f.problem !== undefined) return f.problem;
  if (joining) return { ...base, servers: {}, snapshotIndex: 0, snapshotTerm: 0 };
  const prevServers = f.servers("prev_servers");
  const snapshotIndex = f.uint("prev_index", false);
  if (f.problem !== undefined) return f.problem;
  if (snapshotIndex === 0) return { ...base, servers: prevServers, snapshotIndex: 0, snapshotTerm: 0 };
  f.uuid("prev_eid", true);
  if (!("prev_data" in json)) return invalid(`raft header: missing "prev_data"`);
  const snapshotTerm = f.uint("prev_term", true);
  if (f.problem !== undefined) return f.problem;
  return { ...base, servers: prevServers, snapshotIndex, snapshotTerm, snapshot: json.prev_data };
}

/**
 * The Raft log as the records after the header build it (`raft_apply_record`): entries must
 * follow each other; an entry with an index already in the log truncates the log there.
 *
 * @internal
 */
export class RaftLog {
  readonly entries: RaftEntry[] = [];
  commitIndex: number;
  term: number;
  readonly warnings: OvsdbFileWarning[] = [];

  constructor(readonly header: RaftHeader) {
    this.commitIndex = header.snapshotIndex;
    this.term = header.snapshotTerm;
  }

  /** The latest cluster membership: from the last entry that has one, else the header. */
  servers(): Readonly<Record<string, string>> {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const s = (this.entries[i] as RaftEntry).servers;
      if (s !== undefined) return s;
    }
    return this.header.servers;
  }

  /** Index that the next entry must have. */
  get logEnd(): number {
    return this.header.snapshotIndex + 1 + this.entries.length;
  }

  /** Adds one record (after the header); returns why it cannot, if it cannot. */
  add(json: unknown, record: number, offset: number, bodyOffset: number): Invalid | undefined {
    if (!isJsonObject(json)) return invalid(`a raft record must be a JSON object, got ${quoteJson(json)}`);
    const f = new Fields(json);
    f.str("comment", false);
    const note = f.str("note", false);
    if (f.problem !== undefined) return f.problem;
    if (note !== undefined) {
      if (note === "left") {
        this.warnings.push({ kind: "left-cluster", message: "this server has left the cluster", offset, record });
      }
      return undefined;
    }
    const commitIndex = f.uint("commit_index", false);
    if (f.problem !== undefined) return f.problem;
    if (commitIndex !== 0) {
      if (commitIndex < this.commitIndex) return invalid(`raft record regresses the commit index from ${this.commitIndex} to ${commitIndex}`);
      if (commitIndex >= this.logEnd) return invalid(`raft record advances the commit index to ${commitIndex} but the last log index is ${this.logEnd - 1}`);
      this.commitIndex = commitIndex;
      return undefined;
    }
    const term = f.uint("term", true);
    const leader = f.uuid("leader", false);
    const vote = f.uuid("vote", false);
    if (f.problem !== undefined) return f.problem;
    if (term > this.term) this.term = term;
    if (leader !== undefined || vote !== undefined) return undefined;
    const index = f.uint("index", false);
    if (f.problem !== undefined) return f.problem;
    if (index === 0) return undefined; // a term record
    if (index > this.logEnd) return invalid(`raft entry with index ${index} skips past the expected index ${this.logEnd}`);
    if (index <= this.commitIndex) {
      return invalid(`raft entry with index ${index} would truncate the log, but the commit index is already ${this.commitIndex}`);
    }
    const data = json.data;
    if (data !== undefined && (data === null || typeof data !== "object")) return invalid(`raft entry: "data" must be an array or object`);
    if (data !== undefined) f.uuid("eid", true);
    const entryServers = json.servers === undefined ? undefined : f.servers("servers");
    f.uint("election_timer", false);
    if (f.problem !== undefined) return f.problem;
    if (index < this.logEnd) {
      this.warnings.push({
        kind: "log-truncated",
        message: `raft entry ${index} replaces the log from index ${index} to ${this.logEnd - 1}`,
        offset,
        record,
      });
      this.entries.length = index - this.header.snapshotIndex - 1;
    }
    this.entries.push({
      index,
      term,
      ...(data !== undefined ? { data } : {}),
      ...(entryServers !== undefined ? { servers: entryServers } : {}),
      record,
      offset,
      bodyOffset,
    });
    return undefined;
  }
}
