/**
 * Flow export (NetFlow / sFlow / IPFIX) from the command line, a thin wrapper over ovskit.
 *
 *   npm run flow-export -- render config.yaml [--bridge br-int] [--agent ovn-k8s-mp0] [--node-ip 10.0.0.12]
 *   npm run flow-export -- collect --port 2055 [--host 0.0.0.0] [--json]
 *
 * `render` prints the ovs-vsctl commands that apply the configuration (and the one that clears
 * it). config.yaml holds the Network CR's `exportNetworkFlows` and the `ovs-ipfix-config`
 * ConfigMap's data, either as two top-level keys:
 *
 *   exportNetworkFlows:
 *     netFlow: { collectors: ["192.168.1.99:2056"] }
 *     ipfix: { collectors: ["[fd00::99]:4739"] }
 *   ipfixConfigMap:
 *     nodePort: "2055"
 *     sampling: "100"
 *     cacheActiveTimeout: "60s"
 *
 * or as the Kubernetes objects themselves (a Network CR and a ConfigMap named ovs-ipfix-config,
 * several YAML documents in one file). `collect` listens on a UDP port and prints every flow it
 * decodes, NetFlow v5, sFlow v5 and IPFIX alike, until Ctrl-C.
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import {
  type FlowMessage,
  type IpfixDataRecord,
  formatCollectorTarget,
  formatShellCommand,
  isExportConfigError,
  renderOvsVsctl,
} from "ovskit";
import { startFlowCollector } from "ovskit/node";

const [cmd, ...rest] = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};

function usage(): never {
  console.error("usage: flow-export render <config.yaml> [--bridge BR] [--agent IFACE] [--node-ip IP]\n       flow-export collect [--port 2055] [--host 127.0.0.1] [--json]");
  process.exit(2);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The two sources from the YAML file: top-level keys, or a Network CR and the ConfigMap. */
function sources(path: string): { exportNetworkFlows?: unknown; ipfixConfigMap?: unknown } {
  const out: { exportNetworkFlows?: unknown; ipfixConfigMap?: unknown } = {};
  for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    const v: unknown = doc.toJS();
    if (!isObj(v)) continue;
    if (v.kind === "Network" && isObj(v.spec)) out.exportNetworkFlows = v.spec.exportNetworkFlows;
    else if (v.kind === "ConfigMap") out.ipfixConfigMap = v.data;
    else {
      if ("exportNetworkFlows" in v) out.exportNetworkFlows = v.exportNetworkFlows;
      if ("ipfixConfigMap" in v) out.ipfixConfigMap = v.ipfixConfigMap;
    }
  }
  return out;
}

function render(path: string): void {
  const nodeIp = opt("node-ip");
  const { apply, clear } = renderOvsVsctl(sources(path), {
    bridge: opt("bridge") ?? "br-int",
    agent: opt("agent") ?? "ovn-k8s-mp0",
    ...(nodeIp !== undefined && { nodeIp }),
  });
  console.log("# apply");
  for (const args of apply) console.log(formatShellCommand(["ovs-vsctl", ...args]));
  console.log("# clear");
  for (const args of clear) console.log(formatShellCommand(["ovs-vsctl", ...args]));
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
  const json = rest.includes("--json");
  const collector = await startFlowCollector({ port: Number(opt("port") ?? 2055), host: opt("host") ?? "127.0.0.1" });
  console.error(`listening on ${collector.host}:${collector.port} (NetFlow v5, sFlow v5, IPFIX); Ctrl-C to stop`);
  process.once("SIGINT", () => void collector.close());
  for await (const d of collector) {
    const from = `${d.from.address}:${d.from.port}`;
    if (!d.ok) console.log(`${from} undecodable datagram (${d.bytes.length} bytes): ${d.error.message}`);
    else if (json) console.log(JSON.stringify({ from, ...d.message }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v)));
    else for (const line of lines(d.message)) console.log(`${from} ${line}`);
  }
}

try {
  if (cmd === "render" && rest[0] !== undefined) render(rest[0]);
  else if (cmd === "collect") await collect();
  else usage();
} catch (e) {
  if (isExportConfigError(e)) {
    console.error("invalid configuration:");
    for (const i of e.issues) console.error(`  ${i.severity} ${i.path}: ${i.message}`);
    process.exit(1);
  }
  throw e;
}
