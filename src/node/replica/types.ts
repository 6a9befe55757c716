/**
 * The public types of the local replica: what it is started from, its options, and the
 * {@link Replica} handle.
 *
 * @module
 */
import type { TlvMapping } from "ovskit";
import type { ReplicaDaemon } from "./daemons.js";
import type { ToolResult } from "./run.js";

/** The dumps of one bridge given by hand (paths of the files the tools printed). */
export interface ReplicaBridgeFiles {
  /** `ovs-ofctl [-O ...] dump-flows BRIDGE` output (with or without statistics, any version), or an ovs-save `*.flows.dump`. */
  readonly flows?: string;
  /** `ovs-ofctl [-O ...] dump-groups BRIDGE` output, or an ovs-save `*.groups.dump`. */
  readonly groups?: string;
  /**
   * The TLV map: a file of `ovs-ofctl dump-tlv-map BRIDGE` output (or of the `add-tlv-map`
   * argument form `{class=...,type=...,len=...}->tun_metadataN,...`), or the mappings. When
   * absent and the flows use `tun_metadataN`, a mapping is inferred (see `changes`).
   */
  readonly tlv?: string | readonly TlvMapping[];
  /** `ovs-ofctl -O OpenFlow13 dump-meters BRIDGE` output. */
  readonly meters?: string;
  /** `-O` version to restore with (default: the one the dump's reply header names, else `OpenFlow15`). */
  readonly protocol?: string;
}

/**
 * Files given by hand: database files (standalone or clustered) and per bridge dumps. Without
 * `confDb`, bridges are created from `bridges` with a dummy port for every OpenFlow port number
 * the flows and groups name.
 */
export interface ReplicaFiles {
  /** The OVS database (`conf.db`, or `ovsdb-client backup` output). */
  readonly confDb?: string;
  /** The OVN Northbound database (`ovnnb_db.db`). */
  readonly nbDb?: string;
  /** The OVN Southbound database (`ovnsb_db.db`). */
  readonly sbDb?: string;
  readonly bridges?: Readonly<Record<string, ReplicaBridgeFiles>>;
}

/** How the dummy datapath treats netdev types. */
export type ReplicaDummyMode =
  /**
   * `ovs-vswitchd --enable-dummy=override` (what ovs-offline does): every netdev type but `patch`
   * (system, internal, tap, tunnels) is a dummy netdev, so a collected conf.db runs unchanged
   * but for the types this build lacks (DPDK, AF_XDP...). Tunnel ports are then plain ports: an
   * output to them shows no `tnl_push`.
   */
  | "override"
  /**
   * `--enable-dummy`: tunnel ports stay userspace tunnel ports (native tunnelling, which needs a
   * route to the remote IP to show `tnl_push`); every bridge gets `datapath_type=dummy` and
   * system / tap ports become `dummy` ports.
   */
  | "plain";

/** Options of {@link startReplica}. */
export interface ReplicaOptions {
  /**
   * Directory of the databases, sockets, pid files and logs. It must not exist, be empty, or
   * hold a stopped replica. Default: a new `ovskit-replica-*` directory in the system temporary
   * directory. `stop()` removes it (unless `keepDir`).
   */
  readonly dir?: string;
  /** Leave the directory (databases and logs) in place after `stop()`. */
  readonly keepDir?: boolean;
  /** Search path for the OVS / OVN programs (default: `PATH` plus `/usr/local/sbin:/usr/sbin:/sbin`). */
  readonly path?: string;
  /** Default `"override"`. */
  readonly dummy?: ReplicaDummyMode;
  /** Also serve the databases on TCP ports of 127.0.0.1 (e.g. for tools on another machine through a tunnel). */
  readonly tcp?: { readonly conf?: number; readonly nb?: number; readonly sb?: number };
  /**
   * `"keep"` (default) restores `idle_timeout` / `hard_timeout` as collected (such flows expire
   * in the replica as they would have on the node); `"clear"` removes them, so the replica keeps
   * every flow (then `diff-flows` reports those flows as different).
   */
  readonly flowTimeouts?: "keep" | "clear";
  /** Time allowed to each daemon start and each command (default 60 000 ms). */
  readonly timeoutMs?: number;
  /**
   * Stop the daemons when this process exits (default true): the daemons are detached, so
   * without it they outlive a program that forgets `stop()`. A process killed by a signal
   * (Ctrl-C) runs no exit hook: handle SIGINT and call `stop()`.
   */
  readonly stopOnExit?: boolean;
}

