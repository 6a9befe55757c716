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
  | { readonly kind: "lflow-list"; readonly uuids: boolean }
  /** `ovs-appctl dpctl/show [-s] [DP]`: the datapaths' port numbers (kept as text, see `SosReport.texts`). */
  | { readonly kind: "dpctl-show"; readonly datapath: string | undefined }
  /** `ovs-appctl ovs/route/show`: the routes of native tunnels' underlay. */
  | { readonly kind: "route-show" }
  /** `ovs-appctl tnl/arp/show` (or `tnl/neigh/show`): the neighbours of native tunnels' underlay. */
  | { readonly kind: "tnl-neighbors" };

const OFCTL_COMMANDS = new Set(["dump-flows", "dump-groups", "dump-ports-desc"]);

/**
 * The words of a command file name after `program_`: options (`-O OpenFlow13`, `--names`,
 * `--sort=n_packets`: an option's value may hold `_`), the command, and what follows it. One pass
 * over the words, so that the time is linear in the name (the regular expression of 0.1, with
 * nested repetitions, took seconds on a name with 16 options and minutes on a longer one).
 */
function commandWords(name: string, program: string, isCommand: (word: string) => boolean): { options: string[]; command: string; rest: string } | undefined {
  if (!name.startsWith(`${program}_`)) return undefined;
  const words = name.slice(program.length + 1).split("_");
  const options: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const last = options.length - 1;
    if (w.startsWith("-")) options.push(w);
    else if (isCommand(w)) return { options, command: w, rest: words.slice(i + 1).join("_") };
    else if (options[last] === "-O" && /^OpenFlow1\d$/.test(w)) options.push(w);
    else if (options[last]?.includes("=") === true) options[last] += `_${w}`; // the rest of a value (`--sort=n_packets`)
    else return undefined;
  }
  return undefined;
}

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
  const of = commandWords(name, "ovs-ofctl", (w) => OFCTL_COMMANDS.has(w));
  if (of !== undefined && of.rest !== "") {
    const bridge = of.rest;
    const o = of.options.indexOf("-O");
    const protocol = o >= 0 ? of.options[o + 1] : undefined;
    if (of.command === "dump-flows") return { kind: "openflow-flows", bridge, protocol };
    if (of.command === "dump-groups") return { kind: "openflow-groups", bridge, protocol };
    return { kind: "ports-desc", bridge, protocol };
  }
  let m = /^ovs-appctl_bridge\.dump-flows_(?:--offload-stats_)?(.+)$/.exec(name);
  if (m !== null) return { kind: "bridge-dump-flows", bridge: m[1]! };
  m = /^(?:ovs-appctl_dpctl\.dump-flows|ovs-dpctl_dump-flows)((?:_-[a-z-]+)*)(?:_(.+))?$/.exec(name);
  if (m !== null) return { kind: "datapath-flows", datapath: m[2], more: /_-m\b|_--more\b/.test(m[1] ?? "") };
  m = /^ovs-appctl_dpif\.dump-flows((?:_-[a-z-]+)*)_(.+)$/.exec(name);
  if (m !== null) return { kind: "dpif-flows", bridge: m[2]!, more: /_-m\b/.test(m[1] ?? "") };
  m = /^ovs-appctl_dpctl\.show((?:_-[a-z-]+)*)(?:_(.+))?$/.exec(name);
  if (m !== null) return { kind: "dpctl-show", datapath: m[2] };
  if (name === "ovs-appctl_ovs.route.show") return { kind: "route-show" };
  if (name === "ovs-appctl_tnl.arp.show" || name === "ovs-appctl_tnl.neigh.show") return { kind: "tnl-neighbors" };
  if (/^ovs-vsctl_(?:-t_\d+_)?show$/.test(name)) return { kind: "vsctl-show" };
  if (/^ovs-vsctl_(?:-t_\d+_)?list-br$/.test(name)) return { kind: "list-br" };
  const sb = commandWords(name.slice(Math.max(0, name.indexOf("ovn-sbctl_"))), "ovn-sbctl", (w) => w === "lflow-list");
  if (sb !== undefined && sb.rest === "" && sb.options.every((o) => o.startsWith("--"))) return { kind: "lflow-list", uuids: sb.options.includes("--uuid") };
  return undefined;
}
