/**
 * What ovnkube-node makes of its container environment: the collectors and IPFIX settings it
 * parses (go-controller `config.ParseFlowCollectors`, the `--ipfix-*` flags and their
 * defaults), the node's own IP put in for a collector given as `:PORT` (`collectorsString`),
 * and the ovs-vsctl commands it runs on br-int (`clearOVSFlowTargets`, `setOVSFlowTargets`).
 *
 * @module
 */
import type { ExportConfigIssue } from "./errors.js";
import { goIpString, goJoinHostPort, goParseInt32, goParseIp, goSplitHostPort } from "./go-net.js";
import type { OvsVsctlCommands } from "./render.js";
import type { CollectorTarget, FlowExportConfig } from "./types.js";

/** One container environment variable, as in a Kubernetes container spec. */
export interface ContainerEnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * ovnkube-node's own values: IPFIX sampling, cache timeout and cache size when no flag sets
 * them (go-controller `config.IPFIX`), the NetFlow `active_timeout` and the sFlow `agent` it
 * always writes.
 *
 * @example
 * ```ts
 * import { OVN_KUBERNETES_DEFAULTS } from "ovskit";
 * OVN_KUBERNETES_DEFAULTS.ipfixSampling; // 400
 * ```
 */
export const OVN_KUBERNETES_DEFAULTS = {
  ipfixSampling: 400,
  ipfixCacheActiveTimeout: 60,
  ipfixCacheMaxFlows: 0,
  netflowActiveTimeout: 60,
  sflowAgent: "ovn-k8s-mp0",
} as const;

/** One collector as ovn-kubernetes holds it (`config.HostPort`). */
export interface OvnKubernetesCollector {
  /** The address as Go prints it; absent for `:PORT` (the node's own IP). */
  readonly ip?: string;
  readonly port: number;
  /** Go's `HostPort.String()`: `10.0.0.2:3030`, `[fd00::1]:3333`, `:8888`. */
  readonly text: string;
}

/**
 * ovn-kubernetes' `ParseFlowCollectors`: a comma-separated list of `ip:port`, `[ip6]:port` or
 * `:port`; a collector listed twice (after canonicalisation) is kept once. Returns ovnkube's
 * error text for the first bad entry (ovnkube-node then exits).
 *
 * @example
 * ```ts
 * import { parseOvnKubernetesCollectors } from "ovskit";
 * parseOvnKubernetesCollectors("10.0.0.2:3030,:8888,[2020:1111:f::1:0933]:3333");
 * // { collectors: [{ ip: "10.0.0.2", port: 3030, text: "10.0.0.2:3030" }, { port: 8888, text: ":8888" }, { ip: "2020:1111:f::1:933", ... }] }
 * ```
 */
export function parseOvnKubernetesCollectors(list: string): { readonly collectors: OvnKubernetesCollector[] } | { readonly error: string } {
  const collectors: OvnKubernetesCollector[] = [];
  const seen = new Set<string>();
  for (const item of list.split(",")) {
    const hp = goSplitHostPort(item);
    if ("error" in hp) return { error: `cannot parse hostport: ${hp.error}` };
    let ip: string | undefined;
    if (hp.host !== "") {
      const bytes = goParseIp(hp.host);
      if (bytes === undefined) return { error: `collector IP ${hp.host} is not a valid IP` };
      ip = goIpString(bytes);
    }
    const port = goParseInt32(hp.port);
    if ("error" in port) return { error: `collector port ${hp.port} is not a valid port: ${port.error}` };
    const text = ip === undefined ? `:${port.value}` : goJoinHostPort(ip, port.value);
    if (seen.has(text)) continue;
    seen.add(text);
    collectors.push({ ...(ip !== undefined && { ip }), port: port.value, text });
  }
  return { collectors };
}

/** Options of {@link ovnKubernetesFlowExport}. */
export interface OvnKubernetesNodeOptions {
  /** The node's primary IP (its first InternalIP, else ExternalIP), for `:PORT` collectors. */
  readonly nodeIp?: string;
}

/** What {@link ovnKubernetesFlowExport} found. */
export interface OvnKubernetesNodeFlowExport {
  /** What ovnkube-node writes to br-int; absent when it would exit on the environment. */
  readonly config?: FlowExportConfig;
  readonly issues: readonly ExportConfigIssue[];
}

/** Each setting: the CNO's variable, then the one of upstream `ovnkube.sh`. */
const VARS = {
  netflow: ["NETFLOW_COLLECTORS", "OVN_NETFLOW_TARGETS"],
  sflow: ["SFLOW_COLLECTORS", "OVN_SFLOW_TARGETS"],
  ipfix: ["IPFIX_COLLECTORS", "OVN_IPFIX_TARGETS"],
  sampling: ["IPFIX_SAMPLING", "OVN_IPFIX_SAMPLING"],
  cacheMaxFlows: ["IPFIX_CACHE_MAX_FLOWS", "OVN_IPFIX_CACHE_MAX_FLOWS"],
  cacheActiveTimeout: ["IPFIX_CACHE_ACTIVE_TIMEOUT", "OVN_IPFIX_CACHE_ACTIVE_TIMEOUT"],
} as const;

