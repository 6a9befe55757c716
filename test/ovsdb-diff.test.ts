/**
 * Database diffs on real files (fixtures-gen/ovsdb-history/generate.sh): an NB and an SB
 * database where known ovn-nbctl commands were run (one transaction each, ovn-northd following),
 * with copies of both files at two moments t1 and t2 and `ovsdb-client dump` at each.
 *
 * - every transaction of both files against `ovsdb-tool -mm show-log`: the rows it inserted,
 *   deleted and updated, and the columns it wrote, printed by our formatter as OVS prints them;
 * - the diff of the t1 and t2 copies against the same diff computed from the two dumps, and
 *   equal to the history diff of the final file between the same two moments;
 * - exact expected diffs for the commands that were run.
 */
import { describe, expect, it } from "vitest";
import { fromJson, toJson } from "../src/core/json.js";
import {
  type OvsdbAtom,
  type OvsdbColumnType,
  type OvsdbDatabase,
  type OvsdbDiff,
  type OvsdbMap,
  type OvsdbValue,
  diffOvsdbDatabases,
  diffOvsdbHistory,
  formatOvsdbDiff,
  formatOvsdbValue,
  isOvsdbOptionError,
  isOvsdbSchemaMismatchError,
  readOvsdbFile,
} from "../src/ovn/ovsdb/index.js";
import { canonDatabase, canonDump, canonValue, type DumpTable } from "./helpers/ovsdb.js";
import { assertPlainData } from "./helpers/ovsdb-plain-data.js";
import { parseShowLog } from "./helpers/ovsdb-show-log.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const DIR = join(import.meta.dirname, "fixtures", "ovsdb-history");
const file = (name: string): Buffer => (existsSync(join(DIR, name)) ? readFileSync(join(DIR, name)) : gunzipSync(readFileSync(join(DIR, `${name}.gz`))));
const dump = (name: string) => new Map(file(name).toString("utf8").split("\n").filter((l) => l.trim() !== "").map((l) => {
  const t = JSON.parse(l) as DumpTable;
  return [t.caption.replace(/ table$/, ""), t] as const;
}));

const nb = file("nb.db");
const sb = file("sb.db");
const commands = file("commands.txt").toString("utf8").trim().split("\n").map((l) => l.split("\t") as [string, string]);

/** The arguments of an `ovn-nbctl: ...` comment, unquoted (OVS quotes an argument with spaces as "...", escaping " and \\). */
function commentArgs(comment: string): string {
  const args: string[] = [];
  for (let i = comment.indexOf(" --timeout=30 ") + 14; i < comment.length; ) {
    if (comment[i] === " ") {
      i++;
      continue;
    }
    let arg = "";
    if (comment[i] === '"') {
      for (i++; i < comment.length && comment[i] !== '"'; i++) arg += comment[i] === "\\" ? comment[++i] : comment[i];
      i++;
    } else {
      for (; i < comment.length && comment[i] !== " "; i++) arg += comment[i];
    }
    args.push(arg);
  }
  return args.join(" ");
}

/** The transaction (1-based) whose comment is the ovn-nbctl command `cmd` (as commands.txt has it: arguments joined by spaces). */
function txnOf(db: OvsdbDatabase, cmd: string): number {
  const i = (db.history ?? []).findIndex((h) => h.comment?.startsWith("ovn-nbctl: ") === true && commentArgs(h.comment) === cmd);
  if (i < 0) throw new Error(`no transaction for ${cmd}`);
  return i + 1;
}

/** A value is its column's default (what an insert that does not give it gets). */
function isDefault(v: OvsdbValue, type: OvsdbColumnType): boolean {
  const atomDefault = (a: OvsdbAtom) => (typeof a === "object" ? a.uuid === "00000000-0000-0000-0000-000000000000" : a === "" || a === 0 || a === false);
  if (type.kind === "map") return Object.keys(v).length === type.min && Object.entries(v as OvsdbMap).every(([k, x]) => (k === "" || k === "0" || k === "false") && atomDefault(x));
  if (Array.isArray(v)) return v.length === type.min && v.every(atomDefault);
  return atomDefault(v as OvsdbAtom);
}

