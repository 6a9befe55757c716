/**
 * ofparse: look at OpenFlow or datapath flow dumps from the command line, the way
 * `ovs-flowviz` does. A thin wrapper over the ovskit API: argument parsing and I/O only.
 *
 *   npm run ofparse -- openflow|datapath FORMAT [options]     (see HELP below, or --help)
 *
 * Exit status: 0 ok, 1 bad input, 2 bad usage or bad filter.
 */
import { statSync, writeFileSync } from "node:fs";
import {
  type CookieResolver, type DatapathFlow, type Issue as DumpIssue, type Flow, type FlowFilter, type OvsdbDatabase,
  compileFilter, groupFlowsByCookie, datapathSourcesJson, detraceCookieResolver, diffFlows, filterRecircTree, flowSetOf,
  flowsJson, hotDatapathFlows, hotFlows, isFilterError, lflowCookieResolver, groupFlowsByLogic, ovnContext, parseDatapathFlowStream,
  parseFlowStream, parseLogicalFlowDump, parseSourceArg, readOvsdbFile, recircTreeDot, renderCookieText,
  renderDatapathFlowsText, renderDatapathHtml, renderDiffText, renderFlowsText, renderHtml, renderLogicText,
  renderRecircTreeText, renderSummaryText, summarizeTables, tableGraph, tableGraphDot, toJsonText, useColor,
  type FilteredRecircNode, type FilteredRecircTree, type Filterable, filterFlows, formatFilterResult, recircNodeFlows,
} from "ovskit";
import { openInputStream, readInputBytes, readInputText } from "ovskit/node";
import { CliError as InputError, UsageError, errorExitCode, errorReport, programName, runIfDirect, wantsHelp, wrongFormatHint } from "./cli-kit.js";

const OF_FORMATS = ["console", "json", "html", "logic", "cookie", "dot", "summary", "diff"];
const DP_FORMATS = ["console", "json", "tree", "dot", "html"];


interface Options {
  kind: "openflow" | "datapath";
  format: string;
  inputs: { source: string; path: string }[];
  filter?: string;
  highlight?: string;
  heat?: "packets" | "bytes";
  top?: number;
  byCookie: boolean;
  showFlows: boolean;
  lflows?: string;
  sb?: string;
  color: "auto" | "always" | "never";
  lenient: boolean;
  quiet: boolean;
  output?: string;
}

function usage(): string {
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(HELP)?.[1] ?? "";
  return doc.replace(/^ \* ?/gm, "").trim() + "\n";
}
const HELP = `/**
 * Usage: ovskit openflow|datapath FORMAT [options]   (npm run ofparse -- openflow|datapath ...)
 *
 * FORMAT (openflow): console | json | html | logic | cookie | dot | summary | diff
 * FORMAT (datapath): console | json | tree | dot | html
 *
 *   -i, --input [ALIAS,]FILE    input (repeatable; stdin when none or -; gzip read as such); ALIAS names the node
 *   -f, --filter EXPR           keep only what matches (datapath tree: whole subtrees)
 *   -l, --highlight EXPR        highlight what matches
 *   --heat-map[=packets|bytes]  colour counters by heat
 *   --top N                     only the N hottest flows
 *   --by-cookie                 logic: one group per cookie
 *   --show-flows                logic / cookie: list each group's flows
 *   --lflows FILE               logic / cookie / html: name cookies from "ovn-sbctl --uuid lflow-list"
 *   --sb FILE                   logic / cookie / html: name cookies from a Southbound database file (detrace)
 *   --color auto|always|never   colours (auto: terminal, no NO_COLOR)
 *   --lenient                   bad lines are warnings (default: exit 1)
 *   -q, --quiet                 do not say on stderr how many flows were shown and why
 *   -o, --output FILE           write there instead of stdout
 *
 * diff takes two inputs: -i before.flows -i after.flows
 * Filter examples: 'nw_dst~=10.96.0.0/16 && n_packets>0', 'ct.zone=0', 'resubmit.table=8'
 * (every key: docs/filter-keys.md). Every view says on stderr how many flows it showed out of
 * how many, and why none when none ("0 of 20,914 flows matched ...").
 */`;

