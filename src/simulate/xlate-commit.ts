/**
 * `xlate_commit_actions`: turns the field changes made so far into datapath actions.
 *
 * @module
 */
import { commitOdpActions } from "./odp-commit.js";
import type { XlateCtx } from "./xlate-context.js";

/** Explanation of `SLOW_ACTION` (`slow_path_reason_to_explanation`). @internal */
export const SLOW_ACTION = "Uses action(s) not supported by datapath.";

/**
 * Commits pending field changes of `ctx.flow` against `ctx.base` to `ctx.odp`.
 *
 * @internal
 * @example
 * ```ts
 * import { commitNow } from "./xlate-commit.js";
 * commitNow(ctx); // e.g. appends set(eth(dst=...)) before an output
 * ```
 */
export function commitNow(ctx: XlateCtx): void {
  if (commitOdpActions(ctx.flow, ctx.base, ctx, ctx.odp)) ctx.slow.add(SLOW_ACTION);
}
