/**
 * The library under benchmark: the BUILT package (dist/, what users run), typed from src/.
 * Running the TypeScript sources through a loader measures the loader, not ovskit (it was
 * ~40% slower here), so `npm run bench` builds first.
 */
import { existsSync } from "node:fs";

type Core = typeof import("../src/index.js");
type NodeApi = typeof import("../src/node/index.js");

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("index.js", dist))) {
  throw new Error("bench: dist/ is missing; run `npm run build` first (npm run bench does)");
}

export const ovskit = (await import(new URL("index.js", dist).href)) as Core;
export const ovskitNode = (await import(new URL("node/index.js", dist).href)) as NodeApi;
