import { describe, expect, it } from "vitest";
import { OvsParseError, OvskitError, isOvsParseError, isOvskitError, parseFlow, parseFlowDump, parseFlows, parseMetricsConfig, parsePrometheusDuration } from "../src/index.js";

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

describe("error size", () => {
  const caught = (fn: () => unknown): OvskitError => {
    try {
      fn();
    } catch (e) {
      if (isOvskitError(e)) return e;
      throw e;
    }
    throw new Error("did not throw");
  };

  it("an error about a huge input quotes its start and says its length (found by the fuzz suite: 10 MB messages)", () => {
    const huge = "1".repeat(1_000_000) + "x";
    const d = caught(() => parsePrometheusDuration(huge));
    expect(d.code).toBe("bad-duration");
    expect(d.message.length).toBeLessThanOrEqual(4096);
    expect(d.message).toMatch(/^not a valid Prometheus duration "1111/);
    expect(d.message).toMatch(/\.\.\. \(1000\d+ characters\)$/);
    const c = caught(() => parseMetricsConfig(`metrics:\n  - id: ${"a".repeat(100_000)}\n    query: [\n`));
    expect(c.code).toBe("invalid-config");
    expect(c.message.length).toBeLessThanOrEqual(4096);
  });

  it("bounds message and excerpt in the base class, without cutting a surrogate pair", () => {
    const e = new OvskitError("x", `${"a".repeat(4070)}😀${"b".repeat(10_000)}`, { excerpt: "c".repeat(20_000) });
    expect(e.message.length).toBeLessThanOrEqual(4096);
    expect(e.excerpt?.length).toBeLessThanOrEqual(4096);
    expect(e.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(new OvskitError("x", "short").message).toBe("short");
  });
});
