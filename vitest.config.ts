import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Examples import "ovskit" / "ovskit/node": under test they are the sources, not a stale dist/. */
const alias = [
  { find: /^ovskit\/node$/, replacement: fileURLToPath(new URL("./src/node/index.ts", import.meta.url)) },
  { find: /^ovskit$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/integration/**", "test/fuzz/**"],
    testTimeout: 30_000,
  },
});
