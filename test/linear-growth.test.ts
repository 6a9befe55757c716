/**
 * Issue 16: every flow parser stays linear in its input (a 10 MB datapath actions line once
 * took 2.4 s and 531 MB). The work of each parser, counted in characters its string operations
 * touch (test/helpers/work-count.ts, no wall clock), must grow about as the input does from 1x
 * to 4x; memory is checked on the same inputs. bench/growth.ts measures time and memory at
 * 1x/2x/4x/8x of megabyte inputs.
 */
import { describe, expect, it } from "vitest";
import {
  parseDatapathActions,
  parseDatapathFlow,
  parseDatapathFlowDump,
  parseFlow,
  parseFlowDump,
  parseGroup,
  parseGroupDump,
  parseLogicalFlowDump,
} from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";
import { stringWork } from "./helpers/work-count.js";

const repeat = (unit: string, n: number): string => unit.repeat(n);
const ofLines = fixture("openflow", "ovn-br-int.of15.flows").split("\n").filter((l) => l.includes(" actions=")).slice(0, 40).join("\n");
const dpLines = fixture("datapath", "ovn.dpctl-m.flows").split("\n").filter((l) => l.includes(" actions:")).slice(0, 20).join("\n");
const groupLine = fixture("openflow", "ovn-br-int.of15.groups").split("\n").find((l) => l.includes("bucket=")) as string;
const lflows = fixture("ovn", "lflow-list.uuid.txt").split("\n").slice(0, 200).join("\n");
const bucket = groupLine.slice(groupLine.indexOf(",bucket=") + 1);

/** Inputs that grow with `k`: one long line or many lines, built from real text. */
const CASES: readonly [string, (k: number) => unknown][] = [
  ["OpenFlow actions line (OVN ct)", (k) => parseFlow(` priority=1 actions=${repeat("ct(commit,zone=NXM_NX_REG13[0..15],nat(src),exec(set_field:0/0x1->ct_label)),resubmit(,27),", k)}drop`)],
  ["OpenFlow actions line, lazy", (k) => parseFlow(` priority=1 actions=${repeat("set_field:0x1e->reg13,resubmit(,8),", k)}drop`, { lazyActions: true })],
  ["OpenFlow actions line of distinct unknown actions", (k) => parseFlowDump(` priority=1 actions=${Array.from({ length: 40 * k }, (_, i) => `frob(${i})`).join(",")}`)],
  ["OpenFlow conjunction / enqueue / resubmit args", (k) => parseFlow(` priority=1 actions=${repeat("conjunction(1,1/2),enqueue:1:2,resubmit(1,2),", k)}drop`)],
  ["OpenFlow match line", (k) => parseFlow(` priority=1,${repeat("reg0=0x1/0xff,", k)}ip actions=drop`)],
  ["OpenFlow dump", (k) => parseFlowDump(repeat(`${ofLines}\n`, k))],
  ["group with many buckets", (k) => parseGroup(` group_id=1,type=select,${repeat(`${bucket},`, k)}bucket=actions=drop`)],
  ["group dump", (k) => parseGroupDump(repeat(`${groupLine}\n`, k))],
  ["datapath actions line (set / ct / recirc / ports)", (k) => parseDatapathFlow(`recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:${repeat("set(ipv4(src=10.0.0.1,ttl=63)),ct(commit,zone=27,label=0/0x1,nat(src)),recirc(0x1),3,", k)}drop`)],
  ["datapath actions line without masks (no '/' to find)", (k) => parseDatapathFlow(`recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:${repeat("set(ipv4(src=10.0.0.1,ttl=63)),3,", k)}drop`)],
  ["datapath actions list", (k) => parseDatapathActions(repeat("check_pkt_len(size=1500,gt(4),le(recirc(0x2))),clone(recirc(0x1)),", k) + "drop")],
  ["datapath keys line", (k) => parseDatapathFlow(`recirc_id(0),in_port(1),${repeat("eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:01),", k)}eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop`)],
  ["datapath keys line, lazy", (k) => parseDatapathFlow(`recirc_id(0),in_port(1),${repeat("ipv4(src=10.244.1.3/255.255.255.254,dst=10.244.2.3,proto=6,tos=0/0x3,ttl=64,frag=no),", k)}eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop`, { lazyKeys: true })],
  ["datapath dump", (k) => parseDatapathFlowDump(`flow-dump from the main thread:\n${repeat(`${dpLines}\n`, k)}`)],
  ["datapath dump with lone CR line endings", (k) => parseDatapathFlowDump(repeat(`${dpLines}\r`, k))],
  ["lflow-list", (k) => parseLogicalFlowDump(repeat(`${lflows}\n`, k))],
  ["lflow with a long match", (k) => parseLogicalFlowDump(`Datapath: "sw0" (5e1c0000-0000-0000-0000-000000000000)  Pipeline: ingress\n  table=0 (ls_in_port_sec_l2  ), priority=50   , match=(${repeat("ip4.src == 10.0.0.1 || ", k)}1), action=(next;)`)],
];

describe("every flow parser is linear in its input (issue 16)", () => {
  it.each(CASES)("%s: 4x the input is about 4x the work", (_name, run) => {
    const small = stringWork(() => run(40));
    const large = stringWork(() => run(160));
    expect(small).toBeGreaterThan(0);
    // Linear: 4x plus a constant; a quadratic step would make it ~16x.
    expect(large / small).toBeLessThan(4.6);
  });
});
