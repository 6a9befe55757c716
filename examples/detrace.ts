/**
 * Offline ovn-detrace: annotate an `ofproto/trace` (or a `dump-flows`) with OVN's objects, from
 * database files copied off a node, no live NB/SB needed. A thin example over ovskit's API.
 *
 *   npm run detrace -- --sb ovnsb_db.db [--nb ovnnb_db.db] [--ovs conf.db] [--style ovn-detrace] < trace.txt
 *   npm run detrace -- --lflow-list lflows.uuid.txt trace.txt
 *   npm run detrace -- --sb ovnsb_db.db --flows br-int.flows
 */
import { parseArgs } from "node:util";
import { annotateFlows, detrace, formatAnnotatedFlows, formatDetrace, parseFlows } from "ovskit";
import { loadOvnContext, readInputText } from "ovskit/node";
import { CliError, UsageError, printHelp, runIfDirect, wantsHelp, wrongFormatHint } from "./cli-kit.js";

const USAGE = `Usage: ovskit detrace (--sb FILE | --lflow-list FILE) [options] [TRACE]
       ovskit detrace (--sb FILE | --lflow-list FILE) --flows FLOWS

Annotates an ofproto/trace (TRACE, or stdin when none or -) with the OVN objects behind each
OpenFlow cookie: logical flows, port bindings, NB ACLs / load balancers, OVS interfaces.

  --sb FILE           the Southbound database file (ovnsb_db.db; gzip read as such)
  --nb FILE           the Northbound database file (NB rows behind the logical flows)
  --ovs FILE          OVS's conf.db (interface names)
  --lflow-list FILE   "ovn-sbctl --uuid lflow-list" output, when there is no --sb
  --flows FILE        annotate an "ovs-ofctl dump-flows" output instead of a trace
  --style S           readable (default) or ovn-detrace (ovn-detrace's own layout)

Example (from a clone of ovskit):
  ovskit detrace --sb test/fixtures/ovn/ovnsb_db.db --nb test/fixtures/ovn/ovnnb_db.db test/fixtures/ovn/trace-acl-drop.txt
`;

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return printHelp(USAGE);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sb: { type: "string" },
        nb: { type: "string" },
        ovs: { type: "string" },
        "lflow-list": { type: "string" },
        flows: { type: "string" },
        style: { type: "string", default: "readable" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0] ?? String(e));
  }
  const { values: o, positionals } = parsed;
  if (o.sb === undefined && o["lflow-list"] === undefined) throw new UsageError("give --sb FILE (Southbound database) or --lflow-list FILE");
  if (o.style !== "readable" && o.style !== "ovn-detrace") throw new UsageError("--style is readable or ovn-detrace");
  if (positionals.length > 1) throw new UsageError(`one trace at a time (got ${positionals.join(", ")})`);
  const ovn = await loadOvnContext({
    ...(o.sb !== undefined && { sb: o.sb }),
    ...(o.nb !== undefined && { nb: o.nb }),
    ...(o.ovs !== undefined && { ovs: o.ovs }),
    ...(o["lflow-list"] !== undefined && { lflowList: o["lflow-list"] }),
  });
  if (o.flows !== undefined) {
    const text = await readInputText(o.flows);
    const hint = wrongFormatHint(text, ["openflow-flows"], o.flows);
    if (hint !== undefined) throw new CliError(hint);
    process.stdout.write(formatAnnotatedFlows(annotateFlows(parseFlows(text), ovn)));
    return 0;
  }
  const path = positionals[0] ?? "-";
  const text = await readInputText(path);
  const hint = wrongFormatHint(text, ["trace"], path === "-" ? "stdin" : path);
  if (hint !== undefined) throw new CliError(hint.endsWith("`ovskit openflow`") ? `${hint} (or \`ovskit detrace --flows FILE\` to annotate it)` : hint);
  process.stdout.write(formatDetrace(detrace(text, ovn), { style: o.style, ovn }));
  return 0;
}

runIfDirect(import.meta.url, "detrace", main);
