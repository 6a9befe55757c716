/**
 * JSON for OVSDB records: `JSON.parse` when it is exact, and a small parser of our own that
 * keeps 64-bit integers exact (`bigint` beyond 2^53) and tells where a syntax error is.
 *
 * @module
 */

/**
 * Where and why a text is not JSON: `position` is a UTF-16 index into the text.
 *
 * @internal
 */
export interface JsonSyntaxProblem {
  readonly kind: "json-syntax";
  readonly message: string;
  readonly position: number;
}

/**
 * The result of {@link parseJson}: the value, or the syntax problem.
 *
 * @internal
 */
export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: JsonSyntaxProblem };

/** OVS's JSON parser refuses deeper nesting than this. */
const MAX_DEPTH = 1000;

/**
 * True when `text` has a run of 16 or more digits: a number that may not fit a double exactly.
 * Any such run covers a position `15 + 16k`, so only those are looked at, then the run around a
 * digit found there (about twice as fast as `/\d{16}/` on database records).
 *
 * @internal
 */
export function hasLongDigitRun(text: string): boolean {
  const n = text.length;
  const digit = (i: number) => (text.charCodeAt(i) - 48) >>> 0 < 10;
  for (let i = 15; i < n; i += 16) {
    if (!digit(i)) continue;
    let a = i;
    let b = i;
    while (a > 0 && digit(a - 1)) a--;
    while (b + 1 < n && digit(b + 1)) b++;
    if (b - a + 1 >= 16) return true;
    i = b;
  }
  return false;
}

/**
 * Parses one JSON text like `JSON.parse`, except that integers outside ±(2^53 − 1) become
 * exact `bigint`s, nesting deeper than 1000 is refused (as OVS does), and a syntax error is
 * returned with its position instead of thrown.
 *
 * @internal
 */
export function parseJson(text: string): JsonParseResult {
  if (!hasLongDigitRun(text)) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // JSON.parse throws on bad input (the platform's API): our parser finds the position.
    }
  }
  return parseJsonExact(text);
}

/**
 * Parses one JSON text with our own parser only (what {@link parseJson} falls back to).
 *
 * @internal
 */
export function parseJsonExact(text: string): JsonParseResult {
  const parser = new Parser(text);
  const value = parser.parseText();
  return value === FAIL ? { ok: false, problem: parser.problem as JsonSyntaxProblem } : { ok: true, value };
}

/** What the parser's methods return after they recorded a syntax problem. */
const FAIL: unique symbol = Symbol("json-syntax-problem");
type Fail = typeof FAIL;

class Parser {
  private pos = 0;
  /** The first syntax problem, once a method returned {@link FAIL}. */
  problem: JsonSyntaxProblem | undefined;
  constructor(private readonly text: string) {}

  parseText(): unknown {
    this.ws();
    const value = this.value(0);
    if (value === FAIL) return FAIL;
    this.ws();
    if (this.pos < this.text.length) return this.fail("unexpected text after the JSON value");
    return value;
  }

  private fail(message: string, at = this.pos): Fail {
    this.problem = { kind: "json-syntax", message: at >= this.text.length ? `unexpected end of JSON (${message})` : message, position: at };
    return FAIL;
  }

  private ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.object(depth + 1);
      case 0x5b /* [ */:
        return this.array(depth + 1);
      case 0x22 /* " */:
        return this.string();
      case 0x74 /* t */:
        return this.literal("true", true);
      case 0x66 /* f */:
        return this.literal("false", false);
      case 0x6e /* n */:
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail("expected a JSON value");
    }
  }

  private literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) return this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private object(depth: number): Record<string, unknown> | Fail {
    if (depth > MAX_DEPTH) return this.fail("JSON nested too deeply");
    const out: Record<string, unknown> = {};
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) return this.fail("expected a string (an object member name)");
      const key = this.string();
      if (key === FAIL) return FAIL;
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 0x3a) return this.fail("expected ':'");
      this.pos++;
      this.ws();
      const value = this.value(depth);
      if (value === FAIL) return FAIL;
      if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) return this.fail("expected ',' or '}'", this.pos - 1);
      this.ws();
    }
  }

  private array(depth: number): unknown[] | Fail {
    if (depth > MAX_DEPTH) return this.fail("JSON nested too deeply");
    const out: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      const value = this.value(depth);
      if (value === FAIL) return FAIL;
      out.push(value);
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) return this.fail("expected ',' or ']'", this.pos - 1);
      this.ws();
    }
  }

  private string(): string | Fail {
    const t = this.text;
    const start = ++this.pos;
    let p = start;
    // Fast path: no escapes.
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        return t.slice(start, p);
      }
      if (c === 0x5c || c < 0x20 || Number.isNaN(c)) break;
      p++;
    }
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) return this.fail("unterminated string", p);
      if (c === 0x22) {
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) return this.fail("control character in a string", p);
      if (c !== 0x5c) {
        let q = p + 1;
        for (; q < t.length; q++) {
          const d = t.charCodeAt(q);
          if (d === 0x22 || d === 0x5c || d < 0x20) break;
        }
        out += t.slice(p, q);
        p = q;
        continue;
      }
      const e = t.charCodeAt(p + 1);
      p += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += "\\"; break;
        case 0x2f: out += "/"; break;
        case 0x62: out += "\b"; break;
        case 0x66: out += "\f"; break;
        case 0x6e: out += "\n"; break;
        case 0x72: out += "\r"; break;
        case 0x74: out += "\t"; break;
        case 0x75: {
          const hex = t.slice(p, p + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail("bad \\u escape", p - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          return this.fail("bad escape in a string", p - 2);
      }
    }
  }

  private number(): number | bigint | Fail {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 0x2d) p++;
    const digit = (q: number) => {
      const c = t.charCodeAt(q);
      return c >= 0x30 && c <= 0x39;
    };
    if (!digit(p)) return this.fail("expected a digit", p);
    if (t.charCodeAt(p) === 0x30) p++;
    else while (digit(p)) p++;
    let integer = true;
    if (t.charCodeAt(p) === 0x2e) {
      integer = false;
      p++;
      if (!digit(p)) return this.fail("expected a digit after '.'", p);
      while (digit(p)) p++;
    }
    const c = t.charCodeAt(p);
    if (c === 0x65 || c === 0x45) {
      integer = false;
      p++;
      const s = t.charCodeAt(p);
      if (s === 0x2b || s === 0x2d) p++;
      if (!digit(p)) return this.fail("expected a digit in the exponent", p);
      while (digit(p)) p++;
    }
    this.pos = p;
    const src = t.slice(start, p);
    const n = Number(src);
    if (integer && !Number.isSafeInteger(n)) return BigInt(src);
    return n;
  }
}
