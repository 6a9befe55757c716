/**
 * {@link runOfflineCtl}: ovn-nbctl, ovn-sbctl and ovs-vsctl run on database files, without a
 * server: the read-only commands, with the real tools' options, output and error messages.
 *
 * @module
 */
import type { OvsdbDatabase } from "../types.js";
import { type CtlGivenOption, commandOptionSpecs, getoptLong, getoptMessage, parseCommands } from "./cmdline.js";
import type { CtlOutcome } from "./command.js";
import { queryError } from "./query-error.js";
import { ctlDb } from "./records.js";
import type { CtlToolName } from "./row-ids.js";
import { type CtlTableStyle, defaultTableStyle, formatCtlTable } from "./table-format.js";
import { CTL_TOOLS, type CtlToolSpec } from "./tools.js";

/** A tool {@link runOfflineCtl} runs: its full name or the short one (`nbctl`, `sbctl`, `vsctl`). */
export type OfflineCtlTool = CtlToolName | "nbctl" | "sbctl" | "vsctl";

/**
 * The databases {@link runOfflineCtl} reads, as {@link readOvsdbFile} returns them: `nb` for
 * ovn-nbctl, `sb` for ovn-sbctl, `ovs` (conf.db) for ovs-vsctl.
 */
export interface OfflineCtlDatabases {
  readonly nb?: OvsdbDatabase;
  readonly sb?: OvsdbDatabase;
  readonly ovs?: OvsdbDatabase;
}

/** What the tool printed and its exit status. */
export interface OfflineCtlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const SHORT: Readonly<Record<string, CtlToolName>> = { nbctl: "ovn-nbctl", sbctl: "ovn-sbctl", vsctl: "ovs-vsctl" };
const DB_NAMES = { nb: "OVN Northbound", sb: "OVN Southbound", ovs: "Open_vSwitch (conf.db)" } as const;

function usage(spec: CtlToolSpec): string {
  const ro = spec.commands.filter((c) => !c.rw && c.run !== undefined).map((c) => c.name);
  const rest = spec.commands.filter((c) => c.rw || c.run === undefined).map((c) => c.name);
  return (
    `${spec.name} (ovskit, offline): the read-only commands of ${spec.name} on an ${DB_NAMES[spec.database]} database file.\n` +
    `usage: ${spec.name} [OPTIONS] COMMAND [ARG...] [-- [OPTIONS] COMMAND [ARG...]]...\n\n` +
    `Commands run here:\n  ${ro.join(" ")}\n\nCommands of the real tool not run here (they write, or need a live system):\n  ${rest.join(" ")}\n\n` +
    "Output options: -f, --format=table|list|csv|json|html; -d, --data=string|bare|json; --no-headings; --pretty; --bare;\n" +
    "  --max-column-width=N; --oneline. Connection options (--db, --timeout, SSL, ...) are accepted and ignored.\n"
  );
}

