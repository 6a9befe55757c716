#!/usr/bin/env node
/**
 * The `ovskit` command: one table of subcommands, each dispatched to an example of examples/
 * (bundled into dist/cli/ by tsup, importing the library as the installed package "ovskit").
 * Adding a command is one line in COMMANDS.
 */
import { EXIT, errorExitCode, errorReport, printHelp, quietOnBrokenPipe, setCommand, setProgram } from "../examples/cli-kit.js";

interface Command {
  /** One line for `ovskit --help`. */
  readonly summary: string;
  /** Loads the example (lazily: `ovskit --help` loads none). */
  readonly load: () => Promise<{ main(argv: string[]): Promise<number> }>;
  /** Arguments put before the user's (e.g. `openflow` for ofparse). */
  readonly prefix?: readonly string[];
}

const ofparse = () => import("../examples/ofparse.js");
const perf = () => import("../examples/ovs-perf.js");

const COMMANDS: Readonly<Record<string, Command>> = {
  openflow: { summary: "OpenFlow flow dumps (ovs-ofctl dump-flows): console, json, html, logic, cookie, dot, summary, diff", load: ofparse, prefix: ["openflow"] },
  datapath: { summary: "datapath flow dumps (ovs-appctl dpctl/dump-flows): console, json, tree, dot, html", load: ofparse, prefix: ["datapath"] },
  groups: { summary: "OpenFlow group dumps (ovs-ofctl dump-groups): console, json", load: () => import("../examples/groups.js") },
  trace: { summary: "simulate ofproto/trace offline (sos report, ovs-save dir or dump files) and explain the verdict", load: () => import("../examples/trace.js") },
  detrace: { summary: "annotate an ofproto/trace (or a flow dump) with OVN's logical flows, offline", load: () => import("../examples/detrace.js") },
  offline: { summary: "summary of a sos report, an ovs-save directory or a directory of flow dumps", load: () => import("../examples/offline.js") },
  perf: { summary: "which node's OVS is in trouble, from Prometheus / Thanos (instant, duration, metric, monitor, compare)", load: perf },
  rules: { summary: "the metrics.yaml thresholds as Prometheus alerting rules (= perf rules)", load: perf, prefix: ["rules"] },
  dashboard: { summary: "the metrics.yaml metrics as a Grafana dashboard (= perf dashboard)", load: perf, prefix: ["dashboard"] },
  "flow-export": { summary: "NetFlow / sFlow / IPFIX: render the OVS settings of a config, or collect and decode", load: () => import("../examples/flow-export.js") },
  replica: { summary: "a local replica of a collected node with the real OVS / OVN daemons", load: () => import("../examples/replica.js") },
  ctl: { summary: "ovn-nbctl / ovn-sbctl / ovs-vsctl read-only commands on database files, no server", load: () => import("../examples/ctl.js") },
  nbctl: { summary: "= ctl nbctl: ovn-nbctl on a Northbound database file (--nb FILE)", load: () => import("../examples/ctl.js"), prefix: ["nbctl"] },
  sbctl: { summary: "= ctl sbctl: ovn-sbctl on a Southbound database file (--sb FILE)", load: () => import("../examples/ctl.js"), prefix: ["sbctl"] },
  vsctl: { summary: "= ctl vsctl: ovs-vsctl on a conf.db file (--ovs FILE)", load: () => import("../examples/ctl.js"), prefix: ["vsctl"] },
  demo: { summary: "the quick-start tour on the data bundled with the source repository", load: () => import("../examples/demo.js") },
};

/** Subcommands of `offline` that are commands of their own. */
const OFFLINE_ALIASES: ReadonlySet<string> = new Set(["replica", "nbctl", "sbctl", "vsctl"]);

const USAGE = `Usage: ovskit COMMAND [options]   (ovskit COMMAND --help for the options of one)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join("\n")}

(ovskit offline replica|nbctl|sbctl|vsctl ... = ovskit replica|nbctl|sbctl|vsctl ...)
Options of every command: -h, --help (usage, exit 0); --debug (stack traces on errors).
Files: relative paths are relative to the current directory; gzip files are read as such
(recognised by their content); "-" or no input reads stdin where a command takes a dump.
Exit codes: 0 ok; 1 bad input or runtime failure; 2 usage error; perf only: 3 no metric
collected, 4 status critical (compare: regressions).
`;

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length] as number;
}

async function run(argv: string[]): Promise<number> {
  const args = setProgram("ovskit", argv);
  const [name, ...rest] = args;
  if (name === undefined) {
    process.stderr.write(`ovskit: give a command\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] !== undefined && COMMANDS[rest[0]] !== undefined) return run([rest[0], "--help"]);
    return printHelp(USAGE);
  }
  if (name === "--version" || name === "-V") {
    const { createRequire } = await import("node:module");
    process.stdout.write(`${(createRequire(import.meta.url)("ovskit/package.json") as { version: string }).version}\n`);
    return EXIT.ok;
  }
  // The names of the ovs-offline tutorial: `ovskit offline replica DIR` is `ovskit replica DIR`,
  // `ovskit offline nbctl ...` is `ovskit nbctl ...` (and sbctl, vsctl).
  if (name === "offline" && rest[0] !== undefined && OFFLINE_ALIASES.has(rest[0])) return run([rest[0], ...rest.slice(1)]);
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    const known = Object.keys(COMMANDS);
    const near = known.find((k) => editDistance(k, name) <= 2);
    process.stderr.write(`ovskit: unknown command "${name}"${near === undefined ? "" : ` (did you mean ${near}?)`}; commands: ${known.join(", ")}\n`);
    return EXIT.usage;
  }
  setCommand(name);
  const example = await cmd.load();
  return example.main([...(cmd.prefix ?? []), ...rest]);
}

quietOnBrokenPipe();
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(errorReport(e));
    process.exitCode = errorExitCode(e);
  },
);
