import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fromJson, isJsonContractError, toJson } from "../src/core/json.js";
import { OvskitError, errorRecord, isOvskitError } from "../src/core/ovskit-error.js";
import { OvsParseError, isOvsParseError } from "../src/core/parse-error.js";

describe("toJson / fromJson", () => {
  it("keeps bigints, special numbers, bytes and undefined array elements", () => {
    const value = {
      cookie: 0xffffffffffffffffn,
      neg: -5n,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      negZero: -0,
      bytes: new Uint8Array([0, 1, 254, 255]),
      holes: [1, undefined, 3],
      empty: [],
      emptyString: "",
      nested: { a: [{ b: 1n }] },
    };
    const text = toJson(value);
    expect(text).toContain('{"$bigint":"18446744073709551615"}');
    const back = fromJson<typeof value>(text);
    expect(back).toEqual(value);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([0, 1, 254, 255]);
  });

  it("keeps absent properties absent (undefined properties are dropped)", () => {
    const back = fromJson<Record<string, unknown>>(toJson({ a: undefined, b: 1 }));
    expect(Object.keys(back)).toEqual(["b"]);
  });

  it("escapes keys that start with $, so data that looks like a tag stays data", () => {
    const value = { "$bigint": "5", nested: { "$number": "NaN" }, "$$x": 1, "$": 2, plain: { k: 3n } };
    const text = toJson(value);
    expect(text).toContain('"$$bigint"');
    expect(fromJson(text)).toEqual(value);
  });

  it("refuses what is not plain data, naming the path", () => {
    class Thing {}
    const cases: [unknown, string][] = [
      [{ a: [1, { b: new Map() }] }, "$.a[1].b"],
      [{ when: new Date(0) }, "$.when"],
      [{ f: () => 1 }, "$.f"],
      [{ t: new Thing() }, "$.t"],
      [{ s: new Set([1]) }, "$.s"],
      [{ e: new Error("x") }, "$.e"],
    ];
    for (const [value, path] of cases) {
      try {
        toJson(value);
        expect.unreachable(`${path} accepted`);
      } catch (e) {
        expect(isJsonContractError(e)).toBe(true);
        expect(isOvskitError(e)).toBe(true);
        expect((e as { code: string }).code).toBe("not-plain-data");
        expect((e as { path: string }).path).toBe(path);
      }
    }
  });

  it("refuses cycles, bad text and malformed tags with typed errors", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJson(cyclic)).toThrow(expect.objectContaining({ code: "cycle" }));
    expect(() => fromJson("{")).toThrow(expect.objectContaining({ code: "syntax" }));
    expect(() => fromJson('{"$bigint":"12x"}')).toThrow(expect.objectContaining({ code: "bad-tag" }));
    expect(() => fromJson('{"$bytes":"abc"}')).toThrow(expect.objectContaining({ code: "bad-tag" }));
  });

  it("round-trips any JSON-like value with bigints (property)", () => {
    const leaf = fc.oneof(
      fc.bigInt(),
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    fc.assert(
      fc.property(tree, (v) => {
        expect(fromJson(toJson(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe("OvskitError family", () => {
  it("OvsParseError is an OvskitError with line, column and excerpt", () => {
    const e = new OvsParseError("syntax", "boom", "abc def", 4, 7);
    expect(isOvskitError(e)).toBe(true);
    expect(isOvsParseError(e)).toBe(true);
    expect(e).toBeInstanceOf(OvskitError);
    expect([e.code, e.line, e.column]).toEqual(["syntax", 7, 5]);
    expect(errorRecord(e)).toEqual({ code: "syntax", message: "boom", line: 7, column: 5 });
    expect(errorRecord(new Error("plain"))).toEqual({ code: "error", message: "plain" });
  });
});
