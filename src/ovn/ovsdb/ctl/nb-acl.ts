/**
 * `ovn-nbctl acl-list {SWITCH | PORTGROUP}` (utilities/ovn-nbctl.c `nbctl_acl_list`,
 * `acl_cmp`): the ACLs of a switch or port group, from-lport before to-lport, after-LB ACLs
 * first, then by priority (highest first) and match.
 *
 * @module
 * @internal
 */
import type { OvsdbRow } from "../types.js";
import { int, optStr, str, strMap } from "../view-util.js";
import { type CtlInvocation, type CtlOutcome, failure, text } from "./command.js";
import { padLeft, strcmp } from "./c-text.js";
import type { Parsed } from "./datum-parse.js";
import { nbFind, refs, smapGetBool } from "./nb-lookup.js";
import type { NbAclListEntry, NbAclList } from "./query-types.js";
import { type CtlDb, rowByUuid } from "./records.js";

/**
 * `acl_cmd_get_pg_or_ls`: the switch or port group `id` names (`type`: the `--type` option).
 *
 * @internal
 */
export function aclOwner(ctx: CtlDb, id: string, type: string | null | undefined): Parsed<{ kind: "switch" | "port-group"; uuid: string }> {
  if (type === undefined || type === null) {
    const pg = nbFind(ctx, "pg", id, false);
    if (!pg.ok) return pg;
    const ls = nbFind(ctx, "ls", id, false);
    if (!ls.ok) return ls;
    if (pg.value !== undefined && ls.value !== undefined) {
      return { ok: false, error: `Same name '${id}' exists in both port-groups and logical switches. Specify --type=port-group or switch, or use a UUID.` };
    }
    if (pg.value !== undefined) return { ok: true, value: { kind: "port-group", uuid: pg.value } };
    if (ls.value !== undefined) return { ok: true, value: { kind: "switch", uuid: ls.value } };
    return { ok: false, error: `'${id}' is not found for port-group or switch.` };
  }
  if (type === "port-group" || type === "switch") {
    const f = nbFind(ctx, type === "switch" ? "ls" : "pg", id, true);
    return f.ok ? { ok: true, value: { kind: type, uuid: f.value as string } } : f;
  }
  return { ok: false, error: `Invalid value '${type}' for option --type` };
}

function acl(uuid: string, r: OvsdbRow): NbAclListEntry {
  const name = optStr(r, "name");
  const severity = optStr(r, "severity");
  const meter = optStr(r, "meter");
  return {
    uuid,
    direction: str(r, "direction"),
    priority: int(r, "priority"),
    match: str(r, "match"),
    action: str(r, "action"),
    log: r.log === true,
    ...(name === undefined ? {} : { name }),
    ...(severity === undefined ? {} : { severity }),
    ...(meter === undefined ? {} : { meter }),
    label: int(r, "label"),
    afterLb: smapGetBool(strMap(r, "options"), "apply-after-lb"),
  };
}

const dirRank = (d: string): number => (d === "from-lport" ? 0 : 1);

/**
 * The ACL list of `id`, sorted by `acl_cmp` (a stable sort of the ACLs in UUID order).
 *
 * @internal
 */
export function nbAclList(ctx: CtlDb, id: string, type: string | null | undefined): Parsed<NbAclList> {
  const owner = aclOwner(ctx, id, type);
  if (!owner.ok) return owner;
  const table = owner.value.kind === "switch" ? "Logical_Switch" : "Port_Group";
  const ownerRow = rowByUuid(ctx, table, owner.value.uuid) as OvsdbRow;
  const acls = refs(ctx, ownerRow, "acls", "ACL")
    .map(([u, r]) => acl(u, r))
    .sort((a, b) => {
      if (a.direction !== b.direction) return dirRank(a.direction) - dirRank(b.direction);
      if (a.afterLb !== b.afterLb) return b.afterLb ? -1 : 1;
      if (a.priority !== b.priority) return a.priority > b.priority ? -1 : 1;
      return strcmp(a.match, b.match);
    });
  return { ok: true, value: { owner: { kind: owner.value.kind, uuid: owner.value.uuid, name: str(ownerRow, "name") }, acls } };
}

/**
 * One line of `acl-list`.
 *
 * @internal
 */
export function aclLine(a: NbAclListEntry): string {
  let s = `${padLeft(a.direction, 10)} ${padLeft(String(a.priority), 5)} (${a.match}) ${a.action}`;
  if (a.log) {
    const parts: string[] = [];
    if (a.name !== undefined) parts.push(`name=${a.name}`);
    if (a.severity !== undefined) parts.push(`severity=${a.severity}`);
    if (a.meter !== undefined) parts.push(`meter="${a.meter}"`);
    s += ` log(${parts.join(",")})`;
  }
  if (a.label !== 0) s += ` label=${a.label}`;
  if (a.afterLb) s += " [after-lb]";
  return `${s}\n`;
}

/** `acl-list`. @internal */
export function runAclList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const l = nbAclList(ctx, inv.args[0] as string, inv.options.get("--type"));
  return l.ok ? text(l.value.acls.map(aclLine).join("")) : failure(l.error);
}
