import { describe, expect, it } from 'vitest';
import { ObjectValue, SetValue } from '../../../src/rego/value.js';
import { call, callValues, error, json, num } from './helpers.js';

describe('encoding builtins', () => {
  it('round-trips base64, base64url and hex over UTF-8', () => {
    expect(call('base64.encode', 'héllo')).toBe('aMOpbGxv');
    expect(call('base64.decode', 'aMOpbGxv')).toBe('héllo');
    expect(call('base64url.encode', '??>')).toBe('Pz8-');
    expect(call('base64url.encode_no_pad', 'hello')).toBe('aGVsbG8');
    expect(call('base64url.decode', 'aGVsbG8')).toBe('hello');
    expect(call('hex.encode', 'é')).toBe('c3a9');
    expect(call('hex.decode', 'c3a9')).toBe('é');
  });

  it('rejects malformed input like Go', () => {
    expect(call('base64.is_valid', 'aGVsbG8')).toBe(false); // padding is required
    expect(call('base64.is_valid', "{'not':'base64'}")).toBe(false);
    expect(error('base64.decode', 'a$')).toBe('eval_builtin_error: illegal base64 data at input byte 1');
    expect(error('hex.decode', 'fghijkl')).toBe("eval_builtin_error: encoding/hex: invalid byte: U+0067 'g'");
    expect(error('hex.decode', 'abc')).toBe('eval_builtin_error: encoding/hex: odd length hex string');
  });

  it('encodes URL queries like net/url', () => {
    expect(call('urlquery.encode', 'a=b+1 ~é')).toBe('a%3Db%2B1+~%C3%A9');
    expect(call('urlquery.decode', 'a%3Db%2B1+x')).toBe('a=b+1 x');
    expect(error('urlquery.decode', '%zz')).toBe('eval_builtin_error: invalid URL escape "%zz"');
    expect(callValues('urlquery.encode_object', [ObjectValue.fromRecord({ b: SetValue.of(['y', 'x']), a: 'c=d' })])).toBe('a=c%3Dd&b=x&b=y');
    expect(json(call('urlquery.decode_object', 'a=1&b&a=2'))).toBe('{"a":["1","2"],"b":[""]}');
  });
});

