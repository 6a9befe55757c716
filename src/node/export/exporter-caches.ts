/**
 * The IPFIX template caches of a collector, one per exporter (`address:port`), bounded in
 * number (the least recently heard exporter goes first) and expired when an exporter has been
 * silent too long.
 *
 * @module
 */
import { IpfixTemplateCache } from "ovskit";

/** What the collector's per-exporter IPFIX template caches hold and have removed. */
export interface ExporterCacheStats {
  /** Exporters with a template cache now. */
  readonly exporters: number;
  /** Templates in all of them. */
  readonly templates: number;
  /** Caches removed because their exporter was silent longer than the idle timeout. */
  readonly expired: number;
  /** Caches removed to stay within the number of exporters. */
  readonly evicted: number;
}

/**
 * Template caches keyed by exporter, in least-recently-heard order.
 *
 * @internal
 * @example
 * ```ts
 * const caches = new ExporterCaches({ idleMs: 1_800_000, maxExporters: 1024, maxTemplates: 4096 });
 * const cache = caches.get("10.0.0.5:41000", Date.now());
 * ```
 */
export class ExporterCaches {
  private readonly map = new Map<string, { cache: IpfixTemplateCache; lastSeen: number }>();
  private expired = 0;
  private evicted = 0;

  constructor(private readonly limits: { readonly idleMs: number; readonly maxExporters: number; readonly maxTemplates: number }) {}

  /** The cache of `key`, created if needed; marks the exporter as heard at `now`. */
  get(key: string, now: number): IpfixTemplateCache {
    this.expire(now);
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key); // re-insert: the map's order is the least-recently-heard order
      hit.lastSeen = now;
      this.map.set(key, hit);
      return hit.cache;
    }
    while (this.map.size >= this.limits.maxExporters) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
      this.evicted++;
    }
    const cache = new IpfixTemplateCache({ maxTemplates: this.limits.maxTemplates });
    this.map.set(key, { cache, lastSeen: now });
    return cache;
  }

  /** The cache of `key` if there is one (does not mark the exporter as heard). */
  peek(key: string): IpfixTemplateCache | undefined {
    return this.map.get(key)?.cache;
  }

  /** Removes the caches of exporters not heard since `now - idleMs`. */
  expire(now: number): void {
    for (const [key, e] of this.map) {
      if (now - e.lastSeen < this.limits.idleMs) break; // the rest were heard later
      this.map.delete(key);
      this.expired++;
    }
  }

  stats(now: number): ExporterCacheStats {
    this.expire(now);
    let templates = 0;
    for (const e of this.map.values()) templates += e.cache.size;
    return { exporters: this.map.size, templates, expired: this.expired, evicted: this.evicted };
  }
}
