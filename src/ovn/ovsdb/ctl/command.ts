/**
 * The shape of a ctl command: its syntax (name, argument counts, options, whether it writes),
 * and, for the commands ovskit runs, the checks made before any command runs (`pre`: unknown
 * tables and columns) and the run itself, which gives text or a table, or the tool's error.
 *
 * @module
 * @internal
 */
import type { CtlDb } from "./records.js";
import type { CtlTable } from "./table-format.js";

/**
 * One command of a command line: its name, its arguments and the options given to it
 * (`--columns` -> `"name,type"`, `--if-exists` -> `null`).
 *
 * @internal
 */
export interface CtlInvocation {
  readonly name: string;
  readonly args: readonly string[];
  readonly options: ReadonlyMap<string, string | null>;
}

/**
 * What a command printed, or why it failed (the message the tool prints after `tool: `, and
 * its exit status, 1 unless said).
 *
 * @internal
 */
export type CtlOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: true; readonly table: CtlTable }
  | { readonly ok: false; readonly error: string; readonly exitCode?: number; readonly silent?: boolean };

/**
 * Plain text output.
 *
 * @internal
 */
export const text = (t: string): CtlOutcome => ({ ok: true, text: t });

/**
 * A failure with the tool's message.
 *
 * @internal
 */
export const failure = (error: string, exitCode?: number): CtlOutcome => ({ ok: false, error, ...(exitCode === undefined ? {} : { exitCode }) });

/**
 * A command's syntax and, when ovskit runs it, its implementation. `options` is the tool's
 * option string (`"--if-exists,--columns="`); `rw` marks commands that change the database.
 *
 * @internal
 */
export interface CtlCommandDef {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly options: string;
  readonly rw: boolean;
  readonly pre?: (ctx: CtlDb, inv: CtlInvocation) => string | undefined;
  readonly run?: (ctx: CtlDb, inv: CtlInvocation) => CtlOutcome;
}

/**
 * A command syntax without an implementation (the tool has it; ovskit does not run it).
 *
 * @internal
 */
export function syntax(name: string, minArgs: number, maxArgs: number, options: string, rw: boolean): CtlCommandDef {
  return { name, minArgs, maxArgs, options, rw };
}

/**
 * `INT_MAX`, for commands that take any number of arguments.
 *
 * @internal
 */
export const MANY = 2147483647;
