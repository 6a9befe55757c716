/**
 * The flow-export configuration model: what OpenShift's Network CR (`exportNetworkFlows`) and
 * the `ovs-flows-config` ConfigMap say, and the merged settings ovskit renders for ovs-vsctl
 * and reads back from OVS.
 *
 * @module
 */

/** A collector address, parsed from `ip:port` (IPv6 in brackets: `[fd00::1]:2055`). */
export interface CollectorTarget {
  /** The address in canonical form (IPv6 compressed, lower case). */
  readonly ip: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** `ip:port` as OVS writes it (`[ip]:port` for IPv6). */
  readonly text: string;
}

/** One protocol's collectors in the Network CR: a list, or CNO's `{ collectors: [...] }`. */
export type CollectorList = readonly string[] | { readonly collectors: readonly string[] };

/** `spec.exportNetworkFlows` of the cluster Network CR (operator.openshift.io/v1). */
export interface ExportNetworkFlows {
  readonly netFlow?: CollectorList;
  readonly sFlow?: CollectorList;
  readonly ipfix?: CollectorList;
}

/**
 * The `data` of the `openshift-network-operator/ovs-flows-config` ConfigMap (the proposal's
 * `ovs-ipfix-config`), as the network-observability-operator writes it and the
 * cluster-network-operator reads it. ConfigMap values are strings (ovskit also takes numbers,
 * with a warning: the API server would not).
 */
export interface FlowsConfigMapData {
  /** A shared collector (`ip:port`, e.g. a Service). Used when present, even next to `nodePort`. */
  readonly sharedTarget?: string;
  /** A port on each node's own IP (the operator passes `":PORT"`), when there is no `sharedTarget`. */
  readonly nodePort?: string | number;
  /** One packet in `sampling` is sampled: a uint32; 0 is not passed on (ovn-kubernetes then samples 1 in 400). */
  readonly sampling?: string | number;
  /** A Go duration (`"60s"`, `"1m30s"`, `"3200ms"`), truncated to whole seconds; 0..4200 s for OVS. */
  readonly cacheActiveTimeout?: string | number;
  /** A uint32. */
  readonly cacheMaxFlows?: string | number;
}

/** @deprecated Since 0.2.0: renamed {@link FlowsConfigMapData}; removed in 0.3.0. */
export type IpfixConfigMapData = FlowsConfigMapData;

/** NetFlow settings (OVS `NetFlow` table). */
export interface NetflowSettings {
  readonly targets: readonly CollectorTarget[];
  /** Seconds between exports of long-lived flows (`active_timeout`; rendered as 60 when unset). */
  readonly activeTimeout?: number;
  readonly engineType?: number;
  readonly engineId?: number;
  readonly addIdToInterface?: boolean;
}

/** sFlow settings (OVS `sFlow` table). */
export interface SflowSettings {
  readonly targets: readonly CollectorTarget[];
  /** Interface name or IP the agent address comes from (rendered from the `agent` option when unset). */
  readonly agent?: string;
  /** Bytes of each sampled packet (rendered as 128 when unset). */
  readonly header?: number;
  /** One in N packets (rendered as 64 when unset). */
  readonly sampling?: number;
  /** Seconds between counter samples (rendered as 10 when unset). */
  readonly polling?: number;
}

/** IPFIX settings (OVS `IPFIX` table). */
export interface IpfixSettings {
  readonly targets: readonly CollectorTarget[];
  /** One in N packets: 1..4294967295 (rendered as 400 when unset). */
  readonly sampling?: number;
  /** Seconds, 0..4200 (rendered as 60 when unset). */
  readonly cacheActiveTimeout?: number;
  /** 0..4294967295 (not rendered when unset). */
  readonly cacheMaxFlows?: number;
  readonly obsDomainId?: number;
  readonly obsPointId?: number;
}

/** The merged flow-export configuration of a bridge; a protocol that is absent is off. */
export interface FlowExportConfig {
  readonly netflow?: NetflowSettings;
  readonly sflow?: SflowSettings;
  readonly ipfix?: IpfixSettings;
}

/** The three protocols, as OVS's column names on the Bridge table. */
export type ExportProtocol = "netflow" | "sflow" | "ipfix";

/**
 * The protocols in the order ovskit renders and reports them.
 *
 * @example
 * ```ts
 * import { EXPORT_PROTOCOLS } from "ovskit";
 * for (const p of EXPORT_PROTOCOLS) console.log(p, config[p]?.targets.length ?? 0);
 * ```
 */
export const EXPORT_PROTOCOLS: readonly ExportProtocol[] = ["netflow", "sflow", "ipfix"];
