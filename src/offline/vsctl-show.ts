/**
 * `ovs-vsctl show` output as a tree: bridges, their ports and interfaces, with the
 * `key: value` properties OVS prints under each.
 *
 * @module
 */
import { type DumpIssue, forEachLine, isBlank } from "../core/dump-lines.js";

/**
 * An interface of a port in `ovs-vsctl show`.
 *
 * @example
 * ```ts
 * import { parseVsctlShow } from "ovskit";
 * const show = parseVsctlShow(text).show;
 * show.bridges[0]?.ports[0]?.interfaces[0]?.properties.type; // "internal"
 * ```
 */
export interface VsctlInterface {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** A port: its properties (`tag`, `trunks`...) and interfaces. */
export interface VsctlPort {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly interfaces: readonly VsctlInterface[];
}

/** A bridge: properties (`fail_mode`, `datapath_type`...), controllers and ports. */
export interface VsctlBridge {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  /** `Controller "ptcp:6653"` lines, unquoted. */
  readonly controllers: readonly string[];
  readonly ports: readonly VsctlPort[];
}

/** The whole `ovs-vsctl show`. */
export interface VsctlShow {
  /** The Open_vSwitch row's UUID (the first line). */
  readonly uuid?: string;
  /** `Manager "..."` lines, unquoted. */
  readonly managers: readonly string[];
  readonly bridges: readonly VsctlBridge[];
  /** `ovs_version: "3.1.0"`, unquoted. */
  readonly ovsVersion?: string;
}

/**
 * Result of {@link parseVsctlShow}.
 *
 * @example
 * ```ts
 * import { parseVsctlShow } from "ovskit";
 * const { show, issues } = parseVsctlShow(text);
 * ```
 */
export interface VsctlShowDump {
  readonly show: VsctlShow;
  readonly issues: DumpIssue[];
}

type Props = Record<string, string>;
interface MPort { name: string; properties: Props; interfaces: { name: string; properties: Props }[] }
interface MBridge { name: string; properties: Props; controllers: string[]; ports: MPort[] }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEYWORD = /^(Manager|Bridge|Controller|Port|Interface) (.+)$/;
const PROPERTY = /^([A-Za-z_][\w-]*): ?(.*)$/;

/**
 * Parses `ovs-vsctl show` output. Nesting is taken from the keywords (`Bridge`, `Port`,
 * `Interface`), property lines belong to the innermost open item; unrecognized lines become issues.
 *
 * @example
 * ```ts
 * import { parseVsctlShow } from "ovskit";
 * const { show } = parseVsctlShow(text);
 * for (const b of show.bridges) console.log(b.name, b.ports.map((p) => p.name));
 * ```
 */
export function parseVsctlShow(text: string): VsctlShowDump {
  const issues: DumpIssue[] = [];
  const bridges: MBridge[] = [];
  const managers: string[] = [];
  let uuid: string | undefined;
  let ovsVersion: string | undefined;
  // The innermost open item at each indentation: a property line belongs to the item 4 columns left of it.
  const open = new Map<number, Props | undefined>();
  forEachLine(text, (raw, lineNo) => {
    if (isBlank(raw)) return;
    const line = raw.trim();
    const bad = () => issues.push({ severity: "error", code: "unrecognized", message: "not an ovs-vsctl show line", line: lineNo, column: 1, lineCount: 1, text: raw });
    if (UUID.test(line) && uuid === undefined && raw === line) {
      uuid = line;
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    const k = KEYWORD.exec(line);
    if (k !== null) {
      for (const i of [...open.keys()]) if (i >= indent) open.delete(i);
      const name = unquote(k[2]!);
      const bridge = bridges[bridges.length - 1];
      const port = bridge?.ports[bridge.ports.length - 1];
      switch (k[1]) {
        case "Manager":
          managers.push(name);
          open.set(indent, undefined); // Manager properties (is_connected...) are not kept
          return;
        case "Bridge":
          bridges.push({ name, properties: Object.create(null) as Props, controllers: [], ports: [] });
          open.set(indent, bridges[bridges.length - 1]!.properties);
          return;
        case "Controller":
          if (bridge === undefined) return bad();
          bridge.controllers.push(name);
          open.set(indent, undefined); // Controller properties (is_connected, role) are not kept
          return;
        case "Port":
          if (bridge === undefined) return bad();
          bridge.ports.push({ name, properties: Object.create(null) as Props, interfaces: [] });
          open.set(indent, bridge.ports[bridge.ports.length - 1]!.properties);
          return;
        default:
          if (port === undefined) return bad();
          port.interfaces.push({ name, properties: Object.create(null) as Props });
          open.set(indent, port.interfaces[port.interfaces.length - 1]!.properties);
          return;
      }
    }
    const p = PROPERTY.exec(line);
    if (p === null) return bad();
    const key = p[1]!;
    const value = p[2]!;
    if (key === "ovs_version" && indent === 4) {
      ovsVersion = unquote(value);
      return;
    }
    if (!open.has(indent - 4)) return bad();
    const target = open.get(indent - 4);
    if (target !== undefined) target[key] = value;
  });
  const show: { -readonly [K in keyof VsctlShow]: VsctlShow[K] } = { managers, bridges };
  if (uuid !== undefined) show.uuid = uuid;
  if (ovsVersion !== undefined) show.ovsVersion = ovsVersion;
  return { show, issues };
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, "$1") : s;
}
