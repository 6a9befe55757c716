/**
 * Flow export (NetFlow / sFlow / IPFIX) from the command line, a thin wrapper over ovskit.
 *
 *   npm run flow-export -- render   config.yaml [--bridge br-int] [--agent ovn-k8s-mp0] [--node-ip 10.0.0.12] [--strict]
 *   npm run flow-export -- operator config.yaml [--node-ip 10.0.0.12] [--bridge br-int] [--strict]
 *   npm run flow-export -- collect  [--port 2055] [--host 127.0.0.1] [--json]
 *
 * config.yaml holds the Network CR and the ovs-flows-config ConfigMap (as Kubernetes objects,
 * several documents or a `kind: List`), or the short form with top-level keys
 * `exportNetworkFlows` and `flowsConfigMap` (see parseFlowExportSources). `render` prints
 * ovskit's ovs-vsctl commands; `operator` prints what the shipped operators make of the same
 * file: the ovnkube-node container environment and, with --node-ip, the ovs-vsctl commands
 * ovnkube-node runs on that node. `collect` listens on a UDP port and prints every flow it
 * decodes until Ctrl-C, then the collector's counters.
 */
import {
  type ExportConfigIssue,
  type FlowMessage,
  type IpfixDataRecord,
  formatCollectorTarget,
  formatShellCommand,
  isExportConfigError,
  isOvsParseError,
  operatorFlowExport,
  parseFlowExportSources,
  renderOvnKubernetesVsctl,
  renderOvsVsctl,
  toJson,
} from "ovskit";
import { readInputText, startFlowCollector } from "ovskit/node";
import { CliError, UsageError, printHelp, runIfDirect, wantsHelp } from "./cli-kit.js";

const USAGE = `Usage: ovskit flow-export render   CONFIG.yaml [--bridge BR] [--agent IFACE] [--node-ip IP] [--strict]
       ovskit flow-export operator CONFIG.yaml [--node-ip IP] [--bridge BR] [--strict]
       ovskit flow-export collect  [--port 2055] [--host 127.0.0.1] [--json]

render:   the ovs-vsctl commands that apply (and clear) the NetFlow / sFlow / IPFIX settings of
          CONFIG.yaml on a bridge (default br-int, agent ovn-k8s-mp0)
operator: what the shipped operators make of the same file: the ovnkube-node environment and,
          with --node-ip, the ovs-vsctl commands ovnkube-node runs on that node
collect:  listen on a UDP port and print every flow decoded (NetFlow v5, sFlow v5, IPFIX) until
          Ctrl-C, then the collector's counters (--json: one JSON document per datagram)
--strict: warnings (e.g. a collector given as a host name) are errors

CONFIG.yaml holds the Network CR (spec.exportNetworkFlows) and the ovs-flows-config ConfigMap as
Kubernetes objects (several documents or a kind: List), or the short form with the top-level
keys exportNetworkFlows and flowsConfigMap.

Example (from a clone of ovskit):
  ovskit flow-export render test/fixtures/export/<a config>.yaml --node-ip 10.0.0.12
`;

/** Options each subcommand takes: name -> takes a value. */
const OPTIONS: Record<string, Record<string, boolean>> = {
  render: { bridge: true, agent: true, "node-ip": true, strict: false },
  operator: { bridge: true, "node-ip": true, strict: false },
  collect: { port: true, host: true, json: false },
};

let rest: string[] = [];
const opt = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const flag = (name: string) => rest.includes(`--${name}`);

function printIssues(issues: readonly ExportConfigIssue[]): void {
  for (const i of issues) console.error(`  ${i.severity} ${i.path}: ${i.message}`);
}

async function sources(path: string) {
  const parsed = parseFlowExportSources(await readInputText(path));
  printIssues(parsed.issues);
  return parsed.sources;
}

async function render(path: string): Promise<void> {
  const nodeIp = opt("node-ip");
  const src = await sources(path);
  const { issues } = operatorFlowExport(src, { strict: flag("strict"), ...(nodeIp !== undefined && { nodeIp }) });
  // With errors, renderOvsVsctl throws and every issue is printed below; without, print the warnings.
  if (!issues.some((i) => i.severity === "error")) printIssues(issues);
  const { apply, clear } = renderOvsVsctl(src, {
    bridge: opt("bridge") ?? "br-int",
    agent: opt("agent") ?? "ovn-k8s-mp0",
    strict: flag("strict"),
    ...(nodeIp !== undefined && { nodeIp }),
  });
  console.log("# apply");
  for (const args of apply) console.log(formatShellCommand(["ovs-vsctl", ...args]));
  console.log("# clear");
  for (const args of clear) console.log(formatShellCommand(["ovs-vsctl", ...args]));
}

async function operator(path: string): Promise<number> {
  const nodeIp = opt("node-ip");
  const r = operatorFlowExport(await sources(path), { strict: flag("strict"), ...(nodeIp !== undefined && { nodeIp }) });
  printIssues(r.issues);
  console.log("# ovnkube-node container environment (cluster-network-operator)");
  if (r.env.length === 0) console.log("# (none: flow export is off)");
  for (const e of r.env) console.log(`${e.name}=${e.value}`);
  if (r.node !== undefined) {
    console.log(`# ovs-vsctl commands ovnkube-node runs${nodeIp === undefined ? "" : ` on node ${nodeIp}`}`);
    for (const args of renderOvnKubernetesVsctl(r.node, { bridge: opt("bridge") ?? "br-int" }).apply) console.log(formatShellCommand(["ovs-vsctl", ...args]));
  } else if (nodeIp === undefined && r.env.length > 0) console.log("# per-node commands: give --node-ip");
  return r.issues.some((i) => i.severity === "error") ? 1 : 0;
}

