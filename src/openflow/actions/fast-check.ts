/**
 * A fast path for checking action lists: one native regular expression that recognizes the
 * common spellings of the actions an OVN `br-int` is made of (`resubmit(,8)`,
 * `set_field:0x5->reg14`, `move:...->...`, `ct(table=..,zone=...,nat)`, `learn(...)`, ...).
 *
 * The pattern accepts a strict subset of what {@link readAction} types without a warning: an
 * item it accepts is a known action with no error and no warning, so a checker that skips the
 * parse for it reports exactly what parsing would. Anything else (unknown actions, other
 * spellings, errors) is left to the parser. `test/action-fast-check.test.ts` checks the subset
 * property on every action item of the real fixtures and on generated near misses.
 *
 * Why: a lazy flow parse checks every distinct action item (issue 12: lazy and eager report the
 * same issues). Parsing is several passes of `charCodeAt` over each item; the expression is one
 * native pass, which made the check about N times cheaper (see bench/README.md).
 *
 * The expression cannot backtrack badly: every repeated part is an atomic group
 * (`(?=(...))\N`), so a failing match costs time linear in the item.
 *
 * @module
 */

/** A field name as a field reference spells it (`NXM_NX_REG13`, `reg14`, `eth_src`). */
const NAME = "[A-Za-z_][A-Za-z0-9_]*";
/**
 * The bit ranges {@link readFieldRef} accepts for sure: `[]`, `[N]`, and the `[A..B]` whose
 * digit counts make A <= B (a shorter A, or A = 0); other ranges go to the parser.
 */
const BITS = String.raw`\[(?:|[0-9]{1,3}|0\.\.[0-9]{1,3}|[0-9]\.\.[0-9]{2,3}|[0-9]{2}\.\.[0-9]{3})\]`;
/** A field reference: a bare name, or a name with bits. */
const REF = `${NAME}(?:${BITS})?`;
/** A decimal or hex integer, optionally masked, as `parseIntValue` reads it. */
const INT = "(?:0x[0-9a-fA-F]{1,32}|[0-9]{1,20})(?:/(?:0x[0-9a-fA-F]{1,32}|[0-9]{1,20}))?";
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const MAC = "[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}";
/** A decimal that `parseSmallInt` reads (at most 15 digits). */
const SMALL = "[0-9]{1,15}";

/**
 * `set_field` destinations whose value `readMatchValue` types without ever failing (no
 * MAC / IP / port / name format in ovs-fields(7)): registers, metadata, marks, labels.
 */
const INT_FIELDS = "(?:x{0,2}reg[0-9]{1,2}|metadata|ct_mark|ct_label|pkt_mark|tun_id|arp_op)";
const MAC_FIELDS = "(?:eth_src|eth_dst|arp_sha|arp_tha)";
const IP_FIELDS = "(?:arp_spa|arp_tpa|ip_src|ip_dst|nw_src|nw_dst)";
const SET_FIELD = `set_field:(?:${INT}->${INT_FIELDS}|${MAC}->${MAC_FIELDS}|${IPV4}->${IP_FIELDS})`;
const MOVE = `move:${REF}->${REF}`;

/** One argument of `learn(...)`: `load:`, `output:`, an option, or a match (with a source). */
const LEARN_ARG = `(?:load:(?:[0-9a-fx]{1,34}|${REF})->${REF}|output:${REF}|${REF}(?:=(?:${REF}|[0-9A-Za-z_.:/]{1,64}))?)`;
let groups = 0;
/**
 * An atomic group (no backtracking into it once matched): JavaScript's lookahead + named
 * backreference idiom, with a new name each time.
 */
const atomic = (body: string): string => {
  const name = `a${++groups}`;
  return `(?=(?<${name}>${body}))\\k<${name}>`;
};

const LEARN = `learn\\(${atomic(LEARN_ARG)}(?:,${atomic(LEARN_ARG)})*\\)`;
const NAT = `nat(?:\\((?:src|dst)(?:=${IPV4})?\\))?`;
const EXEC_ITEM = `(?:${SET_FIELD}|${MOVE})`;
const CT = `ct\\((?:commit,)?(?:table=${SMALL},)?zone=(?:${SMALL}|${REF})(?:,${NAT})?(?:,exec\\(${atomic(EXEC_ITEM)}(?:,${atomic(EXEC_ITEM)})*\\))?\\)`;

const ITEM = [
  `resubmit\\((?:${SMALL})?,${SMALL}\\)`,
  SET_FIELD,
  MOVE,
  CT,
  LEARN,
  `conjunction\\(${SMALL},${SMALL}/${SMALL}\\)`,
  `output:(?:${SMALL}|${NAME}${BITS})`,
  `(?:push|pop):${REF}`,
  `group:${SMALL}`,
  "drop",
  "ct_clear",
  "dec_ttl(?:\\(\\))?",
  SMALL,
].join("|");

/**
 * The pattern, sticky: `lastIndex` is where an item starts; it matches a common, valid spelling
 * of one action there (the caller checks that the item ends where the match ends).
 */
const FAST_ITEM = new RegExp(`(?:${ITEM})`, "y");

/**
 * Where the action item starting at `pos` ends (the index after it), when it is one of the
 * common spellings that are valid for sure; -1 otherwise (parse it). The item is complete only
 * if the caller finds `,` or the end of the list there.
 *
 * @internal
 */
export function fastItemEnd(text: string, pos: number): number {
  FAST_ITEM.lastIndex = pos;
  return FAST_ITEM.test(text) ? FAST_ITEM.lastIndex : -1;
}
