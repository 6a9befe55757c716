/**
 * Northbound rows as a person names them: the ACL, load balancer, NAT, port or route behind a
 * logical flow, with the Kubernetes or OpenStack object its external_ids name.
 *
 * @module
 */
import type { NbHintMatch } from "../ovn/ovsdb/nb-types.js";
import type { OvsdbStringMap } from "../ovn/ovsdb/types.js";
import type { ExplainedNbRow, ExplainedOrigin } from "./model.js";

const get = (m: OvsdbStringMap, k: string): string | undefined => (m as Readonly<Record<string, string>>)[k];

/** The external_ids a reader cares about: those of OVN-Kubernetes and of Neutron. */
function cmsIds(ids: OvsdbStringMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ids as Readonly<Record<string, string>>)) if (k.startsWith("k8s.ovn.org/") || k.startsWith("neutron:")) out[k] = v;
  return out;
}

function splitNamespace(name: string): { namespace?: string } {
  const m = /^([^:/]+)[:/](.+)$/.exec(name);
  return m === null ? {} : { namespace: m[1] as string };
}

/**
 * The Kubernetes or OpenStack object named by a row's external_ids, if any.
 *
 * OVN-Kubernetes (`libovsdbops.DbObjectIDs`) sets `k8s.ovn.org/owner-type` (`NetworkPolicy`,
 * `NetpolNamespace`, `AdminNetworkPolicy`, `EgressFirewall`, ...) and `k8s.ovn.org/name`
 * (`namespace:policy`), and on load balancers `k8s.ovn.org/kind=Service` with
 * `k8s.ovn.org/owner=namespace/name`. Neutron sets `neutron:security_group_rule_id` on ACLs,
 * `neutron:port_name` / `neutron:device_owner` on ports, `neutron:router_name` on routers.
 *
 * @example
 * ```ts
 * import { originOf } from "ovskit";
 * originOf({ "k8s.ovn.org/owner-type": "NetworkPolicy", "k8s.ovn.org/name": "ns1:deny-all" });
 * // { system: "kubernetes", kind: "NetworkPolicy", name: "ns1:deny-all", namespace: "ns1" }
 * ```
 */
export function originOf(externalIds: OvsdbStringMap): ExplainedOrigin | undefined {
  const kind = get(externalIds, "k8s.ovn.org/owner-type") ?? get(externalIds, "k8s.ovn.org/kind");
  const name = get(externalIds, "k8s.ovn.org/name") ?? get(externalIds, "k8s.ovn.org/owner");
  if (kind !== undefined || name !== undefined) {
    const n = name ?? "";
    return { system: "kubernetes", kind: kind ?? "unknown", name: n, ...splitNamespace(n) };
  }
  const rule = get(externalIds, "neutron:security_group_rule_id");
  if (rule !== undefined) return { system: "openstack", kind: "security_group_rule", name: rule };
  const sg = get(externalIds, "neutron:security_group_id");
  if (sg !== undefined) return { system: "openstack", kind: "security_group", name: sg };
  const port = get(externalIds, "neutron:port_name") ?? get(externalIds, "neutron:device_id");
  if (port !== undefined) return { system: "openstack", kind: get(externalIds, "neutron:device_owner") || "port", name: port };
  const router = get(externalIds, "neutron:router_name");
  if (router !== undefined) return { system: "openstack", kind: "router", name: router };
  const net = get(externalIds, "neutron:network_name");
  if (net !== undefined) return { system: "openstack", kind: "network", name: net };
  return undefined;
}