/** `ip:port`, `[v6]:port`, or the bare address when there is no port. */
function endpoint(ip: string, port: unknown): string {
  return port === undefined ? ip : formatCollectorTarget(ip, Number(port));
}

function ipfixLine(r: IpfixDataRecord): string {
  const v = r.values;
  const src = v.sourceIPv4Address ?? v.sourceIPv6Address ?? v.sourceMacAddress;
  const dst = v.destinationIPv4Address ?? v.destinationIPv6Address ?? v.destinationMacAddress;
  if (r.options) return `ipfix options template ${r.templateId}: ${r.fields.map((f) => `${f.spec.name}=${String(f.value)}`).join(" ")}`;
  return `ipfix ${endpoint(String(src), v.sourceTransportPort)} -> ${endpoint(String(dst), v.destinationTransportPort)} proto ${String(v.protocolIdentifier ?? "-")} packets ${String(v.packetDeltaCount ?? "-")} bytes ${String(v.octetDeltaCount ?? "-")} dir ${v.flowDirection === 1 ? "out" : "in"} domain ${r.observationDomainId}`;
}

function lines(m: FlowMessage): string[] {
  if (m.kind === "netflow-v5") {
    return m.records.map((r) => `netflow ${r.srcAddr}:${r.srcPort} -> ${r.dstAddr}:${r.dstPort} proto ${r.protocol} packets ${r.packets} bytes ${r.octets} in ${r.input} out ${r.output}`);
  }
  if (m.kind === "sflow-v5") {
    return m.samples.flatMap((s) => {
      if (s.kind === "counter") return [`sflow ${m.agentAddress} counters source ${s.sourceIdType}:${s.sourceIdIndex} (${s.records.length} records)`];
      if (s.kind !== "flow") return [`sflow ${m.agentAddress} sample ${s.enterprise}:${s.format} (not decoded)`];
      return s.records.flatMap((r) => {
        if (r.kind !== "raw-header") return [];
        const { ethernet, ip, l4 } = r.decoded;
        const ports = l4 && "srcPort" in l4 ? [l4.srcPort, l4.dstPort] : [undefined, undefined];
        const what = ip ? `${endpoint(ip.src, ports[0])} -> ${endpoint(ip.dst, ports[1])} proto ${ip.protocol}` : `${ethernet?.src ?? "?"} -> ${ethernet?.dst ?? "?"} type 0x${(ethernet?.ethType ?? 0).toString(16)}`;
        return [`sflow ${m.agentAddress} 1/${s.samplingRate} ${what} frame ${r.frameLength} bytes`];
      });
    });
  }
  return [
    ...m.templates.map((t) => `ipfix ${t.options ? "options " : ""}template ${t.templateId} (${t.fields.length} fields) domain ${t.observationDomainId}`),
    ...m.records.map(ipfixLine),
    ...m.issues.map((i) => `ipfix issue at byte ${i.offset}: ${i.message}`),
  ];
}

async function collect(): Promise<void> {
  const json = flag("json");
  const port = Number(opt("port") ?? 2055);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port takes a UDP port number (0-65535)");
  const collector = await startFlowCollector({ port, host: opt("host") ?? "127.0.0.1" });
  console.error(`listening on ${collector.host}:${collector.port} (NetFlow v5, sFlow v5, IPFIX); Ctrl-C to stop`);
  process.once("SIGINT", () => void collector.close());
  for await (const d of collector) {
    const from = `${d.from.address}:${d.from.port}`;
    if (!d.ok) console.log(`${from} undecodable datagram (${d.bytes.length} bytes): ${d.error.message}`);
    else if (json) console.log(toJson({ from, ...d.message }));
    else for (const line of lines(d.message)) console.log(`${from} ${line}`);
  }
  const s = collector.stats();
  console.error(`received ${s.received.datagrams} datagrams, ${s.decodeErrors} undecodable, ${s.dropped.datagrams} dropped from the queue`);
}

/** Checks the options of a subcommand; returns its positional arguments. */
function positionals(cmd: string, args: readonly string[]): string[] {
  const known = OPTIONS[cmd] ?? {};
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("--")) {
      out.push(a);
      continue;
    }
    const takes = known[a.slice(2)];
    if (takes === undefined) throw new UsageError(`unknown option ${a} for ${cmd} (${Object.keys(known).map((k) => `--${k}`).join(", ")})`);
    if (takes && (args[i + 1] === undefined || (args[i + 1] as string).startsWith("--"))) throw new UsageError(`${a} needs a value`);
    if (takes) i++;
  }
  return out;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv) || argv[0] === "help") return printHelp(USAGE);
  const [cmd, ...args] = argv;
  rest = args;
  if (cmd === undefined) throw new UsageError("give a subcommand: render, operator or collect");
  if (OPTIONS[cmd] === undefined) throw new UsageError(`unknown subcommand "${cmd}" (render, operator, collect)`);
  const pos = positionals(cmd, args);
  try {
    if (cmd === "collect") {
      if (pos.length > 0) throw new UsageError(`collect takes no file (got ${pos.join(" ")})`);
      await collect();
      return 0;
    }
    const [path, extra] = pos;
    if (path === undefined) throw new UsageError(`${cmd} needs a CONFIG.yaml`);
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (cmd === "render") {
      await render(path);
      return 0;
    }
    return await operator(path);
  } catch (e) {
    if (isExportConfigError(e)) {
      console.error("invalid configuration:");
      printIssues(e.issues);
      return 1;
    }
    if (isOvsParseError(e)) throw new CliError(`${pos[0] ?? ""}: ${e.message}\n${e.excerpt}`);
    throw e;
  }
}

runIfDirect(import.meta.url, "flow-export", main);
