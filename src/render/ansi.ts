/**
 * ANSI colours for console text, and when to use them. Browser-safe: the caller passes what
 * it knows about the terminal.
 *
 * @module
 */

/** What decides whether console output is coloured. */
export interface ColorContext {
  /** Whether the output stream is a terminal (`process.stdout.isTTY`). */
  readonly isTTY?: boolean | undefined;
  /** The environment (`process.env`): `NO_COLOR` (any value but empty) turns colours off, `FORCE_COLOR` on. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** An explicit choice (`--color=always|never`) wins over the rest. */
  readonly force?: boolean | undefined;
}

/**
 * Whether to colour: an explicit choice, else off with `NO_COLOR` (https://no-color.org), on
 * with `FORCE_COLOR`, else on only for a terminal.
 *
 * @example
 * ```ts
 * import { useColor } from "ovskit";
 * useColor({ isTTY: process.stdout.isTTY, env: process.env });
 * useColor({ isTTY: true, env: { NO_COLOR: "1" } }); // false
 * ```
 */
export function useColor(ctx: ColorContext): boolean {
  if (ctx.force !== undefined) return ctx.force;
  const env = ctx.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return ctx.isTTY === true;
}

/**
 * SGR codes of the styles the console renderer uses.
 *
 * @example
 * ```ts
 * import { STYLES, paint } from "ovskit";
 * paint("table=8", STYLES.header, true);
 * ```
 */
export const STYLES = {
  info: "2",
  key: "36",
  action: "34",
  goto: "35",
  drop: "31",
  highlight: "1;7",
  header: "1;4",
  added: "32",
  removed: "31",
  changed: "33",
} as const;

/** A style name of {@link STYLES}. */
export type StyleName = keyof typeof STYLES;

/**
 * Wraps text in an SGR style (nothing when `on` is false).
 *
 * @example
 * ```ts
 * import { paint } from "ovskit";
 * paint("drop", "31", true); // "\u001b[31mdrop\u001b[0m"
 * ```
 */
export function paint(text: string, sgr: string, on: boolean): string {
  return on && text !== "" ? `\u001b[${sgr}m${text}\u001b[0m` : text;
}

/** 256-colour background shades of the heat map, cold to hot. */
const HEAT = [17, 19, 24, 30, 36, 71, 106, 142, 178, 172, 166, 160, 196];

/**
 * The heat level (0..levels-1) of a counter against the hottest one, on a log scale (so a few
 * very hot flows do not leave all others cold); -1 for a zero counter.
 *
 * @example
 * ```ts
 * import { heatLevel } from "ovskit";
 * heatLevel(1000n, 1000n, 10); // 9
 * heatLevel(0n, 1000n, 10);    // -1
 * ```
 */
export function heatLevel(value: bigint, max: bigint, levels: number): number {
  if (value <= 0n || max <= 0n) return -1;
  const l = Math.log10(Number(value) + 1) / Math.log10(Number(max) + 1);
  return Math.min(levels - 1, Math.max(0, Math.floor(l * levels)));
}

/**
 * The SGR code of a heat-map level (foreground, 256 colours).
 *
 * @example
 * ```ts
 * import { heatSgr } from "ovskit";
 * heatSgr(12); // "38;5;196"
 * ```
 */
export function heatSgr(level: number): string {
  return `38;5;${HEAT[Math.max(0, Math.min(HEAT.length - 1, level))] as number}`;
}

/**
 * Number of heat levels of the heat colours.
 *
 * @example
 * ```ts
 * import { HEAT_LEVELS, heatLevel, heatSgr } from "ovskit";
 * heatSgr(heatLevel(5n, 100n, HEAT_LEVELS));
 * ```
 */
export const HEAT_LEVELS = HEAT.length;
