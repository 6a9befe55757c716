/**
 * `ip:port` collector addresses: parsing with ipaddr.js (IPv6 in brackets) and printing them as
 * OVS does.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import { ExportConfigError } from "./errors.js";
import type { CollectorTarget } from "./types.js";

/**
 * Parses `a.b.c.d:port` or `[v6]:port`. Returns the target, or a message saying what is wrong.
 *
 * @example
 * ```ts
 * import { parseCollectorTarget } from "ovskit";
 * parseCollectorTarget("[FD00::0001]:2055"); // { ip: "fd00::1", port: 2055, family: 6, text: "[fd00::1]:2055" }
 * parseCollectorTarget("fd00::1:2055");      // { error: "IPv6 addresses must be in brackets: [fd00::1]:2055" }
 * ```
 */
export function parseCollectorTarget(text: string): CollectorTarget | { readonly error: string } {
  const s = text.trim();
  let host: string;
  let portText: string;
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0) return { error: `missing "]" after the IPv6 address in "${text}"` };
    host = s.slice(1, close);
    if (s[close + 1] !== ":") return { error: `expected ":port" after "[${host}]" in "${text}"` };
    portText = s.slice(close + 2);
    if (!ipaddr.IPv6.isValid(host) || host.includes("%")) return { error: `"${host}" is not an IPv6 address` };
  } else {
    const colon = s.lastIndexOf(":");
    if (colon < 0) return { error: `"${text}" has no port (expected ip:port)` };
    host = s.slice(0, colon);
    portText = s.slice(colon + 1);
    if (host.includes(":")) {
      return ipaddr.IPv6.isValid(host) ? { error: `IPv6 addresses must be in brackets: [${host}]:${portText}` } : { error: `"${host}" is not an IP address` };
    }
    if (!ipaddr.IPv4.isValidFourPartDecimal(host)) return { error: `"${host}" is not an IPv4 address (host names are not accepted)` };
  }
  if (!/^\d{1,5}$/.test(portText)) return { error: `port "${portText}" is not a number 1..65535` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { error: `port ${port} is out of range 1..65535` };
  const addr = ipaddr.parse(host);
  const family = addr.kind() === "ipv6" ? 6 : 4;
  const ip = addr.toString();
  return { ip, port, family, text: formatCollectorTarget(ip, port) };
}

/**
 * `ip:port`, with brackets for IPv6, as OVS's `targets` column holds it.
 *
 * @example
 * ```ts
 * import { formatCollectorTarget } from "ovskit";
 * formatCollectorTarget("fd00::1", 2055); // "[fd00::1]:2055"
 * ```
 */
export function formatCollectorTarget(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * A target from an IP (any textual form ipaddr.js accepts) and a port; throws an
 * {@link ExportConfigError} (one `bad-target` issue) on a bad address or port.
 *
 * @example
 * ```ts
 * import { collectorTarget } from "ovskit";
 * collectorTarget("10.0.0.5", 2055).text; // "10.0.0.5:2055"
 * ```
 */
export function collectorTarget(ip: string, port: number): CollectorTarget {
  const t = parseCollectorTarget(formatCollectorTarget(ip, port));
  if ("error" in t) throw new ExportConfigError([{ path: "target", code: "bad-target", message: t.error, severity: "error" }]);
  return t;
}
