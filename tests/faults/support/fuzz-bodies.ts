/**
 * Generators of malformed JSON request bodies for the fuzz test. Every body they make is wrong
 * for any of Lifeguard's routes, so a 2xx answer is a bug, not a lucky valid input: either the
 * body is no JSON object at all, or it breaks a rule every schema shares (all are strict objects
 * and refuse unknown fields; no text may hold NUL; Infinity is no number), or a field gets a
 * value of the wrong JSON type.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface FuzzBody {
  kind: string;
  body: string | Uint8Array<ArrayBuffer> | null;
}

export const INJECTIONS = [
  "'; DROP TABLE targets; --",
  "1' OR '1'='1",
  '"; SELECT pg_sleep(10); --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '%00%0d%0aSet-Cookie: a=b',
  '\u202e\u0000evil',
];

const EDGE_NUMBERS = ['-1', '-0', '0.5', '1e308', '-1e308', '2147483648', '9007199254740993', '1e-320', '1e400', '-1e400'];
const NON_OBJECTS = ['null', 'true', 'false', '0', '-1', '1e400', '"a string"', '[]', '[{}]', '[null]', '""'];
const NOT_JSON = ['{', '{"a":', "{'a':1}", 'NaN', 'undefined', '{"a":1,}', '{"a":1}x', '\u0000', '{"a":"\\x41"}', '{"a":01}', '[1,2', 'Infinity'];

// Bytes that are not UTF-8: a lone continuation byte, an overlong NUL, an encoded surrogate,
// a truncated sequence, and bytes UTF-8 never uses.
const BAD_UTF8 = [[0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80]];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function deep(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A value of a JSON type the seed's value does not have. */
function wrongType(random: () => number, value: Json): string {
  const options = [
    typeof value !== 'number' ? pick(random, EDGE_NUMBERS) : null,
    typeof value !== 'boolean' ? 'true' : null,
    typeof value !== 'string' ? JSON.stringify(pick(random, INJECTIONS)) : null,
    !Array.isArray(value) ? `[${JSON.stringify(value)}]` : null,
    !(typeof value === 'object' && value !== null && !Array.isArray(value)) ? '{"$gt":""}' : null,
    !Array.isArray(value) ? deep(200 + Math.floor(random() * 2000), 'array') : null,
  ].filter((option): option is string => option !== null);
  return pick(random, options);
}

/** The seed with field `key` replaced by raw JSON text `raw`. */
function withField(seed: Record<string, Json>, key: string, raw: string): string {
  const marker = '@@fuzz-value@@';
  return JSON.stringify({ ...seed, [key]: marker }).replace(`"${marker}"`, () => raw);
}

function unknownKey(random: () => number): string {
  return pick(random, ['__proto__', 'constructor', 'isAdmin', 'id', 'createdAt', pick(random, INJECTIONS), 'x'.repeat(10_000)]);
}

/**
 * One malformed body. `seed` is a valid body for the route (or null when none is known), so
 * that most bodies get past JSON.parse and into the schema, field by field.
 */
export function malformedBody(random: () => number, seed: Record<string, Json> | null): FuzzBody {
  const keys = seed ? Object.keys(seed) : [];
  const roll = Math.floor(random() * (seed ? 10 : 5));
  switch (roll) {
    case 0:
      return random() < 0.2 ? { kind: 'empty body', body: random() < 0.5 ? null : '' } : { kind: 'not an object', body: pick(random, NON_OBJECTS) };
    case 1:
      return { kind: 'not JSON', body: pick(random, NOT_JSON) };
    case 2:
      return { kind: 'deep nesting', body: deep(10_000, random() < 0.5 ? 'array' : 'object') };
    case 3:
      return { kind: 'huge string (1 MB)', body: JSON.stringify({ ...seed, [keys[0] ?? 'name']: 'x'.repeat(1 << 20) }) };
    case 4: {
      const bytes = Buffer.from(JSON.stringify(seed ?? { name: 'ab' }));
      const at = bytes.indexOf('"', bytes.indexOf(':')) + 1 || 1; // inside the first string value, if any
      return { kind: 'invalid UTF-8', body: Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(random, BAD_UTF8)), bytes.subarray(at)]) };
    }
  }
  const base = seed ?? {};
  const key = keys.length > 0 ? pick(random, keys) : 'name';
  switch (roll) {
    case 5:
      return { kind: 'unknown field', body: withField(base, unknownKey(random), random() < 0.5 ? '1' : JSON.stringify(pick(random, INJECTIONS))) };
    case 6:
      return { kind: 'wrong type', body: withField(base, key, wrongType(random, base[key] ?? null)) };
    case 7:
      // Edge numbers and injection strings in every field, with an unknown field that makes the whole invalid.
      return {
        kind: 'edge values + unknown field',
        body: withField(withFieldObject(base, key, random() < 0.5 ? Number(pick(random, EDGE_NUMBERS)) : pick(random, INJECTIONS)), unknownKey(random), 'null'),
      };
    case 8:
      return { kind: 'NUL or lone surrogate in text', body: withField(base, key, JSON.stringify(`${String(base[key] ?? 'x')}`).replace(/"$/, random() < 0.5 ? '\\u0000"' : '\\ud800"')) };
    default:
      return { kind: 'array for object', body: random() < 0.5 ? JSON.stringify([base]) : JSON.stringify({ [key]: [base] }) };
  }
}

function withFieldObject(seed: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  return { ...seed, [key]: Number.isFinite(value) || typeof value !== 'number' ? value : String(value) };
}
