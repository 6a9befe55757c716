/**
 * The 0.1 names of renamed result fields (`FlowDump.flows`, now `items`), kept until 0.3.0.
 *
 * @module
 */

/**
 * Adds `name` to `result` as a second name of its `items`: a read-only, **non-enumerable** data
 * property holding the same array. Scripts written against 0.1 (`dump.flows`) keep working, while
 * JSON, `structuredClone`, spreading and deep equality see `items` only, so the result stays
 * plain data of linear size.
 *
 * @internal
 */
export function withDeprecatedAlias<R extends { readonly items: unknown }, K extends string>(
  result: R,
  name: K,
): R & { readonly [P in K]: R["items"] } {
  Object.defineProperty(result, name, { value: result.items, enumerable: false, writable: false, configurable: true });
  return result as R & { readonly [P in K]: R["items"] };
}
