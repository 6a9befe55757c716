import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const F = join(FIXTURES, "ctl");
const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "examples/ctl.ts"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("examples/ctl.ts (the ovs-offline tutorial's commands on files)", () => {
  it("runs the tools' read-only commands on the database files, .gz included", () => {
    const nb = run(["nbctl", "--nb", join(F, "nb.db"), "lr-nat-list", "lr-dist"]);
    expect(nb.status).toBe(0);
    expect(nb.stdout).toMatch(/^TYPE {13}GATEWAY_PORT/);
    const sb = run(["sbctl", `--sb=${join(F, "sb.db.gz")}`, "--uuid", "lflow-list", "join"]);
    expect(sb.status).toBe(0);
    expect(sb.stdout).toMatch(/^Datapath: "join" \([0-9a-f-]{36}\)  Pipeline: ingress\n {2}uuid=0x[0-9a-f]{8}, table=0 /);
    const vs = run(["vsctl", "--ovs", join(F, "conf.db"), "--format=csv", "--columns=name,tag", "list", "Port", "tagp"]);
    expect(vs.stdout).toBe("name,tag\ntagp,5\n");
  });

  it("passes on the tool's exit status and messages; bad usage exits 2", () => {
    const r = run(["nbctl", "--nb", join(F, "nb.db"), "lsp-list", "nosuch"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("ovn-nbctl: nosuch: switch name not found\n");
    expect(run(["vsctl", "--ovs", join(F, "conf.db"), "br-exists", "nosuch"]).status).toBe(2);
    const u = run(["ipctl"]);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/^ctl: usage: ctl nbctl\|sbctl\|vsctl/);
    expect(run(["nbctl", "--nb", join(F, "nope.db"), "show"]).stderr).toMatch(/^ctl: .*nope\.db/);
  });
});
