/**
 * The lazy checker's fast path (src/openflow/actions/fast-check.ts) accepts a strict subset of
 * what the action parser types without a warning: checked on every action item of the real
 * dumps and on near misses generated from them, and end to end (lazy and eager report the same
 * issues on damaged real action lists).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { findTopLevel } from "../src/core/scanner.js";
import { fastItemEnd } from "../src/openflow/actions/fast-check.js";
import { actionWarnings } from "../src/openflow/actions/warnings.js";
import { parseActions, parseFlowDump } from "../src/index.js";
import { rngFor } from "./fuzz/rng.js";
import { FIXTURES, fixtureNames } from "./helpers/fixtures.js";

const BENCH = join(import.meta.dirname, "..", "bench", "data");
const large = gunzipSync(readFileSync(join(BENCH, "ovn-br-int-large.of15.flows.gz"))).toString();
const dumps = [...fixtureNames("openflow", ".flows").map((f) => readFileSync(join(FIXTURES, "openflow", f), "utf8")), large];

/** The action list of every flow line of a dump, once each. */
const listsOf = (dump: string): string[] =>
  [...new Set(dump.split("\n").flatMap((l) => (l.includes(" actions=") ? [l.slice(l.indexOf(" actions=") + 9).trimEnd()] : [])))];
const lists = [...new Set(dumps.flatMap(listsOf))];

/** The top-level items of an action list. */
function itemsOf(list: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < list.length) {
    let end = findTopLevel(list, 44, pos, list.length);
    if (end < 0) end = list.length;
    out.push(list.slice(pos, end));
    pos = end + 1;
  }
  return out;
}
const items = [...new Set(lists.flatMap(itemsOf))];
const takesFast = (item: string): boolean => fastItemEnd(item, 0) === item.length;

/** Parsing `item` gives one typed action and no warning (what the fast path promises). */
function expectTypedWithoutWarning(item: string): void {
  let actions;
  try {
    actions = parseActions(item);
  } catch (e) {
    throw new Error(`the fast path takes ${JSON.stringify(item)}, the parser refuses it: ${String(e)}`);
  }
  expect(actions, item).toHaveLength(1);
  expect(actions[0]?.kind, item).not.toBe("unknown");
  expect(actionWarnings(actions, item, 0), item).toEqual([]);
}

