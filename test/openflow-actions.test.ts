import { describe, expect, it } from "vitest";
import { formatAction, formatActions, parseAction, parseActions } from "../src/index.js";

describe("action input syntaxes OVS accepts but prints differently", () => {
  it.each([
    ["enqueue:2:5", { kind: "enqueue", port: 2, queue: 5 }, "enqueue:2:5"],
    ["enqueue(1,3)", { kind: "enqueue", port: 1, queue: 3 }, "enqueue:1:3"],
    ["set_mpls_label(1000)", { kind: "set_mpls_label", value: { kind: "int", value: 1000n, hex: false } }, "set_mpls_label(1000)"],
    ["set_mpls_tc(3)", { kind: "set_mpls_tc", value: { kind: "int", value: 3n, hex: false } }, "set_mpls_tc(3)"],
    ["mod_nw_ecn:1", { kind: "mod_nw_ecn", value: { kind: "int", value: 1n, hex: false } }, "mod_nw_ecn:1"],
    ["set_tunnel:0x64", { kind: "set_tunnel", value: { kind: "int", value: 100n, hex: true } }, "set_tunnel:0x64"],
    ["strip_vlan", { kind: "strip_vlan" }, "strip_vlan"],
    ["set_vlan_vid:100", { kind: "set_vlan_vid", value: { kind: "int", value: 100n, hex: false } }, "set_vlan_vid:100"],
    ["set_vlan_pcp:5", { kind: "set_vlan_pcp", value: { kind: "int", value: 5n, hex: false } }, "set_vlan_pcp:5"],
    ["output:LOCAL", { kind: "output", port: "LOCAL" }, "LOCAL"],
    ["in_port", { kind: "output", port: "IN_PORT" }, "IN_PORT"],
    ["CONTROLLER:65535", { kind: "controller", maxLen: 65535 }, "CONTROLLER:65535"],
    ['output:"k8s-ovn-worker"', { kind: "output", port: "k8s-ovn-worker" }, 'output:"k8s-ovn-worker"'],
    ["resubmit:3", { kind: "resubmit", port: 3 }, "resubmit:3"],
    ["resubmit(,8,ct)", { kind: "resubmit", table: 8, ct: true }, "resubmit(,8,ct)"],
    ["ct", { kind: "unknown" }, "ct"],
  ])("%s", (text, model, printed) => {
    const a = parseAction(text);
    expect(a).toMatchObject(model);
    expect(formatAction(a)).toBe(printed);
  });

  it("accepts names in any case (ovs-actions(7): action names are case-insensitive)", () => {
    expect(parseActions("RESUBMIT(,8),Output:3,DROP")).toEqual([
      { kind: "resubmit", table: 8 },
      { kind: "output", port: 3 },
      { kind: "drop" },
    ]);
  });

  it("keeps unknown actions as generic nodes with their text", () => {
    const a = parseAction("frobnicate(a=1,b=(2,3))");
    expect(a).toEqual({ kind: "unknown", name: "frobnicate", args: "a=1,b=(2,3)", text: "frobnicate(a=1,b=(2,3))", reason: 'unknown action "frobnicate"' });
    expect(formatActions([a, { kind: "drop" }])).toBe("frobnicate(a=1,b=(2,3)),drop");
  });

  it("keeps typed actions with untypeable arguments as unknown, with the reason", () => {
    const a = parseAction("group:abc");
    expect(a).toMatchObject({ kind: "unknown", name: "group", args: "abc" });
  });

  it("nests clone, write_actions and ct exec", () => {
    const [clone] = parseActions("clone(clone(mod_vlan_vid:100,output:4)),exit");
    expect(clone).toEqual({
      kind: "clone",
      actions: [{ kind: "clone", actions: [{ kind: "mod_vlan_vid", value: { kind: "int", value: 100n, hex: false } }, { kind: "output", port: 4 }] }],
    });
  });

  it("prints an empty action list as drop", () => {
    expect(formatActions([])).toBe("drop");
  });
});
