/**
 * IPFIX (RFC 7011) messages: templates, options templates, withdrawals, and data records with
 * fixed and variable-length fields, IANA and enterprise elements (OVS's own under VMware's
 * 6876). Templates live in an {@link IpfixTemplateCache} shared across datagrams; a data set
 * whose template is not known yet is kept (bytes and offset) and reported, not dropped.
 *
 * @module
 */
import { ipfixElement } from "./ipfix-elements.js";
import { IPFIX_VARIABLE_LENGTH, type IpfixFieldSpec, type IpfixTemplate, type IpfixTemplateCache, fieldSpec } from "./ipfix-templates.js";
import { ByteReader, ipv4Text, ipv6Text, macText } from "./reader.js";

/** A decoded field value: numbers up to 48 bits, bigints above, text for addresses and strings. */
export type IpfixValue = number | bigint | string | boolean | Uint8Array;

/** One field of a data record. */
export interface IpfixField {
  readonly spec: IpfixFieldSpec;
  readonly value: IpfixValue;
  /** True for the scope fields of an options record. */
  readonly scope: boolean;
}

/** A data record (or an options data record when `options`). */
export interface IpfixDataRecord {
  readonly observationDomainId: number;
  readonly templateId: number;
  readonly options: boolean;
  /** Byte offset of the record in its datagram. */
  readonly offset: number;
  readonly fields: readonly IpfixField[];
  /** Values by element name; a name that repeats (OVS: `interfaceName` for ingress and egress) keeps its first value. */
  readonly values: Readonly<Record<string, IpfixValue>>;
}

/** A data set whose template was not known when it arrived. */
export interface IpfixUnknownSet {
  readonly observationDomainId: number;
  readonly templateId: number;
  /** Byte offset of the set's content (after its 4-byte header) in its datagram. */
  readonly offset: number;
  /** The set's content (records and padding), a view into the datagram. */
  readonly data: Uint8Array;
}

/** Something odd that did not stop the decoding. */
export interface IpfixIssue {
  readonly offset: number;
  readonly message: string;
}

/** A decoded IPFIX message. */
export interface IpfixMessage {
  readonly kind: "ipfix";
  readonly version: 10;
  readonly length: number;
  /** Seconds since the Unix epoch. */
  readonly exportTime: number;
  readonly sequenceNumber: number;
  readonly observationDomainId: number;
  /** Templates defined (or redefined) by this message; they are in the cache too. */
  readonly templates: readonly IpfixTemplate[];
  /** Withdrawals in this message (template id 2 / 3: all data / options templates). */
  readonly withdrawals: readonly { readonly templateId: number; readonly options: boolean }[];
  readonly records: readonly IpfixDataRecord[];
  /** Data sets kept because their template is unknown (see {@link decodeIpfixUnknownSet}). */
  readonly unknownSets: readonly IpfixUnknownSet[];
  readonly issues: readonly IpfixIssue[];
}

const HEADER = 16;

/**
 * Decodes one IPFIX message, learning and withdrawing templates in `cache`. Throws a
 * {@link FlowDecodeError} (with the byte offset) when the header, a set or a template is
 * malformed or cut short; a record with an unknown template is not an error (see
 * `unknownSets` and `issues`).
 *
 * @example
 * ```ts
 * import { IpfixTemplateCache, decodeIpfix } from "ovskit";
 * const cache = new IpfixTemplateCache();
 * const msg = decodeIpfix(datagram, cache);
 * for (const rec of msg.records) console.log(rec.values.sourceIPv4Address, rec.values.packetDeltaCount);
 * ```
 */
export function decodeIpfix(buf: Uint8Array, cache: IpfixTemplateCache): IpfixMessage {
  const r = new ByteReader(buf, "ipfix");
  const version = r.u16("message header");
  if (version !== 10) r.fail("bad-version", `version ${version}, expected 10`, 0);
  const length = r.u16("message header");
  r.need(HEADER - 4, "message header");
  const exportTime = r.u32();
  const sequenceNumber = r.u32();
  const domain = r.u32();
  if (length < HEADER) r.fail("bad-length", `message length ${length} is shorter than the 16-byte header`, 2);
  if (length > buf.length) {
    r.pos = buf.length;
    r.need(length - buf.length, `message of length ${length}`);
  }
  if (length < buf.length) r.fail("bad-length", `${buf.length - length} bytes after the message length ${length}`, length);
  const out: Mutable = { templates: [], withdrawals: [], records: [], unknownSets: [], issues: [] };
  while (r.remaining > 0) {
    const setAt = r.pos;
    const setId = r.u16("set header");
    const setLen = r.u16("set header");
    if (setLen < 4) r.fail("bad-length", `set length ${setLen} is shorter than the 4-byte set header`, setAt + 2);
    if (setLen - 4 > r.remaining) r.fail("bad-length", `set length ${setLen} runs past the message (${r.remaining + 4} bytes left)`, setAt + 2);
    const set = r.sub(setLen - 4, "set");
    if (setId === 2 || setId === 3) readTemplateSet(set, domain, setId === 3, cache, out);
    else if (setId >= 256) {
      const template = cache.get(domain, setId);
      if (template === undefined) {
        out.unknownSets.push({ observationDomainId: domain, templateId: setId, offset: set.pos, data: set.take(set.remaining) });
        out.issues.push({ offset: setAt, message: `data set for unknown template ${setId} (domain ${domain}) kept undecoded` });
      } else for (const rec of readDataSet(set, template)) out.records.push(rec); // no spread: up to 65,535 records
    } else out.issues.push({ offset: setAt, message: `set id ${setId} is reserved; ${setLen} bytes skipped` });
  }
  return { kind: "ipfix", version: 10, length, exportTime, sequenceNumber, observationDomainId: domain, ...out };
}

