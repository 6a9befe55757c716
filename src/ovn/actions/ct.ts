/**
 * Decoding of the conntrack actions whose arguments carry structure: `ct_lb` / `ct_lb_mark`
 * backends and hash fields, `ct_dnat` / `ct_snat` address and port range.
 *
 * @module
 */
import type { OvnCallAction, OvnCtLbAction, OvnCtNatAction, OvnLbBackend } from "./model.js";

/** `10.0.0.1:80`, `[fd00::1]:80`, `10.0.0.1`, `fd00::1` → address and port. */
function backend(text: string): OvnLbBackend | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (t.startsWith("[")) {
    const close = t.indexOf("]");
    if (close < 0) return undefined;
    const ip = t.slice(1, close);
    const rest = t.slice(close + 1);
    if (rest === "") return { ip };
    const port = rest.startsWith(":") ? Number(rest.slice(1)) : Number.NaN;
    return Number.isInteger(port) ? { ip, port } : undefined;
  }
  const colon = t.indexOf(":");
  if (colon > 0 && t.indexOf(":", colon + 1) < 0) {
    const port = Number(t.slice(colon + 1));
    return Number.isInteger(port) ? { ip: t.slice(0, colon), port } : undefined;
  }
  return { ip: t };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `ct_lb_mark(backends=...; hash_fields="..."; ...)` (and the old positional
 * `ct_lb(10.0.0.1:80, 10.0.0.2:80)`) → {@link OvnCtLbAction}: the call node, just made by the
 * parser, becomes one in place (a spread copy would cost several times its size).
 *
 * @internal
 * @example
 * ```ts
 * import { parseOvnActions } from "ovskit";
 * parseOvnActions('ct_lb_mark(backends=10.0.0.2:80; hash_fields="ip_src");')[0]; // { kind: "ct_lb", hashFields: ["ip_src"], ... }
 * ```
 */
export function decodeCtLb(call: OvnCallAction): OvnCtLbAction {
  const backends: OvnLbBackend[] = [];
  let hashFields: string[] | undefined;
  for (const a of call.args ?? []) {
    if (a.key === "backends" || (a.key === undefined && /^[[0-9a-fA-F:]/.test(a.valueText) && /[.:]/.test(a.valueText))) {
      for (const part of a.valueText.split(",")) {
        const b = backend(part);
        if (b !== undefined) backends.push(b);
      }
    } else if (a.key === "hash_fields" && a.value?.kind === "string") {
      hashFields = a.value.value.split(",").map((s) => s.trim());
    }
  }
  const node = call as unknown as Mutable<OvnCtLbAction>;
  node.kind = "ct_lb";
  node.backends = backends;
  if (hashFields !== undefined) node.hashFields = hashFields;
  return node;
}

/**
 * `ct_dnat(10.0.0.5)`, `ct_snat(172.18.0.3, 32768-60999)` → {@link OvnCtNatAction}, in place.
 *
 * @internal
 * @example
 * ```ts
 * import { parseOvnActions } from "ovskit";
 * parseOvnActions("ct_snat(172.18.0.3, 1000-2000);")[0]; // { kind: "ct_nat", address: "172.18.0.3", ports: { low: 1000, high: 2000 } }
 * ```
 */
export function decodeCtNat(call: OvnCallAction): OvnCtNatAction {
  const [addr, range] = call.args ?? [];
  let ports: { low: number; high: number } | undefined;
  const m = range === undefined ? null : /^(\d+)(?:\s*-\s*(\d+))?$/.exec(range.valueText);
  if (m !== null) ports = { low: Number(m[1]), high: Number(m[2] ?? m[1]) };
  const address = addr?.valueText.replace(/^\[(.*)\]$/, "$1");
  const node = call as unknown as Mutable<OvnCtNatAction>;
  node.kind = "ct_nat";
  if (address !== undefined) node.address = address;
  if (ports !== undefined) node.ports = ports;
  return node;
}
