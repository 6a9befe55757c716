import { describe, expect, it } from "vitest";
import {
  ExportConfigError,
  type FlowExportConfig,
  diffFlowExport,
  formatShellCommand,
  isExportConfigError,
  mergeFlowExport,
  operatorFlowExport,
  parseCollectorTarget,
  parseVsctlList,
  parseVsctlValue,
  readFlowExport,
  renderOvsVsctl,
  validateExportNetworkFlows,
  validateIpfixConfigMap,
} from "../src/export/index.js";
import { isOvsParseError } from "../src/core/parse-error.js";
import { fixture } from "./helpers/fixtures.js";

const lists = {
  bridge: fixture("export", "list-bridge.txt"),
  netflow: fixture("export", "list-netflow.txt"),
  sflow: fixture("export", "list-sflow.txt"),
  ipfix: fixture("export", "list-ipfix.txt"),
};

describe("collector targets", () => {
  it("parses IPv4 and bracketed IPv6, canonicalising the address", () => {
    expect(parseCollectorTarget("192.168.1.99:2056")).toEqual({ ip: "192.168.1.99", port: 2056, family: 4, text: "192.168.1.99:2056" });
    expect(parseCollectorTarget("[FD00:0::0001]:4739")).toEqual({ ip: "fd00::1", port: 4739, family: 6, text: "[fd00::1]:4739" });
  });
  it("says what is wrong", () => {
    const err = (s: string) => {
      const t = parseCollectorTarget(s);
      return "error" in t ? t.error : "";
    };
    expect(err("fd00::1:4739")).toBe("IPv6 addresses must be in brackets: [fd00::1]:4739");
    expect(err("collector.example.com:2055")).toMatch(/not an IPv4 address \(host names/);
    expect(err("10.0.0.1:0")).toBe("port 0 is out of range 1..65535");
    expect(err("10.0.0.1:70000")).toBe("port 70000 is out of range 1..65535");
    expect(err("10.0.0.1")).toMatch(/no port/);
    expect(err("10.0.0.256:1")).toMatch(/not an IPv4 address/);
    expect(err("010.0.0.1:1")).toMatch(/not an IPv4 address/);
    expect(err("[fd00::1]2055")).toMatch(/expected ":port"/);
    expect(err("[fd00::1:2055")).toMatch(/missing "]"/);
    expect(err("[10.0.0.1]:2055")).toMatch(/not an IPv6 address/);
  });
});

describe("validation", () => {
  it("reports every problem of the CR with its path", () => {
    const v = validateExportNetworkFlows({
      netFlow: ["10.0.0.1:2055"],
      sFlow: { collectors: ["10.0.0.1:6343", "10.0.0.1:6343"] },
      ipfix: ["10.0.0.1:4739", "10.0.0.2:4739", "fd00::9:4739"],
      ipFix: [],
    });
    expect(v.issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ["ipFix", "unknown-key", "warning"],
      ["sFlow.collectors[1]", "duplicate", "warning"],
      ["ipfix[2]", "bad-target", "error"],
    ]);
    expect(v.netFlow?.map((t) => t.text)).toEqual(["10.0.0.1:2055"]);
    expect(v.sFlow?.map((t) => t.text)).toEqual(["10.0.0.1:6343"]);
    expect(v.issues[1]?.message).toBe("10.0.0.1:6343 is already listed at sFlow.collectors[0] (ovn-kubernetes keeps one)");
  });
  it("warns about what the Network CRD refuses (IPv6, more than 10 collectors); strict makes every warning an error", () => {
    const many = Array.from({ length: 11 }, (_, i) => `10.0.0.${i + 1}:2055`);
    const v = validateExportNetworkFlows({ ipfix: { collectors: ["[fd00::1]:4739"] }, netFlow: { collectors: many } });
    expect(v.issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ["netFlow.collectors", "crd", "warning"],
      ["ipfix.collectors[0]", "crd", "warning"],
    ]);
    expect(validateExportNetworkFlows({ ipfix: ["[fd00::1]:4739"] }, { strict: true }).issues.map((i) => i.severity)).toEqual(["error"]);
  });
  it("an IPv6 written two ways is a duplicate", () => {
    expect(validateExportNetworkFlows({ ipfix: ["[fd00::1]:1", "[fd00:0:0::1]:1"] }).issues[0]?.code).toBe("duplicate");
  });
  it("rejects wrong types and empty lists", () => {
    expect(validateExportNetworkFlows({ netFlow: "10.0.0.1:2055" }).issues[0]).toMatchObject({ path: "netFlow", code: "type" });
    expect(validateExportNetworkFlows({ netFlow: [] }).issues[0]).toMatchObject({ path: "netFlow", code: "missing" });
    expect(validateExportNetworkFlows({ netFlow: [42] }).issues[0]).toMatchObject({ path: "netFlow[0]", code: "type" });
    expect(validateExportNetworkFlows([]).issues[0]?.code).toBe("type");
    expect(validateExportNetworkFlows(undefined).issues).toEqual([]);
  });
  it("checks the ConfigMap as the shipped operator reads it (0.1 shape, deprecated validateIpfixConfigMap)", () => {
    const codes = (d: unknown) => validateIpfixConfigMap(d).issues.map((i) => `${i.path}:${i.code}:${i.severity}`);
    expect(codes({ sharedTarget: "10.96.0.9:2055", nodePort: "2055" })).toEqual(["nodePort:conflict:warning"]);
    expect(codes({ sampling: "400" })).toEqual(["sharedTarget:missing:warning"]);
    expect(codes({ nodePort: "2055", sampling: "0" })).toEqual(["sampling:zero-dropped:warning"]);
    expect(codes({ nodePort: "2055", sampling: "4294967295", cacheMaxFlows: "4294967295", cacheActiveTimeout: "4200s" })).toEqual([]);
    expect(codes({ nodePort: "2055", sampling: "4294967296" })).toEqual(["sampling:ignored:warning"]);
    expect(codes({ nodePort: "2055", cacheActiveTimeout: "4201s" })).toEqual(["cacheActiveTimeout:range:error"]);
    expect(codes({ nodePort: "2055", cacheActiveTimeout: "-1s" })).toEqual(["cacheActiveTimeout:range:error"]);
    expect(codes({ nodePort: "2055", cacheMaxFlows: "lots" })).toEqual(["cacheMaxFlows:ignored:warning"]);
    expect(codes({ nodePort: "70000" })).toEqual(["nodePort:bad-target:error"]);
    expect(codes({ sharedTarget: "svc:2055" })).toEqual(["sharedTarget:bad-target:error"]);
    expect(codes({ nodePort: "2055", samplng: "1" })).toEqual(["samplng:unknown-key:warning"]);
    expect(codes({ nodePort: 2055 })).toEqual(["nodePort:type:warning"]);
    expect(validateIpfixConfigMap({ nodePort: "2055", cacheActiveTimeout: "1m30s" })).toEqual({ nodePort: 2055, cacheActiveTimeout: 90, issues: [] });
    expect(validateIpfixConfigMap({ data: { sharedTarget: "10.96.0.9:2055" } }).sharedTarget?.text).toBe("10.96.0.9:2055");
  });
});