/** What OVS writes in a file record for a changed column: the new value, or for sets and maps the diff datum. */
function written(c: OvsdbDiff["tables"][number]["changed"][number]["columns"][number], type: OvsdbColumnType): string {
  if (type.max <= 1) return formatOvsdbValue(c.new, type);
  if (type.kind === "set") {
    const atoms = [...((c.added ?? []) as OvsdbAtom[]), ...((c.removed ?? []) as OvsdbAtom[])];
    return formatOvsdbValue(atoms, type);
  }
  const datum: Record<string, OvsdbAtom> = { ...((c.removed ?? {}) as OvsdbMap), ...((c.added ?? {}) as OvsdbMap) }; // a changed key: its new value
  return formatOvsdbValue(datum, type);
}

/** The rows a one-transaction diff says were touched, in show-log's terms. */
function touched(d: OvsdbDiff): string[] {
  const out: string[] = [];
  for (const t of d.tables) {
    for (const r of t.added) {
      const cols = Object.keys(r.row).filter((c) => !isDefault(r.row[c] as OvsdbValue, t.columnTypes[c] as OvsdbColumnType));
      out.push(`${t.table} insert ${r.uuid.slice(0, 8)} ${cols.map((c) => `${c}=${formatOvsdbValue(r.row[c] as OvsdbValue, t.columnTypes[c] as OvsdbColumnType)}`).sort().join(" | ")}`);
    }
    for (const r of t.removed) out.push(`${t.table} delete ${r.uuid.slice(0, 8)} `);
    for (const r of t.changed) {
      out.push(`${t.table} update ${r.uuid.slice(0, 8)} ${r.columns.map((c) => `${c.column}=${written(c, t.columnTypes[c.column] as OvsdbColumnType)}`).sort().join(" | ")}`);
    }
  }
  return out.sort();
}

describe("every transaction against ovsdb-tool -mm show-log", () => {
  for (const [name, bytes] of [["nb", nb], ["sb", sb]] as const) {
    it(`${name}.db: each transaction's rows and written columns, dates and comments`, () => {
      const log = parseShowLog(file(`${name}.show-log.txt`).toString("utf8"));
      const all = readOvsdbFile(bytes, { history: true });
      expect(log.length - 1).toBe(all.transactions);
      expect(all.transactions).toBeGreaterThan(15);
      let rows = 0;
      for (const rec of log.slice(1)) {
        const d = diffOvsdbHistory(bytes, { from: { transactions: rec.record - 1 }, to: { transactions: rec.record } });
        const theirs = rec.rows.map((r) => `${r.table} ${r.op} ${r.uuid8} ${r.op === "delete" ? "" : [...r.columns].sort().join(" | ")}`).sort();
        expect(touched(d), `record ${rec.record} ${rec.comment ?? ""}`).toEqual(theirs);
        expect(d.transactions).toHaveLength(1);
        const txn = d.transactions?.[0];
        expect(txn?.comment).toBe(rec.comment);
        expect(new Date(txn?.date ?? 0).toISOString().replace("T", " ").replace("Z", "")).toBe(rec.date);
        rows += rec.rows.length;
      }
      expect(rows).toBeGreaterThan(name === "nb" ? 25 : 200);
    });
  }
});

