/**
 * Command lines as the ctl tools read them: GNU `getopt_long` in POSIX mode (options stop at the
 * first argument that is not one; long options may be abbreviated to any unambiguous prefix;
 * every command's options are also accepted before the first command), then
 * lib/db-ctl-base.c's `ctl_parse_commands` (commands separated by `--`, each with its own
 * leading options, argument counts checked). Errors carry the real tools' messages: ovs-vsctl
 * lets glibc print them, ovn-nbctl and ovn-sbctl word them themselves.
 *
 * @module
 * @internal
 */
import { type CtlCommandDef, type CtlInvocation } from "./command.js";
import { smapIterationOrder } from "./ovs-hash.js";

/**
 * A long option (`--format`), its short form (`-f`) and whether it takes an argument. `id`
 * identifies it for the tool (all command options share the id `local`).
 *
 * @internal
 */
export interface CtlOptionSpec {
  readonly long: string;
  readonly arg: "none" | "required" | "optional";
  readonly short?: string;
  readonly id: string;
}

/**
 * A global option as given: its spec and argument.
 *
 * @internal
 */
export interface CtlGivenOption {
  readonly spec: CtlOptionSpec;
  readonly value: string | null;
}

/**
 * The command line, read: global options, commands.
 *
 * @internal
 */
export interface CtlCommandLine {
  readonly options: readonly CtlGivenOption[];
  readonly commands: readonly (CtlInvocation & { readonly def: CtlCommandDef })[];
}

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/**
 * The long options that the commands' option strings (`"--if-exists,--columns="`) declare.
 *
 * @internal
 */
export function commandOptionSpecs(commands: readonly CtlCommandDef[]): CtlOptionSpec[] {
  const out: CtlOptionSpec[] = [];
  for (const c of commands) {
    for (const o of c.options.split(",")) {
      if (!o.startsWith("--")) continue;
      const m = /^--([^=?]+)([=?]?)$/.exec(o);
      if (m === null || out.some((x) => x.long === m[1])) continue;
      out.push({ long: m[1] as string, arg: m[2] === "=" ? "required" : m[2] === "?" ? "optional" : "none", id: "local" });
    }
  }
  return out;
}

/**
 * What `getopt_long` rejected.
 *
 * @internal
 */
export interface GetoptError {
  readonly kind: "unrecognized-long" | "ambiguous" | "no-arg-allowed" | "arg-required" | "invalid-short" | "short-arg-required";
  /** The argument as given (`argv[optind - 1]`). */
  readonly arg: string;
  /** The option's name (long without `--`, or the short letter). */
  readonly name: string;
  readonly candidates?: readonly string[];
}

/**
 * `getopt_long` with a `+` (POSIX) short option string: the options given and the index of the
 * first non-option argument; with the first error, the options before it.
 *
 * @internal
 */
export function getoptLong(argv: readonly string[], specs: readonly CtlOptionSpec[]): { options: CtlGivenOption[]; rest: number; error?: GetoptError } {
  const options: CtlGivenOption[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i] as string;
    if (a === "--") return { options, rest: i + 1 };
    if (!a.startsWith("-") || a === "-") break;
    i++;
    if (a.startsWith("--")) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const name = eq < 0 ? body : body.slice(0, eq);
      let spec = specs.find((s) => s.long === name);
      if (spec === undefined) {
        const cands = specs.filter((s) => s.long.startsWith(name));
        const first = cands[0];
        if (first === undefined) return { options, rest: i, error: { kind: "unrecognized-long", arg: a, name: body } };
        if (cands.some((c) => c.arg !== first.arg || c.id !== first.id)) {
          return { options, rest: i, error: { kind: "ambiguous", arg: a, name: body, candidates: cands.map((c) => c.long) } };
        }
        spec = first;
      }
      if (eq >= 0) {
        if (spec.arg === "none") return { options, rest: i, error: { kind: "no-arg-allowed", arg: a, name: spec.long } };
        options.push({ spec, value: body.slice(eq + 1) });
      } else if (spec.arg === "required") {
        if (i >= argv.length) return { options, rest: i, error: { kind: "arg-required", arg: a, name: spec.long } };
        options.push({ spec, value: argv[i++] as string });
      } else options.push({ spec, value: null });
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k] as string;
      const spec = specs.find((s) => s.short === c);
      if (spec === undefined) return { options, rest: i, error: { kind: "invalid-short", arg: a, name: c } };
      if (spec.arg === "none") {
        options.push({ spec, value: null });
        continue;
      }
      if (k + 1 < a.length) options.push({ spec, value: a.slice(k + 1) });
      else if (spec.arg === "optional") options.push({ spec, value: null });
      else if (i < argv.length) options.push({ spec, value: argv[i++] as string });
      else return { options, rest: i, error: { kind: "short-arg-required", arg: a, name: c } };
      break;
    }
  }
  return { options, rest: i };
}

