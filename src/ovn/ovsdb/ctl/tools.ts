/**
 * The three tools: their global options (in the order their `getopt_long` tables list them),
 * every command they have (name, argument counts, options, whether it writes: from
 * utilities/ovs-vsctl.c, ovn-nbctl.c and ovn-sbctl.c of OVS 3.1 / OVN 23.03), and the
 * implementation of the read-only commands ovskit runs.
 *
 * @module
 * @internal
 */
import type { CtlOptionSpec } from "./cmdline.js";
import { type CtlCommandDef, type CtlInvocation, type CtlOutcome, MANY, syntax, text } from "./command.js";
import { DB_COMMANDS } from "./db-commands.js";
import { runAclList } from "./nb-acl.js";
import { runLbList, runLrList, runLsList, runMeterList, runOwnerLbList, runPortList } from "./nb-lists.js";
import { NB_MORE, SB_MORE } from "./nb-more.js";
import { runPolicyList, runRouteList, runNatList } from "./nb-router.js";
import { runNbShow } from "./nb-show.js";
import type { CtlDb } from "./records.js";
import type { CtlToolName } from "./row-ids.js";
import { runLflowList } from "./sb-lflow.js";
import { SBCTL_SHOW, VSCTL_SHOW, genericShow } from "./show-generic.js";
import { VSCTL_RUN, type VsctlCache, vsctlCache } from "./vsctl.js";

const o = (long: string, arg: CtlOptionSpec["arg"] = "none", short?: string): CtlOptionSpec => ({ long, arg, id: long, ...(short === undefined ? {} : { short }) });

const VLOG = [o("verbose", "optional", "v"), o("log-file", "optional"), o("syslog-method", "required"), o("syslog-target", "required")];
const TABLE = [o("format", "required", "f"), o("data", "required", "d"), o("no-headings"), o("pretty"), o("bare"), o("max-column-width", "required")];
const SSL = [o("private-key", "required", "p"), o("certificate", "required", "c"), o("ca-cert", "required", "C"), o("ssl-protocols", "required"), o("ssl-ciphers", "required")];

const VSCTL_OPTIONS: readonly CtlOptionSpec[] = [
  o("db", "required"),
  o("no-syslog"),
  o("no-wait"),
  o("dry-run"),
  o("oneline"),
  o("timeout", "required", "t"),
  o("retry"),
  o("help", "none", "h"),
  o("commands"),
  o("options"),
  o("leader-only"),
  o("no-leader-only"),
  o("shuffle-remotes"),
  o("no-shuffle-remotes"),
  o("version", "none", "V"),
  ...VLOG,
  ...TABLE,
  ...SSL,
  o("bootstrap-ca-cert", "required"),
  o("peer-ca-cert", "required"),
];

const OVN_OPTIONS: readonly CtlOptionSpec[] = [
  o("db", "required"),
  o("no-syslog"),
  o("help", "none", "h"),
  o("commands"),
  o("options"),
  o("leader-only"),
  o("no-leader-only"),
  o("shuffle-remotes"),
  o("no-shuffle-remotes"),
  o("version", "none", "V"),
  o("unixctl", "required", "u"),
  o("no-wait"),
  o("wait", "required"),
  o("print-wait-time"),
  o("dry-run"),
  o("oneline"),
  o("timeout", "required", "t"),
  o("detach"),
  o("no-self-confinement"),
  o("no-chdir"),
  o("pidfile", "optional"),
  o("overwrite-pidfile"),
  o("monitor"),
  o("user", "required"),
  ...VLOG,
  ...SSL,
  o("bootstrap-ca-cert", "required"),
  ...TABLE,
];

type Run = (ctx: CtlDb, inv: CtlInvocation) => CtlOutcome;
const ro = (name: string, min: number, max: number, options: string, run?: Run): CtlCommandDef => ({ ...syntax(name, min, max, options, false), ...(run === undefined ? {} : { run }) });
const rw = (name: string, min: number, max: number, options = ""): CtlCommandDef => syntax(name, min, max, options, true);

