/**
 * The restore script that `ovs-save save-flows BRIDGE...` prints (what `ovs-offline` keeps as
 * `restore.sh`): per bridge, the OpenFlow version, the TLV map, and the dump files it restores.
 *
 * @module
 */

/**
 * One Geneve option mapping of a TLV map: `{class=0x102,type=0x80,len=4}->tun_metadata0`.
 *
 * @example
 * ```ts
 * import { parseTlvMap } from "ovskit";
 * parseTlvMap("{class=0x102,type=0x80,len=4}->tun_metadata0")[0]?.field; // "tun_metadata0"
 * ```
 */
export interface TlvMapping {
  readonly optClass: number;
  readonly type: number;
  readonly len: number;
  readonly field: string;
}

/** What the restore script does for one bridge. */
export interface OvsSaveBridge {
  readonly bridge: string;
  /** `-O` version of the commands (`OpenFlow15`: the highest the bridge enables). */
  readonly protocol: string | undefined;
  readonly tlvMap: readonly TlvMapping[];
  /** The flows file the script restores (path as written in the script). */
  readonly flowsFile: string | undefined;
  readonly groupsFile: string | undefined;
  /** `replace-flows` (OVS 2.8+ ovs-save) or `add-flows` (older copies). */
  readonly flowsCommand: "replace-flows" | "add-flows" | undefined;
  /** The commands use `--bundle` (atomic restore, OpenFlow 1.4+). */
  readonly bundle: boolean;
}

/** Result of {@link parseOvsSaveScript}. */
export interface OvsSaveScript {
  readonly bridges: readonly OvsSaveBridge[];
  /** The temporary directory the script removes at its end (`rm -rf "..."`). */
  readonly workdir: string | undefined;
  /** Lines that are none of the above (reported, not fatal). */
  readonly unknownLines: readonly { readonly line: number; readonly text: string }[];
}

const TLV = /\{class=(0x[0-9a-fA-F]+|\d+),type=(0x[0-9a-fA-F]+|\d+),len=(\d+)\}->(\w+)/g;

/**
 * Parses a TLV map as `ovs-save` writes it for `ovs-ofctl add-tlv-map` (mappings separated by
 * commas; the empty string is an empty map).
 *
 * @example
 * ```ts
 * import { parseTlvMap } from "ovskit";
 * parseTlvMap("{class=0xffff,type=0,len=4}->tun_metadata0,{class=0xffff,type=1,len=8}->tun_metadata1").length; // 2
 * ```
 */
export function parseTlvMap(text: string): TlvMapping[] {
  const out: TlvMapping[] = [];
  for (const m of text.matchAll(TLV)) out.push({ optClass: Number(m[1]), type: Number(m[2]), len: Number(m[3]), field: m[4]! });
  return out;
}

const CMD = /^ovs-ofctl(?:\s+-O\s+(\S+))?\s+(add-tlv-map|add-groups|replace-flows|add-flows)\s+(\S+)\s*(.*)$/;

/**
 * Parses the restore script printed by `ovs-save save-flows` (one `add-tlv-map`, `add-groups`
 * and `replace-flows` command per bridge, then `rm -rf WORKDIR`).
 *
 * @example
 * ```ts
 * import { parseOvsSaveScript } from "ovskit";
 * const { bridges } = parseOvsSaveScript(restoreSh);
 * bridges[0]?.flowsFile; // "/tmp/ovs-save.AbC123/br-int.flows.dump"
 * ```
 */
export function parseOvsSaveScript(text: string): OvsSaveScript {
  const bridges = new Map<string, { -readonly [K in keyof OvsSaveBridge]: OvsSaveBridge[K] }>();
  const unknownLines: { line: number; text: string }[] = [];
  let workdir: string | undefined;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const rm = /^rm -rf\s+"?([^"]+)"?$/.exec(line);
    if (rm !== null) {
      workdir = rm[1];
      return;
    }
    const m = CMD.exec(line);
    if (m === null) {
      unknownLines.push({ line: i + 1, text: raw });
      return;
    }
    const [, protocol, command, bridge, rest] = m;
    let b = bridges.get(bridge!);
    if (b === undefined) {
      b = { bridge: bridge!, protocol, tlvMap: [], flowsFile: undefined, groupsFile: undefined, flowsCommand: undefined, bundle: false };
      bridges.set(bridge!, b);
    }
    const arg = /^["']([^"']*)["']/.exec(rest!)?.[1] ?? rest!.split(/\s+/)[0] ?? "";
    if (/\s--bundle\b/.test(" " + rest!)) b.bundle = true;
    if (command === "add-tlv-map") b.tlvMap = parseTlvMap(arg);
    else if (command === "add-groups") b.groupsFile = arg;
    else {
      b.flowsFile = arg;
      b.flowsCommand = command as "replace-flows" | "add-flows";
    }
  });
  return { bridges: [...bridges.values()], workdir, unknownLines };
}
