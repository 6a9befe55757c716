/**
 * Comparing what ovskit's offline ctl prints with what the real tool printed. Byte for byte,
 * except where the real tool's order comes from its hash table (the rows of `list` without
 * records and of `find`; the switches and routers of `ovn-nbctl show`; the chassis of
 * `ovn-sbctl show` and the port bindings under each; the `--vflows` sections): there the rows
 * are compared as multisets, and everything else (headings, widths, the rows themselves) still
 * byte for byte.
 */

/** How a case's output is compared. */
export type CtlOrder = "exact" | "rows" | "lines" | "nb-show" | "sb-show" | "vflows";

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** Splits text after its first `n` lines. */
function headLines(text: string, n: number): [string, string[]] {
  const lines = text.split("\n");
  return [lines.slice(0, n).join("\n"), lines.slice(n)];
}

/** A canonical form of a table output whose rows (of `columns` cells) are in hash order. */
function rowsCanon(text: string, args: readonly string[], columns: number): string {
  const fmt = formatOf(args);
  if (fmt === "json") {
    const j = JSON.parse(text) as { headings: unknown; data: unknown[] };
    return JSON.stringify({ headings: j.headings, data: sorted(j.data.map((r) => JSON.stringify(r))) });
  }
  if (fmt === "table") {
    const headings = !args.includes("--no-headings");
    const [head, rest] = headLines(text, headings ? 2 : 0);
    return `${head}\n${sorted(rest).join("\n")}`;
  }
  if (fmt === "csv") {
    const headings = !args.includes("--no-headings");
    const [head, rest] = headLines(text, headings ? 1 : 0);
    return `${head}\n${sorted(rest).join("\n")}`;
  }
  if (fmt === "html") {
    const body = text.endsWith("</table>\n") ? text.slice(0, -"</table>\n".length) : text;
    const [head, ...rows] = body.split("  <tr>\n");
    return [head, ...sorted(rows)].join("  <tr>\n");
  }
  // list (also --bare): one line per cell, records separated by an empty line
  const lines = text.split("\n");
  if (lines.pop() !== "") throw new Error("list output does not end with a newline");
  const records: string[] = [];
  for (let i = 0; i < lines.length; i += columns + 1) {
    if (i > 0 && lines[i - 1] !== "") throw new Error("records are not separated by an empty line");
    records.push(lines.slice(i, i + columns).join("\n"));
  }
  return sorted(records).join("\n\n");
}

/** The value of --format / -f (the last one given), or what --bare implies. */
function formatOf(args: readonly string[]): string {
  let f = "list";
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("--format=")) f = a.slice(9);
    else if (a === "--format" || a === "-f") f = args[i + 1] ?? f;
    else if (a.startsWith("-f") && a.length > 2) f = a.slice(2);
    else if (a === "--bare") f = "list";
  }
  return f;
}

/** Top-level blocks: a line that does not start with a space begins one. */
function blocks(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (!line.startsWith(" ") || out.length === 0) out.push(`${line}\n`);
    else out[out.length - 1] += `${line}\n`;
  }
  return out;
}

function nbShowCanon(text: string): string {
  const b = blocks(text);
  const switches = b.filter((x) => x.startsWith("switch "));
  const routers = b.filter((x) => x.startsWith("router "));
  const switchesFirst = b.findIndex((x) => x.startsWith("router ")) < 0 || b.slice(b.findIndex((x) => x.startsWith("router "))).every((x) => x.startsWith("router "));
  return JSON.stringify({ switches: sorted(switches), routers: sorted(routers), switchesFirst, other: b.length - switches.length - routers.length });
}

function sbShowCanon(text: string): string {
  const b = blocks(text).map((block) => {
    const lines = block.split("\n").filter((l) => l !== "");
    const pbs = lines.filter((l) => /^ {4}Port_Binding /.test(l));
    const rest = lines.filter((l) => !/^ {4}Port_Binding /.test(l));
    const lastRest = lines.lastIndexOf(rest[rest.length - 1] as string);
    const pbsLast = pbs.every((l) => lines.indexOf(l) > lastRest);
    return JSON.stringify({ rest, pbs: sorted(pbs), pbsLast });
  });
  return JSON.stringify(sorted(b));
}

function vflowsCanon(text: string): string {
  const parts = text.split(/\n(?=(?:Port Bindings|MAC Bindings|MC Groups|Chassis|Load Balancers):\n)/);
  const head = parts.shift() ?? "";
  return JSON.stringify([
    head,
    ...parts.map((p) => {
      const [title, ...rest] = p.split("\n");
      if (title === "Load Balancers:") return `${title}\n${sorted(rest.join("\n").split(/\n(?=  (?:uuid=0x[0-9a-f]+, )?name=")/)).join("\n")}`;
      return `${title}\n${sorted(rest).join("\n")}`;
    }),
  ]);
}

/** The form of `text` that is compared for a case run with `args` and `order`. */
export function canonical(text: string, order: CtlOrder, args: readonly string[], columns = 1): string {
  switch (order) {
    case "exact":
      return text;
    case "rows":
      return rowsCanon(text, args, columns);
    case "lines":
      return sorted(text.split("\n")).join("\n");
    case "nb-show":
      return nbShowCanon(text);
    case "sb-show":
      return sbShowCanon(text);
    case "vflows":
      return vflowsCanon(text);
  }
}

/**
 * Whether two outputs agree for a case (exactly, or as multisets of rows where `order` says;
 * `columns`: the cells per row of a `list` / `find` output).
 */
export function sameOutput(ours: string, theirs: string, order: CtlOrder, args: readonly string[], columns = 1): boolean {
  if (ours === theirs) return true;
  if (order === "exact") return false;
  try {
    return canonical(ours, order, args, columns) === canonical(theirs, order, args, columns);
  } catch {
    return false;
  }
}

/**
 * Whether two stderr texts agree. The one message whose content comes from the hash order
 * (`TABLE contains 2 or more rows whose UUIDs begin with P: at least A and B`) is compared with
 * A and B as a set.
 */
export function sameStderr(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  const norm = (s: string) => s.replace(/(whose UUIDs begin with \S+: at least )(\S+) and (\S+)$/m, (_m, p: string, a: string, b: string) => `${p}${[a, b].sort().join(" and ")}`);
  return norm(ours) === norm(theirs);
}
