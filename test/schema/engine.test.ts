import { describe, expect, it } from 'vitest';
import { SchemaEngine, compilePattern, type ClosingMode, type SchemaNode } from '../../src/schema/engine.js';
import { findingsFor, suggest } from '../../src/schema/messages.js';
import { makeResource } from './helpers.js';

let n = 0;
/** Messages (with rule ids) for `data` against `schema`. */
function run(schema: SchemaNode, data: Record<string, unknown>, closing: ClosingMode = 'typed', strict = false): string[] {
  const engine = new SchemaEngine();
  const uri = `https://test.invalid/${n++}.json`;
  engine.addDocument({ uri, root: schema, closing });
  const errors = engine.validator(uri)(data);
  return findingsFor(errors, makeResource(data), strict).map((f) => `${f.ruleId} ${f.pointer} ${f.message}`);
}

describe('combinators and their messages', () => {
  it('collapses anyOf type alternatives into one type error', () => {
    const s = { type: 'object', properties: { v: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'array' }] } } };
    expect(run(s, { v: 1 })).toEqual([]);
    expect(run(s, { v: true })).toEqual(['schema/invalid-type /v v: expected integer, string or array, got boolean true']);
  });

  it('reports alternative required fields once', () => {
    const s = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(run(s, { a: 'x' })).toEqual([]);
    expect(run(s, {})).toEqual(['schema/required-field  missing required field at the top level: set one of "a", "b"']);
  });

  it('explains an anyOf by the branch the value got furthest into', () => {
    const s = {
      type: 'object',
      properties: {
        source: {
          anyOf: [
            { type: 'object', properties: { git: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] } }, required: ['git'] },
            { type: 'string' },
          ],
        },
      },
    };
    expect(run(s, { source: { git: { url: 5 } } })).toEqual(['schema/invalid-type /source/git/url source.git.url: expected string, got integer 5']);
    expect(run(s, { source: 5 })).toEqual(['schema/invalid-type /source source: expected object or string, got integer 5']);
  });

  it('oneOf: more than one match is an error unless the branches only state types', () => {
    const s = { type: 'object', properties: { v: { oneOf: [{ minimum: 0 }, { maximum: 10 }] }, t: { oneOf: [{ type: ['string', 'null'] }, { type: ['integer', 'null'] }] } } };
    expect(run(s, { v: 5 })).toEqual(['schema/invalid-value /v v: matches more than one of the allowed forms']);
    expect(run(s, { v: -5, t: null })).toEqual([]);
  });

  it('not, allOf, if/then/else, const', () => {
    const s = {
      type: 'object',
      properties: { a: { not: { const: 'forbidden' } }, b: { allOf: [{ type: 'integer' }, { minimum: 3 }] }, c: { const: 'fixed' }, kind: { type: 'string' }, size: { type: 'integer' } },
      if: { properties: { kind: { const: 'big' } } },
      then: { properties: { size: { minimum: 100 } } },
    };
    expect(run(s, { a: 'ok', b: 4, c: 'fixed', kind: 'big', size: 100 })).toEqual([]);
    expect(run(s, { a: 'forbidden', b: 2, c: 'other', kind: 'big', size: 1 })).toEqual([
      'schema/invalid-value /a a: "forbidden" is not allowed here',
      'schema/invalid-value /b b: 2 is less than the minimum 3',
      'schema/invalid-value /c c: must be "fixed", got "other"',
      'schema/invalid-value /size size: 1 is less than the minimum 100',
    ]);
  });

  it('does not close objects whose fields come from allOf branches or a $ref', () => {
    const s = {
      $defs: { base: { type: 'object', properties: { name: { type: 'string' } } } },
      type: 'object',
      properties: { spec: { allOf: [{ $ref: '#/$defs/base' }, { properties: { extra: { type: 'integer' } } }] } },
    };
    expect(run(s, { spec: { name: 'x', extra: 1, other: true } }, 'typed', true)).toEqual([]);
    expect(run(s, { spec: { name: 1 } })).toEqual(['schema/invalid-type /spec/name spec.name: expected string, got integer 1']);
  });

  it('merges several problems of one value into one finding (one fingerprint)', () => {
    const s = { type: 'object', properties: { v: { type: 'string', maxLength: 3, pattern: '^[a-z]+$' } }, required: ['x', 'y'] };
    expect(run(s, { v: 'ABCDE' })).toEqual([
      'schema/invalid-value /v v: must be at most 3 characters long, got 5; "ABCDE" does not match the pattern ^[a-z]+$',
      'schema/required-field  missing required fields "x" and "y" at the top level',
    ]);
  });
});