/**
 * Decodes a data set kept in {@link IpfixMessage.unknownSets} once its template is known (for
 * example after the next template refresh). Returns undefined while the template is still
 * unknown. Offsets stay those of the original datagram.
 *
 * @example
 * ```ts
 * import { decodeIpfix, decodeIpfixUnknownSet } from "ovskit";
 * const early = decodeIpfix(dataFirst, cache);          // data before templates: kept
 * decodeIpfix(templates, cache);
 * const records = early.unknownSets.flatMap((s) => decodeIpfixUnknownSet(s, cache) ?? []);
 * ```
 */
export function decodeIpfixUnknownSet(set: IpfixUnknownSet, cache: IpfixTemplateCache): IpfixDataRecord[] | undefined {
  const template = cache.get(set.observationDomainId, set.templateId);
  if (template === undefined) return undefined;
  const r = new ByteReader(set.data, "ipfix");
  const records = readDataSet(r, template);
  return records.map((rec) => ({ ...rec, offset: rec.offset + set.offset }));
}

interface Mutable {
  templates: IpfixTemplate[];
  withdrawals: { templateId: number; options: boolean }[];
  records: IpfixDataRecord[];
  unknownSets: IpfixUnknownSet[];
  issues: IpfixIssue[];
}

function readTemplateSet(r: ByteReader, domain: number, options: boolean, cache: IpfixTemplateCache, out: Mutable): void {
  while (r.remaining >= 4) {
    const at = r.pos;
    const templateId = r.u16("template header");
    const fieldCount = r.u16("template header");
    if (fieldCount === 0) {
      if (templateId !== (options ? 3 : 2) && templateId < 256) r.fail("bad-value", `withdrawal of template id ${templateId}`, at);
      cache.withdraw(domain, templateId);
      out.withdrawals.push({ templateId, options });
      continue;
    }
    if (templateId < 256) r.fail("bad-value", `template id ${templateId} (must be 256 or more)`, at);
    let scopeFieldCount = 0;
    if (options) {
      scopeFieldCount = r.u16("options template header");
      if (scopeFieldCount === 0 || scopeFieldCount > fieldCount) {
        r.fail("bad-value", `scope field count ${scopeFieldCount} (must be 1..${fieldCount})`, at + 4);
      }
    }
    const fields: IpfixFieldSpec[] = [];
    for (let i = 0; i < fieldCount; i++) {
      const what = `field ${i + 1} of ${fieldCount} of template ${templateId}`;
      const raw = r.u16(what);
      const len = r.u16(what);
      const enterprise = raw & 0x8000 ? r.u32(what) : 0;
      fields.push(fieldSpec(raw & 0x7fff, enterprise, len));
    }
    const template: IpfixTemplate = Object.freeze({ observationDomainId: domain, templateId, options, scopeFieldCount, fields: Object.freeze(fields) });
    if (!cache.set(template)) out.issues.push({ offset: at, message: `template ${templateId} (domain ${domain}) not learned: the template cache is full (${cache.size} templates)` });
    out.templates.push(template);
  }
  r.skip(r.remaining);
}

function readDataSet(r: ByteReader, t: IpfixTemplate): IpfixDataRecord[] {
  let min = 0;
  for (const f of t.fields) min += f.length === IPFIX_VARIABLE_LENGTH ? 1 : f.length;
  const records: IpfixDataRecord[] = [];
  while (r.remaining >= Math.max(1, min)) {
    const offset = r.pos;
    const fields: IpfixField[] = [];
    const values: Record<string, IpfixValue> = {};
    t.fields.forEach((spec, i) => {
      let len = spec.length;
      if (len === IPFIX_VARIABLE_LENGTH) {
        len = r.u8(`length of ${spec.name}`);
        if (len === 255) len = r.u16(`length of ${spec.name}`);
      }
      const value = decodeValue(spec, r.take(len, spec.name));
      fields.push({ spec, value, scope: i < t.scopeFieldCount });
      // Bytes are an object: `values` gets its own copy, so that each node of the record sits in
      // one place (plain data; a consumer that changes one does not change the other).
      if (!(spec.name in values)) values[spec.name] = value instanceof Uint8Array ? value.slice() : value;
    });
    records.push({ observationDomainId: t.observationDomainId, templateId: t.templateId, options: t.options, offset, fields, values });
    if (r.pos === offset) break; // a template of zero-length fields: one record, not a loop
  }
  r.skip(r.remaining); // padding
  return records;
}

const utf8 = new TextDecoder();

function decodeValue(spec: IpfixFieldSpec, b: Uint8Array): IpfixValue {
  const type = ipfixElement(spec.id, spec.enterprise)?.type ?? "octets";
  const n = b.length;
  switch (type) {
    case "unsigned":
    case "unsigned64": {
      if (n === 0 || n > 8) return b;
      if (type === "unsigned" && n <= 6) {
        let v = 0;
        for (let i = 0; i < n; i++) v = v * 256 + (b[i] ?? 0);
        return v;
      }
      let v = 0n;
      for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[i] ?? 0);
      return v;
    }
    case "ipv4":
      return n === 4 ? ipv4Text(b) : b;
    case "ipv6":
      return n === 16 ? ipv6Text(b) : b;
    case "mac":
      return n === 6 ? macText(b) : b;
    case "string":
      return utf8.decode(b);
    case "boolean":
      return n === 1 && (b[0] === 1 || b[0] === 2) ? b[0] === 1 : b;
    default:
      return b;
  }
}