function parseArgs(argv: readonly string[]): Options {
  const rest = [...argv];
  const positional: string[] = [];
  const o: Partial<Options> & { inputs: { source: string; path: string }[] } = {
    inputs: [],
    byCookie: false,
    showFlows: false,
    color: "auto",
    lenient: false,
    quiet: false,
  };
  const value = (flag: string): string => {
    const v = rest.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (rest.length > 0) {
    const a = rest.shift() as string;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const val = (): string => inline ?? value(flag);
    switch (flag) {
      case "-i":
      case "--input":
        o.inputs.push(parseSourceArg(val()));
        break;
      case "-f":
      case "--filter":
        o.filter = val();
        break;
      case "-l":
      case "--highlight":
        o.highlight = val();
        break;
      case "--heat-map": {
        const m = inline ?? "packets";
        if (m !== "packets" && m !== "bytes") throw new UsageError(`--heat-map takes packets or bytes, not "${m}"`);
        o.heat = m;
        break;
      }
      case "--top": {
        const n = Number(val());
        if (!Number.isInteger(n) || n <= 0) throw new UsageError("--top needs a positive integer");
        o.top = n;
        break;
      }
      case "--by-cookie":
        o.byCookie = true;
        break;
      case "--show-flows":
        o.showFlows = true;
        break;
      case "--lflows":
        o.lflows = val();
        break;
      case "--sb":
        o.sb = val();
        break;
      case "--color": {
        const c = val();
        if (c !== "auto" && c !== "always" && c !== "never") throw new UsageError("--color takes auto, always or never");
        o.color = c;
        break;
      }
      case "--lenient":
        o.lenient = true;
        break;
      case "-q":
      case "--quiet":
        o.quiet = true;
        break;
      case "-o":
      case "--output":
        o.output = val();
        break;
      case "-h":
      case "--help":
        throw new UsageError("");
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  const [kind, format, extra] = positional;
  if (kind !== "openflow" && kind !== "datapath") throw new UsageError(`first argument must be openflow or datapath, not ${kind ?? "nothing"}`);
  const formats = kind === "openflow" ? OF_FORMATS : DP_FORMATS;
  if (format === undefined || !formats.includes(format)) {
    throw new UsageError(`${kind} formats are ${formats.join(", ")}${format === undefined ? "" : `, not "${format}"`}`);
  }
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (format === "diff" && o.inputs.length !== 2) throw new UsageError("diff needs exactly two inputs: -i BEFORE -i AFTER");
  return { ...o, kind, format } as Options;
}

/** A progress line on stderr for large inputs, when stderr is a terminal. */
function progress(label: string, size: number | undefined): { add(bytes: number, items: number): void; done(): void } {
  const on = process.stderr.isTTY === true && (size === undefined || size > 1 << 20);
  let bytes = 0;
  let items = 0;
  let last = 0;
  const draw = (): void => {
    const width = 30;
    const frac = size === undefined || size === 0 ? 0 : Math.min(1, bytes / size);
    const bar = size === undefined ? "" : `[${"#".repeat(Math.round(frac * width)).padEnd(width, ".")}] ${(frac * 100).toFixed(0).padStart(3)}% `;
    process.stderr.write(`\r${label}: ${bar}${(bytes / 1048576).toFixed(1)} MiB, ${items} flows`);
  };
  return {
    add(b, n) {
      bytes += b;
      items += n;
      const now = Date.now();
      if (on && now - last > 100) {
        last = now;
        draw();
      }
    },
    done() {
      if (on) {
        draw();
        process.stderr.write("\n");
      }
    },
  };
}

async function* counted(src: AsyncIterable<string | Uint8Array>, onBytes: (n: number) => void, head?: { text: string }): AsyncGenerator<string | Uint8Array> {
  for await (const chunk of src) {
    onBytes(chunk.length);
    if (head !== undefined && head.text.length < 8192) head.text += typeof chunk === "string" ? chunk.slice(0, 8192) : new TextDecoder().decode(chunk.subarray(0, 8192));
    yield chunk;
  }
}

async function readInput<T>(
  input: { source: string; path: string },
  parse: (src: AsyncIterable<string | Uint8Array>) => AsyncGenerator<{ type: "flow"; flow: T } | { type: "issue"; issue: DumpIssue }>,
  lenient: boolean,
): Promise<T[]> {
  const stdin = input.path === "-";
  let size: number | undefined;
  if (!stdin) {
    try {
      size = statSync(input.path).size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(`${input.path}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? String(e)})`}`);
    }
  }
  const name = stdin ? "stdin" : input.path;
  const bar = progress(name, size);
  const stream = openInputStream(input.path);
  const head = { text: "" };
  const flows: T[] = [];
  let pending = 0;
  for await (const item of parse(counted(stream, (n) => bar.add(n, 0), head))) {
    if (item.type === "flow") {
      flows.push(item.flow);
      if (++pending === 4096) {
        bar.add(0, pending);
        pending = 0;
      }
      continue;
    }
    const is = item.issue;
    const where = `${name}:${is.line}:${is.column}`;
    if (is.severity === "error" && !lenient) {
      bar.done();
      const hint = wrongFormatHint(head.text, [parseName === "OpenFlow" ? "openflow-flows" : "datapath-flows"], name);
      if (hint !== undefined) throw new InputError(hint);
      throw new InputError(`${where}: ${is.message}\n  ${is.text.slice(0, 160)}\n(use --lenient to skip bad lines)`);
    }
    process.stderr.write(`${programName("ofparse")}: ${is.severity}: ${where}: ${is.message}\n`);
  }
  bar.add(0, pending);
  bar.done();
  if (flows.length === 0) {
    throw new InputError(wrongFormatHint(head.text, [parseName === "OpenFlow" ? "openflow-flows" : "datapath-flows"], name) ?? `no ${parseName} flows in ${name}`);
  }
  return flows;
}
let parseName = "";

function compile(expr: string | undefined, what: string, target: "openflow" | "datapath"): FlowFilter | undefined {
  if (expr === undefined) return undefined;
  try {
    return compileFilter(expr, { target });
  } catch (e) {
    if (isFilterError(e)) throw new UsageError(`bad ${what} at line ${e.line}, column ${e.column}: ${e.reason}\n  ${e.excerpt.replace("\n", "\n  ")}`);
    throw e;
  }
}

const count = (n: number): string => n.toLocaleString("en-US");

/** The flows a view shows of one input (the filter, then --top) and the sentence that says so. */
function select<F extends Filterable>(
  all: readonly F[],
  filter: FlowFilter | undefined,
  top: { n: number; by: "packets" | "bytes"; counter: (f: F) => bigint | undefined; pick: (flows: readonly F[]) => F[] } | undefined,
  noun: string,
): { flows: F[]; note: string } {
  let flows = [...all];
  let note = "";
  if (filter !== undefined) {
    const r = filterFlows(all, filter);
    flows = [...r.items];
    note = formatFilterResult(r);
    if (flows.length === 0) return { flows, note };
  }
  if (top === undefined) return { flows, note: note === "" ? `showing all ${count(all.length)} ${noun}` : note };
  const picked = top.pick(flows);
  const these = filter === undefined ? `these ${count(flows.length)} ${noun}` : `the ${count(flows.length)} that matched`;
  let why: string;
  if (picked.length > 0) {
    const few = picked.length < top.n ? ` (only ${count(picked.length)} have ${top.by} > 0)` : "";
    why = `showing the ${count(picked.length)} hottest by ${top.by}${few}`;
  } else if (flows.every((f) => top.counter(f) === undefined)) {
    why = `no counters in ${these} (a --no-stats dump?): --top shows nothing`;
  } else {
    why = `all ${top.by === "bytes" ? "byte" : "packet"} counters are 0 in ${these}: --top shows nothing`;
  }
  return { flows: picked, note: note === "" ? `${count(picked.length)} of ${count(all.length)} ${noun}: ${why}` : `${note}; ${why}` };
}

/** The flows of the nodes a filtered recirculation tree keeps, each once, and how many nodes. */
function treeFlows<F extends DatapathFlow>(t: FilteredRecircTree<F>): { flows: F[]; nodes: number } {
  const seen = new Set<number>();
  const flows: F[] = [];
  const walk = (n: FilteredRecircNode): void => {
    if (seen.has(n.node)) return;
    seen.add(n.node);
    const node = t.tree.nodes[n.node];
    if (node !== undefined) flows.push(...recircNodeFlows(node));
    for (const c of n.children) walk(c);
  };
  for (const r of t.roots) walk(r);
  return { flows, nodes: seen.size };
}

async function run(o: Options, say: (line: string) => void): Promise<string> {
  const filter = compile(o.filter, "filter", o.kind);
  const highlight = compile(o.highlight, "highlight", o.kind);
  const color = useColor({
    isTTY: o.output === undefined && process.stdout.isTTY === true,
    env: process.env,
    force: o.color === "auto" ? undefined : o.color === "always",
  });
  const inputs = o.inputs.length > 0 ? o.inputs : [{ source: "stdin", path: "-" }];
  const metric = o.heat ?? "packets";
  parseName = o.kind === "openflow" ? "OpenFlow" : "datapath";

  if (o.kind === "datapath") {
    // Recirculation ids and port numbers are per node: each input is its own tree / list.
    const perInput: [string, DatapathFlow[]][] = [];
    for (const i of inputs) perInput.push([i.source, await readInput(i, (s) => parseDatapathFlowStream(s), o.lenient)]);
    const several = perInput.length > 1;
    if (o.format === "html" && several) throw new UsageError("datapath html takes one input (recirculation ids are per node)");
    const outs: string[] = [];
    const jsonInputs: { source: string; flows: DatapathFlow[] }[] = [];
    for (const [source, all] of perInput) {
      const header = several ? (o.format === "dot" ? "" : `## ${source}\n`) : "";
      const from = several ? `${source}: ` : "";
      if (o.format === "tree" || o.format === "dot" || o.format === "html") {
        const tree = filterRecircTree(all, filter === undefined ? undefined : (f) => filter.matchDatapath(f));
        const shown = treeFlows(tree);
        const where = `${count(shown.flows.length)} flows in ${count(shown.nodes)} recirculation nodes`;
        if (filter === undefined) say(`${from}showing ${count(shown.flows.length)} of ${count(all.length)} datapath flows (${count(shown.nodes)} recirculation nodes)`);
        else {
          const r = filterFlows(all, filter);
          say(`${from}${formatFilterResult(r)}${r.matched > 0 ? `; the tree shows them with their recirculation paths and subtrees: ${where}` : ""}`);
        }
        if (o.top !== undefined) say(`${from}--top does not apply to the ${o.format} view: every kept flow is shown`);
        if (highlight !== undefined && shown.flows.length > 0) say(`${from}highlight: ${formatFilterResult(filterFlows(shown.flows, highlight))}`);
        const hlTree = highlight ?? filter;
        if (o.format === "dot") outs.push(recircTreeDot(tree));
        else if (o.format === "html") return renderDatapathHtml(tree, { title: `ofparse: ${source}`, ...(hlTree ? { highlight: hlTree } : {}) });
        else outs.push(header + renderRecircTreeText(tree, { color, ...(hlTree ? { highlight: hlTree } : {}) }));
        continue;
      }
      const counter = (f: DatapathFlow): bigint | undefined => (metric === "bytes" ? f.bytes : f.packets);
      const n = o.top;
      const pick = (list: readonly DatapathFlow[]): DatapathFlow[] => hotDatapathFlows(list, { by: metric, top: n ?? list.length });
      const sel = select(all, filter, n === undefined ? undefined : { n, by: metric, counter, pick }, "datapath flows");
      const flows = sel.flows;
      say(from + sel.note);
      if (highlight !== undefined && flows.length > 0) say(`${from}highlight: ${formatFilterResult(filterFlows(flows, highlight))}`);
      if (o.format === "json") {
        jsonInputs.push({ source, flows });
        continue;
      }
      outs.push(header + renderDatapathFlowsText(flows, { color, ...(highlight ? { highlight } : {}), ...(o.heat ? { heatMap: o.heat } : {}) }));
    }
    if (o.format === "json") return toJsonText(datapathSourcesJson(jsonInputs, highlight === undefined ? {} : { highlight }));
    return outs.join(o.format === "dot" ? "\n" : "");
  }

  const perInput: [string, Flow[]][] = [];
  const n = o.top;
  const counter = (f: Flow): bigint | undefined => (metric === "bytes" ? f.nBytes : f.nPackets);
  const top = n === undefined ? undefined : { n, by: metric, counter, pick: (list: readonly Flow[]) => hotFlows(list, { by: metric, top: n }) };
  for (const i of inputs) {
    const sel = select(await readInput(i, (s) => parseFlowStream(s), o.lenient), filter, top, "flows");
    say((inputs.length > 1 ? `${i.source}: ` : "") + sel.note);
    if (highlight !== undefined && o.format !== "diff" && sel.flows.length > 0) {
      say(`${inputs.length > 1 ? `${i.source}: ` : ""}highlight: ${formatFilterResult(filterFlows(sel.flows, highlight))}`);
    }
    perInput.push([i.source, sel.flows]);
  }
  if (o.format === "diff") {
    const d = diffFlows((perInput[0] as [string, Flow[]])[1], (perInput[1] as [string, Flow[]])[1]);
    return renderDiffText(d, { color });
  }
  let resolveCookie: CookieResolver | undefined;
  if (o.sb !== undefined) {
    let sb: OvsdbDatabase;
    try {
      sb = readOvsdbFile(await readInputBytes(o.sb));
    } catch (e) {
      throw new InputError(`cannot read the Southbound database ${o.sb}: ${e instanceof Error ? e.message : String(e)}`);
    }
    resolveCookie = detraceCookieResolver(ovnContext(o.lflows === undefined ? { sb } : { sb, lflowList: await readInputText(o.lflows) }));
  } else if (o.lflows !== undefined) {
    const text = await readInputText(o.lflows);
    const dump = parseLogicalFlowDump(text);
    const bad = dump.issues.find((i) => i.severity === "error");
    if (bad !== undefined && !o.lenient) throw new InputError(`${o.lflows}:${bad.line}:${bad.column}: ${bad.message}`);
    if (!dump.items.some((f) => f.uuidPrefix !== undefined)) throw new InputError(`${o.lflows}: no uuid= in the logical flows (list them with ovn-sbctl --uuid lflow-list)`);
    resolveCookie = lflowCookieResolver(dump.items);
  }
  const join = resolveCookie === undefined ? {} : { resolveCookie };
  const set = flowSetOf(perInput);
  const all = set.flows.map((s) => s.flow);
  const hl = highlight === undefined ? {} : { highlight };
  switch (o.format) {
    case "json":
      return toJsonText(flowsJson(inputs.length > 1 ? set : all, hl));
    case "html":
      return renderHtml(inputs.length > 1 ? set : all, { ...hl, ...(o.heat ? { heatMap: o.heat } : {}), title: `ofparse: ${inputs.map((i) => i.source).join(", ")}`, ...join });
    case "logic":
      return renderLogicText(groupFlowsByLogic(all, { byCookie: o.byCookie, ...join }), { color, showFlows: o.showFlows });
    case "cookie":
      return renderCookieText(groupFlowsByCookie(all, join), { color, showFlows: o.showFlows });
    case "dot":
      return tableGraphDot(tableGraph(all));
    case "summary":
      return renderSummaryText(summarizeTables(all), { color });
    default:
      return renderFlowsText(inputs.length > 1 ? set : all, { color, ...hl, ...(o.heat ? { heatMap: o.heat } : {}) });
  }
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(usage());
    return 0;
  }
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message === "") {
      process.stdout.write(usage());
      return 0;
    }
    process.stderr.write(errorReport(e, "ofparse"));
    return 2;
  }
  try {
    const out = await run(o, (line) => {
      if (!o.quiet) process.stderr.write(`${programName("ofparse")}: ${line}\n`);
    });
    if (o.output !== undefined) writeFileSync(o.output, out);
    else process.stdout.write(out);
    return 0;
  } catch (e) {
    process.stderr.write(errorReport(e, "ofparse"));
    return errorExitCode(e);
  }
}

runIfDirect(import.meta.url, "ofparse", main);
