import { describe, expect, it } from "vitest";
import { OvsParseError, isOvsParseError, parseFlow, parseFlowDump, parseFlows } from "../src/index.js";

function thrown(fn: () => unknown): OvsParseError {
  try {
    fn();
  } catch (e) {
    if (isOvsParseError(e)) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("OvsParseError", () => {
  it("names the column of a bad value, with an excerpt and caret", () => {
    const line = " priority=10,nw_src=not-an-ip actions=drop";
    const e = thrown(() => parseFlow(line));
    expect(e).toBeInstanceOf(OvsParseError);
    expect(e.code).toBe("bad-value");
    expect(e.line).toBe(1);
    expect(e.column).toBe(line.indexOf("not-an-ip") + 1);
    expect(e.excerpt).toBe(`${line}\n${" ".repeat(line.indexOf("not-an-ip"))}^`);
    expect(e.message).toContain("nw_src");
  });

  it("reports unbalanced brackets where they open", () => {
    const line = " priority=1 actions=ct(commit,exec(set_field:1->reg0)";
    const e = thrown(() => parseFlow(line));
    expect(e.code).toBe("unbalanced");
    expect(e.column).toBe(line.indexOf("(") + 1);
  });

  it("reports a missing actions= part", () => {
    expect(thrown(() => parseFlow(" priority=1,ip")).code).toBe("missing");
  });

  it("is recognized across realms by its brand", () => {
    const e = thrown(() => parseFlow("garbage"));
    const copy = Object.assign(Object.create(null), e, { [Symbol.for("ovskit.OvsParseError")]: true });
    expect(isOvsParseError(copy)).toBe(true);
    expect(isOvsParseError(new Error("x"))).toBe(false);
  });
});

const DUMP = [
  "NXST_FLOW reply (xid=0x4): flags=[more]",
  " cookie=0x0, duration=1.5s, table=0, n_packets=0, n_bytes=0, priority=100,in_port=1 actions=resubmit(,40)",
  "",
  "***decode error: OFPBRC_BAD_TYPE***",
  "00000000  01 11 00 58 00 00 00 04-ff ff 00 00 00 00 23 20 |...X..........# |",
  "00000010  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00 |................|",
  " cookie=0x1, duration=1.5s, table=0, n_packets=0, n_bytes=0, priority=100,in_port=2 actions=frob(1),output:1",
  " cookie=0x2, duration=1.5s, table=0, n_packets=0, n_bytes=0, priority=100,nw_src=300.1.1.1 actions=drop",
  " cookie=0x3, duration=1.5s, table=0, n_packets=0, n_bytes=0, priority=100,in_port=3 actio",
  "NXST_FLOW reply (xid=0x4):",
].join("\n");

describe("dumps with damage", () => {
  it("lenient: every line is a flow, a header, a blank line or an issue", () => {
    const { flows, issues, accounting } = parseFlowDump(DUMP);
    expect(flows.map((f) => f.cookie)).toEqual([0n, 1n]);
    expect(issues.map((i) => [i.severity, i.code, i.line, i.lineCount])).toEqual([
      ["error", "decode-error", 4, 3],
      ["warning", "unknown-action", 7, 0],
      ["error", "bad-value", 8, 1],
      ["error", "missing", 9, 1],
    ]);
    expect(issues[2]?.column).toBe(DUMP.split("\n")[7]!.indexOf("300.1.1.1") + 1);
    expect(accounting).toEqual({ lines: 10, items: 2, headers: 2, blank: 1, issueLines: 5 });
  });

  it("strict: throws at the first bad line with its number", () => {
    const e = thrown(() => parseFlows(DUMP));
    expect(e.line).toBe(4);
    expect(e.code).toBe("decode-error");
  });

  it("lenient parseFlows never throws and reports through onIssue", () => {
    const seen: number[] = [];
    const flows = parseFlows(DUMP, { strict: false, onIssue: (i) => seen.push(i.line) });
    expect(flows).toHaveLength(2);
    expect(seen).toEqual([4, 7, 8, 9]);
  });
});
