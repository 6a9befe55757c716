/**
 * The replica's database files: copied (or extracted from a sos tarball) into its directory,
 * checked to be the database they are given as, clustered files made standalone (`ovsdb-tool
 * cluster-to-standalone`, as ovs-offline does: a one-member copy of a three-member cluster
 * would wait for a quorum forever), and a conf.db of another schema version converted to the
 * local ovs-vswitchd's schema.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ReplicaError } from "./errors.js";
import { runChecked, runTool } from "./run.js";
import type { DbSource } from "./source.js";
import type { ReplicaChange } from "./types.js";

/** The schema name each role must have. */
const SCHEMA_NAMES = { conf: "Open_vSwitch", nb: "OVN_Northbound", sb: "OVN_Southbound" } as const;

/** Where the local schemas usually are (Debian, then a /usr/local build). */
const VSWITCH_SCHEMAS = ["/usr/share/openvswitch/vswitch.ovsschema", "/usr/local/share/openvswitch/vswitch.ovsschema"];

/**
 * The local `vswitch.ovsschema` (`$OVS_PKGDATADIR` first), or `undefined`.
 *
 * @internal
 * @example
 * ```ts
 * vswitchSchema(process.env); // "/usr/share/openvswitch/vswitch.ovsschema"
 * ```
 */
export function vswitchSchema(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = env.OVS_PKGDATADIR === undefined ? [] : [join(env.OVS_PKGDATADIR, "vswitch.ovsschema")];
  return [...dirs, ...VSWITCH_SCHEMAS].find((p) => existsSync(p));
}

/**
 * Copies (or extracts) a database into `dest`.
 *
 * @internal
 * @example
 * ```ts
 * await materializeDb({ kind: "file", paths: ["/tmp/sos/var/lib/ovn/ovnsb_db.db"] }, "/tmp/r/ovnsb_db.db", opts);
 * ```
 */
export async function materializeDb(src: DbSource, dest: string, opts: { readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number }): Promise<void> {
  if (src.kind === "file") {
    const path = src.paths.find((p) => existsSync(p));
    if (path === undefined) throw new ReplicaError("bad-file", `database file not found: ${src.paths.join(" or ")}`);
    try {
      await copyFile(path, dest);
    } catch (e) {
      throw new ReplicaError("bad-file", `cannot copy ${path}: ${(e as Error).message}`, { cause: e });
    }
    return;
  }
  const tmp = await mkdtemp(`${dest}.extract-`);
  try {
    for (const member of src.members) {
      const r = await runTool("tar", ["-xf", src.tarball, "-C", tmp, "--no-same-owner", "--no-same-permissions", member], opts);
      if (r.exitCode === 0 && existsSync(join(tmp, member))) {
        await rename(join(tmp, member), dest);
        return;
      }
    }
    throw new ReplicaError("bad-file", `${src.tarball}: cannot extract ${src.members[0]} (tar: is xz installed? is the tarball complete?)`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Checks that `file` is the database of `role`, makes it standalone and, for conf.db, converts
 * it to the local schema when it needs it. Throws `bad-file` with the tool's message.
 *
 * @internal
 * @example
 * ```ts
 * await prepareDb("/tmp/r/conf.db", "conf", { env, timeoutMs: 60_000 }, changes);
 * ```
 */
export async function prepareDb(
  file: string,
  role: keyof typeof SCHEMA_NAMES,
  opts: { readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number; readonly shownAs: string },
  changes: ReplicaChange[],
): Promise<void> {
  const name = (await runChecked("ovsdb-tool", ["db-name", file], opts, "bad-file", `${opts.shownAs} is not an OVSDB database file`)).stdout.trim();
  if (name !== SCHEMA_NAMES[role]) {
    throw new ReplicaError("bad-file", `${opts.shownAs} is a ${name} database, not ${SCHEMA_NAMES[role]} (given as the ${role === "conf" ? "OVS" : role.toUpperCase()} database)`);
  }
  const clustered = await runTool("ovsdb-tool", ["db-is-clustered", file], opts);
  if (clustered.exitCode === 0) {
    const standalone = `${file}.standalone`;
    await runChecked("ovsdb-tool", ["cluster-to-standalone", standalone, file], opts, "bad-file", `${opts.shownAs}: ovsdb-tool cluster-to-standalone failed`);
    await rename(standalone, file);
    changes.push({ kind: "database", subject: opts.shownAs, message: "clustered (Raft) file converted to a standalone database (ovsdb-tool cluster-to-standalone)" });
  }
  if (role !== "conf") return;
  const schema = vswitchSchema(opts.env);
  if (schema === undefined) return;
  const needs = await runTool("ovsdb-tool", ["needs-conversion", file, schema], opts);
  if (needs.exitCode === 0 && needs.stdout.trim() === "yes") {
    const from = (await runTool("ovsdb-tool", ["db-version", file], opts)).stdout.trim();
    const to = (await runTool("ovsdb-tool", ["schema-version", schema], opts)).stdout.trim();
    await runChecked("ovsdb-tool", ["convert", file, schema], opts, "bad-file", `${opts.shownAs}: ovsdb-tool convert to the local schema ${to} failed`);
    changes.push({ kind: "database", subject: opts.shownAs, message: `schema ${from} converted to the local ovs-vswitchd's ${to} (ovsdb-tool convert)` });
  }
}