/**
 * The flow-export configuration ovnkube-node applies to br-int, from its container environment
 * (the CNO's `NETFLOW_COLLECTORS`, `SFLOW_COLLECTORS`, `IPFIX_COLLECTORS`, `IPFIX_SAMPLING`,
 * `IPFIX_CACHE_MAX_FLOWS`, `IPFIX_CACHE_ACTIVE_TIMEOUT`, or upstream ovnkube.sh's `OVN_*`
 * names). Every column ovnkube-node writes is set in the result (NetFlow `active_timeout` 60,
 * sFlow `agent` ovn-k8s-mp0, IPFIX `cache_active_timeout`, and `sampling` / `cache_max_flows`
 * unless 0), nothing else: compare it with live OVS with `diffFlowExport(..., { mode: "exact" })`.
 * An unparsable list or number is an error issue and no `config` (ovnkube-node exits); so is a
 * `:PORT` collector without `nodeIp`. A port outside 1..65535 (ovnkube takes any int32, OVS then
 * cannot send there) and two collectors that become the same `ip:port` once the node IP is put
 * in (ovs-vsctl refuses the transaction: "set contains duplicate value") are error issues with
 * the config still given.
 *
 * @example
 * ```ts
 * import { ovnKubernetesFlowExport } from "ovskit";
 * const { config } = ovnKubernetesFlowExport([{ name: "IPFIX_COLLECTORS", value: "10.0.0.2:3030,:8888" }], { nodeIp: "1.2.5.6" });
 * config?.ipfix?.targets.map((t) => t.text); // ["10.0.0.2:3030", "1.2.5.6:8888"]
 * config?.ipfix?.sampling;                   // 400
 * ```
 */
export function ovnKubernetesFlowExport(
  env: readonly ContainerEnvVar[] | Readonly<Record<string, string>>,
  options: OvnKubernetesNodeOptions = {},
): OvnKubernetesNodeFlowExport {
  const vars = Array.isArray(env) ? Object.fromEntries((env as readonly ContainerEnvVar[]).map((e) => [e.name, e.value])) : (env as Record<string, string>);
  const get = (k: keyof typeof VARS): { name: string; value: string } | undefined => {
    for (const name of VARS[k]) {
      const value = vars[name];
      if (typeof value === "string" && value !== "") return { name, value };
    }
    return undefined;
  };
  const issues: ExportConfigIssue[] = [];
  let fatal = false;
  const err = (path: string, code: ExportConfigIssue["code"], message: string) => issues.push({ path, code, message, severity: "error" });

  const nodeIp = options.nodeIp === undefined ? undefined : goParseIp(options.nodeIp);
  if (options.nodeIp !== undefined && nodeIp === undefined) {
    err("nodeIp", "bad-target", `"${options.nodeIp}" is not an IP address`);
    fatal = true;
  }
  const targets = (k: "netflow" | "sflow" | "ipfix"): CollectorTarget[] | undefined => {
    const v = get(k);
    if (v === undefined) return undefined;
    const parsed = parseOvnKubernetesCollectors(v.value);
    if ("error" in parsed) {
      err(v.name, "bad-target", `ovnkube-node exits: ${k} targets invalid: ${parsed.error}`);
      fatal = true;
      return undefined;
    }
    const out: CollectorTarget[] = [];
    parsed.collectors.forEach((c, i) => {
      let ip = c.ip;
      if (ip === undefined) {
        if (nodeIp === undefined) {
          if (options.nodeIp === undefined) err(`${v.name}[${i}]`, "missing", `${c.text} is the node's own IP: the nodeIp option is needed`);
          fatal = true;
          return;
        }
        ip = goIpString(nodeIp);
      }
      const text = goJoinHostPort(ip, c.port);
      if (c.port < 1 || c.port > 65535) err(`${v.name}[${i}]`, "bad-target", `port ${c.port} is out of range 1..65535: OVS cannot send to ${text}`);
      if (out.some((t) => t.text === text)) err(`${v.name}[${i}]`, "duplicate", `${c.text} is ${text}, already listed: ovs-vsctl refuses the transaction ("set contains duplicate value")`);
      out.push({ ip, port: c.port, family: ip.includes(":") ? 6 : 4, text });
    });
    return out;
  };
  const number = (k: "sampling" | "cacheMaxFlows" | "cacheActiveTimeout", fallback: number): number => {
    const v = get(k);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v.value) || !Number.isSafeInteger(Number(v.value))) {
      err(v.name, "type", `ovnkube-node exits: "${v.value}" is not an unsigned number`);
      fatal = true;
      return fallback;
    }
    return Number(v.value);
  };
  const netflow = targets("netflow");
  const sflow = targets("sflow");
  const ipfix = targets("ipfix");
  const sampling = number("sampling", OVN_KUBERNETES_DEFAULTS.ipfixSampling);
  const cacheMaxFlows = number("cacheMaxFlows", OVN_KUBERNETES_DEFAULTS.ipfixCacheMaxFlows);
  const cacheActiveTimeout = number("cacheActiveTimeout", OVN_KUBERNETES_DEFAULTS.ipfixCacheActiveTimeout);
  if (ipfix !== undefined && cacheActiveTimeout > 4200) {
    err(get("cacheActiveTimeout")?.name ?? "cacheActiveTimeout", "range", `cache_active_timeout=${cacheActiveTimeout}: OVS refuses it (0..4200), ovnkube-node cannot set up the node`);
  }
  if (ipfix !== undefined && sampling > 4294967295) err(get("sampling")?.name ?? "sampling", "range", `sampling=${sampling}: OVS refuses it (1..4294967295)`);
  if (fatal) return { issues };
  return {
    config: {
      ...(netflow !== undefined && { netflow: { targets: netflow, activeTimeout: OVN_KUBERNETES_DEFAULTS.netflowActiveTimeout } }),
      ...(sflow !== undefined && { sflow: { targets: sflow, agent: OVN_KUBERNETES_DEFAULTS.sflowAgent } }),
      ...(ipfix !== undefined && {
        ipfix: { targets: ipfix, cacheActiveTimeout, ...(cacheMaxFlows !== 0 && { cacheMaxFlows }), ...(sampling !== 0 && { sampling }) },
      }),
    },
    issues,
  };
}

