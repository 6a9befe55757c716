/**
 * The public API report: every export of `ovskit` and `ovskit/node` with its kind and signature,
 * grouped by the module that declares it, written to `api/ovskit.api.md`. CI runs it with
 * `--check`, so a change to the public surface shows up in review as a change of that file.
 *
 *   npm run api          # rewrite api/ovskit.api.md
 *   npm run api:check    # exit 1 when the committed report differs from the sources
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPORT = join(ROOT, "api", "ovskit.api.md");
const ENTRIES: readonly [string, string][] = [
  ["ovskit", join(ROOT, "src/index.ts")],
  ["ovskit/node", join(ROOT, "src/node/index.ts")],
];

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType | ts.TypeFormatFlags.WriteArrowStyleSignature;
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function program(): ts.Program {
  const configPath = join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return ts.createProgram(
    ENTRIES.map(([, f]) => f),
    { ...parsed.options, noEmit: true },
  );
}

/** `@deprecated` text of a symbol, if any. */
function deprecation(sym: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const tag = sym.getJsDocTags(checker).find((t) => t.name === "deprecated");
  return tag === undefined ? undefined : ts.displayPartsToString(tag.text).replace(/\s+/g, " ").trim() || "deprecated";
}

/** Declaration text without comments and bodies, whitespace normalized. */
function declarationText(decl: ts.Declaration, file: ts.SourceFile): string {
  let node: ts.Node = decl;
  if (ts.isFunctionDeclaration(decl)) {
    node = ts.factory.updateFunctionDeclaration(decl, decl.modifiers, decl.asteriskToken, decl.name, decl.typeParameters, decl.parameters, decl.type, undefined);
  } else if (ts.isClassDeclaration(decl)) {
    const members = decl.members
      .filter((m) => !(ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !(m.name !== undefined && ts.isPrivateIdentifier(m.name)))
      .map((m) => {
        if (ts.isMethodDeclaration(m)) return ts.factory.updateMethodDeclaration(m, m.modifiers, m.asteriskToken, m.name, m.questionToken, m.typeParameters, m.parameters, m.type, undefined);
        if (ts.isConstructorDeclaration(m)) return ts.factory.updateConstructorDeclaration(m, m.modifiers, m.parameters, undefined);
        if (ts.isGetAccessorDeclaration(m)) return ts.factory.updateGetAccessorDeclaration(m, m.modifiers, m.name, m.parameters, m.type, undefined);
        if (ts.isPropertyDeclaration(m)) return ts.factory.updatePropertyDeclaration(m, m.modifiers, m.name, m.questionToken, m.type, undefined);
        return m;
      });
    node = ts.factory.updateClassDeclaration(decl, decl.modifiers, decl.name, decl.typeParameters, decl.heritageClauses, members);
  } else if (ts.isVariableDeclaration(decl)) {
    node = ts.factory.updateVariableDeclaration(decl, decl.name, decl.exclamationToken, decl.type, undefined);
  }
  return printer.printNode(ts.EmitHint.Unspecified, node, file).replace(/\s+/g, " ").trim();
}

interface Row {
  readonly name: string;
  readonly module: string;
  readonly text: string;
  readonly deprecated?: string;
}

function rows(prog: ts.Program, entry: string): Row[] {
  const checker = prog.getTypeChecker();
  const source = prog.getSourceFile(entry);
  if (source === undefined) throw new Error(`not in the program: ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`no module symbol: ${entry}`);
  const out: Row[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = sym.getDeclarations() ?? [];
    const first = decls[0];
    if (first === undefined) continue;
    const file = first.getSourceFile();
    const text = decls
      .map((d) => {
        if (ts.isVariableDeclaration(d) && d.type === undefined) {
          return `const ${exported.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(sym, d), d, FORMAT)}`;
        }
        return declarationText(d, d.getSourceFile());
      })
      .join("\n");
    const dep = deprecation(sym, checker) ?? deprecation(exported, checker);
    const row: Row = { name: exported.name, module: relative(ROOT, file.fileName), text: exported.name === sym.name ? text : `${exported.name} = ${sym.name}: ${text}` };
    out.push(dep === undefined ? row : { ...row, deprecated: dep });
  }
  return out;
}

function report(): string {
  const prog = program();
  const lines = [
    "# ovskit public API",
    "",
    "Generated by `npm run api` (scripts/api-report.ts); CI fails when it differs from the sources.",
    "Every export of each entry point, grouped by the module that declares it; `@deprecated` ones are marked.",
    "",
  ];
  for (const [entryName, entry] of ENTRIES) {
    const all = rows(prog, entry);
    lines.push(`## \`${entryName}\` (${all.length} exports)`, "");
    const byModule = new Map<string, Row[]>();
    for (const r of all) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
    for (const module of [...byModule.keys()].sort()) {
      lines.push(`### ${module}`, "", "```ts");
      for (const r of (byModule.get(module) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
        if (r.deprecated !== undefined) lines.push(`/** @deprecated ${r.deprecated} */`);
        lines.push(r.text);
      }
      lines.push("```", "");
    }
  }
  return lines.join("\n");
}

const text = report();
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(REPORT, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== text) {
    const a = committed.split("\n");
    const b = text.split("\n");
    const removed = a.filter((l) => !b.includes(l)).slice(0, 20);
    const added = b.filter((l) => !a.includes(l)).slice(0, 20);
    process.stderr.write(
      `api/ovskit.api.md is out of date: the public API changed. Run \`npm run api\` and commit the report.\n` +
        removed.map((l) => `- ${l}\n`).join("") +
        added.map((l) => `+ ${l}\n`).join(""),
    );
    process.exit(1);
  }
  process.stdout.write("api/ovskit.api.md matches the sources\n");
} else {
  writeFileSync(REPORT, text);
  process.stdout.write(`wrote ${relative(ROOT, REPORT)}\n`);
}
