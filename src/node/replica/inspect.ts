/**
 * Reading a running replica back: its bridges, their ports with OpenFlow and datapath port
 * numbers, as plain data.
 *
 * @module
 */
import { parseVsctlJson, type VsctlRow } from "./conf-db.js";
import { ReplicaError } from "./errors.js";
import { type RunToolOptions, runTool } from "./run.js";
import type { ReplicaPort } from "./types.js";

/**
 * Datapath port numbers by bridge and port name, from `ovs-appctl dpif/show` (`    pod1 11/3: (dummy)`).
 *
 * @internal
 * @example
 * ```ts
 * readDpifShow("dummy@ovs-dummy: hit:0 missed:0\n  br-int:\n    br-int 65534/1: (dummy-internal)\n    pod1 11/3: (dummy)\n");
 * // { "br-int": { "br-int": { ofport: 65534, odpPort: 1, type: "dummy-internal" }, pod1: { ofport: 11, odpPort: 3, type: "dummy" } } }
 * ```
 */
export function readDpifShow(text: string): Record<string, Record<string, { ofport: number; odpPort: number; type: string }>> {
  const out: Record<string, Record<string, { ofport: number; odpPort: number; type: string }>> = {};
  let bridge: Record<string, { ofport: number; odpPort: number; type: string }> | undefined;
  for (const line of text.split("\n")) {
    const b = /^ {2}(\S+):$/.exec(line);
    if (b !== null) {
      bridge = out[b[1]!] = {};
      continue;
    }
    const p = /^ {4}(\S+) (\d+)\/(\d+|none): ?\(?([^)]*)\)?/.exec(line);
    if (p !== null && bridge !== undefined) bridge[p[1]!] = { ofport: Number(p[2]), odpPort: p[3] === "none" ? -1 : Number(p[3]), type: p[4]!.split(":")[0]!.trim() };
  }
  return out;
}

async function vsctlJson(args: readonly string[], db: string, opts: RunToolOptions): Promise<VsctlRow[]> {
  const r = await runTool("ovs-vsctl", [`--db=${db}`, "--no-wait", "--timeout=30", "--format=json", "--data=json", ...args], opts);
  if (r.exitCode !== 0) throw new ReplicaError("daemon-failed", `ovs-vsctl ${args.join(" ")}: ${r.stderr.trim()}`, { detail: r.stderr });
  return parseVsctlJson(r.stdout);
}

/**
 * The bridges of the replica with their ports (sorted by OpenFlow port number).
 *
 * @internal
 * @example
 * ```ts
 * const bridges = await readBridges("unix:/tmp/r/db.sock", "/tmp/r/ovs-vswitchd.ctl", opts);
 * ```
 */
export async function readBridges(db: string, vswitchdCtl: string, opts: RunToolOptions): Promise<Map<string, ReplicaPort[]>> {
  const [bridges, ports, ifaces] = await Promise.all([
    vsctlJson(["--columns=name,ports", "list", "Bridge"], db, opts),
    vsctlJson(["--columns=_uuid,interfaces", "list", "Port"], db, opts),
    vsctlJson(["--columns=_uuid,name,ofport,type,error,options,mac_in_use", "list", "Interface"], db, opts),
  ]);
  const dpif = await runTool("ovs-appctl", ["-t", vswitchdCtl, "dpif/show"], opts);
  const odp = readDpifShow(dpif.exitCode === 0 ? dpif.stdout : "");
  const portIfaces = new Map(ports.map((p) => [String(p._uuid), (Array.isArray(p.interfaces) ? p.interfaces : [p.interfaces]).map(String)]));
  const ifaceRows = new Map(ifaces.map((i) => [String(i._uuid), i]));
  const out = new Map<string, ReplicaPort[]>();
  for (const b of bridges) {
    const name = String(b.name);
    const list: ReplicaPort[] = [];
    for (const p of Array.isArray(b.ports) ? b.ports : [b.ports]) {
      for (const iu of portIfaces.get(String(p)) ?? []) {
        const i = ifaceRows.get(iu);
        if (i === undefined) continue;
        const iname = String(i.name);
        const err = typeof i.error === "string" ? i.error : undefined;
        const options = typeof i.options === "object" && i.options !== null && !Array.isArray(i.options) ? (i.options as Record<string, unknown>) : {};
        list.push({
          name: iname,
          ofport: typeof i.ofport === "number" ? i.ofport : -1,
          type: String(i.type),
          odpPort: odp[name]?.[iname]?.odpPort,
          options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
          mac: typeof i.mac_in_use === "string" ? i.mac_in_use : undefined,
          error: err,
        });
      }
    }
    list.sort((a, c) => a.ofport - c.ofport || (a.name < c.name ? -1 : 1));
    out.set(name, list);
  }
  return out;
}
