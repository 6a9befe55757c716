import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type FlowStreamItem, formatFlow, parseFlowDump, parseFlowStream } from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

async function collect(source: AsyncIterable<string | Uint8Array>): Promise<FlowStreamItem[]> {
  const out: FlowStreamItem[] = [];
  for await (const item of parseFlowStream(source)) out.push(item);
  return out;
}

/** Splits bytes into odd-sized chunks, cutting lines and multi-byte characters anywhere. */
function* chunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("parseFlowStream", () => {
  const text = fixture("openflow", "ovn-br-int.of13.names.flows") + "***decode error: OFPBRC_BAD_LEN***\n😀 garbage line\n";
  const expected = parseFlowDump(text);

  it.each([1, 7, 4096, 1 << 20])("gives the same flows and issues as parseFlowDump with %i-byte chunks", async (size) => {
    const items = await collect(Readable.from(chunks(new TextEncoder().encode(text), size)));
    const flows = items.flatMap((i) => (i.type === "flow" ? [i.flow] : []));
    const issues = items.flatMap((i) => (i.type === "issue" ? [i.issue] : []));
    expect(flows.map((f) => formatFlow(f))).toEqual(expected.flows.map((f) => formatFlow(f)));
    expect(flows.map((f) => f.line)).toEqual(expected.flows.map((f) => f.line));
    expect(issues).toEqual(expected.issues);
    expect(issues.map((i) => i.code)).toEqual(["decode-error", "missing"]);
    expect(issues[1]?.text).toBe("😀 garbage line");
  });

  it("accepts string chunks and a last line without newline", async () => {
    const items = await collect(Readable.from([" priority=1 actions=dro", "p\n priority=2 actions=output:1"], { objectMode: true }));
    expect(items.map((i) => (i.type === "flow" ? i.flow.priority : -1))).toEqual([1, 2]);
  });

  it("throws in strict mode", async () => {
    const run = async () => {
      for await (const _ of parseFlowStream(Readable.from(["bad line\n"]), { strict: true })) void _;
    };
    await expect(run()).rejects.toMatchObject({ name: "OvsParseError", line: 1 });
  });
});
