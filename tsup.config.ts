import { defineConfig } from "tsup";

/**
 * Two entries: the main one (browser-safe), and `ovskit/node`, which imports the main entry as
 * the package `ovskit` (external here), so that ESM and CJS programs alike load one copy of the
 * library: a flow read by `ovskit/node` is the same kind of value as one parsed by `ovskit`.
 */
export default defineConfig({
  entry: { index: "src/index.ts", "node/index": "src/node/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true,
  external: ["ovskit"],
});
