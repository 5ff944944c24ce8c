import { describe, expect, it } from 'vitest';
import { getBuiltin } from '../../../src/rego/builtins/index.js';
import { call, callValues, context, error, json } from './helpers.js';

describe('semver', () => {
  it('follows SemVer 2.0 precedence', () => {
    expect(call('semver.compare', '1.0.0-alpha', '1.0.0')).toBe(-1);
    expect(call('semver.compare', '1.0.0-alpha.10', '1.0.0-alpha.9')).toBe(1);
    expect(call('semver.compare', '1.0.0-alpha.1', '1.0.0-alpha.beta')).toBe(-1);
    expect(call('semver.compare', '1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(call('semver.compare', '10.0.0', '9.99.99')).toBe(1);
    // OPA's parser: optional "v", int64 fields as strconv.ParseInt reads them
    expect(call('semver.is_valid', 'v1.0.0')).toBe(true);
    expect(call('semver.is_valid', '01.0.0')).toBe(true);
    expect(call('semver.is_valid', '1.0')).toBe(false);
    expect(call('semver.is_valid', '1.0.0-')).toBe(true);
    expect(call('semver.is_valid', '1.0.0-a..b')).toBe(false);
    expect(call('semver.is_valid', '1.0.0+')).toBe(true);
    expect(call('semver.is_valid', '9223372036854775808.0.0')).toBe(false);
    expect(error('semver.compare', '1', '1.0.0')).toBe('eval_builtin_error: operand 1: string "1" is not a valid SemVer');
  });
});

describe('graph', () => {
  it('walks reachable nodes and paths', () => {
    const g = { a: ['b', 'c'], b: ['d'], c: ['d'], d: [], e: ['f'], f: ['e'] };
    expect(json(call('graph.reachable', g, ['b', 'e']))).toBe('["b","d","e","f"]');
    expect(json(call('graph.reachable', {}, ['a']))).toBe('[]');
    expect(json(call('graph.reachable_paths', g, ['b', 'e']))).toBe('[["b","d"],["e","f"]]');
    expect(error('graph.reachable', g, 1)).toBe('eval_type_error: operand 2 must be {array, set} but got number');
  });
});

describe('uuid and rand', () => {
  it('parses UUIDs in every google/uuid spelling', () => {
    expect(json(call('uuid.parse', '{00000000-0000-4000-8000-000000000000}'))).toBe('{"variant":"RFC4122","version":4}');
    expect(json(call('uuid.parse', 'urn:uuid:000003e8-48b9-21ee-b200-325096b39f47'))).toBe(
      '{"clocksequence":12800,"domain":"Person","id":1000,"macvariables":"local:unicast","nodeid":"32-50-96-b3-9f-47","time":1693566990121469600,"variant":"RFC4122","version":2}',
    );
    expect(call('uuid.parse', 'not-a-uuid')).toBeUndefined();
  });

  it('memoises random values per key within a query', () => {
    const ctx = context();
    const a = callValues('uuid.rfc4122', ['k'], ctx);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(callValues('uuid.rfc4122', ['k'], ctx)).toBe(a);
    const r = callValues('rand.intn', ['k', 10], ctx);
    expect(callValues('rand.intn', ['k', 10], ctx)).toBe(r);
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(10);
    expect(callValues('rand.intn', ['z', 0], ctx)).toBe(0);
  });
});

describe('crypto', () => {
  it('hashes UTF-8 and compares MACs', () => {
    expect(call('crypto.sha256', 'lorem ipsum')).toBe('5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269');
    expect(call('crypto.md5', 'lorem ipsum')).toBe('80a751fde577028640c419000e33eba6');
    expect(call('crypto.hmac.sha256', 'msg', 'key')).toBe(call('crypto.hmac.sha256', 'msg', 'key'));
    expect(call('crypto.hmac.equal', 'abc', 'abc')).toBe(true);
    expect(call('crypto.hmac.equal', 'abc', 'abcd')).toBe(false);
  });
});

describe('network gate', () => {
  it('refuses http.send and gates net.lookup_ip_addr without network access', () => {
    expect(getBuiltin('http.send')?.nondeterministic).toBe(true);
    expect(() => call('http.send', { method: 'get', url: 'https://example.com' })).toThrow(/network access is disabled/);
    expect(error('http.send', { method: 'get' })).toBe('eval_type_error: operand 1 missing required request parameters(s): {"url"}');
    expect(error('http.send', { method: 'get', url: 'x', bad: 1 })).toBe('eval_type_error: operand 1 invalid request parameters(s): {"bad"}');
  });
});

describe('bounded builtins', () => {
  it('refuses a numbers.range too large to build instead of running for seconds', async () => {
    const { compilePolicy } = await import('../../../src/rego/index.js');
    const policy = compilePolicy([{ file: 'p.rego', source: 'package p\nimport rego.v1\nhuge := count(numbers.range(1, 100000000))\n' }]);
    expect(() => policy.evaluate('data.p.huge = x', {})).toThrow(/over the limit/);
  });
});
