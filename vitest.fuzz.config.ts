import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The fuzz suite (`npm run test:fuzz`): one process, files in sequence, so the time budget holds on 2 cores. */
const alias = [
  { find: /^ovskit\/node$/, replacement: fileURLToPath(new URL("./src/node/index.ts", import.meta.url)) },
  { find: /^ovskit$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/fuzz/**/*.test.ts"],
    pool: "forks",
    execArgv: ["--expose-gc"],
    fileParallelism: false,
    testTimeout: 0,
    hookTimeout: 600_000,
  },
});
