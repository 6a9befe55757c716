/**
 * groups: read an `ovs-ofctl dump-groups` output (plain or gzip, or stdin) and print it in
 * canonical form or as JSON. A thin wrapper over `parseGroupDump`.
 *
 *   ovskit groups [console|json] [-i FILE] [--lenient]
 */
import { formatGroup, parseGroupDump, toJson } from "ovskit";
import { readInputText } from "ovskit/node";
import { CliError, UsageError, printHelp, programName, runIfDirect, wantsHelp, wrongFormatHint } from "./cli-kit.js";

const USAGE = `Usage: ovskit groups [console|json] [-i FILE] [--lenient]

Reads an "ovs-ofctl dump-groups" output (FILE, or stdin when none or -; gzip read as such).
  console   one group per line, in ovs-ofctl's canonical form (default)
  json      { groups, issues, accounting } as lossless JSON (64-bit numbers as {"$bigint": "..."})
  -i, --input FILE   the dump
  --lenient          bad lines are warnings on stderr (default: the first one is an error, exit 1)

Example (from a clone of ovskit):
  ovskit groups console -i test/fixtures/openflow/ovn-br-int.of15.groups
`;

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return printHelp(USAGE);
  let input = "-";
  let lenient = false;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "-i" || a === "--input") {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      input = v;
    } else if (a.startsWith("--input=")) input = a.slice(8);
    else if (a === "--lenient") lenient = true;
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [format = "console", extra] = positional;
  if (format !== "console" && format !== "json") throw new UsageError(`groups formats are console and json, not "${format}"`);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const name = input === "-" ? "stdin" : input;
  const text = await readInputText(input);
  const dump = parseGroupDump(text);
  const firstError = dump.issues.find((i) => i.severity === "error");
  if ((firstError !== undefined && !lenient) || dump.groups.length === 0) {
    const hint = wrongFormatHint(text, ["openflow-groups"], name);
    if (hint !== undefined) throw new CliError(hint);
  }
  if (firstError !== undefined && !lenient) {
    throw new CliError(`${name}:${firstError.line}:${firstError.column}: ${firstError.message}\n  ${firstError.text.slice(0, 160)}\n(use --lenient to skip bad lines)`);
  }
  for (const i of dump.issues) process.stderr.write(`${programName("groups")}: ${i.severity}: ${name}:${i.line}:${i.column}: ${i.message}\n`);
  if (dump.groups.length === 0) throw new CliError(`no groups in ${name} (${dump.accounting.lines} lines)`);
  if (format === "json") process.stdout.write(`${toJson(dump)}\n`);
  else for (const g of dump.groups) process.stdout.write(`${formatGroup(g)}\n`);
  return 0;
}

runIfDirect(import.meta.url, "groups", main);