describe("merge", () => {
  it("adds the ConfigMap's target to the CR's IPFIX collectors and applies its settings", () => {
    const c = mergeFlowExport(
      { netFlow: ["192.168.1.99:2056"], ipfix: { collectors: ["192.168.1.99:4739"] } },
      { nodePort: "2055", sampling: "100", cacheActiveTimeout: "60s", cacheMaxFlows: "1000" },
      { nodeIp: "10.0.0.12" },
    );
    expect(c.netflow?.targets.map((t) => t.text)).toEqual(["192.168.1.99:2056"]);
    expect(c.sflow).toBeUndefined();
    expect(c.ipfix).toMatchObject({ sampling: 100, cacheActiveTimeout: 60, cacheMaxFlows: 1000 });
    expect(c.ipfix?.targets.map((t) => t.text)).toEqual(["192.168.1.99:4739", "10.0.0.12:2055"]);
  });
  it("the ConfigMap alone turns IPFIX on; an IPv6 node IP is bracketed; a repeated target is not doubled", () => {
    expect(mergeFlowExport(undefined, { nodePort: 2055 }, { nodeIp: "fd00::12" }).ipfix?.targets[0]?.text).toBe("[fd00::12]:2055");
    expect(mergeFlowExport({ ipfix: ["10.96.0.9:2055"] }, { sharedTarget: "10.96.0.9:2055" }).ipfix?.targets).toHaveLength(1);
  });
  it("throws one ExportConfigError with every issue, paths prefixed by their source", () => {
    let caught: unknown;
    try {
      mergeFlowExport({ sFlow: ["nope"] }, { nodePort: "2055", sampling: "0" });
    } catch (e) {
      caught = e;
    }
    expect(isExportConfigError(caught)).toBe(true);
    expect(caught).toBeInstanceOf(ExportConfigError);
    expect((caught as ExportConfigError).issues.map((i) => `${i.path}:${i.severity}`)).toEqual([
      "exportNetworkFlows.sFlow[0]:error",
      "ovs-flows-config.sampling:warning",
      "ovs-flows-config.nodePort:error",
    ]);
    expect((caught as Error).message).toMatch(/nodePort: :2055 is a collector on the node's own IP: the nodeIp option is needed/);
    expect((caught as Error).message).not.toMatch(/sampling/); // warnings are in issues, not in the message
  });
  it("sharedTarget wins over nodePort (the shipped rule); 0 and unparsable settings are left out, so the rendered defaults apply", () => {
    const c = mergeFlowExport(undefined, { sharedTarget: "10.96.0.9:2055", nodePort: "2055", sampling: "0", cacheActiveTimeout: "60", cacheMaxFlows: "0" });
    expect(c).toEqual({ ipfix: { targets: [{ ip: "10.96.0.9", port: 2055, family: 4, text: "10.96.0.9:2055" }] } });
    expect(renderOvsVsctl(c).apply[0]).toContain("sampling=400");
  });
  it("strict: a warning throws too", () => {
    expect(() => mergeFlowExport(undefined, { sharedTarget: "10.96.0.9:2055", nodePort: "2055" }, { strict: true })).toThrow(/nodePort: sharedTarget and nodePort are both set/);
  });
  it("warnings alone do not throw", () => {
    expect(mergeFlowExport({ netFlow: ["10.0.0.1:1"], extra: 1 }).netflow?.targets).toHaveLength(1);
  });
});

describe("renderOvsVsctl", () => {
  const config = mergeFlowExport({ netFlow: ["10.0.0.1:2056"], sFlow: ["10.0.0.1:6343"], ipfix: ["[fd00::9]:4739", "10.0.0.9:4739"] }, { sharedTarget: "10.96.0.9:2055", sampling: "1", cacheMaxFlows: "50" });

  it("gives one transaction per protocol, as plain argument lists", () => {
    const { apply, clear } = renderOvsVsctl(config, { bridge: "br-int" });
    expect(apply).toEqual([
      ["--", "--id=@netflow", "create", "netflow", 'targets=["10.0.0.1:2056"]', "active_timeout=60", "--", "set", "bridge", "br-int", "netflow=@netflow"],
      ["--", "--id=@sflow", "create", "sflow", 'agent="ovn-k8s-mp0"', 'targets=["10.0.0.1:6343"]', "header=128", "sampling=64", "polling=10", "--", "set", "bridge", "br-int", "sflow=@sflow"],
      ["--", "--id=@ipfix", "create", "ipfix", 'targets=["[fd00::9]:4739","10.0.0.9:4739","10.96.0.9:2055"]', "sampling=1", "cache_active_timeout=60", "cache_max_flows=50", "--", "set", "bridge", "br-int", "ipfix=@ipfix"],
    ]);
    expect(clear).toEqual([["--", "clear", "bridge", "br-int", "netflow", "sflow", "ipfix"]]);
  });
  it("clears the protocols that are off, and merges sources with the node IP", () => {
    const { apply } = renderOvsVsctl({ exportNetworkFlows: {}, ipfixConfigMap: { nodePort: "2055" } }, { bridge: "br0", nodeIp: "10.0.0.5", agent: "eth0" });
    expect(apply[0]?.[4]).toBe('targets=["10.0.0.5:2055"]');
    expect(apply[1]).toEqual(["--", "clear", "bridge", "br0", "netflow", "sflow"]);
  });
  it("formats a command for a shell", () => {
    expect(formatShellCommand(["ovs-vsctl", ...(renderOvsVsctl({ netflow: { targets: config.netflow!.targets } }).apply[0] ?? [])])).toBe(
      `ovs-vsctl -- --id=@netflow create netflow 'targets=["10.0.0.1:2056"]' active_timeout=60 -- set bridge br-int netflow=@netflow`,
    );
    expect(formatShellCommand(["a'b"])).toBe(`'a'\\''b'`);
  });
});

describe("reading back ovs-vsctl list output (real OVS 3.1 output)", () => {
  it("parses records and values", () => {
    const rows = parseVsctlList(lists.bridge);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe("br0");
    expect(rows[0]?.datapath_version).toBe("<built-in>");
    expect(rows[0]?.flow_tables).toEqual({});
    expect((rows[0]?.ports as string[]).length).toBe(3);
    expect(parseVsctlValue('{a="x, y", "b c"="1\\"2"}')).toEqual({ a: "x, y", "b c": '1"2' });
    expect(parseVsctlValue('["a", b]')).toEqual(["a", "b"]);
  });
  it("a column named __proto__ is an own property, not the record's prototype", () => {
    const [row] = parseVsctlList("__proto__           : {a=b}\nname                : x\n");
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row!)).toEqual(["__proto__", "name"]);
    expect(Object.keys(parseVsctlValue("{__proto__=1}") as object)).toEqual(["__proto__"]);
  });
  it("gives typed errors with line and column", () => {
    let e: unknown;
    try {
      parseVsctlList("_uuid : 1\ntargets : [\"a\", \n");
    } catch (x) {
      e = x;
    }
    expect(isOvsParseError(e)).toBe(true);
    expect(e).toMatchObject({ line: 2, code: "unbalanced" });
    expect(() => parseVsctlList("no colon here")).toThrow(/line 1, column 1/);
  });
  it("joins the bridge to its netflow / sflow / ipfix rows", () => {
    const c = readFlowExport(lists, "br0");
    expect(c.netflow).toEqual({ targets: [expect.objectContaining({ text: "127.0.0.1:12055" })], activeTimeout: 1, addIdToInterface: false });
    expect(c.sflow).toMatchObject({ agent: "127.0.0.1", header: 128, sampling: 1, polling: 1 });
    expect(c.ipfix).toMatchObject({ sampling: 1, cacheActiveTimeout: 1, cacheMaxFlows: 100, obsDomainId: 123, obsPointId: 456 });
    expect(c.ipfix?.targets.map((t) => t.text)).toEqual(["127.0.0.1:14739"]);
    expect(readFlowExport({ ...lists, bridge: fixture("export", "list-bridge-cleared.txt") }, "br0")).toEqual({});
    expect(() => readFlowExport(lists, "br-int")).toThrow(/no bridge "br-int"/);
    expect(() => readFlowExport({ bridge: lists.bridge }, "br0")).toThrow(/not in the ovs-vsctl list netflow output/);
  });
});

