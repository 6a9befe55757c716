/**
 * Reading metrics.yaml from a file.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { isMetricsConfigError, type MetricsConfig, MetricsConfigError, parseMetricsConfig } from "ovskit";

/**
 * Reads and validates a metrics.yaml file (merged over the built-in defaults). Validation errors
 * name the file and the key.
 *
 * @throws MetricsConfigError (from `ovskit`) when the file is not valid.
 * @example
 * ```ts
 * import { loadMetricsConfigFile } from "ovskit/node";
 * const cfg = await loadMetricsConfigFile("metrics.yaml");
 * ```
 */
export async function loadMetricsConfigFile(path: string): Promise<MetricsConfig> {
  const text = await readFile(path, "utf8");
  try {
    return parseMetricsConfig(text);
  } catch (e) {
    if (isMetricsConfigError(e)) throw new MetricsConfigError(e.path, `${e.message.replace(/^metrics\.yaml(\s\S+)?: /, "")} (in ${path})`);
    throw e;
  }
}
