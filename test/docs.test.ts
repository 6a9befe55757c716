import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

/**
 * Exported functions, classes and constants whose TSDoc has no @example. Of an overloaded
 * function, the first signature carries the TSDoc (the others and the implementation follow it).
 */
function missingExamples(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const out: string[] = [];
  const re = /^export (?:async )?(?:function\*?|class|const) (\w+)/gm;
  let previous: string | undefined;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const overload = m[1] === previous;
    previous = m[1];
    if (overload) continue;
    const before = text.slice(0, m.index);
    const docEnd = before.lastIndexOf("*/");
    const doc = docEnd >= 0 && before.slice(docEnd + 2).trim() === "" ? before.slice(before.lastIndexOf("/**"), docEnd) : "";
    if (doc.includes("@internal")) continue;
    if (!doc.includes("@example")) out.push(`${path.slice(SRC.length + 1)}: ${m[1]}`);
  }
  return out;
}

/** Source text without comments (TSDoc examples may print and import node: modules). */
const code = (f: string) => readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

describe("house style", () => {
  it("every exported function, class and constant has TSDoc with an @example", () => {
    expect(files(SRC).flatMap(missingExamples)).toEqual([]);
  });

  it("the library never prints and never exits (only examples/ may)", () => {
    const offenders = files(SRC).filter((f) => /console\.(log|info|warn|error|debug)|process\.exit/.test(code(f)));
    expect(offenders).toEqual([]);
  });

  it("no node: imports outside the Node-only subpath src/node/", () => {
    const offenders = files(SRC).filter((f) => !f.includes(`${SRC}/node/`) && /from "node:/.test(code(f)));
    expect(offenders).toEqual([]);
  });

  it("src/node/ reaches the library only through the main entry (one copy of the core in ESM and CJS)", () => {
    const NODE = join(SRC, "node");
    const offenders = files(NODE).flatMap((f) =>
      [...code(f).matchAll(/from "(\.[^"]+)"/g)]
        .map((m) => join(f, "..", m[1] as string))
        .filter((target) => !target.startsWith(`${NODE}/`))
        .map((target) => `${f.slice(SRC.length + 1)} -> ${target.slice(SRC.length + 1)}`),
    );
    expect(offenders).toEqual([]);
  });
});
