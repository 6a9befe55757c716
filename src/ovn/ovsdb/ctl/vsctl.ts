/**
 * ovs-vsctl's view of conf.db (utilities/ovs-vsctl.c `vsctl_context_populate_cache`): the
 * bridges of the Open_vSwitch row, the fake (VLAN) bridges among their ports, every port and
 * interface with the bridge it belongs to; and the read-only commands built on it (`list-br`,
 * `br-exists`, `br-to-vlan`, `br-to-parent`, `br-get-external-id`, `list-ports`,
 * `port-to-br`, `list-ifaces`, `iface-to-br`, `get-controller`, `get-fail-mode`,
 * `get-manager`, `get-ssl`).
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { optBool, optInt, optStr, str, strMap } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { strcmp } from "./c-text.js";
import type { Parsed } from "./datum-parse.js";
import { refs } from "./nb-lookup.js";
import type { VswitchBridgeEntry } from "./query-types.js";
import { type CtlDb, rowUuids } from "./records.js";

interface CacheBridge {
  readonly name: string;
  readonly row?: OvsdbRow;
  readonly uuid?: string;
  readonly parent?: CacheBridge;
  readonly vlan: number;
  readonly children: Map<number, CacheBridge>;
  readonly ports: CachePort[];
}
interface CachePort {
  readonly row: OvsdbRow;
  readonly bridge: CacheBridge;
  readonly ifaces: OvsdbRow[];
}

/**
 * The cache of one run: bridges, ports and interfaces by name, and the Open_vSwitch row.
 *
 * @internal
 */
export interface VsctlCache {
  readonly ovs?: OvsdbRow;
  readonly bridges: Map<string, CacheBridge>;
  readonly ports: Map<string, CachePort>;
  readonly ifaces: Map<string, { readonly row: OvsdbRow; readonly port: CachePort }>;
}

const fakeBridgeTag = (port: OvsdbRow): number | undefined => {
  const tag = optInt(port, "tag");
  return optBool(port, "fake_bridge") === true && tag !== undefined && tag >= 0 && tag <= 4095 ? tag : undefined;
};

/**
 * `vsctl_context_populate_cache`.
 *
 * @internal
 */
export function vsctlCache(ctx: CtlDb): VsctlCache {
  const first = rowUuids(ctx, "Open_vSwitch")[0];
  const ovs = first === undefined ? undefined : ctx.db.tables.Open_vSwitch?.[first];
  const cache: VsctlCache = { ...(ovs === undefined ? {} : { ovs }), bridges: new Map(), ports: new Map(), ifaces: new Map() };
  if (ovs === undefined) return cache;
  const brRows = refs(ctx, ovs, "bridges", "Bridge");
  const seenPorts = new Set<string>();
  const addBridge = (name: string, row: [string, OvsdbRow] | undefined, parent: CacheBridge | undefined, vlan: number): CacheBridge => {
    const br: CacheBridge = { name, ...(row === undefined ? {} : { uuid: row[0], row: row[1] }), ...(parent === undefined ? {} : { parent }), vlan, children: new Map(), ports: [] };
    if (parent !== undefined && !parent.children.has(vlan)) parent.children.set(vlan, br);
    cache.bridges.set(name, br);
    return br;
  };
  for (const br of brRows) {
    const name = str(br[1], "name");
    if (cache.bridges.has(name)) continue;
    const b = addBridge(name, br, undefined, 0);
    for (const [, port] of refs(ctx, br[1], "ports", "Port")) {
      const pname = str(port, "name");
      if (seenPorts.has(pname)) continue;
      seenPorts.add(pname);
      const tag = fakeBridgeTag(port);
      if (tag !== undefined && !cache.bridges.has(pname)) addBridge(pname, undefined, b, tag);
    }
  }
  const done = new Set<string>();
  for (const [, brRow] of brRows) {
    const name = str(brRow, "name");
    if (done.has(name)) continue;
    done.add(name);
    const b = cache.bridges.get(name) as CacheBridge;
    for (const [, port] of refs(ctx, brRow, "ports", "Port")) {
      const pname = str(port, "name");
      if (cache.ports.has(pname)) continue;
      if (fakeBridgeTag(port) !== undefined) {
        if (done.has(pname)) continue;
        done.add(pname);
      }
      const tag = optInt(port, "tag");
      const parent = tag !== undefined && tag >= 0 && tag <= 4095 ? (b.children.get(tag) ?? b) : b;
      const p: CachePort = { row: port, bridge: parent, ifaces: [] };
      parent.ports.push(p);
      cache.ports.set(pname, p);
      for (const [, iface] of refs(ctx, port, "interfaces", "Interface")) {
        const iname = str(iface, "name");
        if (cache.ifaces.has(iname)) continue;
        p.ifaces.push(iface);
        cache.ifaces.set(iname, { row: iface, port: p });
      }
    }
  }
  return cache;
}

function findBridge(cache: VsctlCache, name: string): Parsed<CacheBridge> {
  const b = cache.bridges.get(name);
  return b === undefined ? { ok: false, error: `no bridge named ${name}` } : { ok: true, value: b };
}

const sorted = (xs: readonly string[]): string => [...xs].sort(strcmp).map((x) => `${x}\n`).join("");

/**
 * The bridges as data (`list-br`, `list-ports`, `list-ifaces`, `br-to-parent`, `br-to-vlan`).
 *
 * @internal
 */