/** Applies the global options; returns a fatal message, or output and status for --help / --version. */
function applyOptions(
  spec: CtlToolSpec,
  given: readonly CtlGivenOption[],
  style: CtlTableStyle,
  flags: { oneline: boolean },
  local: Map<string, string | null>,
  db: OvsdbDatabase | undefined,
): { error: string } | { exit: OfflineCtlResult } | undefined {
  for (const { spec: opt, value } of given) {
    const v = value ?? "";
    switch (opt.id) {
      case "format":
        if (!["table", "list", "html", "csv", "json"].includes(v)) return { error: `unknown output format "${v}"` };
        style.format = v as CtlTableStyle["format"];
        break;
      case "data":
        if (!["string", "bare", "json"].includes(v)) return { error: `unknown data format "${v}"` };
        style.data = v as CtlTableStyle["data"];
        break;
      case "no-headings":
        style.headings = false;
        break;
      case "pretty":
        style.pretty = true;
        break;
      case "bare":
        style.format = "list";
        style.data = "bare";
        style.headings = false;
        break;
      case "max-column-width":
        style.maxColumnWidth = Number.parseInt(v, 10) || 0;
        break;
      case "oneline":
        flags.oneline = true;
        break;
      case "timeout":
        if (!/^\d+$/.test(v) || Number(v) === 0 || Number(v) > 4294967295) return { error: `value ${v} on -t or --timeout is invalid` };
        break;
      case "wait":
        if (!spec.allowWait) return { error: "--wait not supported" };
        if (!["none", "sb", "hv"].includes(v)) return { error: 'argument to --wait must be "none", "sb", or "hv"' };
        break;
      case "no-wait":
      case "print-wait-time":
        if (spec.name !== "ovs-vsctl" && !spec.allowWait) return { error: `--${opt.id} not supported` };
        break;
      case "help":
        return { exit: { stdout: usage(spec), stderr: "", exitCode: 0 } };
      case "version":
        return { exit: { stdout: `${spec.name} (ovskit offline, read-only)\nDB Schema ${db?.schema.version ?? "unknown"}\n`, stderr: "", exitCode: 0 } };
      case "commands":
      case "options":
      case "unixctl":
      case "detach":
        return { error: `--${opt.id} is not available offline (no daemon, no server; see --help)` };
      case "local": {
        const key = `--${opt.long}`;
        if (spec.getoptStyle === "ovn" && local.has(key)) return { error: `'${key}' option specified multiple times` };
        local.set(key, value);
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

const fatal = (spec: CtlToolSpec, message: string, exitCode = 1): OfflineCtlResult => ({ stdout: "", stderr: `${spec.name}: ${message}\n`, exitCode });

function oneline(s: string): string {
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  return `${body.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
}

/**
 * Runs a read-only ovn-nbctl, ovn-sbctl or ovs-vsctl command line on database files, as the real
 * tool would against a server holding the same database: `args` is the command line after the
 * program name (global options, then commands separated by `--`). Output, error messages and
 * exit status are the tool's (see the README for the agreement measured on real tools and the
 * known differences); rows the tool walks in its hash-table order come in UUID order. Commands
 * that write say so and change nothing. Pure and browser-safe: it never throws for a command
 * line (a tool name it does not know is a typed {@link OvsdbQueryError}).
 *
 * @example
 * ```ts
 * import { readOvsdbFile, runOfflineCtl } from "ovskit";
 * const nb = readOvsdbFile(nbBytes);
 * const r = runOfflineCtl("ovn-nbctl", ["lr-route-list", "GR_ovn-worker"], { nb });
 * process.stdout.write(r.stdout); // IPv4 Routes\nRoute Table <main>:\n ...
 * runOfflineCtl("nbctl", ["--format=csv", "--columns=name,ports", "list", "Logical_Switch"], { nb });
 * runOfflineCtl("ovn-nbctl", ["ls-add", "x"], { nb }).stderr; // ovn-nbctl: 'ls-add' changes the database; ...
 * ```
 */
export function runOfflineCtl(tool: OfflineCtlTool, args: readonly string[], databases: OfflineCtlDatabases): OfflineCtlResult {
  const name: CtlToolName | undefined = Object.hasOwn(SHORT, tool) ? SHORT[tool] : Object.hasOwn(CTL_TOOLS, tool) ? (tool as CtlToolName) : undefined;
  if (name === undefined) throw queryError(`unknown tool "${String(tool)}" (ovn-nbctl, ovn-sbctl or ovs-vsctl)`);
  const spec = CTL_TOOLS[name];
  const db = databases[spec.database];
  const specs = [...spec.globalOptions, ...commandOptionSpecs(spec.commands)];
  const parsed = getoptLong(args, specs);
  const style = defaultTableStyle();
  const flags = { oneline: false };
  const local = new Map<string, string | null>();
  if (parsed.error !== undefined && spec.getoptStyle === "ovn") return fatal(spec, getoptMessage(parsed.error, "ovn"));
  const applied = applyOptions(spec, parsed.options, style, flags, local, db);
  if (applied !== undefined) return "exit" in applied ? applied.exit : fatal(spec, applied.error);
  if (parsed.error !== undefined) return fatal(spec, getoptMessage(parsed.error, "glibc"));
  const commands = parseCommands(args.slice(parsed.rest), local, spec.commands);
  if (!commands.ok) return fatal(spec, commands.error);
  for (const c of commands.value) {
    if (c.def.rw) return fatal(spec, `'${c.name}' changes the database; these database files are read-only here (offline ${spec.name} runs only read-only commands)`);
    if (c.def.run === undefined) return fatal(spec, `'${c.name}' is not run offline by ovskit (see --help for the commands it runs)`);
  }
  if (db === undefined) return fatal(spec, `no ${DB_NAMES[spec.database]} database given (runOfflineCtl needs the "${spec.database}" database for ${spec.name})`);
  if (db.schema.name !== spec.schema) return fatal(spec, `the "${spec.database}" database given is an ${db.schema.name} database, not ${spec.schema}`);
  const ctx = ctlDb(name, db);
  for (const c of commands.value) {
    const e = c.def.pre?.(ctx, c);
    if (e !== undefined) return fatal(spec, e);
  }
  const outcomes: CtlOutcome[] = [];
  for (const c of commands.value) {
    const r = (c.def.run as NonNullable<typeof c.def.run>)(ctx, c);
    if (!r.ok) return r.silent === true ? { stdout: "", stderr: "", exitCode: r.exitCode ?? 1 } : fatal(spec, r.error, r.exitCode);
    outcomes.push(r);
  }
  let stdout = "";
  let first = true;
  for (const r of outcomes) {
    if ("table" in r) {
      stdout += formatCtlTable(r.table, style, first);
      if (style.format !== "json" && style.format !== "html") first = false;
    } else if ("text" in r) stdout += flags.oneline ? oneline(r.text) : r.text;
  }
  return { stdout, stderr: "", exitCode: 0 };
}
