/**
 * Units of OVS metrics: percent, bytes (with IEC / SI suffixes), plain counts.
 *
 * @module
 */

/**
 * The unit of a metric's values. Bytes are always stored as bytes, never mixed; `per_second` is
 * a rate (`rate(counter[$window])`); `count` is a plain number (also ratios such as masks per
 * packet).
 */
export type MetricUnit = "percent" | "bytes" | "count" | "per_second";

/** Byte units for {@link convertBytes}. */
export type ByteUnit = "B" | "KiB" | "MiB" | "GiB" | "TiB" | "KB" | "MB" | "GB" | "TB";

const BYTE_FACTORS: Readonly<Record<ByteUnit, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/**
 * Converts a number of bytes into another byte unit.
 *
 * @example
 * ```ts
 * import { convertBytes } from "ovskit";
 * convertBytes(536_870_912, "MiB"); // 512
 * ```
 */
export function convertBytes(bytes: number, to: ByteUnit): number {
  return bytes / BYTE_FACTORS[to];
}

/**
 * Parses a byte quantity: a number of bytes, or a number with a unit (`500MiB`, `1GiB`, `1.5 GB`,
 * `500MB`, `64k` is refused: units are explicit). Returns `undefined` when not understood.
 *
 * @example
 * ```ts
 * import { parseByteQuantity } from "ovskit";
 * parseByteQuantity("500MiB"); // 524288000
 * parseByteQuantity(1024);     // 1024
 * ```
 */
export function parseByteQuantity(v: string | number): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?\s*$/.exec(v);
  if (m === null) return undefined;
  return Number(m[1]) * BYTE_FACTORS[(m[2] ?? "B") as ByteUnit];
}

/**
 * Formats a value with its unit for people: bytes in the largest IEC unit that keeps the number
 * at least 1 (`512.0 MiB`), percent with one decimal (`87.5 %`), counts as integers when whole,
 * rates with `/s` (`15000/s`, `2.50/s`).
 *
 * @example
 * ```ts
 * import { formatMetricValue } from "ovskit";
 * formatMetricValue(536_870_912, "bytes"); // "512.0 MiB"
 * formatMetricValue(87.46, "percent");     // "87.5 %"
 * ```
 */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "percent":
      return `${value.toFixed(1)} %`;
    case "bytes": {
      const units: ByteUnit[] = ["TiB", "GiB", "MiB", "KiB"];
      for (const u of units) if (Math.abs(value) >= BYTE_FACTORS[u]) return `${convertBytes(value, u).toFixed(1)} ${u}`;
      return `${Math.round(value)} B`;
    }
    case "count":
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case "per_second":
      return `${Number.isInteger(value) ? String(value) : value.toFixed(2)}/s`;
  }
}