describe("the t1 and t2 copies", () => {
  for (const name of ["nb", "sb"] as const) {
    it(`${name}: each copy equals its dump; their diff is the diff of the dumps and of the history between t1 and t2`, () => {
      const t1 = readOvsdbFile(file(`${name}.t1.db`), { history: true });
      const t2 = readOvsdbFile(file(`${name}.t2.db`), { history: true });
      const final = name === "nb" ? nb : sb;
      // The copies are prefixes of the final file (ovsdb-server appends; it did not compact).
      expect(final.subarray(0, file(`${name}.t1.db`).length).equals(file(`${name}.t1.db`))).toBe(true);
      expect(final.subarray(0, file(`${name}.t2.db`).length).equals(file(`${name}.t2.db`))).toBe(true);
      const keep = (table: string, column: string) => t2.schema.tables[table]?.columns[column]?.ephemeral !== true;
      const d1 = canonDump(dump(`${name}.t1.dump.json`), t1.schema, keep);
      const d2 = canonDump(dump(`${name}.t2.dump.json`), t2.schema, keep);
      expect(canonDatabase(t1, keep)).toEqual(d1);
      expect(canonDatabase(t2, keep)).toEqual(d2);

      const diff = diffOvsdbDatabases(t1, t2);
      assertPlainData(diff);
      expect(fromJson(toJson(diff))).toEqual(diff);
      // The same from the two dumps: rows by UUID, columns by canonical value.
      const expected: Record<string, { added: string[]; removed: string[]; changed: Record<string, string[]> }> = {};
      for (const table of t2.schema.tableNames) {
        const a = d1[table] ?? {};
        const b = d2[table] ?? {};
        const changed: Record<string, string[]> = {};
        for (const uuid of Object.keys(b)) {
          if (!(uuid in a)) continue;
          const cols = Object.keys(b[uuid] ?? {}).filter((c) => JSON.stringify(a[uuid]?.[c]) !== JSON.stringify(b[uuid]?.[c]));
          if (cols.length > 0) changed[uuid] = cols.sort();
        }
        const added = Object.keys(b).filter((u) => !(u in a)).sort();
        const removed = Object.keys(a).filter((u) => !(u in b)).sort();
        if (added.length + removed.length + Object.keys(changed).length > 0) expected[table] = { added, removed, changed };
      }
      const mine = Object.fromEntries(diff.tables.map((t) => [t.table, { added: t.added.map((r) => r.uuid), removed: t.removed.map((r) => r.uuid), changed: Object.fromEntries(t.changed.map((c) => [c.uuid, c.columns.map((x) => x.column)])) }]));
      expect(mine).toEqual(expected);
      for (const t of diff.tables) {
        for (const c of t.changed) {
          for (const x of c.columns) {
            const type = t.columnTypes[x.column] as OvsdbColumnType;
            expect(canonValue(x.old, type)).toEqual(d1[t.table]?.[c.uuid]?.[x.column]);
            expect(canonValue(x.new, type)).toEqual(d2[t.table]?.[c.uuid]?.[x.column]);
          }
        }
        for (const r of t.added) expect(Object.fromEntries(Object.entries(r.row).map(([k, v]) => [k, canonValue(v, t.columnTypes[k] as OvsdbColumnType)]))).toEqual(d2[t.table]?.[r.uuid]);
      }
      // The history of the final file between the same two moments gives the same diff.
      const history = diffOvsdbHistory(final, { from: { transactions: t1.transactions }, to: { transactions: t2.transactions } });
      const { transactions, ...rest } = history;
      expect(rest).toEqual(diff);
      expect(transactions).toEqual(t2.history?.slice(t1.transactions));
      expect(diff.summary.added + diff.summary.removed + diff.summary.changed).toBeGreaterThan(3);
    });
  }

  it("nb t1 -> t2 is what the t2 commands did (and ovn-northd's NB_Global counters)", () => {
    const t1 = readOvsdbFile(file("nb.t1.db"));
    const t2 = readOvsdbFile(file("nb.t2.db"));
    const diff = diffOvsdbDatabases(t1, t2);
    const byTable = Object.fromEntries(diff.tables.map((t) => [t.table, t]));
    expect(Object.keys(byTable)).toEqual(["ACL", "Logical_Router", "Logical_Switch", "Logical_Switch_Port", "NB_Global"]);
    const lsp = byTable.Logical_Switch_Port;
    const p1 = Object.entries(t1.tables.Logical_Switch_Port ?? {}).find(([, r]) => r.name === "p1")?.[0];
    const p2 = Object.entries(t1.tables.Logical_Switch_Port ?? {}).find(([, r]) => r.name === "p2")?.[0];
    expect(lsp?.removed.map((r) => [r.uuid, r.row.name, r.row.addresses])).toEqual([[p2, "p2", ["00:00:00:00:00:02 10.0.0.2"]]]);
    expect(lsp?.added).toEqual([]);
    expect(lsp?.changed).toEqual([{ uuid: p1, name: "p1", columns: [{ column: "external_ids", old: {}, new: { owner: "team-b" }, added: { owner: "team-b" }, removed: {} }] }]);
    const acl = byTable.ACL?.added ?? [];
    expect(acl.map((r) => [r.row.direction, r.row.priority, r.row.match, r.row.action])).toEqual([["to-lport", 1000, 'outport == "p2" && ip4.src == 10.0.0.1', "drop"]]);
    const sw = byTable.Logical_Switch?.changed ?? [];
    expect(sw.map((c) => [c.name, c.columns.map((x) => [x.column, x.added, x.removed])])).toEqual([
      ["sw0", [["acls", [{ uuid: acl[0]?.uuid }], []], ["ports", [], [{ uuid: p2 }]]]],
    ]);
    expect(byTable.Logical_Router?.added.map((r) => [r.row.name, r.row.options])).toEqual([["r0", { chassis: "hv1" }]]);
    const cfg = byTable.NB_Global?.changed[0]?.columns.map((c) => c.column);
    expect(cfg).toEqual(expect.arrayContaining(["nb_cfg", "sb_cfg"]));
    for (const c of cfg ?? []) expect(c).toMatch(/^(nb|sb|hv)_cfg(_timestamp)?$/);
    expect(diff.summary).toEqual({ tables: t2.schema.tableNames.length, tablesChanged: 5, added: 2, removed: 1, changed: 3 });
  });

  it("sb t1 -> t2: ovn-northd's answer (p2's binding gone, r0's datapath, the ACL's logical flows)", () => {
    const diff = diffOvsdbDatabases(readOvsdbFile(file("sb.t1.db")), readOvsdbFile(file("sb.t2.db")));
    const byTable = Object.fromEntries(diff.tables.map((t) => [t.table, t]));
    expect(byTable.Port_Binding?.removed.map((r) => r.row.logical_port)).toEqual(["p2"]);
    expect(byTable.Datapath_Binding?.added.map((r) => (r.row.external_ids as OvsdbMap).name)).toEqual(["r0"]);
    const acls = (byTable.Logical_Flow?.added ?? []).filter((r) => String(r.row.match).includes("10.0.0.1") && String(r.row.match).includes('"p2"'));
    expect(acls.map((r) => [r.row.pipeline, (r.row.external_ids as OvsdbMap)["stage-name"], r.row.actions])).toEqual([["egress", "ls_out_acl", expect.stringMatching(/drop/)]]);
  });
});