const NBCTL_COMMANDS: readonly CtlCommandDef[] = [
  rw("init", 0, 0),
  ro("sync", 0, 0, "", () => text("")),
  ro("show", 0, 1, "", runNbShow),
  rw("ls-add", 0, 1, "--may-exist,--add-duplicate"),
  rw("ls-del", 1, 1, "--if-exists"),
  ro("ls-list", 0, 0, "", runLsList),
  rw("acl-add", 5, 6, "--log,--may-exist,--type=,--name=,--severity=,--meter=,--label=,--apply-after-lb"),
  rw("acl-del", 1, 4, "--type="),
  ro("acl-list", 1, 1, "--type=", runAclList),
  rw("qos-add", 5, 7, "--may-exist"),
  rw("qos-del", 1, 4),
  ro("qos-list", 1, 1, "", NB_MORE["qos-list"]),
  rw("mirror-add", 5, 5, "--may-exist"),
  rw("mirror-del", 0, 1),
  ro("mirror-list", 0, 0, ""),
  rw("meter-add", 4, 5, "--fair,--may-exist"),
  rw("meter-del", 0, 1),
  ro("meter-list", 0, 0, "", runMeterList),
  rw("lsp-add", 2, 4, "--may-exist"),
  rw("lsp-del", 1, 1, "--if-exists"),
  ro("lsp-list", 1, 1, "", runPortList("ls")),
  ro("lsp-get-parent", 1, 1, "", NB_MORE["lsp-get-parent"]),
  ro("lsp-get-tag", 1, 1, "", NB_MORE["lsp-get-tag"]),
  rw("lsp-set-addresses", 1, MANY),
  ro("lsp-get-addresses", 1, 1, "", NB_MORE["lsp-get-addresses"]),
  rw("lsp-set-port-security", 0, MANY),
  ro("lsp-get-port-security", 1, 1, "", NB_MORE["lsp-get-port-security"]),
  ro("lsp-get-up", 1, 1, "", NB_MORE["lsp-get-up"]),
  rw("lsp-set-enabled", 2, 2),
  ro("lsp-get-enabled", 1, 1, "", NB_MORE["lsp-get-enabled"]),
  rw("lsp-set-type", 2, 2),
  ro("lsp-get-type", 1, 1, "", NB_MORE["lsp-get-type"]),
  rw("lsp-set-options", 1, MANY),
  ro("lsp-get-options", 1, 1, "", NB_MORE["lsp-get-options"]),
  rw("lsp-set-dhcpv4-options", 1, 2),
  ro("lsp-get-dhcpv4-options", 1, 1, "", NB_MORE["lsp-get-dhcpv4-options"]),
  rw("lsp-set-dhcpv6-options", 1, 2),
  ro("lsp-get-dhcpv6-options", 1, 1, "", NB_MORE["lsp-get-dhcpv6-options"]),
  ro("lsp-get-ls", 1, 1, "", NB_MORE["lsp-get-ls"]),
  rw("lsp-attach-mirror", 2, 2, "--may-exist"),
  rw("lsp-detach-mirror", 2, 2),
  rw("fwd-group-add", 4, MANY, "--liveness"),
  rw("fwd-group-del", 1, 1, "--if-exists"),
  ro("fwd-group-list", 0, 1, ""),
  rw("lr-add", 0, 1, "--may-exist,--add-duplicate"),
  rw("lr-del", 1, 1, "--if-exists"),
  ro("lr-list", 0, 0, "", runLrList),
  rw("lrp-add", 4, MANY, "--may-exist"),
  rw("lrp-set-gateway-chassis", 2, 3, "--may-exist"),
  rw("lrp-set-options", 1, MANY),
  rw("lrp-del-gateway-chassis", 2, 2),
  ro("lrp-get-gateway-chassis", 1, 1, "", NB_MORE["lrp-get-gateway-chassis"]),
  rw("lrp-del", 1, 1, "--if-exists"),
  ro("lrp-list", 1, 1, "", runPortList("lr")),
  rw("lrp-set-enabled", 2, 2),
  ro("lrp-get-enabled", 1, 1, "", NB_MORE["lrp-get-enabled"]),
  rw("lrp-set-redirect-type", 2, 2),
  ro("lrp-get-redirect-type", 1, 1, "", NB_MORE["lrp-get-redirect-type"]),
  rw("lr-route-add", 3, 4, "--may-exist,--ecmp,--ecmp-symmetric-reply,--policy=,--route-table=,--bfd?"),
  rw("lr-route-del", 1, 4, "--if-exists,--policy=,--route-table="),
  ro("lr-route-list", 1, 1, "--route-table=", runRouteList),
  rw("lr-policy-add", 4, MANY, "--may-exist"),
  rw("lr-policy-del", 1, 3, "--if-exists"),
  ro("lr-policy-list", 1, 1, "", runPolicyList),
  rw("lr-nat-add", 4, 7, "--may-exist,--stateless,--portrange,--add-route,--gateway-port="),
  rw("lr-nat-del", 1, 4, "--if-exists"),
  ro("lr-nat-list", 1, 1, "", runNatList),
  rw("lr-nat-update-ext-ip", 4, 4, "--is-exempted"),
  rw("lb-add", 3, 5, "--may-exist,--add-duplicate,--reject,--event,--add-route,--template"),
  rw("lb-del", 1, 2, "--if-exists"),
  ro("lb-list", 0, 1, "", runLbList),
  rw("lr-lb-add", 2, 2, "--may-exist"),
  rw("lr-lb-del", 1, 2, "--if-exists"),
  ro("lr-lb-list", 1, 1, "", runOwnerLbList("lr")),
  rw("ls-lb-add", 2, 2, "--may-exist"),
  rw("ls-lb-del", 1, 2, "--if-exists"),
  ro("ls-lb-list", 1, 1, "", runOwnerLbList("ls")),
  rw("dhcp-options-create", 1, MANY),
  rw("dhcp-options-del", 1, 1),
  ro("dhcp-options-list", 0, 0, "", NB_MORE["dhcp-options-list"]),
  rw("dhcp-options-set-options", 1, MANY),
  ro("dhcp-options-get-options", 1, 1, "", NB_MORE["dhcp-options-get-options"]),
  rw("copp-add", 3, 3),
  rw("copp-del", 1, 2),
  ro("copp-list", 1, 1, ""),
  rw("ls-copp-add", 2, 2),
  rw("lr-copp-add", 2, 2),
  ro("get-connection", 0, 0, "", NB_MORE["get-connection"]),
  rw("del-connection", 0, 0),
  rw("set-connection", 1, MANY, "--inactivity-probe="),
  ro("get-ssl", 0, 0, "", NB_MORE["get-ssl"]),
  rw("del-ssl", 0, 0),
  rw("set-ssl", 3, 5, "--bootstrap"),
  rw("pg-add", 1, MANY),
  rw("pg-set-ports", 2, MANY),
  rw("pg-del", 1, 1),
  rw("ha-chassis-group-add", 1, 1),
  rw("ha-chassis-group-del", 1, 1),
  ro("ha-chassis-group-list", 0, 0, "", NB_MORE["ha-chassis-group-list"]),
  rw("ha-chassis-group-add-chassis", 3, 3),
  rw("ha-chassis-group-remove-chassis", 2, 2),
  rw("ha-chassis-group-set-chassis-prio", 3, 3),
  rw("static-mac-binding-add", 3, 3, "--may-exist"),
  rw("static-mac-binding-del", 2, 2, "--if-exists"),
  ro("static-mac-binding-list", 0, 0, "", NB_MORE["static-mac-binding-list"]),
];

