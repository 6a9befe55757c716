/**
 * JSON for OVSDB records: `JSON.parse` when it is exact, and a small parser of our own that
 * keeps 64-bit integers exact (`bigint` beyond 2^53) and tells where a syntax error is.
 *
 * @module
 */

/**
 * A JSON syntax error at `position` (a UTF-16 index into the text).
 *
 * @internal
 */
export class JsonSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = "JsonSyntaxError";
    this.position = position;
  }
}

/** OVS's JSON parser refuses deeper nesting than this. */
const MAX_DEPTH = 1000;

/** A run of 16 or more digits: a number that may not fit a double exactly. */
const LONG_DIGITS = /\d{16}/;

/**
 * Parses one JSON text like `JSON.parse`, except that integers outside ±(2^53 − 1) become
 * exact `bigint`s, nesting deeper than 1000 is refused (as OVS does), and errors are
 * {@link JsonSyntaxError}s with a position.
 *
 * @internal
 */
export function parseJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: our parser finds the position of the error.
    }
  }
  return parseJsonExact(text);
}

/**
 * Parses one JSON text with our own parser only (what {@link parseJson} falls back to).
 *
 * @internal
 */
export function parseJsonExact(text: string): unknown {
  return new Parser(text).parseText();
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseText(): unknown {
    this.ws();
    const value = this.value(0);
    this.ws();
    if (this.pos < this.text.length) this.fail("unexpected text after the JSON value");
    return value;
  }

  private fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(at >= this.text.length ? `unexpected end of JSON (${message})` : message, at);
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
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) this.fail("JSON nested too deeply");
    const out: Record<string, unknown> = {};
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail("expected a string (an object member name)");
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      this.ws();
      const value = this.value(depth);
      if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) this.fail("expected ',' or '}'", this.pos - 1);
      this.ws();
    }
  }

  private array(depth: number): unknown[] {
    if (depth > MAX_DEPTH) this.fail("JSON nested too deeply");
    const out: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) this.fail("expected ',' or ']'", this.pos - 1);
      this.ws();
    }
  }

  private string(): string {
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
      if (Number.isNaN(c)) this.fail("unterminated string", p);
      if (c === 0x22) {
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) this.fail("control character in a string", p);
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
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape", p - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          this.fail("bad escape in a string", p - 2);
      }
    }
  }

  private number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 0x2d) p++;
    const digit = (q: number) => {
      const c = t.charCodeAt(q);
      return c >= 0x30 && c <= 0x39;
    };
    if (!digit(p)) this.fail("expected a digit", p);
    if (t.charCodeAt(p) === 0x30) p++;
    else while (digit(p)) p++;
    let integer = true;
    if (t.charCodeAt(p) === 0x2e) {
      integer = false;
      p++;
      if (!digit(p)) this.fail("expected a digit after '.'", p);
      while (digit(p)) p++;
    }
    const c = t.charCodeAt(p);
    if (c === 0x65 || c === 0x45) {
      integer = false;
      p++;
      const s = t.charCodeAt(p);
      if (s === 0x2b || s === 0x2d) p++;
      if (!digit(p)) this.fail("expected a digit in the exponent", p);
      while (digit(p)) p++;
    }
    this.pos = p;
    const src = t.slice(start, p);
    const n = Number(src);
    if (integer && !Number.isSafeInteger(n)) return BigInt(src);
    return n;
  }
}