describe("diff", () => {
  const current = readFlowExport(lists, "br0");
  it("is empty when OVS holds what was rendered", () => {
    const desired: FlowExportConfig = {
      netflow: { targets: current.netflow!.targets, activeTimeout: 1 },
      sflow: { targets: current.sflow!.targets, agent: "127.0.0.1", sampling: 1, polling: 1 },
      ipfix: { targets: current.ipfix!.targets, sampling: 1, cacheActiveTimeout: 1, cacheMaxFlows: 100, obsDomainId: 123, obsPointId: 456 },
    };
    expect(diffFlowExport(desired, current)).toEqual([]);
  });
  it("lists what is missing, unexpected and changed", () => {
    const desired = mergeFlowExport({ ipfix: ["127.0.0.1:14739", "10.0.0.9:4739"], netFlow: ["127.0.0.1:12055"] });
    expect(diffFlowExport(desired, current)).toEqual([
      { protocol: "netflow", field: "activeTimeout", kind: "changed", desired: 60, current: 1 },
      { protocol: "sflow", field: "enabled", kind: "unexpected", current: true },
      { protocol: "ipfix", field: "targets", kind: "changed", desired: ["10.0.0.9:4739", "127.0.0.1:14739"], current: ["127.0.0.1:14739"] },
      { protocol: "ipfix", field: "sampling", kind: "changed", desired: 400, current: 1 },
      { protocol: "ipfix", field: "cacheActiveTimeout", kind: "changed", desired: 60, current: 1 },
    ]);
    expect(diffFlowExport(desired, {})).toEqual([
      { protocol: "netflow", field: "enabled", kind: "missing", desired: true },
      { protocol: "ipfix", field: "enabled", kind: "missing", desired: true },
    ]);
  });
});

describe("size", () => {
  it("a list of 200,000 collectors is validated and rendered (0.1: RangeError from spreading the issues; found by the fuzz suite)", { timeout: 120_000 }, () => {
    const ipfix = new Array<string>(200_000).fill("10.0.0.1:4739");
    const cr = validateExportNetworkFlows({ ipfix });
    expect(cr.ipfix).toHaveLength(1); // duplicates collapse
    expect(cr.issues.length).toBeGreaterThan(100_000); // duplicates, and the CRD's limit of 10
    expect(cr.issues.some((i) => i.code === "crd")).toBe(true);
    expect(operatorFlowExport({ exportNetworkFlows: { ipfix } }).issues.length).toBeGreaterThanOrEqual(cr.issues.length);
  });
});