describe("each command's transaction, exactly", () => {
  const all = readOvsdbFile(nb, { history: true });
  const step = (cmd: string) => {
    const k = txnOf(all, cmd);
    return diffOvsdbHistory(nb, { from: { transactions: k - 1 }, to: { transactions: k } });
  };
  const only = (d: OvsdbDiff) => d.tables.map((t) => `${t.table} +${t.added.length} -${t.removed.length} ~${t.changed.length}`);

  it("every command in commands.txt is one transaction of the file", () => {
    for (const [, cmd] of commands) expect(txnOf(all, cmd)).toBeGreaterThan(0);
    expect(commands).toHaveLength(11);
  });

  it("ls-add, lsp-add, set / remove of map keys, lsp-del, acl-del", () => {
    expect(only(step("ls-add sw0"))).toEqual(["Logical_Switch +1 -0 ~0"]);
    expect(step("ls-add sw0").tables[0]?.added[0]?.row).toMatchObject({ name: "sw0", ports: [], acls: [], other_config: {} });
    const p1 = step("lsp-add sw0 p1 -- lsp-set-addresses p1 00:00:00:00:00:01 10.0.0.1");
    expect(only(p1)).toEqual(["Logical_Switch +0 -0 ~1", "Logical_Switch_Port +1 -0 ~0"]);
    const port = p1.tables[1]?.added[0];
    expect(port?.row).toMatchObject({ name: "p1", addresses: ["00:00:00:00:00:01 10.0.0.1"], type: "", external_ids: {} });
    expect(p1.tables[0]?.changed[0]?.columns).toEqual([{ column: "ports", old: [], new: [{ uuid: port?.uuid }], added: [{ uuid: port?.uuid }], removed: [] }]);
    const ids = (cmd: string) => step(cmd).tables.map((t) => [t.table, t.changed[0]?.columns]);
    expect(ids("set logical_switch_port p1 external_ids:owner=team-a external_ids:app=web")).toEqual([
      ["Logical_Switch_Port", [{ column: "external_ids", old: {}, new: { app: "web", owner: "team-a" }, added: { app: "web", owner: "team-a" }, removed: {} }]],
    ]);
    expect(ids("set logical_switch_port p1 external_ids:owner=team-b")).toEqual([
      ["Logical_Switch_Port", [{ column: "external_ids", old: { app: "web", owner: "team-a" }, new: { app: "web", owner: "team-b" }, added: { owner: "team-b" }, removed: { owner: "team-a" } }]],
    ]);
    expect(ids("remove logical_switch_port p1 external_ids app")).toEqual([
      ["Logical_Switch_Port", [{ column: "external_ids", old: { app: "web", owner: "team-b" }, new: { owner: "team-b" }, added: {}, removed: { app: "web" } }]],
    ]);
    const del = step("lsp-del p2");
    expect(only(del)).toEqual(["Logical_Switch +0 -0 ~1", "Logical_Switch_Port +0 -1 ~0"]);
    expect(del.tables[1]?.removed[0]?.row.name).toBe("p2");
    expect(del.tables[0]?.changed[0]?.columns.map((c) => [c.column, c.removed])).toEqual([["ports", [{ uuid: del.tables[1]?.removed[0]?.uuid }]]]);
    expect(only(step("acl-del sw0"))).toEqual(["ACL +0 -1 ~0", "Logical_Switch +0 -0 ~1"]);
  });

  it("formatOvsdbDiff prints a transaction as a person reads it, values as ovn-nbctl prints them", () => {
    const cmd = 'acl-add sw0 to-lport 1000 outport == "p2" && ip4.src == 10.0.0.1 drop';
    const d = step(cmd);
    const acl = d.tables[0]?.added[0]?.uuid as string;
    const sw = d.tables[1]?.changed[0]?.uuid as string;
    const k = txnOf(all, cmd);
    const txn = all.history?.[k - 1];
    const before = all.history?.[k - 2]?.date as number;
    expect(formatOvsdbDiff(d)).toBe(
      [
        `OVN_Northbound 7.0.0: after ${k - 1} transactions ${new Date(before).toISOString()} -> after ${k} transactions ${new Date(txn?.date as number).toISOString()}`,
        "1 transaction in between:",
        `  #${k} ${new Date(txn?.date as number).toISOString()} +1 ~1 -0 ${JSON.stringify(txn?.comment)}`,
        "table ACL: 1 added",
        `  + outport == "p2" && ip4.src == 10.0.0.1 (${acl})`,
        "      action=drop",
        "      direction=to-lport",
        '      match="outport == \\"p2\\" && ip4.src == 10.0.0.1"',
        "      priority=1000",
        "table Logical_Switch: 1 changed",
        `  ~ sw0 (${sw})`,
        `      acls: added [${acl}]`,
        `1 row added, 0 removed, 1 changed in 2 of ${all.schema.tableNames.length} tables`,
        "",
      ].join("\n"),
    );
    expect(formatOvsdbDiff(d, { rowDetails: false })).not.toContain("priority=1000");
  });
});

