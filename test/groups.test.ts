import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Action,
  type Bucket,
  type DumpIssue,
  type Group,
  type GroupType,
  OvsParseError,
  formatBucket,
  formatGroup,
  isOvsParseError,
  parseGroup,
  parseGroupDump,
  parseGroups,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

const dumps = fixtureNames("openflow", ".groups");

/** Every issue is unexpected: real dumps must parse with zero issues. */
function unexpected(issues: readonly DumpIssue[]): DumpIssue[] {
  return [...issues];
}

function byId(groups: readonly Group[], id: number): Group {
  const g = groups.find((x) => x.groupId === id);
  if (g === undefined) throw new Error(`no group ${id}`);
  return g;
}

function bucket(g: Group, i: number): Bucket {
  const b = g.buckets[i];
  if (b === undefined) throw new Error(`group ${g.groupId} has no bucket ${i}`);
  return b;
}

function first(actions: readonly Action[]): Action {
  const a = actions[0];
  if (a === undefined) throw new Error("no action");
  return a;
}

describe("real ovs-ofctl dump-groups fixtures", () => {
  it("has the four fixtures the generator writes", () => {
    expect(dumps).toEqual([
      "all-families.of11.groups",
      "all-families.of15.groups",
      "ovn-br-int.of13.groups",
      "ovn-br-int.of15.groups",
    ]);
  });

  describe.each(dumps)("%s", (name) => {
    const text = fixture("openflow", name);
    const lines = linesOf(text);
    const dump = parseGroupDump(text);

    it("parses with zero errors and no unexpected warning", () => {
      expect(dump.issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(unexpected(dump.issues)).toEqual([]);
      expect(dump.groups.length).toBeGreaterThanOrEqual(12);
    });

    it("accounts for every input line", () => {
      const a = dump.accounting;
      expect(a.lines).toBe(lines.length);
      expect(a.items + a.headers + a.blank + a.issueLines).toBe(lines.length);
      expect(a.items).toBe(dump.groups.length);
      expect(a.headers).toBe(1);
      expect(a.issueLines).toBe(0);
    });

    it("formats every group back byte for byte", () => {
      const mismatches = dump.groups.filter((g) => formatGroup(g) !== lines[(g.line as number) - 1]);
      expect(mismatches.map((g) => lines[(g.line as number) - 1])).toEqual([]);
    });

    it("gives the same groups in strict mode, and from parseGroup line by line", () => {
      expect(parseGroups(text)).toEqual(dump.groups);
      for (const g of dump.groups) {
        const { line, ...rest } = g;
        expect(parseGroup(lines[(line as number) - 1] as string)).toEqual(rest);
      }
    });
  });
});

describe("the hand-written all-families set, OpenFlow 1.5", () => {
  const groups = parseGroups(fixture("openflow", "all-families.of15.groups"));

  it("types a hash select group with its fields, bucket ids and weights", () => {
    const g = byId(groups, 2);
    expect(g.type).toBe("select");
    expect(g.selectionMethod).toBe("hash");
    expect(g.selectionMethodParam).toBeUndefined();
    expect(g.fields).toEqual(["eth_dst", "ip_dst", "tcp_dst"]);
    expect(g.fieldMasks).toBeUndefined();
    expect(g.buckets).toEqual([
      { bucketId: 0, weight: 100, actions: [{ kind: "output", port: 1 }] },
      { bucketId: 1, weight: 200, actions: [{ kind: "output", port: 2 }] },
    ]);
    expect(g.line).toBe(8);
  });

  it("keeps the masks of masked hash fields, and selection_method_param", () => {
    const g = byId(groups, 4);
    expect(g.selectionMethodParam).toBe(42n);
    expect(g.fields).toEqual(["ip_src", "nw_proto", "tcp_src"]);
    expect(g.fieldMasks?.ip_src).toEqual({ kind: "ipv4", value: "255.255.255.0" });
    expect(g.fieldMasks?.nw_proto).toBeUndefined();
    expect(bucket(g, 1).actions).toEqual([
      { kind: "set_field", value: { kind: "mac", value: "00:00:00:00:00:02" }, dst: { kind: "field", field: "eth_dst" } },
      { kind: "output", port: 2 },
    ]);
  });

  it("types a dp_hash group with a 64-bit parameter and default weights left out", () => {
    const g = byId(groups, 3);
    expect(g.selectionMethod).toBe("dp_hash");
    expect(g.selectionMethodParam).toBe(4294967301n);
    expect(g.fields).toBeUndefined();
    expect(g.buckets.map((b) => b.bucketId)).toEqual([10, 11, 12]);
    expect(g.buckets.map((b) => b.weight)).toEqual([undefined, undefined, 2]);
  });

  it("types fast failover buckets with watch_port and watch_group", () => {
    const g7 = byId(groups, 7);
    expect(g7.type).toBe("ff");
    expect(g7.buckets.map((b) => [b.bucketId, b.watchPort, b.watchGroup])).toEqual([
      [1, 1, undefined],
      [2, 2, undefined],
      [3, undefined, 1],
    ]);
    expect(bucket(g7, 2).actions).toEqual([{ kind: "group", value: { kind: "int", value: 1n, hex: false } }]);
    const b8 = bucket(byId(groups, 8), 1);
    expect(b8).toEqual({
      bucketId: 1,
      watchPort: 4,
      watchGroup: 6,
      actions: [{ kind: "group", value: { kind: "int", value: 6n, hex: false } }],
    });
  });

  it("types watch_port in select buckets, an empty group, a drop bucket and a large group id", () => {
    const g9 = byId(groups, 9);
    expect(g9.fields).toEqual(["ipv6_src", "ipv6_dst", "udp_src", "udp_dst"]);
    expect(g9.buckets.map((b) => [b.bucketId, b.weight, b.watchPort])).toEqual([
      [100, 10, 1],
      [200, 20, 2],
    ]);
    expect(bucket(g9, 0).actions.map((a) => a.kind)).toEqual(["dec_ttl", "output"]);
    expect(byId(groups, 11)).toEqual({ groupId: 11, type: "all", buckets: [], line: 4 });
    const g = byId(groups, 4294967040);
    expect(g.type).toBe("indirect");
    expect(g.buckets).toEqual([{ bucketId: 0, actions: [{ kind: "drop" }] }]);
  });

  it("keeps actions with commas and brackets inside their bucket", () => {
    const g = byId(groups, 10);
    expect(g.buckets.map((b) => b.actions.map((a) => a.kind))).toEqual([
      ["controller"],
      ["resubmit"],
      ["set_field", "move", "output"],
    ]);
    expect(bucket(g, 1).actions).toEqual([{ kind: "resubmit", table: 30 }]);
    expect(bucket(g, 2).actions[2]).toEqual({ kind: "output", port: "IN_PORT" });
  });
});

describe("the hand-written all-families set, OpenFlow 1.1", () => {
  const groups = parseGroups(fixture("openflow", "all-families.of11.groups"));
  const of15 = parseGroups(fixture("openflow", "all-families.of15.groups"));

  it("has no bucket ids, selection methods or fields, but the same groups and weights", () => {
    expect(groups.map((g) => g.groupId)).toEqual(of15.map((g) => g.groupId));
    expect(groups.map((g) => g.type)).toEqual(of15.map((g) => g.type));
    for (const g of groups) {
      expect(g.selectionMethod).toBeUndefined();
      expect(g.fields).toBeUndefined();
      for (const b of g.buckets) expect(b.bucketId).toBeUndefined();
    }
    expect(byId(groups, 3).buckets.map((b) => b.weight)).toEqual([undefined, undefined, 2]);
    expect(byId(groups, 2).buckets.map((b) => b.weight)).toEqual([100, 200]);
    expect(byId(groups, 8).buckets.map((b) => [b.watchPort, b.watchGroup])).toEqual([
      [3, undefined],
      [4, 6],
    ]);
    expect(bucket(byId(groups, 4294967040), 0).actions).toEqual([{ kind: "drop" }]);
  });
});

describe("OVN load balancer groups", () => {
  const of15 = parseGroups(fixture("openflow", "ovn-br-int.of15.groups"));
  const of13 = parseGroups(fixture("openflow", "ovn-br-int.of13.groups"));

  it("types the ct action inside an OpenFlow 1.5 bucket", () => {
    const g = byId(of15, 37);
    expect(g.type).toBe("select");
    expect(g.selectionMethod).toBe("dp_hash");
    expect(g.buckets).toHaveLength(1);
    const b = bucket(g, 0);
    expect(b.bucketId).toBe(0);
    expect(b.weight).toBe(100);
    const ct = first(b.actions);
    if (ct.kind !== "ct") throw new Error(`expected ct, got ${ct.kind}`);
    expect(ct.commit).toBe(true);
    expect(ct.table).toBe(21);
    expect(ct.zone).toEqual({ kind: "field", field: "NXM_NX_REG13", start: 0, end: 15 });
    expect(ct.nat?.type).toBe("dst");
    expect(ct.nat?.addrMin).toEqual({ kind: "ipv4", value: "10.244.1.8" });
    expect(ct.nat?.portMin).toBe(5353);
    expect(ct.exec).toEqual([
      {
        kind: "set_field",
        value: { kind: "int", value: 2n, mask: 2n, hex: true },
        dst: { kind: "field", field: "ct_label" },
      },
    ]);
  });

  it("gives the same backends in the OpenFlow 1.3 and 1.5 dumps", () => {
    const backends = (groups: readonly Group[]): string[] =>
      groups.flatMap((g) =>
        g.buckets.map((b) => {
          const a = first(b.actions);
          if (a.kind !== "ct" || a.nat === undefined) throw new Error("expected ct(nat)");
          return `${g.groupId} ${b.weight} ${a.nat.addrMin?.value}:${a.nat.portMin}`;
        }),
      );
    expect(of13).toHaveLength(30);
    expect(backends(of13)).toEqual(backends(of15));
    expect(backends(of13)).toContain("31 100 10.244.2.3:8080");
    for (const g of of13) {
      expect(g.selectionMethod).toBeUndefined();
      for (const b of g.buckets) expect(b.bucketId).toBeUndefined();
    }
  });
});

describe("input forms and printing", () => {
  it("accepts type=fast_failover and prints ff", () => {
    const g = parseGroup("group_id=1,type=fast_failover,bucket=watch_port:2,actions=output:2");
    expect(g.type).toBe("ff");
    expect(formatGroup(g)).toBe(" group_id=1,type=ff,bucket=watch_port:2,actions=output:2");
  });

  it("prints one hash field as fields=NAME, as OVS does", () => {
    const line = " group_id=5,type=select,selection_method=hash,fields=ip_dst,bucket=bucket_id:0,actions=output:1";
    const g = parseGroup(line);
    expect(g.fields).toEqual(["ip_dst"]);
    expect(formatGroup(g)).toBe(line);
    const masked = " group_id=5,type=select,selection_method=hash,fields=ip_src=255.255.0.0,bucket=bucket_id:0,actions=output:1";
    expect(formatGroup(parseGroup(masked))).toBe(masked);
  });

  it("splits buckets only at the top level", () => {
    const line =
      ' group_id=9,type=all,bucket=actions=learn(table=10,NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),output:"bucket=x",bucket=watch_port:"a,b",actions=clone(set_field:1->reg0,resubmit(,5))';
    const g = parseGroup(line);
    expect(g.buckets).toHaveLength(2);
    expect(bucket(g, 0).actions.map((a) => a.kind)).toEqual(["learn", "output"]);
    expect(bucket(g, 0).actions[1]).toEqual({ kind: "output", port: "bucket=x" });
    expect(bucket(g, 1).watchPort).toBe("a,b");
    expect(formatGroup(g)).toBe(line);
  });

  it("prints a bucket alone", () => {
    expect(formatBucket({ bucketId: 0, weight: 100, watchPort: "LOCAL", actions: [] })).toBe(
      "bucket_id:0,weight:100,watch_port:LOCAL,actions=drop",
    );
  });
});

describe("errors", () => {
  const good = " group_id=1,type=all,bucket=bucket_id:0,actions=output:1";
  const broken = " group_id=2,type=bogus,bucket=bucket_id:0,actions=output:1";
  const text = `OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):\n${good}\n${broken}\n${good.replace("=1,", "=3,")}\n`;

  it("rejects malformed lines with an OvsParseError at the right column", () => {
    const cases: [string, OvsParseError["code"], number][] = [
      [broken, "bad-value", broken.indexOf("bogus") + 1],
      [" group_id=1,type=all,bucket=bucket_id:0", "missing", 40],
      [" group_id=1,bucket=actions=drop", "missing", 1],
      [" type=all,bucket=actions=drop", "missing", 1],
      [" group_id=x,type=all", "bad-value", 11],
      [" group_id=4294967296,type=all", "bad-value", 11],
      [" group_id=1,type=all,", "syntax", 21],
      [" group_id=1,type=all,bucket=weight:70000,actions=drop", "bad-value", 36],
      [" group_id=1,type=all,bucket=colour:1,actions=drop", "syntax", 29],
      [" group_id=1,type=all,bucket=actions=ct(commit", "unbalanced", 39],
      [" group_id=1,type=all,bucket=actions=output:1,", "syntax", 46],
      [" group_id=1,type=all,type=all", "syntax", 22],
      ["OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):", "syntax", 17],
      ["", "missing", 1],
    ];
    for (const [line, code, column] of cases) {
      let err: unknown;
      try {
        parseGroup(line);
      } catch (e) {
        err = e;
      }
      expect(err, line).toBeInstanceOf(OvsParseError);
      expect([(err as OvsParseError).code, (err as OvsParseError).column], line).toEqual([code, column]);
    }
  });

  it("throws in strict mode with the line number of the broken line", () => {
    let err: unknown;
    try {
      parseGroups(text);
    } catch (e) {
      err = e;
    }
    expect(isOvsParseError(err)).toBe(true);
    const e = err as OvsParseError;
    expect(e.line).toBe(3);
    expect(e.column).toBe(broken.indexOf("bogus") + 1);
    expect(e.code).toBe("bad-value");
    expect(e.message).toMatch(/^line 3, column 18: /);
  });

  it("reports the broken line and goes on in lenient mode", () => {
    const seen: DumpIssue[] = [];
    const groups = parseGroups(text, { strict: false, onIssue: (i) => seen.push(i) });
    expect(groups.map((g) => [g.groupId, g.line])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ severity: "error", code: "bad-value", line: 3, column: 18, lineCount: 1, text: broken });
  });

  it("accounts for decode errors, bad lines and unknown actions in parseGroupDump", () => {
    const dump = parseGroupDump(
      `${text}***decode error: OFPBAC_BAD_TYPE***\n00000000  01 0b 00 10 00 00 00 02-\n\n ${good.trim().replace("output:1", "frobnicate:3")}\n`,
    );
    expect(dump.groups.map((g) => g.groupId)).toEqual([1, 3, 1]);
    expect(dump.issues.map((i) => [i.severity, i.code, i.line, i.lineCount])).toEqual([
      ["error", "bad-value", 3, 1],
      ["error", "decode-error", 5, 2],
      ["warning", "unknown-action", 8, 0],
    ]);
    const a = dump.accounting;
    expect(a).toEqual({ lines: 8, items: 3, headers: 1, blank: 1, issueLines: 3 });
    expect(a.items + a.headers + a.blank + a.issueLines).toBe(a.lines);
  });
});

