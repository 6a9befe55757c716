/**
 * What every example CLI shares (not part of the library): the exit codes, usage errors, the
 * one-line error report, `--help` detection, the "wrong kind of file" hint, and running an
 * example directly (`npm run ofparse -- ...`) or through the `ovskit` command.
 *
 * Exit codes, the same for every command:
 *   0  ok
 *   1  bad input or a runtime failure (missing file, parse error, unreachable server, ...)
 *   2  usage: unknown command or option, a missing or bad argument, a bad filter expression
 *   3  ovskit perf only: no metric could be collected (the connection works, the data is not there)
 *   4  ovskit perf only: the report's status is critical (compare: a regression over the threshold)
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type DumpFormat, describeDumpFormat, detectDumpFormat, isOvskitError } from "ovskit";

/** The exit codes documented above. */
export const EXIT = { ok: 0, failure: 1, usage: 2, nothing: 3, critical: 4 } as const;

/** A usage mistake: exit 2, with a pointer to `--help`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure whose message is already clear: exit 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Set by the `ovskit` command or by a direct run; unset when a test calls an example's main(). */
let program: string | undefined;
let debug = process.env.OVSKIT_DEBUG === "1";

/** The name messages start with: `ovskit` through the command, the example's name through npm run (and `fallback` when neither set it). */
export function programName(fallback = "ovskit"): string {
  return program ?? fallback;
}

let command: string | undefined;

/** The `ovskit` subcommand running (for "ovskit perf --help for usage"). */
export function setCommand(name: string): void {
  command = name;
}

/** Sets the program name and removes `--debug` (stack traces on errors) from `argv`. */
export function setProgram(name: string, argv: readonly string[]): string[] {
  program = name;
  const rest = argv.filter((a) => a !== "--debug");
  if (rest.length !== argv.length) debug = true;
  return rest;
}

/** True when `--help` or `-h` is among the arguments (before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

/** Prints usage on stdout; returns exit code 0. */
export function printHelp(text: string): number {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return EXIT.ok;
}

/** The `ovskit` command that reads a kind of file, and a note after it. */
const COMMAND_FOR: Partial<Record<DumpFormat, readonly [command: string, note: string]>> = {
  "openflow-flows": ["ovskit openflow", ""],
  "openflow-groups": ["ovskit groups", ""],
  "datapath-flows": ["ovskit datapath", ""],
  trace: ["ovskit detrace --sb SB.db TRACE", " (or --lflow-list FILE)"],
  "lflow-list": ["ovskit openflow logic --lflows FILE", " to name the cookies of a flow dump"],
  ovsdb: ["ovskit detrace --sb FILE", " (or ovskit openflow cookie --sb FILE)"],
  prometheus: ["ovskit perf", " (it queries Prometheus' HTTP API, not /metrics text)"],
};

/**
 * When `text` looks like another kind of file than `expected`, the sentence that says so
 * ("FILE looks like a datapath flow dump (...): use `ovskit datapath`"); else `undefined`.
 */
export function wrongFormatHint(text: string, expected: readonly DumpFormat[], name: string): string | undefined {
  const found = detectDumpFormat(text);
  if (found === "unknown" || expected.includes(found)) return undefined;
  const use = COMMAND_FOR[found];
  return `${name} looks like ${describeDumpFormat(found)}${use === undefined ? "" : `: use \`${use[0]}\`${use[1]}`}`;
}

/** Exits quietly when stdout is closed early (`ovskit ... | head`). */
export function quietOnBrokenPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

/** The one line (or, with `--debug`, the stack) that reports an error. */
export function errorReport(e: unknown, fallback = "ovskit"): string {
  const program = programName(fallback);
  if (debug && e instanceof Error && e.stack !== undefined) return `${program}: ${e.stack}\n`;
  const message = e instanceof Error ? e.message : String(e);
  // Known errors may carry an excerpt on the following lines; unknown ones give their first line.
  const known = e instanceof UsageError || e instanceof CliError || isOvskitError(e);
  const text = known ? message : (message.split("\n")[0] ?? message);
  const hint = e instanceof UsageError && !text.includes("\n") ? ` (${program === "ovskit" ? `ovskit ${command ?? "COMMAND"}` : program} --help for usage)` : "";
  return `${program}: ${text}${hint}${!known && !debug ? " [--debug for details]" : ""}\n`;
}

/** The exit code of an error: 2 for usage errors, else 1. */
export function errorExitCode(e: unknown): number {
  return e instanceof UsageError ? EXIT.usage : EXIT.failure;
}

/**
 * Runs an example's `main` when its file is the script Node was started with (through tsx;
 * never inside the bundled `ovskit` command): `npm run NAME -- args`. Relative paths are the
 * user's: under `npm run`, the directory npm was started from (INIT_CWD).
 */
export function runIfDirect(metaUrl: string, name: string, main: (argv: string[]) => Promise<number>): void {
  const self = fileURLToPath(metaUrl);
  const script = process.argv[1];
  if (script === undefined || !self.endsWith(".ts")) return;
  let same: boolean;
  try {
    same = realpathSync(script) === realpathSync(self);
  } catch {
    same = false;
  }
  if (!same) return;
  const initCwd = process.env.INIT_CWD;
  if (initCwd !== undefined && process.env.npm_lifecycle_event !== undefined) {
    try {
      process.chdir(initCwd);
    } catch {
      // keep the current directory
    }
  }
  const argv = setProgram(name, process.argv.slice(2));
  quietOnBrokenPipe();
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(errorReport(e));
      process.exitCode = errorExitCode(e);
    },
  );
}
