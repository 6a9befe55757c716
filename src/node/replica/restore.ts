/**
 * Restoring the collected OpenFlow state into a replica bridge in `ovs-save`'s order: the TLV
 * map, then meters (flows that use `meter:N` are refused without them), then groups, then
 * flows (`delete` + `add-flows`, which keeps flow flags that `replace-flows` drops), each as one
 * `--bundle` where the OpenFlow version allows it.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ReplicaError } from "./errors.js";
import { formatTlvMap } from "./dump-text.js";
import { type RunToolOptions, runTool } from "./run.js";
import { type PlanBridge, canBundle } from "./source.js";

const RANK = (p: string) => Number(p.replace("OpenFlow", ""));

/** The line of `text` that an `ovs-ofctl: FILE:N: ...` error names, for the message. */
function offending(stderr: string, file: string, text: string): string {
  const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):`).exec(stderr);
  if (m === null) return "";
  const line = text.split("\n")[Number(m[1]) - 1] ?? "";
  return line === "" ? "" : ` (restore line ${m[1]}: ${line.trim().slice(0, 300)})`;
}

async function ofctl(args: readonly string[], opts: RunToolOptions, what: string, file?: { readonly path: string; readonly text: string }): Promise<void> {
  const r = await runTool("ovs-ofctl", args, opts);
  if (r.exitCode === 0) return;
  const first = r.stderr.trim().split("\n").slice(0, 4).join(" / ");
  throw new ReplicaError("restore-failed", `${what}: ${first || `exit status ${r.exitCode}`}${file === undefined ? "" : offending(r.stderr, file.path, file.text)}`, { detail: r.stderr });
}

/** What was restored into a bridge. */
export interface RestoreCounts {
  readonly flows: number;
  readonly groups: number;
  readonly meters: number;
}

/**
 * Restores `b` into the bridge behind `mgmt` (a `unix:` management socket); the files given
 * to ovs-ofctl are written in `workDir`. Throws `restore-failed` with the ovs-ofctl error and
 * the offending line.
 *
 * @internal
 * @example
 * ```ts
 * await restoreBridge(planBridge, "unix:/tmp/r/br-int.mgmt", "/tmp/r/restore", { env, timeoutMs: 60_000 });
 * ```
 */
export async function restoreBridge(b: PlanBridge, mgmt: string, workDir: string, opts: RunToolOptions): Promise<RestoreCounts> {
  if (b.tlv !== undefined && b.tlv.length > 0) {
    await ofctl(["-O", b.flows?.protocol ?? "OpenFlow15", "add-tlv-map", mgmt, formatTlvMap(b.tlv)], opts, `${b.name}: add-tlv-map`);
  }
  for (const m of b.meters) {
    const proto = RANK(b.flows?.protocol ?? "OpenFlow15") >= 13 ? (b.flows?.protocol ?? "OpenFlow15") : "OpenFlow13";
    await ofctl(["-O", proto, "add-meter", mgmt, m], opts, `${b.name}: add-meter ${m}`);
  }
  if (b.groups !== undefined && b.groups.count > 0) {
    const path = join(workDir, `${b.name}.groups`);
    await writeFile(path, b.groups.text);
    const bundle = canBundle(b.groups.protocol) ? ["--bundle"] : [];
    await ofctl(["-O", b.groups.protocol, ...bundle, "add-groups", mgmt, path], opts, `${b.name}: restoring the groups of ${b.groups.from} failed`, { path, text: b.groups.text });
  }
  if (b.flows !== undefined) {
    // ovs-save uses replace-flows, which drops flow flags (reset_counts, send_flow_rem...):
    // "delete" then every flow through add-flows keeps them, in one bundle where possible.
    const path = join(workDir, `${b.name}.flows`);
    const text = `delete\n${b.flows.text}`;
    await writeFile(path, text);
    const bundle = canBundle(b.flows.protocol) ? ["--bundle"] : [];
    await ofctl(["-O", b.flows.protocol, ...bundle, "add-flows", mgmt, path], opts, `${b.name}: restoring the flows of ${b.flows.from} failed`, { path, text });
  }
  return { flows: b.flows?.count ?? 0, groups: b.groups?.count ?? 0, meters: b.meters.length };
}