/** Parses, and fails the property on anything thrown that is not an OvsParseError. */
function parsesOrThrowsOvsParseError(line: string): boolean {
  try {
    const printed = formatGroup(parseGroup(line));
    // Whatever parsed prints as a group that parses and prints back to the same text.
    expect(formatGroup(parseGroup(printed))).toBe(printed);
    return true;
  } catch (e) {
    if (isOvsParseError(e)) return true;
    throw e;
  }
}

describe("properties", () => {
  const fixtureLines = dumps.flatMap((n) => linesOf(fixture("openflow", n)).filter((l) => l.startsWith(" group_id=")));
  const tokens = fc.constantFrom(
    "group_id=", "type=", "select", "all", "ff", "indirect", "fast_failover", "selection_method=", "hash",
    "selection_method_param=", "fields(", "fields=", "ip_src", "=255.255.255.0", "bucket=", "bucket_id:",
    "weight:", "watch_port:", "watch_group:", "actions=", "output:", "drop", "ct(", "commit", "nat(dst=",
    "10.0.0.1:80", "exec(", "set_field:0x2/0x2->ct_label", "group:", "LOCAL", '"', "\\", "(", ")", "[", "]",
    "{", "}", ",", ":", "=", " ", "0", "1", "4294967296", "0x", "18446744073709551616", "__proto__", "-",
  );
  const soup = fc.array(tokens, { maxLength: 40 }).map((t) => t.join(""));
  const mutated = fc
    .tuple(fc.constantFrom(...fixtureLines), fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 4 }))
    .map(([line, at, del, ins]) => {
      const i = at % (line.length + 1);
      return line.slice(0, i) + ins + line.slice(i + del);
    });
  const limits = { numRuns: 2000, interruptAfterTimeLimit: 8_000 } as const;

  it("returns a Group or throws OvsParseError for any string", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrThrowsOvsParseError), limits);
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), parsesOrThrowsOvsParseError), limits);
    fc.assert(fc.property(soup, parsesOrThrowsOvsParseError), limits);
    fc.assert(fc.property(mutated, parsesOrThrowsOvsParseError), limits);
  }, 60_000);

  it("round-trips generated groups through formatGroup and parseGroup", () => {
    const actions = fc.constantFrom<readonly Action[]>(
      [{ kind: "drop" }],
      [{ kind: "output", port: 1 }],
      [{ kind: "output", port: "LOCAL" }, { kind: "dec_ttl" }],
      [{ kind: "resubmit", table: 30 }],
      [{ kind: "group", value: { kind: "int", value: 6n, hex: false } }],
    );
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const bucketArb: fc.Arbitrary<Bucket> = fc.record(
      {
        bucketId: u32,
        weight: fc.integer({ min: 0, max: 0xffff }),
        watchPort: fc.oneof(fc.integer({ min: 0, max: 0xfeff }), fc.constantFrom("LOCAL", "pod-1", 'we"ird,name')),
        watchGroup: u32,
        actions,
      },
      { requiredKeys: ["actions"] },
    );
    const groupArb: fc.Arbitrary<Group> = fc.record(
      {
        groupId: u32,
        type: fc.constantFrom<GroupType>("all", "select", "indirect", "ff"),
        selectionMethod: fc.constantFrom("hash", "dp_hash"),
        selectionMethodParam: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fields: fc.uniqueArray(fc.constantFrom("eth_dst", "ip_dst", "tcp_dst", "ipv6_src", "udp_src"), {
          minLength: 1,
          maxLength: 5,
        }),
        buckets: fc.array(bucketArb, { maxLength: 5 }),
      },
      { requiredKeys: ["groupId", "type", "buckets"] },
    );
    fc.assert(
      fc.property(groupArb, (g) => {
        expect(parseGroup(formatGroup(g))).toEqual(g);
      }),
      limits,
    );
  }, 30_000);

  it("parses a group with 20000 buckets (its time: bench/)", () => {
    const b = ",bucket=bucket_id:0,weight:100,actions=ct(commit,table=21,zone=NXM_NX_REG13[0..15],nat(dst=10.244.1.8:5353),exec(set_field:0x2/0x2->ct_label))";
    const line = " group_id=1,type=select,selection_method=dp_hash" + b.repeat(20_000);
    const g = parseGroup(line);
    expect(g.buckets).toHaveLength(20_000);
    expect(g.buckets[19_999]).toEqual(g.buckets[0]);
  });
});
