import { defineConfig } from "tsup";

/**
 * The `ovskit` command (package.json `bin`): bin/ovskit.ts and the examples it dispatches to,
 * bundled into dist/cli/ as plain ESM for Node (no tsx at run time). The library is not bundled:
 * "ovskit" and "ovskit/node" stay imports of the installed package (external), so the command
 * runs the same copy of the library a program would. Built after tsup.config.ts (npm run build),
 * whose `clean` empties dist/ first.
 */
export default defineConfig({
  entry: { ovskit: "bin/ovskit.ts" },
  outDir: "dist/cli",
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  dts: false,
  sourcemap: false,
  clean: false,
  treeshake: true,
  external: ["ovskit", "ovskit/node"],
});
