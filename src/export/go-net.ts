/**
 * The few Go standard-library functions ovn-kubernetes parses flow collectors with
 * (`net.SplitHostPort`, `net.ParseIP`, `net.IP.String`, `net.JoinHostPort`,
 * `strconv.ParseInt(s, 10, 32)`), written out so that ovskit accepts, refuses and prints
 * collector addresses exactly as ovnkube-node does.
 *
 * @module
 */

/**
 * Go's `net.SplitHostPort`: `host:port`, `[host]:port`; an empty host is allowed (`:2055`).
 * Returns Go's error text otherwise.
 *
 * @internal
 * @example
 * ```ts
 * goSplitHostPort("[fd00::1]:2055"); // { host: "fd00::1", port: "2055" }
 * ```
 */
export function goSplitHostPort(hostport: string): { host: string; port: string } | { error: string } {
  const fail = (why: string) => ({ error: `address ${hostport}: ${why}` });
  const i = hostport.lastIndexOf(":");
  if (i < 0) return fail("missing port in address");
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === "[") {
    const end = hostport.indexOf("]");
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail("missing port in address");
    if (end + 1 !== i) return fail(hostport[end + 1] === ":" ? "too many colons in address" : "missing port in address");
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(":")) return fail("too many colons in address");
  }
  if (hostport.slice(j).includes("[")) return fail("unexpected '[' in address");
  if (hostport.slice(k).includes("]")) return fail("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/**
 * Go's `net.ParseIP` (Go 1.17+: no leading zeros in IPv4, no zone): 16 bytes, or undefined.
 *
 * @internal
 * @example
 * ```ts
 * goParseIp("::ffff:10.0.0.1"); // 16 bytes, IPv4-mapped
 * ```
 */
export function goParseIp(s: string): Uint8Array | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
  return parseIpv6(s);
}

/**
 * Go's `net.IP.String()` for a 16-byte address: dotted quad for IPv4 (and IPv4-mapped IPv6),
 * else RFC 5952 (lower case, the longest run of two or more zero groups as `::`).
 *
 * @internal
 * @example
 * ```ts
 * goIpString(goParseIp("2020:1111:f::1:0933")!); // "2020:1111:f::1:933"
 * ```
 */
export function goIpString(ip: Uint8Array): string {
  if (ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff) return [...ip.slice(12)].join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] ?? 0) << 8) | (ip[i + 1] ?? 0));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.map((g) => g.toString(16)).join(":");
  const head = groups.slice(0, best).map((g) => g.toString(16)).join(":");
  const tail = groups.slice(best + bestLen).map((g) => g.toString(16)).join(":");
  return `${head}::${tail}`;
}

/**
 * Go's `net.JoinHostPort`: brackets around a host that holds a colon.
 *
 * @internal
 * @example
 * ```ts
 * goJoinHostPort("fd00::1", 2055); // "[fd00::1]:2055"
 * ```
 */
export function goJoinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Go's `strconv.ParseInt(s, 10, 32)`: an optional sign and decimal digits, within int32.
 *
 * @internal
 * @example
 * ```ts
 * goParseInt32("+2055"); // { value: 2055 }
 * ```
 */
export function goParseInt32(s: string): { value: number } | { error: string } {
  if (!/^[+-]?\d+$/.test(s)) return { error: `strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax` };
  const value = Number(s);
  if (value < -(2 ** 31) || value > 2 ** 31 - 1) return { error: `strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range` };
  return { value: value === 0 ? 0 : value };
}

/**
 * Go's `strconv.ParseUint(s, 10, 32)`: decimal digits only (no sign, no spaces), within uint32.
 *
 * @internal
 * @example
 * ```ts
 * goParseUint32("4294967296"); // { error: 'strconv.ParseUint: parsing "4294967296": value out of range' }
 * ```
 */
export function goParseUint32(s: string): { value: number } | { error: string } {
  if (!/^\d+$/.test(s)) return { error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax` };
  const value = Number(s);
  if (value > 2 ** 32 - 1) return { error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` };
  return { value };
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIpv6(input: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (m === null) return undefined;
    const c = m[0].length;
    if (s[c] === ".") {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIpv4(s);
      if (v4 === undefined) return undefined;
      ip.set(v4, i);
      i += 4;
      s = "";
      break;
    }
    if (s.length > c && /^[0-9a-fA-F]/.test(s.slice(c))) return undefined; // more than 4 hex digits
    const n = Number.parseInt(m[0], 16);
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s === "") break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j] ?? 0;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) return undefined;
  return ip;
}
