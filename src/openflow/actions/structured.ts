/**
 * Actions with structured arguments: `controller(...)`, `sample(...)`, `bundle(...)`,
 * `bundle_load(...)`, `multipath(...)`, `fin_timeout(...)`, `encap(...)`, `decap(...)`.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { formatFieldRef, readFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { indexOfChar, quoteName, splitTopLevel } from "../../core/scanner.js";
import { ownedSlice } from "../../core/strings.js";
import { formatUnsigned, parseIntValue, parseSmallInt } from "../../core/values.js";
import { type Typed, intArg, keyValues, notANumber, readPort } from "./parse.js";
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
 * returns `undefined` for a name it does not handle. Throws {@link OvsParseError} on arguments
 * it cannot type.
 *
 * @example
 * ```ts
 * import { parseStructured } from "ovskit";
 * const s = "eth_src,50,modulo_n,1,0,NXM_NX_REG0[]";
 * parseStructured("multipath", s, 0, s.length); // { kind: "multipath", maxLink: 1, ... }
 * ```
 */
export function parseStructured(name: string, text: string, start: number, end: number): Action | undefined {
  const a = readStructured(name, text, start, end);
  if (typeof a === "string") throw new OvsParseError("bad-value", a, text, start);
  return a;
}

/**
 * The structured action `name` with arguments at `text[start, end)`, why its arguments cannot
 * be typed, or `undefined` for a name it does not handle.
 *
 * @internal
 */
export function readStructured(name: string, text: string, start: number, end: number): Typed<Action> | undefined {
  switch (name) {
    case "controller":
      return readController(text, start, end);
    case "sample":
      return readSample(text, start, end);
    case "bundle":
    case "bundle_load":
      return readBundle(name, text, start, end);
    case "multipath": {
      const a = args(text, start, end);
      if (a.length !== 6) return "multipath needs 6 arguments";
      const [fields, basisText, algorithm, maxLinkText, argText, dstText] = a as [string, string, string, string, string, string];
      const basis = intArg(basisText, 0, basisText.length);
      if (basis < 0) return notANumber(basisText, 0, basisText.length);
      const maxLink = intArg(maxLinkText, 0, maxLinkText.length);
      if (maxLink < 0) return notANumber(maxLinkText, 0, maxLinkText.length);
      const arg = intArg(argText, 0, argText.length);
      if (arg < 0) return notANumber(argText, 0, argText.length);
      const dst = readFieldRef(dstText, 0, dstText.length);
      if (typeof dst === "string") return dst;
      return { kind: "multipath", fields, basis, algorithm, maxLink, arg, dst };
    }
    case "fin_timeout": {
      const out: Mutable<FinTimeoutAction> = { kind: "fin_timeout" };
      for (const [k, v] of keyValues(text, start, end)) {
        if (k !== "idle_timeout" && k !== "hard_timeout") return `unknown fin_timeout argument ${k}`;
        const n = intArg(v, 0, v.length);
        if (n < 0) return notANumber(v, 0, v.length);
        if (k === "idle_timeout") out.idleTimeout = n;
        else out.hardTimeout = n;
      }
      return out;
    }
    case "encap": {
      const open = indexOfChar(text, 40, start, end);
      if (open < 0) return { kind: "encap", header: internSlice(text, start, end) };
      if (text.charCodeAt(end - 1) !== 41) return "bad encap";
      return { kind: "encap", header: internSlice(text, start, open), properties: ownedSlice(text, open + 1, end - 1) };
    }
    case "decap": {
      if (start === end) return { kind: "decap" };
      const m = /^packet_type\(ns=(\d+),type=(0x[0-9a-fA-F]+|\d+)\)$/.exec(ownedSlice(text, start, end));
      const type = m?.[2] === undefined ? undefined : parseIntValue(m[2]);
      if (m?.[1] === undefined || type === undefined) return "bad decap packet_type";
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

function readController(text: string, start: number, end: number): Typed<ControllerAction> {
  const out: Mutable<ControllerAction> = { kind: "controller" };
  for (const [k, v] of keyValues(text, start, end)) {
    if (k === "reason") out.reason = v;
    else if (k === "userdata") out.userdata = v;
    else if (k === "pause") out.pause = true;
    else if (k === "max_len" || k === "id" || k === "meter_id") {
      const n = intArg(v, 0, v.length);
      if (n < 0) return notANumber(v, 0, v.length);
      if (k === "max_len") out.maxLen = n;
      else if (k === "id") out.id = n;
      else out.meterId = n;
    } else return `unknown controller argument ${k}`;
  }
  return out;
}

const SAMPLE_NUMBERS: Readonly<Record<string, "probability" | "collectorSetId" | "obsDomainId" | "obsPointId">> = {
  probability: "probability",
  collector_set_id: "collectorSetId",
  obs_domain_id: "obsDomainId",
  obs_point_id: "obsPointId",
};

function readSample(text: string, start: number, end: number): Typed<SampleAction> {
  const out: Partial<Mutable<SampleAction>> = { kind: "sample" };
  for (const [k, v] of keyValues(text, start, end)) {
    const prop = Object.hasOwn(SAMPLE_NUMBERS, k) ? SAMPLE_NUMBERS[k] : undefined;
    if (prop !== undefined) {
      const n = intArg(v, 0, v.length);
      if (n < 0) return notANumber(v, 0, v.length);
      out[prop] = n;
    } else if (k === "sampling_port") {
      const port = readPort(v, 0, v.length);
      if (port === undefined) return "missing port";
      out.samplingPort = port;
    } else if (k === "ingress" || k === "egress") out.direction = k;
    else return `unknown sample argument ${k}`;
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

function readBundle(kind: "bundle" | "bundle_load", text: string, start: number, end: number): Typed<BundleAction> {
  const a = args(text, start, end);
  const withDst = kind === "bundle_load";
  const memberAt = withDst ? 5 : 4;
  const first = a[memberAt];
  const colon = first?.indexOf(":") ?? -1;
  if (a.length <= memberAt || first === undefined || colon < 0) return `bad ${kind}`;
  const members: Port[] = [];
  const ports = [first.slice(colon + 1), ...a.slice(memberAt + 1)];
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i] as string;
    if (i === 0 && p === "") continue;
    const port = readPort(p, 0, p.length);
    if (port === undefined) return "missing port";
    members.push(port);
  }
  const basis = parseSmallInt(a[1] ?? "");
  if (basis < 0) return "bad bundle basis";
  let dst;
  if (withDst) {
    const ref = readFieldRef(a[4] ?? "", 0, (a[4] ?? "").length);
    if (typeof ref === "string") return ref;
    dst = ref;
  }
  return {
    kind,
    fields: a[0] ?? "",
    basis,
    algorithm: a[2] ?? "",
    memberType: a[3] ?? "",
    ...(dst === undefined ? {} : { dst }),
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

