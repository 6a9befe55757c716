/**
 * Offline ovn-detrace: annotate an `ofproto/trace` (or a `dump-flows`) with OVN's objects, from
 * database files copied off a node, no live NB/SB needed. A thin example over ovskit's API.
 *
 *   npm run detrace -- --sb ovnsb_db.db [--nb ovnnb_db.db] [--ovs conf.db] [--style ovn-detrace] < trace.txt
 *   npm run detrace -- --lflow-list lflows.uuid.txt trace.txt
 *   npm run detrace -- --sb ovnsb_db.db --flows br-int.flows
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { annotateFlows, detrace, formatAnnotatedFlows, formatDetrace, isOvsParseError, parseFlows } from "ovskit";
import { loadOvnContext } from "ovskit/node";

function fail(message: string): never {
  process.stderr.write(`detrace: ${message}\n`);
  process.exit(1);
}

const { values: o, positionals } = parseArgs({
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
if (o.sb === undefined && o["lflow-list"] === undefined) fail("give --sb FILE (Southbound database) or --lflow-list FILE");
if (o.style !== "readable" && o.style !== "ovn-detrace") fail("--style is readable or ovn-detrace");

try {
  const ovn = await loadOvnContext({
    ...(o.sb !== undefined && { sb: o.sb }),
    ...(o.nb !== undefined && { nb: o.nb }),
    ...(o.ovs !== undefined && { ovs: o.ovs }),
    ...(o["lflow-list"] !== undefined && { lflowList: o["lflow-list"] }),
  });
  if (o.flows !== undefined) {
    process.stdout.write(formatAnnotatedFlows(annotateFlows(parseFlows(readFileSync(o.flows, "utf8")), ovn)));
  } else {
    const text = readFileSync(positionals[0] ?? 0, "utf8");
    process.stdout.write(formatDetrace(detrace(text, ovn), { style: o.style, ovn }));
  }
} catch (e) {
  fail(isOvsParseError(e) ? e.message : e instanceof Error ? e.message : String(e));
}