export function vsctlBridges(cache: VsctlCache): VswitchBridgeEntry[] {
  return [...cache.bridges.values()]
    .map((b): VswitchBridgeEntry => ({
      name: b.name,
      ...(b.uuid === undefined ? {} : { uuid: b.uuid }),
      ...(b.parent === undefined ? {} : { parent: b.parent.name }),
      vlan: b.vlan,
      ports: b.ports.map((p) => str(p.row, "name")).filter((n) => n !== b.name).sort(strcmp),
      interfaces: b.ports.flatMap((p) => p.ifaces.map((i) => str(i, "name"))).filter((n) => n !== b.name).sort(strcmp),
    }))
    .sort((a, b) => strcmp(a.name, b.name));
}

type Run = (ctx: CtlDb, inv: CtlInvocation, cache: VsctlCache) => CtlOutcome;

const withBridge =
  (f: (b: CacheBridge, inv: CtlInvocation, cache: VsctlCache) => CtlOutcome): Run =>
  (_ctx, inv, cache) => {
    const b = findBridge(cache, inv.args[0] as string);
    return b.ok ? f(b.value, inv, cache) : failure(b.error);
  };

const realOf = (b: CacheBridge): CacheBridge => b.parent ?? b;

function externalIds(b: CacheBridge, inv: CtlInvocation, cache: VsctlCache): CtlOutcome {
  const ids = b.row !== undefined ? strMap(b.row, "external_ids") : strMap((cache.ports.get(b.name) as CachePort).row, "external_ids");
  const prefix = b.row !== undefined ? "" : "fake-bridge-";
  const key = inv.args[1];
  if (key !== undefined) {
    const k = prefix + key;
    return text(Object.hasOwn(ids, k) ? `${ids[k] as string}\n` : "");
  }
  return text(
    Object.keys(ids)
      .sort(strcmp)
      .filter((k) => k.startsWith(prefix))
      .map((k) => `${k.slice(prefix.length)}=${ids[k] as string}\n`)
      .join(""),
  );
}

/**
 * The read-only commands of ovs-vsctl that use its cache, by name.
 *
 * @internal
 */
export const VSCTL_RUN: Readonly<Record<string, Run>> = {
  "list-br": (_ctx, inv, cache) => {
    let real = inv.options.has("--real");
    let fake = inv.options.has("--fake");
    if (!real && !fake) real = fake = true;
    return text(sorted([...cache.bridges.values()].filter((b) => (b.parent !== undefined ? fake : real)).map((b) => b.name)));
  },
  "br-exists": (_ctx, inv, cache) => (cache.bridges.has(inv.args[0] as string) ? text("") : { ok: false, error: "", exitCode: 2, silent: true }),
  "br-to-vlan": withBridge((b) => text(`${b.vlan}\n`)),
  "br-to-parent": withBridge((b) => text(`${realOf(b).name}\n`)),
  "br-get-external-id": withBridge(externalIds),
  "list-ports": withBridge((b) => text(sorted(b.ports.map((p) => str(p.row, "name")).filter((n) => n !== b.name)))),
  "list-ifaces": withBridge((b) => text(sorted(b.ports.flatMap((p) => p.ifaces.map((i) => str(i, "name"))).filter((n) => n !== b.name)))),
  "port-to-br": (_ctx, inv, cache) => {
    const name = inv.args[0] as string;
    const p = cache.ports.get(name);
    return p === undefined || p.bridge.name === name ? failure(`no port named ${name}`) : text(`${p.bridge.name}\n`);
  },
  "iface-to-br": (_ctx, inv, cache) => {
    const name = inv.args[0] as string;
    const i = cache.ifaces.get(name);
    return i === undefined || i.port.bridge.name === name ? failure(`no interface named ${name}`) : text(`${i.port.bridge.name}\n`);
  },
  "get-controller": (ctx, inv, cache) => runGetController(ctx, inv, cache),
  "get-manager": (ctx, inv, cache) => runGetManager(ctx, inv, cache),
  "get-ssl": (ctx, inv, cache) => runGetSsl(ctx, inv, cache),
  "get-fail-mode": withBridge((b) => {
    const mode = optStr(realOf(b).row as OvsdbRow, "fail_mode");
    return text(mode !== undefined && mode !== "" ? `${mode}\n` : "");
  }),
};

/**
 * `get-controller BRIDGE`: the controller targets of the (real) bridge, sorted.
 *
 * @internal
 */
function runGetController(ctx: CtlDb, inv: CtlInvocation, cache: VsctlCache): CtlOutcome {
  const b = findBridge(cache, inv.args[0] as string);
  if (!b.ok) return failure(b.error);
  const row = realOf(b.value).row as OvsdbRow;
  return text(sorted(refs(ctx, row, "controller", "Controller").map(([, c]) => str(c, "target"))));
}

/**
 * `get-manager`: the manager targets, sorted, without duplicates.
 *
 * @internal
 */
function runGetManager(ctx: CtlDb, _inv: CtlInvocation, cache: VsctlCache): CtlOutcome {
  if (cache.ovs === undefined) return text("");
  return text(sorted([...new Set(refs(ctx, cache.ovs, "manager_options", "Manager").map(([, m]) => str(m, "target")))]));
}

/**
 * `get-ssl`: the SSL settings, when there are some.
 *
 * @internal
 */
function runGetSsl(ctx: CtlDb, _inv: CtlInvocation, cache: VsctlCache): CtlOutcome {
  const ssl = cache.ovs === undefined ? undefined : refs(ctx, cache.ovs, "ssl", "SSL")[0]?.[1];
  if (ssl === undefined) return text("");
  return text(
    `Private key: ${str(ssl, "private_key")}\nCertificate: ${str(ssl, "certificate")}\nCA Certificate: ${str(ssl, "ca_cert")}\nBootstrap: ${ssl.bootstrap_ca_cert === true ? "true" : "false"}\n`,
  );
}