/**
 * The ovs-vsctl argument lists ovnkube-node runs for `config` (from
 * {@link ovnKubernetesFlowExport}), in its order and form: `apply` first clears the three
 * columns of the bridge, then creates one row per protocol (`targets`, `active_timeout=60`;
 * `agent=ovn-k8s-mp0`, `targets`; `targets`, `cache_active_timeout`, `cache_max_flows`,
 * `sampling`). ovnkube-node always uses br-int; `bridge` is for a test bridge.
 *
 * @example
 * ```ts
 * import { ovnKubernetesFlowExport, renderOvnKubernetesVsctl } from "ovskit";
 * const { config } = ovnKubernetesFlowExport({ IPFIX_COLLECTORS: "1.2.3.4:456" });
 * renderOvnKubernetesVsctl(config!).apply[1];
 * // ["--", "--id=@ipfix", "create", "ipfix", 'targets=["1.2.3.4:456"]', "cache_active_timeout=60", "sampling=400", "--", "set", "bridge", "br-int", "ipfix=@ipfix"]
 * ```
 */
export function renderOvnKubernetesVsctl(config: FlowExportConfig, options: { readonly bridge?: string } = {}): OvsVsctlCommands {
  const br = options.bridge ?? "br-int";
  const clear = ["--", "clear", "bridge", br, "netflow", "--", "clear", "bridge", br, "sflow", "--", "clear", "bridge", br, "ipfix"];
  const t = (ts: readonly CollectorTarget[]) => `targets=[${ts.map((x) => `"${x.text}"`).join(",")}]`;
  const set = (p: string) => ["--", "set", "bridge", br, `${p}=@${p}`];
  const apply: string[][] = [clear];
  const { netflow, sflow, ipfix } = config;
  if (netflow !== undefined) {
    apply.push(["--", "--id=@netflow", "create", "netflow", t(netflow.targets), `active_timeout=${netflow.activeTimeout ?? OVN_KUBERNETES_DEFAULTS.netflowActiveTimeout}`, ...set("netflow")]);
  }
  if (sflow !== undefined) apply.push(["--", "--id=@sflow", "create", "sflow", `agent=${sflow.agent ?? OVN_KUBERNETES_DEFAULTS.sflowAgent}`, t(sflow.targets), ...set("sflow")]);
  if (ipfix !== undefined) {
    const cols = [t(ipfix.targets), `cache_active_timeout=${ipfix.cacheActiveTimeout ?? OVN_KUBERNETES_DEFAULTS.ipfixCacheActiveTimeout}`];
    if (ipfix.cacheMaxFlows !== undefined && ipfix.cacheMaxFlows !== 0) cols.push(`cache_max_flows=${ipfix.cacheMaxFlows}`);
    if (ipfix.sampling !== undefined && ipfix.sampling !== 0) cols.push(`sampling=${ipfix.sampling}`);
    apply.push(["--", "--id=@ipfix", "create", "ipfix", ...cols, ...set("ipfix")]);
  }
  return { apply, clear: [clear] };
}
