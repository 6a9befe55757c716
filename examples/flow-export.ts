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
import { readFileSync } from "node:fs";
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
import { startFlowCollector } from "ovskit/node";

const USAGE = `usage: flow-export render <config.yaml> [--bridge BR] [--agent IFACE] [--node-ip IP] [--strict]
       flow-export operator <config.yaml> [--node-ip IP] [--bridge BR] [--strict]
       flow-export collect [--port 2055] [--host 127.0.0.1] [--json]`;

const [cmd, ...rest] = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const flag = (name: string) => rest.includes(`--${name}`);

function printIssues(issues: readonly ExportConfigIssue[]): void {
  for (const i of issues) console.error(`  ${i.severity} ${i.path}: ${i.message}`);
}

function sources(path: string) {
  const parsed = parseFlowExportSources(readFileSync(path, "utf8"));
  printIssues(parsed.issues);
  return parsed.sources;
}

function render(path: string): void {
  const nodeIp = opt("node-ip");
  const src = sources(path);
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

function operator(path: string): number {
  const nodeIp = opt("node-ip");
  const r = operatorFlowExport(sources(path), { strict: flag("strict"), ...(nodeIp !== undefined && { nodeIp }) });
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
  const collector = await startFlowCollector({ port: Number(opt("port") ?? 2055), host: opt("host") ?? "127.0.0.1" });
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

try {
  if (cmd === "--help" || cmd === "-h" || cmd === "help") console.log(USAGE);
  else if (cmd === "render" && rest[0] !== undefined) render(rest[0]);
  else if (cmd === "operator" && rest[0] !== undefined) process.exitCode = operator(rest[0]);
  else if (cmd === "collect") await collect();
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} catch (e) {
  if (isExportConfigError(e)) {
    console.error("invalid configuration:");
    printIssues(e.issues);
    process.exitCode = 1;
  } else if (isOvsParseError(e)) {
    console.error(`${rest[0] ?? ""}: ${e.message}\n${e.excerpt}`);
    process.exitCode = 1;
  } else throw e;
}
