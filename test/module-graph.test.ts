/**
 * The source tree has no import cycle between its areas (a top-level directory of src/, a
 * subdirectory of src/ovn/ or src/node/, or a file directly in src/node/; entry `index.ts` files
 * only re-export and are left out). 0.1 had node/live <-> node/offline.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

function area(file: string): string {
  const parts = relative(SRC, file).split("/");
  if (parts.length === 1) return ".";
  if (parts[0] === "node") return `node/${(parts[1] as string).replace(/\.ts$/, "")}`;
  if (parts[0] === "ovn" && parts.length > 2) return `ovn/${parts[1] as string}`;
  return parts[0] as string;
}

/** Area -> areas it imports from (relative imports of non-index files). */
function areaGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SRC)) {
    if (file.endsWith("/index.ts")) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)) {
      const target = resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts"));
      const [a, b] = [area(file), area(target)];
      if (a === b) continue;
      let set = graph.get(a);
      if (set === undefined) graph.set(a, (set = new Set()));
      set.add(b);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (n: string, path: string[]): void => {
    state.set(n, "open");
    path.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === "open") found.push([...path.slice(path.indexOf(m)), m].join(" -> "));
      else if (state.get(m) === undefined) visit(m, path);
    }
    path.pop();
    state.set(n, "done");
  };
  for (const n of graph.keys()) if (state.get(n) === undefined) visit(n, []);
  return found;
}

describe("module graph", () => {
  it("sees the imports (the check is not vacuous)", () => {
    const g = areaGraph();
    expect(g.get("node/live")?.has("node/tools")).toBe(true);
    expect(g.get("node/offline")?.has("node/tools")).toBe(true);
  });

  it("has no cycle between areas", () => {
    expect(cycles(areaGraph())).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])]]);
    expect(cycles(g)).toEqual(["a -> b -> c -> a"]);
  });
});
