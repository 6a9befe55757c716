/**
 * The records of clustered (Raft) database files (ovsdb/raft-private.c, ovsdb/raft.c): the
 * header with the snapshot, then log entries, terms, votes, leaders, commit indexes and notes.
 *
 * @module
 */
import { bad, isJsonObject, quoteJson } from "./signals.js";
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

function uint(json: Record<string, unknown>, key: string, required: boolean): number {
  const v = json[key];
  if (v === undefined) {
    if (required) bad(`raft record: missing "${key}"`);
    return 0;
  }
  if (typeof v === "number" && Number.isInteger(v)) return v;
  // OVS writes unsigned 64-bit values above 2^63 as negative numbers; we only need ordering.
  if (typeof v === "bigint") return Number(v);
  return bad(`raft record: "${key}" must be an integer, got ${quoteJson(v)}`);
}

function str(json: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = json[key];
  if (v === undefined) {
    if (required) bad(`raft record: missing "${key}"`);
    return undefined;
  }
  if (typeof v !== "string") return bad(`raft record: "${key}" must be a string, got ${quoteJson(v)}`);
  return v;
}

function uuid(json: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = str(json, key, required);
  if (v !== undefined && !isUuidString(v)) bad(`raft record: "${key}" is not a valid UUID`);
  return v?.toLowerCase();
}

function servers(v: unknown): Record<string, string> {
  if (!isJsonObject(v)) return bad(`raft record: "servers" must be a JSON object`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const sid in v) {
    const address = v[sid];
    if (!isUuidString(sid)) bad(`raft record: server id ${quoteJson(sid)} is not a UUID`);
    if (typeof address !== "string") bad(`raft record: the address of server ${sid} must be a string`);
    out[sid.toLowerCase()] = address;
  }
  return out;
}

/**
 * Parses the header record (`raft_header_from_json`).
 *
 * @internal
 */
export function parseRaftHeader(json: unknown): RaftHeader {
  if (!isJsonObject(json)) return bad(`the raft header must be a JSON object, got ${quoteJson(json)}`);
  const serverId = uuid(json, "server_id", true) as string;
  const name = str(json, "name", true) as string;
  const localAddress = str(json, "local_address", true) as string;
  const joining = json.remote_addresses !== undefined;
  const clusterId = uuid(json, "cluster_id", !joining);
  const base = { serverId, ...(clusterId !== undefined ? { clusterId } : {}), name, localAddress, joining };
  if (joining) return { ...base, servers: {}, snapshotIndex: 0, snapshotTerm: 0 };
  const prevServers = servers(json.prev_servers);
  const snapshotIndex = uint(json, "prev_index", false);
  if (snapshotIndex === 0) return { ...base, servers: prevServers, snapshotIndex: 0, snapshotTerm: 0 };
  uuid(json, "prev_eid", true);
  if (!("prev_data" in json)) bad(`raft header: missing "prev_data"`);
  return {
    ...base,
    servers: prevServers,
    snapshotIndex,
    snapshotTerm: uint(json, "prev_term", true),
    snapshot: json.prev_data,
  };
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
  get servers(): Readonly<Record<string, string>> {
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

  /** Adds one record (after the header). */
  add(json: unknown, record: number, offset: number, bodyOffset: number): void {
    if (!isJsonObject(json)) return bad(`a raft record must be a JSON object, got ${quoteJson(json)}`);
    str(json, "comment", false);
    const note = str(json, "note", false);
    if (note !== undefined) {
      if (note === "left") {
        this.warnings.push({ kind: "left-cluster", message: "this server has left the cluster", offset, record });
      }
      return;
    }
    const commitIndex = uint(json, "commit_index", false);
    if (commitIndex !== 0) {
      if (commitIndex < this.commitIndex) bad(`raft record regresses the commit index from ${this.commitIndex} to ${commitIndex}`);
      if (commitIndex >= this.logEnd) bad(`raft record advances the commit index to ${commitIndex} but the last log index is ${this.logEnd - 1}`);
      this.commitIndex = commitIndex;
      return;
    }
    const term = uint(json, "term", true);
    if (term > this.term) this.term = term;
    if (uuid(json, "leader", false) !== undefined || uuid(json, "vote", false) !== undefined) return;
    const index = uint(json, "index", false);
    if (index === 0) return; // a term record
    if (index > this.logEnd) bad(`raft entry with index ${index} skips past the expected index ${this.logEnd}`);
    if (index <= this.commitIndex) {
      bad(`raft entry with index ${index} would truncate the log, but the commit index is already ${this.commitIndex}`);
    }
    if (index < this.logEnd) {
      this.warnings.push({
        kind: "log-truncated",
        message: `raft entry ${index} replaces the log from index ${index} to ${this.logEnd - 1}`,
        offset,
        record,
      });
      this.entries.length = index - this.header.snapshotIndex - 1;
    }
    const data = json.data;
    if (data !== undefined && (data === null || typeof data !== "object")) bad(`raft entry: "data" must be an array or object`);
    if (data !== undefined) uuid(json, "eid", true);
    const entryServers = json.servers === undefined ? undefined : servers(json.servers);
    uint(json, "election_timer", false);
    this.entries.push({
      index,
      term,
      ...(data !== undefined ? { data } : {}),
      ...(entryServers !== undefined ? { servers: entryServers } : {}),
      record,
      offset,
      bodyOffset,
    });
  }
}
