import { describe, expect, it } from "vitest";
import { formatDatapathFlow, parseDatapathFlow } from "../src/index.js";

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