const LFLOW_OPTIONS = "--uuid,--ovs?,--stats,--vflows?";
const SBCTL_COMMANDS: readonly CtlCommandDef[] = [
  ro("show", 0, 0, "", (ctx) => text(genericShow(ctx, SBCTL_SHOW))),
  rw("init", 0, 0),
  rw("chassis-add", 3, 3, "--may-exist"),
  rw("chassis-del", 1, 1, "--if-exists"),
  rw("lsp-bind", 2, 2, "--may-exist"),
  rw("lsp-unbind", 1, 1, "--if-exists"),
  ro("lflow-list", 0, MANY, LFLOW_OPTIONS, runLflowList),
  ro("dump-flows", 0, MANY, LFLOW_OPTIONS, runLflowList),
  ro("count-flows", 0, 1, "", runLflowList),
  rw("ip-multicast-flush", 0, 1),
  ro("get-connection", 0, 0, "", SB_MORE["get-connection"]),
  rw("del-connection", 0, 0),
  rw("set-connection", 1, MANY, "--inactivity-probe="),
  ro("get-ssl", 0, 0, "", SB_MORE["get-ssl"]),
  rw("del-ssl", 0, 0),
  rw("set-ssl", 3, 5, "--bootstrap"),
];

/** ovs-vsctl's cache, computed once per run. */
function cacheOf(ctx: CtlDb): VsctlCache {
  let c = ctx.memo.get("vsctl") as VsctlCache | undefined;
  if (c === undefined) {
    c = vsctlCache(ctx);
    ctx.memo.set("vsctl", c);
  }
  return c;
}

