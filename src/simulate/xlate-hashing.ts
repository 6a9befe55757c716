/**
 * `multipath(...)` and `bundle(...)` / `bundle_load(...)`: a link or member picked by a hash of
 * the packet's fields (`flow_hash_fields`) with OVS's algorithms (`modulo_n`,
 * `hash_threshold`, `hrw`, `iter_hash`; bundle `hrw` and `active_backup`).
 *
 * @module
 */
import type { BundleAction, MultipathAction } from "../openflow/actions/types.js";
import { writeBits } from "./flow-state.js";
import { flowHashFields, hashInt } from "./hash.js";
import { OFPP } from "./layout.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { subfieldNowText, subfieldOf, unwildcard } from "./xlate-fields.js";
import { portNumber, xlateOutputAction } from "./xlate-output.js";

function roundUpPow2(x: number): number {
  let v = 1;
  while (v < x) v *= 2;
  return v;
}

function iterHash(hash: number, nLinks: number, modulo0: number): number {
  let modulo = modulo0;
  if (modulo < nLinks || modulo / 2 > nLinks) modulo = roundUpPow2(nLinks);
  let i = 0;
  let link: number;
  do {
    link = hashInt(hash, i++) % modulo;
  } while (link >= nLinks);
  return link;
}

function multipathAlgorithm(hash: number, alg: string, nLinks: number, arg: number): number | undefined {
  switch (alg) {
    case "modulo_n":
      return hash % nLinks;
    case "hash_threshold":
      return nLinks === 1 ? 0 : Math.floor(hash / (Math.floor(0xffffffff / nLinks) + 1));
    case "hrw": {
      if (nLinks > 64) return iterHash(hash, nLinks, 0);
      let best = 0;
      let bestWeight = hashInt(hash, 0);
      for (let link = 1; link < nLinks; link++) {
        const w = hashInt(hash, link);
        if (w > bestWeight) {
          best = link;
          bestWeight = w;
        }
      }
      return best;
    }
    case "iter_hash":
      return iterHash(hash, nLinks, arg);
  }
  return undefined;
}

/**
 * `multipath_execute`: writes the chosen link into the destination field.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateMultipathAction } from "./xlate-hashing.js";
 * xlateMultipathAction(ctx, a);
 * ```
 */
export function xlateMultipathAction(ctx: XlateCtx, a: MultipathAction): void {
  const hash = flowHashFields(ctx.flow, a.fields, a.basis);
  const dst = subfieldOf(ctx, a.dst);
  // The model's `maxLink` holds the N_LINKS argument as written (OVS prints `max_link + 1`).
  const link = hash === undefined ? undefined : multipathAlgorithm(hash, a.algorithm, a.maxLink, a.arg);
  if (dst === undefined || link === undefined) {
    ctx.note("multipath", `multipath(${a.fields},...,${a.algorithm}) is not simulated (unknown field set or algorithm)`);
    return;
  }
  unwildcard(ctx, dst);
  writeBits(ctx.flow, dst.field, dst.ofs, dst.nBits, BigInt(link));
  xreport(ctx, "detail", subfieldNowText(ctx.flow, dst));
}

/**
 * `bundle` / `bundle_load`: the member of highest HRW hash among the enabled ones, or the
 * first enabled one (`active_backup`); output to it, or load its number.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateBundleAction } from "./xlate-hashing.js";
 * xlateBundleAction(ctx, a, last, false);
 * ```
 */
export function xlateBundleAction(ctx: XlateCtx, a: BundleAction, last: boolean, groupBucket: boolean): void {
  const enabled = (p: number | undefined): boolean => {
    if (p === undefined) return false;
    if (p === OFPP.CONTROLLER) return false;
    if (p >= OFPP.MAX) return true;
    const port = ctx.bridge.ports.get(p);
    return port !== undefined && !port.down;
  };
  const members = a.members.map((m) => portNumber(ctx, m));
  let chosen: number = OFPP.NONE;
  if (a.algorithm === "active_backup") {
    for (const m of members) if (enabled(m)) {
      chosen = m as number;
      break;
    }
  } else {
    const hash = flowHashFields(ctx.flow, a.fields, a.basis);
    if (hash === undefined) {
      ctx.note("bundle", `bundle fields ${a.fields} are not simulated`);
      return;
    }
    let best = -1;
    let bestHash = 0;
    members.forEach((m, i) => {
      if (!enabled(m)) return;
      const h = hashInt(i, hash);
      if (best < 0 || h > bestHash) {
        best = i;
        bestHash = h;
      }
    });
    if (best >= 0) chosen = members[best] as number;
  }
  if (a.dst !== undefined) {
    const dst = subfieldOf(ctx, a.dst);
    if (dst === undefined) return;
    unwildcard(ctx, dst);
    writeBits(ctx.flow, dst.field, dst.ofs, dst.nBits, BigInt(chosen));
    xreport(ctx, "detail", subfieldNowText(ctx.flow, dst));
  } else {
    xlateOutputAction(ctx, chosen, 0, false, last, false, groupBucket);
  }
}
