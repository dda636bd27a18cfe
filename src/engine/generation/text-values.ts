import type { Faker } from '@faker-js/faker';
import { matchesPattern, stringMatching } from './patterns.js';
import type { Random } from './random.js';
import type { SchemaObject } from '../operation-index.js';

/**
 * What generated text looks like: `realistic` (faker's words, emails and dates: what a mock
 * answers with) or `marked` (readable values that start with `contract`, ids like
 * `contract-3f9a…`: anything the contract runner leaves behind on a real server is recognisable).
 */
export type Vocabulary = 'realistic' | 'marked';

const REALISTIC_FORMATS: Record<string, (faker: Faker) => string> = {
  'date-time': (f) => f.date.recent({ days: 90 }).toISOString(),
  date: (f) => f.date.recent({ days: 90 }).toISOString().slice(0, 10),
  time: (f) => `${f.date.recent().toISOString().slice(11, 19)}Z`,
  duration: (f) => `PT${f.number.int({ min: 1, max: 59 })}M`,
  email: (f) => f.internet.email(),
  'idn-email': (f) => f.internet.email(),
  uuid: (f) => f.string.uuid(),
  uri: (f) => f.internet.url(),
  url: (f) => f.internet.url(),
  iri: (f) => f.internet.url(),
  'uri-reference': (f) => `/${f.lorem.slug(2)}`,
  'iri-reference': (f) => `/${f.lorem.slug(2)}`,
  'uri-template': (f) => `${f.internet.url()}/{id}`,
  hostname: (f) => f.internet.domainName(),
  'idn-hostname': (f) => f.internet.domainName(),
  ipv4: (f) => f.internet.ipv4(),
  ipv6: (f) => f.internet.ipv6(),
  byte: (f) => Buffer.from(f.lorem.word()).toString('base64'),
  binary: (f) => f.string.alphanumeric(16),
  password: (f) => f.internet.password(),
  'json-pointer': (f) => `/${f.lorem.word()}`,
  'relative-json-pointer': () => '0',
  regex: () => '^[a-z]+$',
};

/** Formats the runner writes its own way; the others it takes from the realistic ones. */
const MARKED_FORMATS: Record<string, (random: Random) => string> = {
  'date-time': (r) =>
    new Date(Date.UTC(2025, 0, 1) + r.int(0, 364) * 86_400_000 + r.int(0, 86_399) * 1000).toISOString(),
  date: (r) => new Date(Date.UTC(2025, 0, 1) + r.int(0, 364) * 86_400_000).toISOString().slice(0, 10),
  uuid: (r) => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}`,
  email: (r) => `contract.${r.word(6)}@example.com`,
  uri: (r) => `https://example.com/${r.word(8)}`,
  url: (r) => `https://example.com/${r.word(8)}`,
  hostname: (r) => `${r.word(8)}.example.com`,
  ipv4: (r) => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
};

export interface TextRequest {
  random: Random;
  vocabulary: Vocabulary;
  /** Make the string as long as the schema allows (up to 60 characters), for marked text. */
  long: boolean;
  /** The property or parameter the value is for: an id field gets an id, not prose (marked text). */
  name?: string;
  warn?: (message: string) => void;
}

/** A string for a string schema: by its format, else its pattern, else text within its lengths. */
export function generateString(schema: SchemaObject, request: TextRequest): string {
  const { random, vocabulary } = request;
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const formatted =
    format === undefined
      ? undefined
      : vocabulary === 'marked' && MARKED_FORMATS[format]
        ? MARKED_FORMATS[format](random)
        : REALISTIC_FORMATS[format]?.(random.faker);
  if (formatted !== undefined) return formatted;
  if (typeof schema.pattern === 'string') {
    const matching = matchingWithin(schema, schema.pattern, request);
    if (matching !== undefined) return matching;
  }
  const min = numberOr(schema.minLength, 0);
  if (vocabulary === 'realistic') {
    const max = numberOr(schema.maxLength, Math.max(min, 24));
    return fitLength(random.faker.lorem.words({ min: 1, max: 4 }), min, max, random.faker);
  }
  if (request.name !== undefined && isIdLike(request.name) && format === undefined) return markedId(schema, random);
  return markedText(schema, random, request.long);
}

/**
 * Draws of a pattern before the nearest is taken: in Bandwidth's URL pattern one alternative in
 * two breaks minLength and three boundaries in four are missed.
 */
const PATTERN_ATTEMPTS = 50;

/**
 * A string matching the pattern within the schema's `minLength` and `maxLength` (ShipEngine's ids
 * are `^se(-[a-z0-9]+)+$` at most 25 long): a few matches are drawn, the first that fits and
 * matches is taken, else the one nearest.
 */
function matchingWithin(schema: SchemaObject, pattern: string, request: TextRequest): string | undefined {
  const min = numberOr(schema.minLength, 0);
  const max = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  // How far off a draw is: first whether it breaks the pattern (see matchesPattern), then by how
  // many characters it misses the lengths.
  const offBy = (text: string) => [
    matchesPattern(pattern, text) ? 0 : 1,
    Math.max(0, min - text.length, text.length - max),
  ];
  const nearer = (a: number[], b: number[]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  let nearest: { text: string; off: number[] } | undefined;
  for (let attempt = 0; attempt < PATTERN_ATTEMPTS; attempt++) {
    const text = stringMatching(pattern, request.random, request.warn);
    if (text === undefined) return undefined;
    const off = offBy(text);
    if (off[0] === 0 && off[1] === 0) return text;
    if (nearest === undefined || nearer(off, nearest.off)) nearest = { text, off };
  }
  return nearest?.text;
}

/** `id`, `businessId`, `campaign_id`: a field that holds a reference, not prose. */
export function isIdLike(name: string): boolean {
  return /^(id|ID)$|[a-z0-9](Id|ID)$|_id$/.test(name);
}

function fitLength(text: string, min: number, max: number, faker: Faker): string {
  let value = text;
  while (value.length < min) value += faker.string.alpha(1);
  return value.slice(0, max);
}

/** `contract` and words, within the schema's lengths. */
function markedText(schema: SchemaObject, random: Random, long: boolean): string {
  const min = Math.max(numberOr(schema.minLength, 0), 1);
  const max = Math.max(min, Math.min(numberOr(schema.maxLength, 60), 60));
  const target = long ? max : random.int(min, Math.max(min, Math.min(max, 32)));
  let text = 'contract';
  while (text.length < target) text += ` ${random.word(random.int(3, 8))}`;
  return text.slice(0, target).trimEnd().padEnd(min, 'x');
}

/**
 * An identifier-like token for an id field without a format (`contract-` and hex digits), so a
 * server that checks what ids look like sees one; uuids come from `format: uuid`.
 */
function markedId(schema: SchemaObject, random: Random): string {
  const min = Math.max(numberOr(schema.minLength, 0), 1);
  const max = Math.max(min, numberOr(schema.maxLength, 64));
  const token = `contract-${random.hex(12)}`;
  if (token.length > max) return random.hex(max);
  return token.padEnd(min, '0');
}

export function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
