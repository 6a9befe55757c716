/**
 * Groups (`xlate_group_action`): `all` and `indirect` run every bucket, `ff` the first live
 * one, `select` the bucket OVS picks:
 *
 * - `selection_method=hash` with `fields(...)`: the hash of the masked fields, in OVS's field
 *   order, from `hash_uint64(selection_method_param)`; each live bucket scores
 *   `(hash_int(bucket_id, hash) & 0xffff) * weight` and the best (last on a tie) wins;
 * - no method given (OVN's groups without `selection_fields`), or `dp_hash`: the datapath
 *   hashes the packet and recirculates (`hash(sym_l4(0)),recirc(...)`), so the trace stops with
 *   `no live bucket`, as `ofproto/trace` does;
 * - the default method (when dp_hash cannot be used): `flow_hash_symmetric_l4`.
 *
 * A bucket runs as an action set (`ofpacts_execute_action_set`) on a copy of the packet.
 *
 * @module
 */
import type { Bucket, Group } from "../openflow/groups.js";
import type { Value } from "../core/values.js";
import { getField, isTunPresent } from "./flow-state.js";
import { type FieldDef } from "./fields.js";
import { flowHashSymmetricL4, hashBoolean, hashBytes, hashInt, hashUint64 } from "./hash.js";
import { OFPP, W, formatPortNumber, reservedPort } from "./layout.js";
import { prereqsOk } from "./prereqs.js";
import { doXlateActions } from "./xlate-actions.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { actionValueMask } from "./xlate-fields.js";
import { ctxTriggerFreeze, ctxTriggerRecirculateWithHash, executeActionSetOrder, finishFreezing } from "./xlate-nest.js";
import { resourceCheck } from "./xlate-table.js";

const bucketId = (b: Bucket, i: number): number => b.bucketId ?? i;
const weightOf = (g: Group, b: Bucket): number => b.weight ?? (g.type === "select" ? 1 : 0);

function watchPortOf(ctx: XlateCtx, b: Bucket): number | undefined {
  if (b.watchPort === undefined) return undefined;
  if (typeof b.watchPort === "number") return b.watchPort;
  return ctx.bridge.portByName.get(b.watchPort) ?? reservedPort(b.watchPort);
}

function groupIsAlive(ctx: XlateCtx, id: number, depth: number): boolean {
  const g = ctx.bridge.groups.get(id);
  return g !== undefined && firstLiveBucket(ctx, g, depth) !== undefined;
}

/** `bucket_is_alive`. */
function bucketIsAlive(ctx: XlateCtx, g: Group, b: Bucket, depth: number): boolean {
  if (depth >= 128) {
    xreport(ctx, "error", "bucket chaining exceeded 128 links");
    return false;
  }
  if (g.type === "select" && weightOf(g, b) === 0) return false;
  const wp = watchPortOf(ctx, b);
  const wg = b.watchGroup;
  const hasLiveness = (wp !== undefined && wp !== OFPP.NONE) || (wg !== undefined && wg !== 0xffffffff);
  if (!hasLiveness) return true;
  if (wp !== undefined && wp !== OFPP.NONE && wp !== OFPP.CONTROLLER) {
    const port = ctx.bridge.ports.get(wp);
    if (port !== undefined && !port.down) return true;
  }
  // A bucket watching CONTROLLER is live when the bridge has a connected primary controller,
  // which no dump records: it counts as not live (as on a bridge without controllers).
  return wg !== undefined && wg !== 0xffffffff && groupIsAlive(ctx, wg, depth + 1);
}

function reportNotLive(ctx: XlateCtx, b: Bucket, i: number): void {
  const parts: string[] = [];
  const wp = watchPortOf(ctx, b);
  if (wp !== undefined && wp !== OFPP.NONE) parts.push(`port ${formatPortNumber(wp)}`);
  if (b.watchGroup !== undefined && b.watchGroup !== 0xffffffff) parts.push(`port ${b.watchGroup}`);
  xreport(ctx, "detail", `bucket ${bucketId(b, i)}: not live due to ${parts.join(" and ")}`);
}

