/**
 * What two `ofproto/trace` answers for the same packet on two ovs-vswitchd's (the node and its
 * replica, or the replica and the simulator) legitimately differ in, made comparable:
 * recirculation ids (allocated per daemon, in the order packets were traced) and datapath port
 * numbers (allocated per datapath, in the order ports were created).
 *
 * @module
 */
import { readDpifShow } from "./inspect.js";

/**
 * Datapath port number → port name, from `ovs-appctl dpif/show` output: every port of every
 * bridge (patch ports, which have no datapath port, are left out).
 *
 * @example
 * ```ts
 * import { datapathPortNames } from "ovskit/node";
 * datapathPortNames("dummy@ovs-dummy: hit:0 missed:0\n  br-int:\n    pod1 11/3: (dummy)\n    patch-x 7/none: (patch: peer=y)\n"); // { "3": "pod1" }
 * ```
 */
export function datapathPortNames(dpifShow: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ports of Object.values(readDpifShow(dpifShow))) for (const [name, p] of Object.entries(ports)) if (p.odpPort >= 0) out[String(p.odpPort)] = name;
  return out;
}

/** Splits `a,b(c,d),e` at the commas outside parentheses. */
function topLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Datapath actions whose arguments are themselves action lists (where outputs may hide). */
const NESTED = new Set(["clone", "sample", "check_pkt_len", "gt", "le", "actions"]);

/**
 * A `Datapath actions:` list with every output port number replaced by `<name>` (numbers with no
 * name in `ports` become `<port N>`), also inside `clone(...)`, `check_pkt_len(...)` and
 * `sample(...)`. A run of consecutive outputs (copies of the same packet, e.g. a NORMAL flood,
 * whose order is ovs-vswitchd's hash-map order of the ports) is sorted by name.
 *
 * @example
 * ```ts
 * import { nameDatapathPorts } from "ovskit/node";
 * nameDatapathPorts("set(ipv4(ttl=63)),3,clone(ct(zone=1),4)", { "3": "pod1" }); // "set(ipv4(ttl=63)),<pod1>,clone(ct(zone=1),<port 4>)"
 * nameDatapathPorts("5,3", { "3": "b1", "5": "b2" });                              // "<b1>,<b2>"
 * ```
 */
export function nameDatapathPorts(actions: string, ports: Readonly<Record<string, string>>): string {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const a of topLevel(actions)) {
    if (/^\d+$/.test(a)) {
      run.push(`<${ports[a] ?? `port ${a}`}>`);
      continue;
    }
    flush();
    const m = /^([a-z_]+)\((.*)\)$/s.exec(a);
    out.push(m !== null && NESTED.has(m[1]!) ? `${m[1]}(${nameDatapathPorts(m[2]!, ports)})` : a);
  }
  flush();
  return out.join(",");
}

/**
 * A trace text with recirculation ids numbered in order of appearance (`recirc(0x2a)`,
 * `recirc_id=0x2a`, the decimal `recirc_id=42` of a `controller(...)` action all become
 * `#1`...), and the datapath ports of every `Datapath actions:` line named (see
 * {@link nameDatapathPorts}).
 *
 * @example
 * ```ts
 * import { normalizeTrace } from "ovskit/node";
 * normalizeTrace("Datapath actions: ct(zone=5),recirc(0x9)\nFlow: recirc_id=0x9,in_port=1\nDatapath actions: 3\n", { "3": "pod1" });
 * // "Datapath actions: ct(zone=5),recirc(#1)\nFlow: recirc_id=#1,in_port=1\nDatapath actions: <pod1>\n"
 * ```
 */
export function normalizeTrace(text: string, ports: Readonly<Record<string, string>>): string {
  const ids = new Map<number, number>();
  const id = (raw: string) => {
    const n = raw.startsWith("0x") ? Number.parseInt(raw.slice(2), 16) : Number(raw);
    if (n === 0) return raw; // recirc_id=0: the first pass, the same everywhere
    let k = ids.get(n);
    if (k === undefined) ids.set(n, (k = ids.size + 1));
    return `#${k}`;
  };
  return text
    .split("\n")
    .map((line) => {
      let l = line.replace(/\brecirc\((0x[0-9a-f]+|\d+)\)/g, (_, v: string) => `recirc(${id(v)})`).replace(/\brecirc_id([=(])(0x[0-9a-f]+|\d+)/g, (_, sep: string, v: string) => `recirc_id${sep}${id(v)}`);
      const d = /^(\s*Datapath actions: )(.*)$/.exec(l);
      if (d !== null && d[2] !== "drop") l = d[1]! + nameDatapathPorts(d[2]!, ports);
      return l;
    })
    .join("\n");
}