describe('json and yaml builtins', () => {
  it('marshals like Go encoding/json', () => {
    expect(callValues('json.marshal', [[ObjectValue.fromRecord({ foo: SetValue.of([3, 1, 2]) })]])).toBe('[{"foo":[1,2,3]}]');
    expect(call('json.marshal', '<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(callValues('json.marshal', [num('12345678901234567890')])).toBe('12345678901234567890');
    expect(call('json.marshal_with_options', { b: [1], a: {} }, { prefix: '> ' })).toBe('> {\n> \t"a": {},\n> \t"b": [\n> \t\t1\n> \t]\n> }');
    expect(call('json.marshal_with_options', [1], { indent: '  ', pretty: false })).toBe('[1]');
    expect(error('json.marshal_with_options', [], { lottery: true })).toBe('eval_type_error: operand 2 object contained unknown key "lottery"');
  });

  it('unmarshals exactly and validates strictly', () => {
    expect(json(call('json.unmarshal', '{"n": 12345678901234567890, "f": 1.50}'))).toBe('{"f":1.5,"n":12345678901234567890}');
    expect(call('json.is_valid', '{"a": 01}')).toBe(false);
    expect(call('json.is_valid', 5)).toBe(false);
  });

  it('reads YAML with go-yaml v2 scalars and writes it back', () => {
    expect(json(call('yaml.unmarshal', 'a: yes\nb: 2001-12-14\nc: 12345678901234567890\n---\nd: 1'))).toBe(
      '{"a":true,"b":"2001-12-14","c":12345678901234567890}',
    );
    expect(call('yaml.marshal', { foo: [1, 2], bar: 'yes' })).toBe('bar: "yes"\nfoo:\n- 1\n- 2\n');
    expect(error('yaml.unmarshal', '[1,2,3')).toMatch(/^eval_builtin_error: yaml: line 1: did not find/);
    expect(call('yaml.is_valid', 'foo: {')).toBe(false);
  });

  it('filters, removes and patches by JSON paths', () => {
    const doc = { a: { b: { c: 7, d: 8 } }, e: 9 };
    expect(json(call('json.filter', doc, ['a/b/c', 'e']))).toBe('{"a":{"b":{"c":7}},"e":9}');
    expect(json(call('json.remove', doc, [['a', 'b', 'c'], 'e']))).toBe('{"a":{"b":{"d":8}}}');
    expect(json(call('json.remove', { a: [1, 2, 3] }, ['/a/1']))).toBe('{"a":[1,3]}');
    expect(error('json.remove', doc, [1])).toBe(
      'eval_type_error: operand 2 must be one of {set, array} containing string paths or array of path segments but got number',
    );
    const ops = [
      { op: 'add', path: '/foo/1', value: 'qux' },
      { op: 'move', from: '/foo/0', path: '/bar' },
      { op: 'test', path: '/bar', value: 'a' },
    ];
    expect(json(call('json.patch', { foo: ['a', 'b'] }, ops))).toBe('{"bar":"a","foo":["qux","b"]}');
    expect(call('json.patch', { foo: 1 }, [{ op: 'remove', path: '/nope' }])).toBeUndefined();
    expect(json(callValues('json.patch', [ObjectValue.fromRecord({ s: SetValue.of(['a']) }), [ObjectValue.fromRecord({ op: 'add', path: '/s/b', value: 'b' })]]))).toBe(
      '{"s":["a","b"]}',
    );
  });
});

describe('json schema builtins', () => {
  const schema = { properties: { id: { type: 'integer' } }, required: ['id'] };
  it('verifies schemas', () => {
    expect(json(call('json.verify_schema', '{"type": "boolean"}'))).toBe('[true,null]');
    expect(json(call('json.verify_schema', { type: 'unknown_type' }))).toBe(
      '[false,"jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]"]',
    );
    expect(json(call('json.verify_schema', { $id: 'https://x/s', type: 'string' }))).toBe('[true,null]');
    expect(json(call('json.verify_schema', { $id: 'https://x/s', type: 'number' }))).toBe('[true,null]');
  });

  it('matches documents with gojsonschema-shaped errors', () => {
    expect(json(call('json.match_schema', '{"id": 5}', schema))).toBe('[true,[]]');
    expect(json(call('json.match_schema', { id: 'foo' }, schema))).toBe(
      '[false,[{"desc":"Invalid type. Expected: integer, given: string","error":"id: Invalid type. Expected: integer, given: string","field":"id","type":"invalid_type"}]]',
    );
    expect(json(call('json.match_schema', {}, schema))).toBe(
      '[false,[{"desc":"id is required","error":"(root): id is required","field":"(root)","type":"required"}]]',
    );
  });
});

describe('json.marshal of non-string keys', () => {
  it('writes keys as compact JSON text like OPA', () => {
    const o = new ObjectValue().set(1, 'a').set([1, 2], 'b');
    expect(callValues('json.marshal', [o])).toBe('{"1":"a","[1,2]":"b"}');
  });
});

describe('yaml.marshal of big integers', () => {
  it('keeps every digit', () => {
    expect(callValues('yaml.marshal', [ObjectValue.fromRecord({ count: num('12345678901234567890') })])).toBe('count: 12345678901234567890\n');
  });
});

describe('base64 error positions', () => {
  it('points at the incomplete quantum like Go', () => {
    expect(error('base64.decode', 'aGVsbG8')).toBe('eval_builtin_error: illegal base64 data at input byte 4');
    expect(error('base64.decode', 'aGVsb')).toBe('eval_builtin_error: illegal base64 data at input byte 4');
  });
});