/** `group_first_live_bucket`: it reports every dead bucket, also when only asked for liveness. */
function firstLiveBucket(ctx: XlateCtx, g: Group, depth: number): number | undefined {
  for (let i = 0; i < g.buckets.length; i++) {
    const b = g.buckets[i] as Bucket;
    if (bucketIsAlive(ctx, g, b, depth)) return i;
    reportNotLive(ctx, b, i);
  }
  return undefined;
}

/** `group_best_live_bucket`: highest score, the later bucket on a tie. */
function bestLiveBucket(ctx: XlateCtx, g: Group, basis: number): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  for (let i = 0; i < g.buckets.length; i++) {
    const b = g.buckets[i] as Bucket;
    if (bucketIsAlive(ctx, g, b, 0)) {
      const score = (hashInt(bucketId(b, i), basis) & 0xffff) * weightOf(g, b);
      if (score >= bestScore) {
        best = i;
        bestScore = score;
      }
      xreport(ctx, "detail", `bucket ${bucketId(b, i)}: score ${score}`);
    } else reportNotLive(ctx, b, i);
  }
  return best;
}

/** The bytes of a field value (`union mf_value`, `n_bytes` long, network order). */
function valueBytes(f: FieldDef, v: bigint): Uint8Array {
  const out = new Uint8Array(f.bytes);
  let x = v;
  for (let i = f.bytes - 1; i >= 0 && x !== 0n; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** `pick_hash_fields_select_group`. */
function pickHashFields(ctx: XlateCtx, g: Group): number | undefined {
  let basis = hashUint64(g.selectionMethodParam ?? 0n);
  const wanted = new Map<FieldDef, Value | undefined>();
  for (const name of g.fields ?? []) {
    const f = ctx.run.pipeline.fields.byName.get(name);
    if (f === undefined) {
      ctx.note("unknown-field", `select group ${g.groupId} hashes field ${name}, unknown to the simulator; it was left out of the hash`);
      continue;
    }
    wanted.set(f, g.fieldMasks?.[name]);
  }
  for (const f of ctx.run.pipeline.fields.all) {
    if (!wanted.has(f) || !prereqsOk(f, ctx.flow)) continue;
    const m = wanted.get(f);
    let mask = (1n << BigInt(f.bytes * 8)) - 1n;
    if (m !== undefined) {
      const vm = actionValueMask(f, m, ctx.bridge.portByName);
      if (typeof vm !== "string") mask = vm[0];
    }
    basis = hashBytes(valueBytes(f, getField(ctx.flow, f) & mask), basis);
    if (f.special === "tun_metadata" && f.tunIndex !== undefined) basis = hashBoolean(isTunPresent(ctx.flow, f.tunIndex), basis);
  }
  return bestLiveBucket(ctx, g, basis);
}

/** Webster's method over the bucket weights: the dp_hash value -> bucket table (`group_setup_dp_hash_table`). */
function dpHashTable(g: Group, maxHash: number): number[] | undefined {
  const n = g.buckets.length;
  if (n === 0) return undefined;
  let total = 0;
  let minWeight = 0xffff;
  const w = g.buckets.map((b) => weightOf(g, b));
  for (const x of w) {
    if (x > 0 && x < minWeight) minWeight = x;
    total += x;
  }
  if (total === 0) return undefined;
  const minSlots = Math.ceil(total / minWeight);
  let pow2 = 1;
  while (pow2 < minSlots) pow2 *= 2;
  const nHash = Math.max(16, pow2);
  if (nHash > 256 || (maxHash !== 0 && nHash > maxHash)) return undefined;
  const divisor = w.map(() => 1);
  const value = [...w];
  const map: number[] = [];
  for (let h = 0; h < nHash; h++) {
    let winner = 0;
    for (let i = 1; i < n; i++) if ((value[i] as number) > (value[winner] as number)) winner = i;
    divisor[winner] = (divisor[winner] as number) + 2;
    value[winner] = (w[winner] as number) / (divisor[winner] as number);
    map.push(winner);
  }
  return map;
}

type Method = { readonly kind: "dp_hash"; readonly alg: number; readonly basis: number; readonly map: number[] } | { readonly kind: "hash" } | { readonly kind: "default" };

/** `group_set_selection_method`. */
function selectionMethod(g: Group): Method {
  const m = g.selectionMethod ?? "";
  if (m === "") {
    const map = dpHashTable(g, 256);
    return map === undefined ? { kind: "default" } : { kind: "dp_hash", alg: 1, basis: 0, map };
  }
  if (m === "dp_hash") {
    const map = dpHashTable(g, 0);
    if (map === undefined) return { kind: "default" };
    const param = g.selectionMethodParam ?? 0n;
    let alg = Number(param >> 32n);
    if (alg > 1) alg = 0;
    return { kind: "dp_hash", alg, basis: Number(param & 0xffffffffn), map };
  }
  if (m === "hash" && (g.fields?.length ?? 0) > 0) return { kind: "hash" };
  return { kind: "default" };
}

function pickSelect(ctx: XlateCtx, g: Group): number | undefined {
  if (ctx.wasMpls) {
    ctxTriggerFreeze(ctx);
    return undefined;
  }
  const method = selectionMethod(g);
  switch (method.kind) {
    case "default":
      return bestLiveBucket(ctx, g, flowHashSymmetricL4(ctx.flow, 0));
    case "hash":
      return pickHashFields(ctx, g);
    case "dp_hash": {
      const dpHash = ctx.flow[W.DP_HASH]!;
      if (dpHash === 0) {
        ctxTriggerRecirculateWithHash(ctx, method.alg, method.basis);
        return undefined;
      }
      const mask = method.map.length - 1;
      for (let i = 0; i <= mask; i++) {
        const b = method.map[(dpHash + i) & mask] as number;
        if (bucketIsAlive(ctx, g, g.buckets[b] as Bucket, 0)) return b;
      }
      return undefined;
    }
  }
}

/** `xlate_group_bucket`: the bucket's actions, as an action set, on a copy of the packet. */
function xlateGroupBucket(ctx: XlateCtx, b: Bucket, i: number, last: boolean): void {
  const oldTrace = ctx.trace;
  ctx.trace = xreport(ctx, "bucket", `bucket ${bucketId(b, i)}`);
  const list = executeActionSetOrder(b.actions);
  const oldFlow = ctx.flow.slice();
  const oldWasMpls = ctx.wasMpls;
  ctx.depth++;
  doXlateActions(ctx, list, last, true);
  ctx.depth--;
  if (ctx.freezing) finishFreezing(ctx);
  ctx.flow = oldFlow;
  ctx.wasMpls = oldWasMpls;
  ctx.exit = false;
  if (ctx.error === "Too many MPLS labels" || ctx.error === "Unsupported packet type") ctx.error = undefined;
  ctx.trace = oldTrace;
}

/**
 * `xlate_group_action`: returns true when the group does not exist (OVS then stops the action
 * list, but not the pipeline).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateGroupAction } from "./xlate-group.js";
 * if (xlateGroupAction(ctx, 2, last)) return;
 * ```
 */
export function xlateGroupAction(ctx: XlateCtx, groupId: number, last: boolean): boolean {
  if (!resourceCheck(ctx)) return false;
  const g = ctx.bridge.groups.get(groupId);
  if (g === undefined) {
    xreport(ctx, "warn", `output to nonexistent group ${groupId}`);
    return true;
  }
  if (g.type === "all" || g.type === "indirect") {
    g.buckets.forEach((b, i) => xlateGroupBucket(ctx, b, i, last && i === g.buckets.length - 1));
    return false;
  }
  const picked = g.type === "select" ? pickSelect(ctx, g) : firstLiveBucket(ctx, g, 0);
  if (picked === undefined) {
    xreport(ctx, "detail", "no live bucket");
    if (g.type === "select" && ctx.freezing && ctx.recircUpdateDpHash) {
      ctx.note("dp-hash-group", `select group ${groupId} picks its bucket by a datapath hash (dp_hash): OVS recirculates to compute it, and neither ofproto/trace nor the simulation follows that recirculation`);
    }
    return false;
  }
  const b = g.buckets[picked] as Bucket;
  xreport(ctx, "detail", `using bucket ${bucketId(b, picked)}`);
  xlateGroupBucket(ctx, b, picked, last);
  return false;
}
