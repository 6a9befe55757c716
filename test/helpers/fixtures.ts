import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Reads a committed fixture (made by real OVS / OVN, see fixtures-gen/). */
export function fixture(...path: string[]): string {
  return readFileSync(join(FIXTURES, ...path), "utf8");
}

/** Names of the fixtures in a folder that end with `suffix`. */
export function fixtureNames(dir: string, suffix: string): string[] {
  return readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(suffix)).sort();
}

/** The lines of a text, as the dump parsers number them (1-based index = line number). */
export function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
