/**
 * Node-only: build an {@link OvnContext} from files on disk.
 *
 * @module
 */
import { type OvnContext, ovnContext, type OvsdbDatabase, readOvsdbFile } from "ovskit";
import { readInputBytes, readInputText } from "./input.js";

/** Paths of the files {@link loadOvnContext} reads; gzip files (by their magic bytes) are decompressed. */
export interface OvnFiles {
  /** The Southbound database file (`ovnsb_db.db`). */
  readonly sb?: string;
  /** The Northbound database file (`ovnnb_db.db`). */
  readonly nb?: string;
  /** OVS's `conf.db`. */
  readonly ovs?: string;
  /** `ovn-sbctl --uuid lflow-list` output, used when there is no `sb`. */
  readonly lflowList?: string;
}

async function database(path: string | undefined): Promise<OvsdbDatabase | undefined> {
  return path === undefined ? undefined : readOvsdbFile(await readInputBytes(path));
}

/**
 * Reads OVN's database files (or a logical flow listing) and indexes them for detrace.
 *
 * @example
 * ```ts
 * import { detrace, formatDetrace } from "ovskit";
 * import { loadOvnContext } from "ovskit/node";
 * const ovn = await loadOvnContext({ sb: "ovnsb_db.db", nb: "ovnnb_db.db", ovs: "conf.db" });
 * console.log(formatDetrace(detrace(traceText, ovn)));
 * ```
 */
export async function loadOvnContext(files: OvnFiles): Promise<OvnContext> {
  const [sb, nb, ovs] = await Promise.all([database(files.sb), database(files.nb), database(files.ovs)]);
  const lflowList = files.lflowList === undefined ? undefined : await readInputText(files.lflowList);
  return ovnContext({
    ...(sb !== undefined && { sb }),
    ...(nb !== undefined && { nb }),
    ...(ovs !== undefined && { ovs }),
    ...(lflowList !== undefined && { lflowList }),
  });
}