describe("moments, options and errors", () => {
  it("a date is the moment after the last transaction dated at or before it", () => {
    const all = readOvsdbFile(nb, { history: true });
    const k = txnOf(all, "lsp-del p2");
    const date = all.history?.[k - 1]?.date as number;
    expect(diffOvsdbHistory(nb, { from: { date: date - 1 }, to: { date } })).toEqual(diffOvsdbHistory(nb, { from: { transactions: k - 1 }, to: { transactions: k } }));
    expect(diffOvsdbHistory(nb, { from: { transactions: -2 } })).toEqual(diffOvsdbHistory(nb, { from: { transactions: all.transactions - 2 } }));
  });

  it("nothing changed: an empty diff that says what it compared", () => {
    const d = diffOvsdbHistory(nb, { from: { transactions: 3 }, to: { transactions: 3 } });
    expect(d.tables).toEqual([]);
    expect(d.transactions).toEqual([]);
    expect(formatOvsdbDiff(d)).toMatch(new RegExp(`no differences: ${readOvsdbFile(nb).schema.tableNames.length} tables, 2 and 2 rows compared\n$`)); // NB_Global and sw0
  });

  it("to before from gives the changes undone", () => {
    const all = readOvsdbFile(nb, { history: true });
    const k = txnOf(all, "ls-add sw0");
    const back = diffOvsdbHistory(nb, { from: { transactions: k }, to: { transactions: k - 1 } });
    expect(back.tables.map((t) => [t.table, t.removed.map((r) => r.row.name)])).toEqual([["Logical_Switch", ["sw0"]]]);
    expect(formatOvsdbDiff(back)).toContain("undone");
  });

  it("tables: only those; an unknown name is said, not ignored", () => {
    const d = diffOvsdbDatabases(readOvsdbFile(file("nb.t1.db")), readOvsdbFile(file("nb.t2.db")), { tables: ["ACL", "Nope"] });
    expect(d.tables.map((t) => t.table)).toEqual(["ACL"]);
    expect(d.summary).toMatchObject({ tables: 1, unknownTables: ["Nope"] });
    expect(formatOvsdbDiff(d)).toContain("no table named Nope in OVN_Northbound");
  });

  it("refuses a moment that is neither a transaction count nor a date (a typo is not the end of the file)", () => {
    for (const bad of [{ transaction: 0 }, { transactions: 1.5 }, { date: Number.NaN }, { transactions: 1, date: 2 }, null, "end"]) {
      let e: unknown;
      try {
        diffOvsdbHistory(nb, { from: bad as never });
      } catch (x) {
        e = x;
      }
      expect(isOvsdbOptionError(e) && [e.code, e.option]).toEqual(["bad-option", "from"]);
    }
    expect(() => readOvsdbFile(nb, { until: { transaction: 0 } as never })).toThrow(/until: expected \{ transactions/);
    expect(() => diffOvsdbHistory(nb, { from: { transactions: 0 }, to: { date: Infinity } })).toThrow(/^to: /);
  });

  it("refuses databases of two schemas", () => {
    let e: unknown;
    try {
      diffOvsdbDatabases(readOvsdbFile(nb), readOvsdbFile(sb));
    } catch (x) {
      e = x;
    }
    expect(isOvsdbSchemaMismatchError(e) && [e.expected, e.actual]).toEqual(["OVN_Northbound", "OVN_Southbound"]);
  });

  it("a schema conversion between the moments (real clustered file): schema changes listed, common columns compared", () => {
    const bytes = gunzipSync(readFileSync(join(import.meta.dirname, "fixtures", "ovsdb", "nb-clustered.db.gz")));
    const all = readOvsdbFile(bytes, { history: true });
    const d = diffOvsdbHistory(bytes, { from: { transactions: 1 } });
    expect(d.schemaChanges).toEqual({ tablesAdded: [], tablesRemoved: [], columnsAdded: ["Logical_Switch.ovskit_note"], columnsRemoved: ["Logical_Switch.dns_records"] });
    expect(d.transactions).toHaveLength(all.transactions - 1);
    expect(formatOvsdbDiff(d)).toContain("schema changed: +column Logical_Switch.ovskit_note, -column Logical_Switch.dns_records");
    assertPlainData(d);
  });
});
