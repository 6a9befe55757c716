import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFlows } from "../src/openflow/index.js";
import { lookupCookie, ovnContext } from "../src/ovn/detrace/index.js";
import { readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import { groupFlowsByCookie, detraceCookieResolver, groupFlowsByLogic } from "../src/views/index.js";
import { FIXTURES, fixture } from "./helpers/fixtures.js";

describe("OVN join through the offline detrace", () => {
  const ovn = ovnContext({ sb: readOvsdbFile(readFileSync(join(FIXTURES, "ovn", "ovnsb_db.db"))) });
  const resolve = detraceCookieResolver(ovn);
  const flows = parseFlows(fixture("ovn", "br-int.flows.txt"));

  it("labels the cookies of a real br-int dump with the rows of the same cluster's Southbound database", () => {
    const groups = groupFlowsByCookie(flows, { resolveCookie: resolve });
    const resolved = groups.filter((g) => g.resolved);
    expect(resolved.length).toBeGreaterThan(groups.length / 2);
    for (const g of resolved) {
      const r = lookupCookie(ovn, g.cookie);
      expect(r.hits.length).toBeGreaterThan(0);
      const first = r.hits[0];
      if (!r.ambiguous && first?.table === "Logical_Flow") {
        expect(g.label).toContain(`table=${first.flow.table}`);
        expect(g.label).toContain(`match=(${first.flow.match})`);
      }
      if (r.ambiguous) expect(g.label.startsWith("duplicate cookie: ")).toBe(true);
    }
    expect(resolved.some((g) => g.label.startsWith("Port_Binding "))).toBe(true);
    expect(groups.find((g) => g.cookie === 0n)?.resolved).toBe(false);
  });

  it("plugs into the logic view per cookie", () => {
    const groups = groupFlowsByLogic(flows, { byCookie: true, resolveCookie: resolve });
    expect(groups.some((g) => g.cookies[0]?.resolved === true && /\((ls|lr)_(in|out)_/.test(g.cookies[0].label))).toBe(true);
    expect(groups.reduce((n, g) => n + g.flows.length, 0)).toBe(flows.length);
  });
});
