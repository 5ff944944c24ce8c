import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { call, callValues, context, error, json } from './helpers.js';

const JWK_OCT = { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' };

describe('io.jwt builtins', () => {
  it('signs HS256 like RFC 7515 A.1 and decodes it back', () => {
    const token = call('io.jwt.encode_sign_raw', '{"typ":"JWT",\r\n "alg":"HS256"}', '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}', JSON.stringify(JWK_OCT));
    expect(token).toBe(
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    );
    const [header, payload] = call('io.jwt.decode', token) as [unknown, unknown];
    expect(json(header as never)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(json(payload as never)).toBe('{"exp":1300819380,"http://example.com/is_root":true,"iss":"joe"}');
  });

  it('verifies with secrets, PEM keys and constraints', () => {
    const hsKey = { kty: 'oct', k: Buffer.from('secret').toString('base64url') };
    const token = call('io.jwt.encode_sign', { alg: 'HS256', typ: 'JWT' }, { iss: 'me' }, hsKey) as string;
    expect(call('io.jwt.verify_hs256', token, 'secret')).toBe(true);
    expect(call('io.jwt.verify_hs256', token, 'other')).toBe(false);
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const es = call('io.jwt.encode_sign', { alg: 'ES256' }, { iss: 'me', exp: 2000 }, jwk) as string;
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(call('io.jwt.verify_es256', es, pem)).toBe(true);
    expect(call('io.jwt.verify_rs256', es, pem)).toBe(false);
    const at = (sec: number) => context({ nowNs: BigInt(sec) * 1_000_000_000n });
    expect(json(callValues('io.jwt.decode_verify', [es, objectOf({ cert: pem, iss: 'me' })], at(1000))!)).toBe(
      '[true,{"alg":"ES256"},{"exp":2000,"iss":"me"}]',
    );
    expect(json(callValues('io.jwt.decode_verify', [es, objectOf({ cert: pem })], at(2000))!)).toBe('[false,{},{}]');
    expect(json(callValues('io.jwt.decode_verify', [es, objectOf({ cert: pem, iss: 'you' })], at(1000))!)).toBe('[false,{},{}]');
  });

  it('reports malformed tokens and constraints', () => {
    expect(error('io.jwt.decode', 'abc')).toBe('eval_builtin_error: encoded JWT had no period separators');
    expect(error('io.jwt.decode', 'a.b')).toBe('eval_builtin_error: encoded JWT must have 3 sections, found 2');
    expect(error('io.jwt.decode_verify', 'a.b.c', { secret: 'x', foo: 1 })).toBe('eval_builtin_error: unknown token validation constraint: foo');
    expect(error('io.jwt.decode_verify', 'a.b.c', {})).toBe('eval_builtin_error: no key constraint');
    expect(error('io.jwt.encode_sign_raw', '{"alg":"dummy"}', '{}', JSON.stringify(JWK_OCT))).toBe('eval_builtin_error: unknown JWS algorithm: dummy');
  });
});

import { fromJSON, type Value } from '../../../src/rego/value.js';
function objectOf(x: Record<string, unknown>): Value {
  return fromJSON(x);
}