/**
 * The message of a getopt error: as glibc prints it (ovs-vsctl, `style: "glibc"`, after
 * `program: `) or as ovn-nbctl / ovn-sbctl word it (`style: "ovn"`, `ovs_cmdl_parse_all`).
 *
 * @internal
 */
export function getoptMessage(e: GetoptError, style: "glibc" | "ovn"): string {
  if (style === "ovn") {
    switch (e.kind) {
      case "no-arg-allowed":
        return `option '${e.arg}' doesn't allow an argument`;
      case "arg-required":
      case "short-arg-required":
        return `option '${e.arg}' requires an argument`;
      case "invalid-short":
        return `unrecognized option '${e.name}'`;
      default:
        return `unrecognized option '${e.arg}'`;
    }
  }
  switch (e.kind) {
    case "unrecognized-long":
      return `unrecognized option '--${e.name}'`;
    case "ambiguous":
      return `option '--${e.name}' is ambiguous; possibilities:${(e.candidates ?? []).map((c) => ` '--${c}'`).join("")}`;
    case "no-arg-allowed":
      return `option '--${e.name}' doesn't allow an argument`;
    case "arg-required":
      return `option '--${e.name}' requires an argument`;
    case "invalid-short":
      return `invalid option -- '${e.name}'`;
    case "short-arg-required":
      return `option requires an argument -- '${e.name}'`;
  }
}

/** `parse_command`: one command and its leading options. */
function parseCommand(argv: readonly string[], inherited: Map<string, string | null>, commands: readonly CtlCommandDef[]): Result<CtlInvocation & { def: CtlCommandDef }> {
  const options = inherited;
  let i = 0;
  for (; i < argv.length; i++) {
    const o = argv[i] as string;
    if (!o.startsWith("-")) break;
    const eq = o.indexOf("=");
    const key = eq < 0 ? o : o.slice(0, eq);
    if (options.has(key)) return { ok: false, error: `'${o}' option specified multiple times` };
    options.set(key, eq < 0 ? null : o.slice(eq + 1));
  }
  if (i === argv.length) return { ok: false, error: "missing command name (use --help for help)" };
  const name = argv[i] as string;
  const def = commands.find((c) => c.name === name);
  if (def === undefined) return { ok: false, error: `unknown command '${name}'; use --help for help` };
  const names = [...options.keys()];
  for (const idx of smapIterationOrder(names)) {
    const opt = names[idx] as string;
    const value = options.get(opt);
    const at = def.options.indexOf(opt);
    const end = at < 0 ? "" : (def.options[at + opt.length] ?? "\0");
    if (at < 0 || !"=,? \0".includes(end)) return { ok: false, error: `'${name}' command has no '${opt}' option` };
    if (end !== "?" && (end === "=") !== (value !== null)) {
      return {
        ok: false,
        error: end === "=" ? `missing argument to '${opt}' option on '${name}' command` : `'${opt}' option on '${name}' does not accept an argument`,
      };
    }
  }
  const nArgs = argv.length - i - 1;
  if (nArgs < def.minArgs) return { ok: false, error: `'${def.name}' command requires at least ${def.minArgs} arguments` };
  if (nArgs > def.maxArgs) {
    const note = argv.slice(i + 1).some((a) => a.startsWith("-")) ? ` (note that options must precede command names and follow a "--" argument)` : "";
    return { ok: false, error: `'${def.name}' command takes at most ${def.maxArgs} arguments${note}` };
  }
  return { ok: true, value: { name, args: argv.slice(i + 1), options, def } };
}

/**
 * `ctl_parse_commands`: the commands after the global options (`local`: the command options
 * given among the global ones, which go to the first command).
 *
 * @internal
 */
export function parseCommands(argv: readonly string[], local: Map<string, string | null>, commands: readonly CtlCommandDef[]): Result<(CtlInvocation & { def: CtlCommandDef })[]> {
  const out: (CtlInvocation & { def: CtlCommandDef })[] = [];
  let pending = local;
  let start = 0;
  for (let i = 0; i <= argv.length; i++) {
    if (i < argv.length && argv[i] !== "--") continue;
    if (i > start) {
      const c = parseCommand(argv.slice(start, i), pending, commands);
      if (!c.ok) return c;
      out.push(c.value);
      pending = new Map();
    } else if (pending.size > 0) return { ok: false, error: "missing command name (use --help for help)" };
    start = i + 1;
  }
  if (out.length === 0) return { ok: false, error: "missing command name (use --help for help)" };
  return { ok: true, value: out };
}
