/**
 * `ovs-ofctl [-O ...] dump-ports-desc BRIDGE` output: one record per port with its number,
 * name, MAC address and the property lines OVS prints under it.
 *
 * @module
 */
import { type DumpIssue, forEachLine, isBlank, isReplyHeader } from "../core/dump-lines.js";

/**
 * One port of `dump-ports-desc`.
 *
 * @example
 * ```ts
 * import { parsePortsDesc } from "ovskit";
 * const [p] = parsePortsDesc("OFPST_PORT_DESC reply (xid=0x2):\n 1(eth0): addr:aa:55:aa:55:00:10\n     config:     0\n     state:      LIVE\n").ports;
 * p?.port;               // "1"
 * p?.properties.state;   // "LIVE"
 * ```
 */
export interface PortDesc {
  /** The port number as printed (`"1"`, `"LOCAL"`). */
  readonly port: string;
  readonly name: string;
  /** `addr:` (the port's MAC address). */
  readonly addr: string;
  /** Property lines under the port (`config`, `state`, `current`, `speed`...), values trimmed. */
  readonly properties: Readonly<Record<string, string>>;
  /** 1-based line of the port's first line. */
  readonly line: number;
}

/**
 * Result of {@link parsePortsDesc}.
 *
 * @example
 * ```ts
 * import { parsePortsDesc } from "ovskit";
 * const { ports, issues } = parsePortsDesc(text);
 * ```
 */
export interface PortsDescDump {
  readonly ports: PortDesc[];
  readonly issues: DumpIssue[];
}

const PORT = /^ (\S+?)\((.*)\): addr:([0-9a-fA-F:]+)\s*$/;
const PROPERTY = /^ {2,}([A-Za-z_][\w ]*?):\s*(.*?)\s*$/;

/**
 * Parses `ovs-ofctl dump-ports-desc` output (any OpenFlow version) leniently: a line that is
 * neither a reply header, a port line nor a property line of a port becomes an issue.
 *
 * @example
 * ```ts
 * import { parsePortsDesc } from "ovskit";
 * const { ports } = parsePortsDesc(text);
 * const names = ports.map((p) => `${p.port}=${p.name}`);
 * ```
 */
export function parsePortsDesc(text: string): PortsDescDump {
  const ports: PortDesc[] = [];
  const issues: DumpIssue[] = [];
  let current: { port: string; name: string; addr: string; properties: Record<string, string>; line: number } | undefined;
  forEachLine(text, (line, lineNo) => {
    if (isBlank(line) || isReplyHeader(line)) return;
    const p = PORT.exec(line);
    if (p !== null) {
      current = { port: p[1]!, name: p[2]!, addr: p[3]!, properties: Object.create(null) as Record<string, string>, line: lineNo };
      ports.push(current);
      return;
    }
    const q = current === undefined ? null : PROPERTY.exec(line);
    if (q !== null && current !== undefined) {
      current.properties[q[1]!] = q[2]!;
      return;
    }
    issues.push({ severity: "error", code: "unrecognized", message: "not a port description line", line: lineNo, column: 1, lineCount: 1, text: line });
  });
  return { ports, issues };
}