const vs = (name: string, min: number, max: number, options = ""): CtlCommandDef => {
  const impl = VSCTL_RUN[name];
  return ro(name, min, max, options, impl === undefined ? undefined : (ctx, inv) => impl(ctx, inv, cacheOf(ctx)));
};

const VSCTL_COMMANDS: readonly CtlCommandDef[] = [
  ro("show", 0, 0, "", (ctx) => text(genericShow(ctx, VSCTL_SHOW))),
  rw("init", 0, 0),
  rw("add-br", 1, 3, "--may-exist"),
  rw("del-br", 1, 1, "--if-exists"),
  vs("list-br", 0, 0, "--real,--fake"),
  vs("br-exists", 1, 1),
  vs("br-to-vlan", 1, 1),
  vs("br-to-parent", 1, 1),
  rw("br-set-external-id", 2, 3),
  vs("br-get-external-id", 1, 2),
  vs("list-ports", 1, 1),
  rw("add-port", 2, MANY, "--may-exist"),
  rw("del-port", 1, 2, "--if-exists,--with-iface"),
  vs("port-to-br", 1, 1),
  rw("add-bond", 4, MANY, "--may-exist,--fake-iface"),
  rw("add-bond-iface", 2, 2, "--may-exist"),
  rw("del-bond-iface", 1, 2, "--if-exists"),
  vs("list-ifaces", 1, 1),
  vs("iface-to-br", 1, 1),
  vs("get-controller", 1, 1),
  rw("del-controller", 1, 1),
  rw("set-controller", 1, MANY, "--inactivity-probe="),
  vs("get-fail-mode", 1, 1),
  rw("del-fail-mode", 1, 1),
  rw("set-fail-mode", 2, 2),
  vs("get-manager", 0, 0),
  rw("del-manager", 0, 0),
  rw("set-manager", 1, MANY, "--inactivity-probe="),
  vs("get-ssl", 0, 0),
  rw("del-ssl", 0, 0),
  rw("set-ssl", 3, 3, "--bootstrap"),
  rw("add-aa-mapping", 3, 3),
  rw("del-aa-mapping", 3, 3),
  ro("get-aa-mapping", 1, 1, ""),
  rw("emer-reset", 0, 0),
  rw("add-zone-tp", 3, MANY, "--may-exist"),
  rw("del-zone-tp", 2, 2, "--if-exists"),
  ro("list-zone-tp", 1, 1, ""),
  ro("list-dp-cap", 1, 1, ""),
];

/**
 * A tool: the database it reads, how it reports option errors, its options and commands.
 *
 * @internal
 */
export interface CtlToolSpec {
  readonly name: CtlToolName;
  /** `nb`, `sb` or `ovs`: the database of `runOfflineCtl`'s third argument it reads. */
  readonly database: "nb" | "sb" | "ovs";
  readonly schema: string;
  readonly getoptStyle: "glibc" | "ovn";
  readonly globalOptions: readonly CtlOptionSpec[];
  readonly commands: readonly CtlCommandDef[];
  /** Whether `--wait` / `--no-wait` / `--print-wait-time` are allowed (ovn-nbctl). */
  readonly allowWait: boolean;
}

/**
 * The specs of ovn-nbctl, ovn-sbctl and ovs-vsctl.
 *
 * @internal
 */
export const CTL_TOOLS: Readonly<Record<CtlToolName, CtlToolSpec>> = {
  "ovn-nbctl": {
    name: "ovn-nbctl",
    database: "nb",
    schema: "OVN_Northbound",
    getoptStyle: "ovn",
    globalOptions: OVN_OPTIONS,
    commands: [...DB_COMMANDS, ...NBCTL_COMMANDS],
    allowWait: true,
  },
  "ovn-sbctl": {
    name: "ovn-sbctl",
    database: "sb",
    schema: "OVN_Southbound",
    getoptStyle: "ovn",
    globalOptions: OVN_OPTIONS,
    commands: [...DB_COMMANDS, ...SBCTL_COMMANDS],
    allowWait: false,
  },
  "ovs-vsctl": {
    name: "ovs-vsctl",
    database: "ovs",
    schema: "Open_vSwitch",
    getoptStyle: "glibc",
    globalOptions: VSCTL_OPTIONS,
    commands: [...DB_COMMANDS, ...VSCTL_COMMANDS],
    allowWait: false,
  },
};
