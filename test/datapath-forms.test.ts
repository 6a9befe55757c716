import { describe, expect, it } from "vitest";
import { decodeDatapathFlow, formatDatapathFlow, parseDatapathFlow } from "../src/index.js";

// Forms this sandbox cannot produce (no kernel datapath, no TC offload): written from OVS's
// dpctl output format (lib/dpctl.c, lib/dpif.c), checked to parse and print back exactly.
describe("datapath forms of offloaded and kernel flows", () => {
  it.each([
    "ufid:1e8c5f5a-0b6e-4c59-9f38-0a4b6b3c8f11, recirc_id(0),in_port(2),eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:01),eth_type(0x0800),ipv4(frag=no), packets:1024, bytes:98304, used:0.120s, dp:tc, offloaded:yes, actions:3",
    "recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:980, used:2.500s, flags:SFP., dp:tc, offloaded:partial, actions:ct(zone=5),recirc(0x7)",
    "recirc_id(0),in_port(4),eth_type(0x86dd),ipv6(frag=no), packets:0, bytes:0, used:never, actions:drop",
  ])("%s", (line) => {
    const f = parseDatapathFlow(line);
    expect(formatDatapathFlow(f)).toBe(line);
  });

  it("types dp, offloaded and the TCP flags seen", () => {
    const f = parseDatapathFlow(
      "recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:980, used:2.500s, flags:SFP., dp:tc, offloaded:partial, actions:ct(zone=5),recirc(0x7)",
    );
    expect(f).toMatchObject({ dp: "tc", offloaded: "partial", tcpFlags: "SFP.", used: 2.5, packets: 10n, recircId: 0, inPort: 2 });
    expect(f.actions.map((a) => a.kind)).toEqual(["ct", "recirc"]);
  });

  it("types a drop with a reason", () => {
    const f = parseDatapathFlow("recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:drop(frag)");
    expect(f.actions).toMatchObject([{ kind: "drop", reason: "frag" }]);
  });
});

// Lazy keys lift recirc_id and in_port without building their nodes: every shape of value must
// come out as the eager parser gives it (number, name, absent), including the odd ones.
describe("recirc_id and in_port with lazy keys", () => {
  const values = ["0", "7", "0x1", "0x0", "0x00ff", "0X1f", "01", "0x1/0xff", "5/0xf", "999999999999999", "9999999999999999", "0xfffffffffffff", "0xffffffffffffffff", "ovs-p0", "LOCAL", "a=1", "x(1)", "[x]", "{a}", "a,b", "0xg1", "1e3", "-1"];
  it.each(values)("recirc_id(%s) and in_port(%s)", (v) => {
    const line = `recirc_id(${v}),in_port(${v}),eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop`;
    const eager = parseDatapathFlow(line);
    const lazy = parseDatapathFlow(line, { lazyKeys: true });
    expect({ recircId: lazy.recircId, inPort: lazy.inPort }).toStrictEqual({ recircId: eager.recircId, inPort: eager.inPort });
    expect(decodeDatapathFlow(lazy)).toStrictEqual(eager);
  });
  it("empty parentheses give no value in either mode", () => {
    const line = "recirc_id(),in_port(), packets:0, bytes:0, used:never, actions:drop";
    const lazy = parseDatapathFlow(line, { lazyKeys: true });
    expect("recircId" in lazy || "inPort" in lazy).toBe(false);
    expect(decodeDatapathFlow(lazy)).toStrictEqual(parseDatapathFlow(line));
  });
});
