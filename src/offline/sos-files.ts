/**
 * What a file of a sos report's `sos_commands/` holds, from its name: sos names each file after
 * the command that made it (spaces become `_`, `/` becomes `.`).
 *
 * @module
 */

/**
 * The kind of a `sos_commands/` file that ovskit reads, with what its name tells.
 *
 * @example
 * ```ts
 * import { classifySosCommand } from "ovskit";
 * classifySosCommand("ovs-ofctl_-O_OpenFlow13_dump-flows_br-int");
 * // { kind: "openflow-flows", bridge: "br-int", protocol: "OpenFlow13" }
 * ```
 */
export type SosCommandFile =
  | { readonly kind: "openflow-flows"; readonly bridge: string; readonly protocol: string | undefined }
  | { readonly kind: "openflow-groups"; readonly bridge: string; readonly protocol: string | undefined }
  | { readonly kind: "ports-desc"; readonly bridge: string; readonly protocol: string | undefined }
  /** `ovs-appctl bridge/dump-flows [--offload-stats] BR`: hidden flows too, another format. */
  | { readonly kind: "bridge-dump-flows"; readonly bridge: string }
  | { readonly kind: "datapath-flows"; readonly datapath: string | undefined; readonly more: boolean }
  | { readonly kind: "dpif-flows"; readonly bridge: string; readonly more: boolean }
  | { readonly kind: "vsctl-show" }
  | { readonly kind: "list-br" }
  | { readonly kind: "lflow-list"; readonly uuids: boolean };

const OFCTL = /^ovs-ofctl_(?:-O_(OpenFlow1\d)_)?((?:--?[\w-]+(?:=\S+)?_)*)(dump-flows|dump-groups|dump-ports-desc)_(.+)$/;

/**
 * Classifies a `sos_commands/*` file by its name; `undefined` for files ovskit does not read.
 * Variants with options (`--names`, `--no-stats`, `--rsort`) are recognized too.
 *
 * @example
 * ```ts
 * import { classifySosCommand } from "ovskit";
 * classifySosCommand("ovs-appctl_dpctl.dump-flows_-m_system_ovs-system")?.kind; // "datapath-flows"
 * classifySosCommand("ovs-appctl_coverage.show");                             // undefined
 * ```
 */
export function classifySosCommand(name: string): SosCommandFile | undefined {
  const of = OFCTL.exec(name);
  if (of !== null) {
    const bridge = of[4]!;
    const protocol = of[1];
    if (of[3] === "dump-flows") return { kind: "openflow-flows", bridge, protocol };
    if (of[3] === "dump-groups") return { kind: "openflow-groups", bridge, protocol };
    return { kind: "ports-desc", bridge, protocol };
  }
  let m = /^ovs-appctl_bridge\.dump-flows_(?:--offload-stats_)?(.+)$/.exec(name);
  if (m !== null) return { kind: "bridge-dump-flows", bridge: m[1]! };
  m = /^(?:ovs-appctl_dpctl\.dump-flows|ovs-dpctl_dump-flows)((?:_-[a-z-]+)*)(?:_(.+))?$/.exec(name);
  if (m !== null) return { kind: "datapath-flows", datapath: m[2], more: /_-m\b|_--more\b/.test(m[1] ?? "") };
  m = /^ovs-appctl_dpif\.dump-flows((?:_-[a-z-]+)*)_(.+)$/.exec(name);
  if (m !== null) return { kind: "dpif-flows", bridge: m[2]!, more: /_-m\b/.test(m[1] ?? "") };
  if (/^ovs-vsctl_(?:-t_\d+_)?show$/.test(name)) return { kind: "vsctl-show" };
  if (/^ovs-vsctl_(?:-t_\d+_)?list-br$/.test(name)) return { kind: "list-br" };
  m = /ovn-sbctl_(?:--[\w-]+(?:=\S+)?_)*?(--uuid_)?(?:--[\w-]+(?:=\S+)?_)*lflow-list$/.exec(name);
  if (m !== null) return { kind: "lflow-list", uuids: m[1] !== undefined };
  return undefined;
}
