/**
 * Rewrites every `export * from "M"` of the given entry files as an explicit, sorted
 * `export { a, type B, ... } from "M"` of what M exports, leaving out declarations tagged
 * `@internal`. The public API is then a deliberate list (DESIGN: explicit exports), and an
 * internal helper exported from a module for its siblings no longer leaks into the package.
 *
 *   npx tsx scripts/explicit-exports.ts src/index.ts src/node/index.ts src/openflow/index.ts ...
 *
 * Run it after adding `export *` lines while developing; `npm run api` then shows what changed.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";

const files = process.argv.slice(2).map((f) => resolve(f));
if (files.length === 0) {
  console.error("usage: tsx scripts/explicit-exports.ts FILE.ts...");
  process.exit(2);
}

const config = ts.getParsedCommandLineOfConfigFile(resolve("tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
});
if (config === undefined) throw new Error("tsconfig.json not found");
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const checker = program.getTypeChecker();

function isInternal(symbol: ts.Symbol): boolean {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === "internal"));
}

function isTypeOnly(symbol: ts.Symbol): boolean {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.flags & ts.SymbolFlags.Value) === 0;
}

let changed = 0;
for (const file of files) {
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`${file} is not part of the program (tsconfig include)`);
  const edits: { start: number; end: number; text: string }[] = [];
  // Names the file exports itself win over `export *` (as in TypeScript); a name two `export *`
  // bring is ambiguous and exported by neither (as in TypeScript), so it stays out.
  const explicit = new Set<string>();
  const starCount = new Map<string, number>();
  for (const stmt of source.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.exportClause !== undefined && ts.isNamedExports(stmt.exportClause)) {
      for (const e of stmt.exportClause.elements) explicit.add(e.name.text);
    } else if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier !== undefined) {
      const m = checker.getSymbolAtLocation(stmt.moduleSpecifier);
      for (const s of m === undefined ? [] : checker.getExportsOfModule(m)) starCount.set(s.name, (starCount.get(s.name) ?? 0) + 1);
    }
  }
  for (const stmt of source.statements) {
    if (!ts.isExportDeclaration(stmt) || stmt.exportClause !== undefined || stmt.moduleSpecifier === undefined) continue;
    const spec = (stmt.moduleSpecifier as ts.StringLiteral).text;
    const moduleSymbol = checker.getSymbolAtLocation(stmt.moduleSpecifier);
    if (moduleSymbol === undefined) throw new Error(`${file}: cannot resolve ${spec}`);
    const names = checker
      .getExportsOfModule(moduleSymbol)
      .filter((s) => !isInternal(s) && !explicit.has(s.name) && (starCount.get(s.name) ?? 0) === 1)
      .map((s) => (isTypeOnly(s) ? `type ${s.name}` : s.name))
      .sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
    const text =
      names.length === 0 ? `// (nothing public in ${spec})` : `export {\n${names.map((n) => `  ${n},`).join("\n")}\n} from "${spec}";`;
    edits.push({ start: stmt.getStart(source), end: stmt.getEnd(), text });
  }
  if (edits.length === 0) continue;
  let out = source.getFullText();
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  writeFileSync(file, out);
  changed++;
  console.log(`${file}: ${edits.length} export * made explicit`);
}
if (changed === 0) console.log("no export * left");