function summaryOf(h: NbHintMatch): string {
  switch (h.table) {
    case "ACL":
      return `ACL ${h.row.direction} ${h.row.priority} ${JSON.stringify(h.row.match)} ${h.row.action}`;
    case "NAT":
      return `NAT ${h.row.type} ${h.row.externalIp} <-> ${h.row.logicalIp}`;
    case "Load_Balancer": {
      const vips = Object.entries(h.row.vips as Readonly<Record<string, string>>).map(([v, b]) => `${v} -> ${b === "" ? "(no backend)" : b}`);
      return `Load_Balancer ${h.row.name}${h.row.protocol === undefined ? "" : ` ${h.row.protocol}`} ${vips.join("; ")}`;
    }
    case "Logical_Switch_Port":
      return `Logical_Switch_Port ${h.row.name}${h.row.type === "" ? "" : ` (${h.row.type})`}${h.row.addresses.length > 0 ? ` ${h.row.addresses.join(" ")}` : ""}`;
    case "Logical_Router_Port":
      return `Logical_Router_Port ${h.row.name} ${h.row.mac} ${h.row.networks.join(" ")}`;
    case "Logical_Router_Policy":
      return `Logical_Router_Policy ${h.row.priority} ${JSON.stringify(h.row.match)} ${h.row.action}${h.row.nexthops.length > 0 ? ` ${h.row.nexthops.join(",")}` : ""}`;
    case "Logical_Router_Static_Route":
      return `Logical_Router_Static_Route ${h.row.ipPrefix} via ${h.row.nexthop}${h.row.outputPort === undefined ? "" : ` (${h.row.outputPort})`}`;
    case "QoS":
      return `QoS ${h.row.direction} ${h.row.priority} ${JSON.stringify(h.row.match)}`;
    case "Logical_Switch":
      return `Logical_Switch ${h.row.name}`;
    case "Logical_Router":
      return `Logical_Router ${h.row.name}`;
  }
}

function ownerOf(h: NbHintMatch): { kind: string; name: string } | undefined {
  switch (h.table) {
    case "ACL":
    case "Load_Balancer": {
      const o = h.row.owners.find((x) => x.kind === "port-group") ?? h.row.owners[0];
      return o === undefined ? undefined : { kind: o.kind, name: o.name };
    }
    case "NAT":
    case "Logical_Router_Port":
    case "Logical_Router_Policy":
    case "Logical_Router_Static_Route":
      return h.row.router === undefined ? undefined : { kind: h.row.router.kind, name: h.row.router.name };
    case "Logical_Switch_Port":
    case "QoS":
      return h.row.switch === undefined ? undefined : { kind: h.row.switch.kind, name: h.row.switch.name };
    default:
      return undefined;
  }
}

function nameOf(h: NbHintMatch): string | undefined {
  switch (h.table) {
    case "ACL":
      return h.row.name;
    case "Load_Balancer":
    case "Logical_Switch_Port":
    case "Logical_Router_Port":
    case "Logical_Switch":
    case "Logical_Router":
      return h.row.name === "" ? undefined : h.row.name;
    default:
      return undefined;
  }
}

/**
 * A Northbound row a stage hint names, as {@link explainTrace} reports it: one-line summary,
 * owner (switch, router or port group), the CMS object of its external_ids (or of its port
 * group's, for an ACL whose own external_ids say nothing).
 *
 * @example
 * ```ts
 * import { describeNbRow, findNbRowsByHint } from "ovskit";
 * const [hit] = findNbRowsByHint(nb, "9623ee4f");
 * if (hit) describeNbRow(hit, nb).summary; // 'ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop'
 * ```
 */
export function describeNbRow(h: NbHintMatch, nb?: { readonly portGroups: readonly { readonly name: string; readonly externalIds: OvsdbStringMap }[] }): ExplainedNbRow {
  const owner = ownerOf(h);
  let origin = originOf(h.row.externalIds);
  if (origin === undefined && owner?.kind === "port-group" && nb !== undefined) {
    const pg = nb.portGroups.find((p) => p.name === owner.name);
    if (pg !== undefined) origin = originOf(pg.externalIds);
  }
  const name = nameOf(h);
  return {
    table: h.table,
    uuid: h.row.uuid,
    ...(name !== undefined && { name }),
    summary: summaryOf(h),
    ...(owner !== undefined && { owner }),
    ...(origin !== undefined && { origin }),
    externalIds: cmsIds(h.row.externalIds),
  };
}
