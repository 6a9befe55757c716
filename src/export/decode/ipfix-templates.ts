/**
 * IPFIX templates and the cache that keeps them between datagrams (RFC 7011 section 8): keyed
 * by observation domain and template id, replaced on redefinition, removed on withdrawal.
 *
 * @module
 */
import { ipfixElementName } from "./ipfix-elements.js";

/**
 * Length value of a variable-length field (RFC 7011 section 7).
 *
 * @example
 * ```ts
 * import { IPFIX_VARIABLE_LENGTH } from "ovskit";
 * template.fields.filter((f) => f.length === IPFIX_VARIABLE_LENGTH); // e.g. interfaceName
 * ```
 */
export const IPFIX_VARIABLE_LENGTH = 0xffff;

/** One field specifier of a template. */
export interface IpfixFieldSpec {
  /** Information Element id (without the enterprise bit). */
  readonly id: number;
  /** Private Enterprise Number, 0 for IANA elements. */
  readonly enterprise: number;
  /** Length in bytes, or {@link IPFIX_VARIABLE_LENGTH}. */
  readonly length: number;
  /** The element's name (see {@link ipfixElementName}). */
  readonly name: string;
}

/** A (data or options) template. */
export interface IpfixTemplate {
  readonly observationDomainId: number;
  readonly templateId: number;
  /** True for an options template (set id 3). */
  readonly options: boolean;
  /** Number of leading scope fields (0 for data templates). */
  readonly scopeFieldCount: number;
  readonly fields: readonly IpfixFieldSpec[];
}

/**
 * Builds a field specifier, naming it.
 *
 * @internal
 * @example
 * ```ts
 * fieldSpec(8, 0, 4).name; // "sourceIPv4Address"
 * ```
 */
export function fieldSpec(id: number, enterprise: number, length: number): IpfixFieldSpec {
  return Object.freeze({ id, enterprise, length, name: ipfixElementName(id, enterprise) });
}

/** Options of {@link IpfixTemplateCache}. */
export interface IpfixTemplateCacheOptions {
  /**
   * Templates kept at most (default {@link IPFIX_MAX_TEMPLATES}); a new template beyond this is
   * not learned (its data sets stay undecoded) until withdrawals or `clear()` make room. A
   * template that replaces a known one is always learned.
   */
  readonly maxTemplates?: number;
}

/**
 * The default bound of an {@link IpfixTemplateCache}: far more than an OVS exporter defines
 * (a few dozen per observation domain), far less than a hostile one could (2^16 ids times
 * 2^32 domains).
 *
 * @example
 * ```ts
 * import { IPFIX_MAX_TEMPLATES, IpfixTemplateCache } from "ovskit";
 * new IpfixTemplateCache({ maxTemplates: IPFIX_MAX_TEMPLATES * 2 });
 * ```
 */
export const IPFIX_MAX_TEMPLATES = 4096;

/**
 * The templates learned from an exporter. Use one cache per exporter (transport session): the
 * Node collector keeps one per source address and port. Templates are frozen: the records of
 * every message decoded with the cache share their field specifiers. The cache is state you
 * hold, not a result (results are plain data; this is not).
 *
 * @example
 * ```ts
 * import { IpfixTemplateCache, decodeIpfix } from "ovskit";
 * const cache = new IpfixTemplateCache();
 * for (const datagram of datagrams) {
 *   const msg = decodeIpfix(datagram, cache);
 *   console.log(msg.records.length, "records;", cache.size, "templates known");
 * }
 * ```
 */
export class IpfixTemplateCache {
  private readonly map = new Map<string, IpfixTemplate>();
  private readonly max: number;

  constructor(options: IpfixTemplateCacheOptions = {}) {
    this.max = options.maxTemplates ?? IPFIX_MAX_TEMPLATES;
  }

  /** Number of templates known. */
  get size(): number {
    return this.map.size;
  }

  /** The template `templateId` of observation domain `domain`, if known. */
  get(domain: number, templateId: number): IpfixTemplate | undefined {
    return this.map.get(key(domain, templateId));
  }

  /** Adds or replaces a template (frozen); false when the cache is full and the template is new. */
  set(template: IpfixTemplate): boolean {
    const k = key(template.observationDomainId, template.templateId);
    if (!this.map.has(k) && this.map.size >= this.max) return false;
    this.map.set(k, Object.isFrozen(template) ? template : Object.freeze({ ...template, fields: Object.freeze([...template.fields]) }));
    return true;
  }

  /**
   * Withdraws a template; template id 2 withdraws every data template of the domain and 3 every
   * options template (RFC 7011 section 8.1). Returns how many templates were removed.
   */
  withdraw(domain: number, templateId: number): number {
    if (templateId >= 256) return this.map.delete(key(domain, templateId)) ? 1 : 0;
    let n = 0;
    for (const [k, t] of this.map) {
      if (t.observationDomainId === domain && t.options === (templateId === 3)) {
        this.map.delete(k);
        n++;
      }
    }
    return n;
  }

  /** Every template known, in insertion order. */
  templates(): IpfixTemplate[] {
    return [...this.map.values()];
  }

  /** Forgets everything (e.g. when the exporter restarted). */
  clear(): void {
    this.map.clear();
  }
}

function key(domain: number, templateId: number): string {
  return `${domain}/${templateId}`;
}
