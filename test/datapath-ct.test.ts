/**
 * Datapath `ct(...)`: the typed fields hold the action, and its node keeps only its name, when
 * printing the fields in OVS's order (lib/odp-util.c, format_odp_conntrack_action) gives back
 * the exact text; any other spelling keeps its whole node (issue 16: 27.7x the text held for a
 * line of `ct(zone=5,nat),` before, see test/huge-line-memory.test.ts). Either way the action
 * prints back exactly.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DpCtAction, formatDatapathAction, formatDatapathActions, formatOdpNode, fromJson, parseDatapathActions, parseOdpNode, toJson } from "../src/index.js";
import { FIXTURES } from "./helpers/fixtures.js";

/** Every `ct` action (with its arguments) in a datapath action list: `actions:...` / `Datapath actions: ...`. */
function ctTexts(actions: string): string[] {
  const out: string[] = [];
  for (let i = actions.indexOf("ct"); i >= 0; i = actions.indexOf("ct", i + 2)) {
    const before = i === 0 ? "," : actions[i - 1];
    if (before !== "," && before !== "(" && before !== " ") continue;
    let end = i + 2;
    if (actions[end] === "(") {
      for (let depth = 0; end < actions.length; end++) {
        if (actions[end] === "(") depth++;
        else if (actions[end] === ")" && --depth === 0) break;
      }
      end++;
    } else if (end < actions.length && actions[end] !== "," && actions[end] !== ")") continue;
    out.push(actions.slice(i, end));
  }
  return out;
}

/** The datapath action lists of every real fixture: dpctl / dpif dumps, OVS's odp.at forms, traces. */
function fixtureCts(): string[] {
  const out = new Set<string>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (!name.endsWith(".gz") && statSync(path).size < 50_000_000) {
        for (const line of readFileSync(path, "utf8").split("\n")) {
          const dp = line.indexOf("Datapath actions: ");
          const at = dp >= 0 ? dp + "Datapath actions: ".length : line.indexOf(", actions:") >= 0 ? line.indexOf(", actions:") + ", actions:".length : -1;
          const list = at >= 0 ? line.slice(at).split(", dp-extra-info:")[0] : path.includes("odp-forms") && name.startsWith("actions") ? line : undefined;
          if (list !== undefined) for (const ct of ctTexts(list)) out.add(ct);
        }
      }
    }
  };
  visit(FIXTURES);
  return [...out].sort();
}

/** The typed fields printed in OVS's order: what a `{ name: "ct" }` node stands for. */
function canonical(text: string): boolean {
  const [a] = parseDatapathActions(text) as [DpCtAction];
  const copy: DpCtAction = { ...a, node: { name: "ct" } };
  return formatDatapathAction(copy) === formatOdpNode(parseOdpNode(text));
}

const SPELLINGS = [
  "ct",
  "ct()",
  "ct(commit)",
  "ct(zone=5)",
  "ct(zone=0)",
  "ct(zone=0x5)",
  "ct(nat,zone=5)",
  "ct(zone=5,commit)",
  "ct(zone=5,zone=6)",
  "ct(commit,commit)",
  "ct(5)",
  "ct(foo=1)",
  "ct(commit,foo)",
  "ct(nat=3)",
  "ct(commit(1))",
  "ct(nat(src),zone=3)",
  "ct(nat(random,src))",
  "ct(nat(src=10.0.0.1-10.0.0.9:1024-2048,random))",
  "ct(commit,nat(dst=10.244.1.3:8080))",
  "ct(force_commit,nat(src=[fe80::1]-[fe80::9]:255-4096,random))",
  "ct(commit,mark=0x1/0xffffffff)",
  "ct(mark=1/0xff)",
  "ct(label=0x1)",
  "ct(commit,zone=27,label=0/0x1,nat(src))",
  "ct(commit,zone=27,nat(src),label=0/0x1)",
  "ct(commit,force_commit,zone=9,mark=0x2/0x2,label=0x1/0x1,helper=ftp,timeout=t1,nat)",
  "ct(helper=ftp,commit)",
  "ct(timeout=t1,helper=ftp)",
];

describe("datapath ct: the node keeps only its name when the typed fields print its exact text", () => {
  const real = fixtureCts();

  it("every ct of the real fixtures prints back exactly, and most keep only their name", () => {
    expect(real.length).toBeGreaterThan(40);
    const bare = real.filter((t) => {
      const a = parseDatapathActions(t);
      expect(a.map((x) => x.kind), t).toEqual(["ct"]);
      expect(formatDatapathActions(a), t).toBe(t);
      return (a[0] as DpCtAction).node.items === undefined && (a[0] as DpCtAction).node.value === undefined;
    });
    // Real OVS prints the canonical order, so every real ct is held by its fields.
    expect(real.filter((t) => !bare.includes(t))).toEqual([]);
  });

  it.each(SPELLINGS)("%s prints back exactly; the node is { name: \"ct\" } iff the fields print the text", (text) => {
    const [a] = parseDatapathActions(text) as [DpCtAction];
    expect(a.kind).toBe("ct");
    expect(formatDatapathAction(a)).toBe(text);
    expect(formatDatapathActions(fromJson(toJson([a])) as DpCtAction[])).toBe(text);
    expect(formatDatapathAction(structuredClone(a))).toBe(text);
    if (canonical(text)) expect(a.node).toEqual({ name: "ct" });
    else expect(a.node).toEqual(parseOdpNode(text));
  });

  it("non-canonical spellings keep their whole node", () => {
    const whole = SPELLINGS.filter((t) => !canonical(t));
    expect(whole).toEqual([
      "ct()",
      "ct(zone=0x5)",
      "ct(nat,zone=5)",
      "ct(zone=5,commit)",
      "ct(zone=5,zone=6)",
      "ct(commit,commit)",
      "ct(5)",
      "ct(foo=1)",
      "ct(commit,foo)",
      "ct(nat=3)",
      "ct(commit(1))",
      "ct(nat(src),zone=3)",
      "ct(nat(random,src))",
      "ct(commit,zone=27,nat(src),label=0/0x1)",
      "ct(helper=ftp,commit)",
      "ct(timeout=t1,helper=ftp)",
    ]);
  });

  it("types the fields either way (`ct` alone is a conntrack action, not an output)", () => {
    expect(parseDatapathActions("ct")).toEqual([{ kind: "ct", commit: false, forceCommit: false, node: { name: "ct" } }]);
    expect(parseDatapathActions("ct(nat,zone=5)")[0]).toMatchObject({ kind: "ct", zone: 5, nat: { kind: "nat", flags: [] } });
    expect(parseDatapathActions("ct(zone=0x5),recirc(0x1)")[0]).toMatchObject({ kind: "ct", zone: 5 });
    expect(parseDatapathActions("ct(commit,zone=27,label=0/0x1,nat(src))")[0]).toEqual({
      kind: "ct",
      commit: true,
      forceCommit: false,
      zone: 27,
      label: { kind: "int", value: 0n, mask: 1n, hex: false },
      nat: { kind: "nat", type: "src", flags: [] },
      node: { name: "ct" },
    });
  });
});