/** One port of a replica bridge, as the replica's ovs-vswitchd has it. */
export interface ReplicaPort {
  readonly name: string;
  /** OpenFlow port number (65534 for the bridge's own port, -1 when it could not be created). */
  readonly ofport: number;
  /** The interface type in the replica. */
  readonly type: string;
  /** Datapath port number (what `Datapath actions:` print), from `dpif/show`; `undefined` for patch ports. */
  readonly odpPort: number | undefined;
  /** The interface's `options` (`peer` of a patch port, `remote_ip` / `key` of a tunnel). */
  readonly options: Readonly<Record<string, string>>;
  /** `mac_in_use`. */
  readonly mac: string | undefined;
  /** The error ovs-vswitchd recorded for the interface, if any. */
  readonly error: string | undefined;
}

/** One bridge of a replica and what was restored into it. */
export interface ReplicaBridge {
  readonly name: string;
  readonly ports: readonly ReplicaPort[];
  /** Flows restored (0 when no dump was given: the bridge keeps its default flows). */
  readonly flows: number;
  readonly groups: number;
  readonly meters: number;
  readonly tlvMap: readonly TlvMapping[];
  /** The OpenFlow management socket (a target for `ovs-ofctl`). */
  readonly mgmt: string;
}

/** Something the replica does differently from the collected node, and why. */
export interface ReplicaChange {
  readonly kind:
    | "interface-type"
    | "ofport-request"
    | "bridge"
    | "open-vswitch"
    | "database"
    | "port-created"
    | "tlv-inferred"
    | "meter-created"
    | "flows"
    | "not-restored";
  /** What it is about (`Interface eth0`, `Bridge br-int`, a file). */
  readonly subject: string;
  readonly message: string;
}

/** Where the replica's daemons listen. */
export interface ReplicaSockets {
  /** `unix:` path of the OVS database (what `ovs-vsctl --db=` takes). */
  readonly conf: string;
  readonly nb: string | undefined;
  readonly sb: string | undefined;
  /** ovs-vswitchd's control socket (what `ovs-appctl -t` takes). */
  readonly vswitchd: string;
}

/** How long each phase of the start took, in milliseconds. */
export interface ReplicaTimings {
  readonly databases: number;
  readonly vswitchd: number;
  readonly restore: number;
  readonly total: number;
}

/**
 * A running replica: a **handle**, not plain data. Its fields are plain data (a snapshot taken
 * at start); its methods run the real tools against the replica's daemons and return plain
 * {@link ToolResult}s (a non-zero exit status is returned, not thrown). `stop()` stops only
 * this replica's daemons and removes its directory; it is idempotent. After `stop()` every
 * command throws a `not-available` `ReplicaError`.
 */
export interface Replica {
  readonly kind: "replica";
  readonly dir: string;
  /** Where the replica was built from. */
  readonly origin: "sos" | "ovs-save" | "files";
  readonly dummy: ReplicaDummyMode;
  readonly sockets: ReplicaSockets;
  /**
   * Variables that point the real tools at the replica, like ovs-offline's `activate`:
   * `OVS_RUNDIR`, `OVS_DBDIR`, `OVS_LOGDIR`, `OVN_RUNDIR`, `OVN_NB_DB`, `OVN_SB_DB`...
   * (`ovs-vsctl show`, `ovs-ofctl dump-flows br-int`, `ovs-appctl dpif/show`, `ovn-nbctl show`
   * then work by hand).
   */
  readonly env: Readonly<Record<string, string>>;
  /** A shell snippet that exports {@link Replica.env} (`eval "$(...)"` or `source` it). */
  readonly activate: string;
  readonly bridges: readonly ReplicaBridge[];
  /** What differs from the collected node (converted types, inferred ports and TLV maps...). */
  readonly changes: readonly ReplicaChange[];
  readonly daemons: readonly ReplicaDaemon[];
  readonly timings: ReplicaTimings;
  /** `ovs-ofctl ARGS` (bridge names resolve to the replica's management sockets). */
  ofctl(args: readonly string[]): Promise<ToolResult>;
  /** `ovs-appctl -t <the replica's ovs-vswitchd> ARGS`, e.g. `["ofproto/trace", "br-int", "in_port=1,ip"]`. */
  appctl(args: readonly string[]): Promise<ToolResult>;
  /** `ovs-vsctl --db=<the replica's conf.db> ARGS`. */
  vsctl(args: readonly string[]): Promise<ToolResult>;
  /** `ovn-nbctl --db=<the replica's NB> ARGS` (a `not-available` error without an NB database). */
  nbctl(args: readonly string[]): Promise<ToolResult>;
  /** `ovn-sbctl --db=<the replica's SB> ARGS`. */
  sbctl(args: readonly string[]): Promise<ToolResult>;
  /** The real `ovn-trace --db=<the replica's SB> ARGS`. */
  ovnTrace(args: readonly string[]): Promise<ToolResult>;
  /** True once {@link Replica.stop} was called. */
  isStopped(): boolean;
  /** Stops this replica's daemons (only those) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}
