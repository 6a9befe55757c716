/**
 * Secrets of a Prometheus client (token, basic-auth credentials, secret header values) and their
 * redaction from every string the client produces. A server may echo a secret in any encoding,
 * so each secret is redacted in the forms it can come back in: raw, percent-encoded (both hex
 * cases, `encodeURIComponent` and form encoding), base64 / base64url, JSON- and HTML-escaped.
 *
 * @module
 */

/** What replaces a secret, unless a secret occurs inside it (then the next candidate is used). */
const MARKERS = ["<redacted>", "[redacted]", "***", "#"];

/** How much of a long text is looked at for an excerpt. */
const EXCERPT_WINDOW = 16_384;

/**
 * btoa over UTF-8 (btoa alone refuses non-Latin-1 characters).
 *
 * @internal
 * @example
 * ```ts
 * base64Utf8("admin:pässword"); // "YWRtaW46cMOkc3N3b3Jk"
 * ```
 */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const lowerHex = (s: string): string => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const htmlEscape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function percentForms(secret: string): string[] {
  try {
    const uri = encodeURIComponent(secret);
    const form = new URLSearchParams([["x", secret]]).toString().slice(2);
    return [uri, lowerHex(uri), form, lowerHex(form)];
  } catch {
    return []; // lone surrogates cannot be percent-encoded (and cannot be sent either)
  }
}

/**
 * The forms in which `secret` can come back from a server: itself, percent-encoded, base64
 * (padded, unpadded, URL alphabet), JSON-escaped and HTML-escaped.
 *
 * @example
 * ```ts
 * import { secretForms } from "ovskit";
 * secretForms("a b").includes("a%20b"); // true
 * secretForms("a b").includes("YSBi");  // true (base64)
 * ```
 */
export function secretForms(secret: string): string[] {
  if (secret === "") return [];
  const b64 = base64Utf8(secret);
  const unpadded = b64.replace(/=+$/, "");
  const forms = new Set<string>([
    secret,
    ...percentForms(secret),
    unpadded,
    unpadded.replace(/\+/g, "-").replace(/\//g, "_"),
    JSON.stringify(secret).slice(1, -1),
    htmlEscape(secret),
  ]);
  forms.delete("");
  return [...forms];
}

/** Replaces every occurrence of any form (overlaps merged) by `marker` in one pass. */
function replaceAll(text: string, forms: readonly string[], marker: string): string {
  const hits: Array<[number, number]> = [];
  for (const f of forms) {
    for (let i = text.indexOf(f); i >= 0; i = text.indexOf(f, i + 1)) hits.push([i, i + f.length]);
  }
  if (hits.length === 0) return text;
  hits.sort((a, b) => a[0] - b[0]);
  let out = "";
  let pos = 0;
  let [s, e] = hits[0]!;
  for (const [hs, he] of hits) {
    if (hs <= e) {
      e = Math.max(e, he);
      continue;
    }
    out += text.slice(pos, s) + marker;
    pos = e;
    [s, e] = [hs, he];
  }
  return out + text.slice(pos, s) + marker + text.slice(e);
}

/**
 * Removes secrets from a text; `longest` is the length of the longest form it looks for.
 *
 * @internal
 */
export interface Redactor {
  (text: string): string;
  readonly longest: number;
}

/**
 * A function that removes the given secrets, in every form of `secretForms` (plain, URL-encoded, base64...), from a text.
 * Replacement never creates a secret: when a marker next to the surrounding text could form one,
 * the secret is deleted instead.
 *
 * @internal
 * @example
 * ```ts
 * const redact = createRedactor(["tok3n"]);
 * redact("Bearer tok3n"); // "Bearer <redacted>"
 * ```
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  const longest = forms[0]?.length ?? 0;
  if (forms.length === 0) return Object.assign((text: string) => text, { longest });
  const marker = MARKERS.find((m) => !forms.some((f) => m.includes(f))) ?? "";
  const redact = (text: string): string => {
    let out = text;
    for (let round = 0; round < 4; round++) {
      const next = replaceAll(out, forms, marker);
      if (next === out) return out;
      out = next;
    }
    for (;;) {
      const next = replaceAll(out, forms, "");
      if (next === out) return out;
      out = next;
    }
  };
  return Object.assign(redact, { longest });
}

/**
 * Replaces every occurrence of the given secrets (tokens, passwords), and of their encoded forms
 * (`secretForms` (plain, URL-encoded, base64...)), in `text` by `<redacted>`.
 *
 * @example
 * ```ts
 * import { redactSecrets } from "ovskit";
 * redactSecrets("Bearer sha256~abc123", ["sha256~abc123"]); // "Bearer <redacted>"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/**
 * The start of `text` for an error message: secrets removed (before anything is cut, so that no
 * part of a secret is left), whitespace collapsed, at most `max` characters.
 *
 * @internal
 * @example
 * ```ts
 * excerpt("a   b", 80, createRedactor([])); // "a b"
 * ```
 */
export function excerpt(text: string, max: number, redact: Redactor): string {
  const cut = text.length > EXCERPT_WINDOW;
  let t = redact(cut ? text.slice(0, EXCERPT_WINDOW) : text);
  t = redact(t.replace(/\s+/g, " ").trim());
  // A secret cut by the window may have left its beginning at the end: drop that end.
  if (cut) t = t.slice(0, Math.max(0, t.length - redact.longest));
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

/**
 * The last line of defence: rewrites the message, stack, string (and string array) properties
 * and cause chain of an error in place so that no secret is left in them.
 *
 * @internal
 * @example
 * ```ts
 * scrubError(e, createRedactor(["tok3n"]));
 * ```
 */
export function scrubError(e: unknown, redact: (text: string) => string, depth = 0): void {
  if (typeof e !== "object" || e === null || depth > 8) return;
  const target = e as Record<string, unknown>;
  for (const key of new Set(["message", "stack", ...Object.keys(target)])) {
    const v = target[key];
    let next: unknown;
    if (typeof v === "string") {
      const r = redact(v);
      if (r !== v) next = r;
    } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
      const r = v.map((x: string) => redact(x));
      if (r.some((x, i) => x !== v[i])) next = r;
    }
    if (next !== undefined) {
      try {
        Object.defineProperty(target, key, { value: next, writable: true, configurable: true, enumerable: Object.prototype.propertyIsEnumerable.call(target, key) });
      } catch {
        /* a frozen foreign object: nothing more can be done */
      }
    }
  }
  if ("cause" in target) scrubError(target.cause, redact, depth + 1);
}