describe('draft-04 and other keywords', () => {
  it('supports boolean exclusiveMinimum/Maximum, multipleOf, items tuples, uniqueItems, min/max', () => {
    const s = {
      type: 'object',
      properties: {
        r: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
        m: { type: 'number', multipleOf: 0.1 },
        t: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
        u: { type: 'array', uniqueItems: true, minItems: 1, maxItems: 3 },
        o: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: true },
      },
    };
    expect(run(s, { r: 0.5, m: 0.3, t: ['a', 1], u: [{ a: 1 }, { a: 2 }], o: { a: 1 } })).toEqual([]);
    expect(run(s, { r: 0, m: 0.35, t: ['a', 'b', 3], u: [{ a: 1 }, { a: 1 }, 1, 2], o: {} })).toEqual([
      'schema/invalid-value /r r: 0 must be greater than 0',
      'schema/invalid-value /m m: 0.35 is not a multiple of 0.1',
      'schema/invalid-type /t/1 t[1]: expected integer, got string "b"',
      'schema/invalid-value /t/2 t[2]: too many items (at most 2)',
      'schema/invalid-value /u u: must have at most 3 items, got 4',
      'schema/invalid-value /u/1 u[1]: duplicate item (same as item 0)',
      'schema/invalid-value /o o: must have at least 1 field',
    ]);
  });

  it('supports patternProperties, propertyNames and dependencies', () => {
    const s = {
      type: 'object',
      properties: { m: { type: 'object', patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false, propertyNames: { maxLength: 5 } }, a: {}, b: {} },
      dependencies: { a: ['b'] },
    };
    expect(run(s, { m: { 'x-a': 'v' }, a: 1, b: 2 })).toEqual([]);
    expect(run(s, { m: { 'x-a': 1, y: 'v', 'x-long': 'v' }, a: 1 })).toEqual([
      'schema/invalid-type /m/x-a m.x-a: expected string, got integer 1',
      'schema/unknown-field /m/y unknown field "y" in m',
      'schema/invalid-value /m/x-long m: field name "x-long": must be at most 5 characters long, got 6',
      'schema/required-field  missing required field "b" at the top level (required when "a" is set)',
    ]);
  });

  it('translates Go regex syntax JavaScript spells differently', () => {
    expect(compilePattern('(?i)^abc$')!.test('ABC')).toBe(true);
    expect(compilePattern('^(?P<name>[a-z]+)\\z')!.test('abc')).toBe(true);
    expect(compilePattern('[[:alpha:')).toBeUndefined();
  });

  it('ignores patterns JavaScript cannot compile, and says so', () => {
    const engine = new SchemaEngine();
    engine.addDocument({ uri: 'https://t.invalid/p.json', root: { type: 'string', pattern: '(?<!' }, closing: 'typed' });
    expect(engine.validator('https://t.invalid/p.json')('anything')).toEqual([]);
    expect([...engine.ignoredPatterns]).toEqual(['(?<!']);
  });
});

describe('did-you-mean', () => {
  it('suggests close names, case-insensitively, and nothing for unrelated ones', () => {
    expect(suggest('contianers', ['containers', 'initContainers'])).toBe('containers');
    expect(suggest('ContainerPort', ['containerPort', 'hostPort'])).toBe('containerPort');
    expect(suggest('imagePullPolicy', ['imagePullPolicy'])).toBeUndefined();
    expect(suggest('foo', ['containers'])).toBeUndefined();
  });
});

describe('formats', () => {
  it('quantity, date-time, duration, byte, int32, uuid, ip, cidr', async () => {
    const { FORMATS } = await import('../../src/schema/formats.js');
    const ok = (f: string, v: unknown) => (FORMATS[f]!.check as (x: unknown) => string | undefined)(v) === undefined;
    for (const q of ['1', '1.5', '.5', '5.', '+1', '-1', '100m', '1Ki', '1.5Gi', '2E', '1e3', '1.5e-3', '1E+2']) expect(ok('quantity', q), q).toBe(true);
    for (const q of ['', '1 Gi', '1GB', '1mi', '1e', 'Mi', '1..2', '0x10']) expect(ok('quantity', q), q).toBe(false);
    for (const d of ['2024-01-31T12:00:00Z', '2024-01-31t12:00:00.5+01:00', '2024-01-31T12:00:00+0100']) expect(ok('date-time', d), d).toBe(true);
    for (const d of ['2024-01-31', '2024-13-01T00:00:00Z', '2024-01-31T25:00:00Z', '2024-01-31 12:00:00Z']) expect(ok('date-time', d), d).toBe(false);
    for (const d of ['1h30m', '300ms', '-1.5h', '0', '2d', '1w', 'PT5M', 'P1DT2H']) expect(ok('duration', d), d).toBe(true);
    for (const d of ['5 minutes', '1y', 'P', 'PT', '']) expect(ok('duration', d), d).toBe(false);
    expect(ok('byte', 'aGVsbG8=')).toBe(true);
    expect(ok('byte', 'aGVsbG8')).toBe(false);
    expect(ok('int32', 2147483647)).toBe(true);
    expect(ok('int32', 2147483648)).toBe(false);
    expect(ok('uuid', '4843de5c-4f8a-4af0-9509-23526a04faf8')).toBe(true);
    expect(ok('ipv4', '10.0.0.1')).toBe(true);
    expect(ok('ipv4', '10.0.0.256')).toBe(false);
    expect(ok('ipv6', '::1')).toBe(true);
    expect(ok('cidr', '10.0.0.0/16')).toBe(true);
    expect(ok('cidr', '10.0.0.0/33')).toBe(false);
  });
});