describe("the fast path of the action check", () => {
  it("each real item it takes parses without a warning (every OpenFlow fixture and the large br-int)", () => {
    const fast = items.filter(takesFast);
    for (const item of fast) expectTypedWithoutWarning(item);
    expect(items.length).toBeGreaterThan(4000);
    expect(fast.length).toBeGreaterThan(4000);
  });

  it("takes 99% of the items a real OVN br-int checks (the check's speed comes from here)", () => {
    const occurrences = listsOf(large).flatMap(itemsOf);
    expect(occurrences.filter(takesFast).length / occurrences.length).toBeGreaterThan(0.99);
  });

  it("near misses of real items: whatever it takes still parses without a warning", () => {
    const rng = rngFor("action-fast-check");
    const alphabet = [..."()[]{},=:.->x/\"_ 09aAfzZ", "..", "->", "0x", "99999999999999999999", "reg", "NXM_", "nat", "exec("];
    const fast = items.filter(takesFast);
    let taken = 0;
    let tried = 0;
    for (const item of fast) {
      for (let k = 0; k < 12; k++) {
        const at = rng.int(item.length + 1);
        const piece = rng.pick(alphabet);
        let m: string;
        switch (rng.int(5)) {
          case 0:
            m = item.slice(0, at) + item.slice(at + 1 + rng.int(3));
            break;
          case 1:
            m = item.slice(0, at) + piece + item.slice(at);
            break;
          case 2:
            m = item.slice(0, at) + piece + item.slice(at + 1);
            break;
          case 3:
            m = item.replace(/[0-9]+/g, (d) => (rng.chance(0.3) ? rng.pick(["99999999999999999999", "0", "256", "1024", d + d]) : d));
            break;
          default:
            m = item.replace(/\[(\d+)\.\.(\d+)\]/g, "[$2..$1]").replace(/(\d+)\.(\d+)/, "$2.$1.$1");
        }
        tried++;
        if (!takesFast(m)) continue;
        taken++;
        expectTypedWithoutWarning(m);
      }
    }
    expect(tried).toBeGreaterThan(40000);
    expect(taken).toBeGreaterThan(1000);
  });

  it("its set_field destinations type any value: registers never fail, MACs and IPv4s of every shape parse", () => {
    const names = ["metadata", "ct_mark", "ct_label", "pkt_mark", "tun_id", "arp_op"];
    for (const x of ["", "x", "xx"]) for (let n = 0; n < 100; n++) names.push(`${x}reg${n}`);
    for (const name of names) {
      // A value no integer parser reads: typed all the same (as raw), so any integer is too.
      expect(parseActions(`set_field:zz->${name}`)[0]?.kind, name).toBe("set_field");
      expectTypedWithoutWarning(`set_field:0x${"f".repeat(32)}/0x1->${name}`);
    }
    const rng = rngFor("action-fast-check-values");
    const octets = [0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255];
    for (let k = 0; k < 300; k++) {
      const ip = Array.from({ length: 4 }, () => (rng.chance(0.5) ? rng.pick(octets) : rng.int(256))).join(".");
      const mac = Array.from({ length: 6 }, () => rng.int(256).toString(16).padStart(2, "0")).join(":");
      for (const item of [`set_field:${ip}->${rng.pick(["arp_spa", "arp_tpa", "ip_src", "ip_dst", "nw_src", "nw_dst"])}`, `set_field:${rng.chance(0.5) ? mac : mac.toUpperCase()}->${rng.pick(["eth_src", "eth_dst", "arp_sha", "arp_tha"])}`, `ct(commit,zone=5,nat(src=${ip}))`]) {
        expect(takesFast(item), item).toBe(true);
        expectTypedWithoutWarning(item);
      }
    }
  });

  it("lazy and eager dumps report the same issues on damaged real action lists", () => {
    const rng = rngFor("action-fast-check-lists");
    const lines: string[] = [];
    for (const list of lists.slice(0, 1500)) {
      const at = rng.int(list.length + 1);
      const damage = rng.pick([",", ",,", "(", ")", "[", "]", "=", "x", "->", "learn(", "ct(", "99999999999999999999", ""]);
      const cut = rng.int(3);
      lines.push(` priority=1 actions=${list.slice(0, at)}${damage}${list.slice(at + cut)}`);
    }
    const text = lines.join("\n");
    const lazy = parseFlowDump(text, { lazyActions: true });
    const eager = parseFlowDump(text, { lazyActions: false });
    const shape = (d: { items: readonly unknown[]; issues: typeof lazy.issues }) => ({ flows: d.items.length, issues: d.issues.map((i) => [i.severity, i.code, i.line, i.column, i.message]) });
    expect(shape(lazy)).toEqual(shape(eager));
    expect(lazy.issues.length).toBeGreaterThan(100);
    expect(lazy.items.length).toBeGreaterThan(100);
  });

  it("pathological items end (no catastrophic backtracking): 1 MB learn / ct / set_field that never close", () => {
    const huge = [
      `learn(${"NXM_OF_IP_SRC[]=NXM_OF_IP_DST[],".repeat(30_000)}`,
      `learn(${"a=b,".repeat(250_000)}`,
      `ct(commit,zone=NXM_NX_REG13[0..15],nat(src),exec(${"set_field:0x1->reg0,".repeat(50_000)}`,
      `set_field:${"0".repeat(1_000_000)}->reg0`,
      `learn(${"a".repeat(1_000_000)}`,
    ];
    for (const h of huge) {
      expect(fastItemEnd(h, 0)).toBe(-1);
      expect(fastItemEnd(`${h})`, 0)).not.toBe(`${h})`.length + 1);
    }
  });
});
