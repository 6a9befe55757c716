/**
 * Actions with structured arguments: `controller(...)`, `sample(...)`, `bundle(...)`,
 * `bundle_load(...)`, `multipath(...)`, `fin_timeout(...)`, `encap(...)`, `decap(...)`.
 *
 * @module
 */
import { formatFieldRef, parseFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { quoteName, splitTopLevel } from "../../core/scanner.js";
import { ownedSlice } from "../../core/strings.js";
import { formatUnsigned, parseIntValue, parseSmallInt } from "../../core/values.js";
import { intArg, keyValues, parsePort } from "./parse.js";
import type {
  Action,
  BundleAction,
  ControllerAction,
  FinTimeoutAction,
  Port,
  SampleAction,
} from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Parses one of the structured actions named `name` with arguments at `text[start, end)`, or
 * returns `undefined` for a name it does not handle. Throws on arguments it cannot type.
 *
 * @example
 * ```ts
 * import { parseStructured } from "ovskit";
 * const s = "eth_src,50,modulo_n,1,0,NXM_NX_REG0[]";
 * parseStructured("multipath", s, 0, s.length); // { kind: "multipath", maxLink: 1, ... }
 * ```
 */
export function parseStructured(name: string, text: string, start: number, end: number): Action | undefined {
  switch (name) {
    case "controller":
      return parseController(text, start, end);
    case "sample":
      return parseSample(text, start, end);
    case "bundle":
    case "bundle_load":
      return parseBundle(name, text, start, end);
    case "multipath": {
      const a = args(text, start, end);
      if (a.length !== 6) throw new Error("multipath needs 6 arguments");
      const [fields, basis, algorithm, maxLink, arg, dst] = a as [string, string, string, string, string, string];
      return {
        kind: "multipath",
        fields,
        basis: intArg(basis, 0, basis.length),
        algorithm,
        maxLink: intArg(maxLink, 0, maxLink.length),
        arg: intArg(arg, 0, arg.length),
        dst: parseFieldRef(dst),
      };
    }
    case "fin_timeout": {
      const kv = keyValues(text, start, end);
      const out: Mutable<FinTimeoutAction> = { kind: "fin_timeout" };
      for (const [k, v] of kv) {
        if (k === "idle_timeout") out.idleTimeout = intArg(v, 0, v.length);
        else if (k === "hard_timeout") out.hardTimeout = intArg(v, 0, v.length);
        else throw new Error(`unknown fin_timeout argument ${k}`);
      }
      return out;
    }
    case "encap": {
      const open = text.indexOf("(", start);
      if (open < 0 || open > end) return { kind: "encap", header: internSlice(text, start, end) };
      if (text.charCodeAt(end - 1) !== 41) throw new Error("bad encap");
      return { kind: "encap", header: internSlice(text, start, open), properties: ownedSlice(text, open + 1, end - 1) };
    }
    case "decap": {
      if (start === end) return { kind: "decap" };
      const m = /^packet_type\(ns=(\d+),type=(0x[0-9a-fA-F]+|\d+)\)$/.exec(ownedSlice(text, start, end));
      const type = m?.[2] === undefined ? undefined : parseIntValue(m[2]);
      if (m?.[1] === undefined || type === undefined) throw new Error("bad decap packet_type");
      return { kind: "decap", packetType: { ns: Number(m[1]), type } };
    }
  }
  return undefined;
}

function args(text: string, start: number, end: number): string[] {
  const b = splitTopLevel(text, 44, start, end);
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 2) out.push(ownedSlice(text, b[i] as number, b[i + 1] as number));
  return out;
}

function parseController(text: string, start: number, end: number): ControllerAction {
  const out: Mutable<ControllerAction> = { kind: "controller" };
  for (const [k, v] of keyValues(text, start, end)) {
    if (k === "reason") out.reason = v;
    else if (k === "max_len") out.maxLen = intArg(v, 0, v.length);
    else if (k === "id") out.id = intArg(v, 0, v.length);
    else if (k === "userdata") out.userdata = v;
    else if (k === "pause") out.pause = true;
    else if (k === "meter_id") out.meterId = intArg(v, 0, v.length);
    else throw new Error(`unknown controller argument ${k}`);
  }
  return out;
}

function parseSample(text: string, start: number, end: number): SampleAction {
  const out: Partial<Mutable<SampleAction>> = { kind: "sample" };
  for (const [k, v] of keyValues(text, start, end)) {
    if (k === "probability") out.probability = intArg(v, 0, v.length);
    else if (k === "collector_set_id") out.collectorSetId = intArg(v, 0, v.length);
    else if (k === "obs_domain_id") out.obsDomainId = intArg(v, 0, v.length);
    else if (k === "obs_point_id") out.obsPointId = intArg(v, 0, v.length);
    else if (k === "sampling_port") out.samplingPort = parsePort(v, 0, v.length);
    else if (k === "ingress" || k === "egress") out.direction = k;
    else throw new Error(`unknown sample argument ${k}`);
  }
  return {
    kind: "sample",
    probability: out.probability ?? 0,
    collectorSetId: out.collectorSetId ?? 0,
    obsDomainId: out.obsDomainId ?? 0,
    obsPointId: out.obsPointId ?? 0,
    ...(out.samplingPort === undefined ? {} : { samplingPort: out.samplingPort }),
    ...(out.direction === undefined ? {} : { direction: out.direction }),
  };
}

function parseBundle(kind: "bundle" | "bundle_load", text: string, start: number, end: number): BundleAction {
  const a = args(text, start, end);
  const withDst = kind === "bundle_load";
  const memberAt = withDst ? 5 : 4;
  const first = a[memberAt];
  const colon = first?.indexOf(":") ?? -1;
  if (a.length <= memberAt || first === undefined || colon < 0) throw new Error(`bad ${kind}`);
  const members: Port[] = [];
  const firstPort = first.slice(colon + 1);
  if (firstPort !== "") members.push(parsePort(firstPort, 0, firstPort.length));
  for (const p of a.slice(memberAt + 1)) members.push(parsePort(p, 0, p.length));
  const basis = parseSmallInt(a[1] ?? "");
  if (basis < 0) throw new Error("bad bundle basis");
  return {
    kind,
    fields: a[0] ?? "",
    basis,
    algorithm: a[2] ?? "",
    memberType: a[3] ?? "",
    ...(withDst ? { dst: parseFieldRef(a[4] ?? "") } : {}),
    members,
  };
}

const portText = (p: Port): string => (typeof p === "number" ? String(p) : quoteName(p));

/**
 * Prints a structured action (one handled by {@link parseStructured}), or returns `undefined`.
 *
 * @example
 * ```ts
 * import { formatStructured } from "ovskit";
 * formatStructured({ kind: "fin_timeout", idleTimeout: 10 }); // "fin_timeout(idle_timeout=10)"
 * ```
 */
export function formatStructured(a: Action): string | undefined {
  switch (a.kind) {
    case "controller": {
      if (a.reason === undefined && !a.id && a.userdata === undefined && !a.pause && a.meterId === undefined) {
        return `CONTROLLER:${a.maxLen ?? 65535}`;
      }
      const p: string[] = [];
      if (a.reason !== undefined) p.push(`reason=${a.reason}`);
      if (a.maxLen !== undefined) p.push(`max_len=${a.maxLen}`);
      if (a.id) p.push(`id=${a.id}`);
      if (a.userdata !== undefined) p.push(`userdata=${a.userdata}`);
      if (a.pause) p.push("pause");
      if (a.meterId !== undefined) p.push(`meter_id=${a.meterId}`);
      return `controller(${p.join(",")})`;
    }
    case "sample": {
      let s = `sample(probability=${a.probability},collector_set_id=${a.collectorSetId},obs_domain_id=${a.obsDomainId},obs_point_id=${a.obsPointId}`;
      if (a.samplingPort !== undefined) s += `,sampling_port=${portText(a.samplingPort)}`;
      if (a.direction !== undefined) s += `,${a.direction}`;
      return s + ")";
    }
    case "bundle":
    case "bundle_load": {
      const dst = a.dst === undefined ? "" : `${formatFieldRef(a.dst)},`;
      return `${a.kind}(${a.fields},${a.basis},${a.algorithm},${a.memberType},${dst}members:${a.members.map(portText).join(",")})`;
    }
    case "multipath":
      return `multipath(${a.fields},${a.basis},${a.algorithm},${a.maxLink},${a.arg},${formatFieldRef(a.dst)})`;
    case "fin_timeout": {
      const p: string[] = [];
      if (a.idleTimeout !== undefined) p.push(`idle_timeout=${a.idleTimeout}`);
      if (a.hardTimeout !== undefined) p.push(`hard_timeout=${a.hardTimeout}`);
      return `fin_timeout(${p.join(",")})`;
    }
    case "encap":
      return a.properties === undefined ? `encap(${a.header})` : `encap(${a.header}(${a.properties}))`;
    case "decap":
      return a.packetType === undefined
        ? "decap()"
        : `decap(packet_type(ns=${a.packetType.ns},type=${formatUnsigned(a.packetType.type.value, a.packetType.type.hex)}))`;
  }
  return undefined;
}

