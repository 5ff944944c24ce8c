import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { call, error, json } from './helpers.js';

describe('crypto.x509 and private keys', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const jwk = privateKey.export({ format: 'jwk' });

  it('parses RSA private keys to JWKs, from PEM or base64 of PEM', () => {
    expect(json(call('crypto.x509.parse_rsa_private_key', pkcs1))).toBe(JSON.stringify(Object.fromEntries(Object.entries(jwk).sort())));
    expect(json(call('crypto.x509.parse_rsa_private_key', Buffer.from(pkcs8).toString('base64')))).toContain(`"n":"${jwk.n}"`);
    expect(error('crypto.x509.parse_rsa_private_key', 'invalid')).toMatch(/illegal base64 data/);
  });

  it('lists private keys of a PEM bundle', () => {
    const keys = call('crypto.parse_private_keys', pkcs1 + pkcs8) as unknown[];
    expect(keys).toHaveLength(2);
    expect(json(call('crypto.parse_private_keys', 'nope'))).toBe('[]');
    expect(call('crypto.parse_private_keys', '')).toBeNull();
  });

  it('reports malformed certificates like Go', () => {
    expect(error('crypto.x509.parse_certificates', 'YmFkc3RyaW5n')).toBe('eval_builtin_error: x509: malformed certificate');
    expect(error('crypto.x509.parse_certificates', 'foobar')).toMatch(/illegal base64 data at input byte/);
    expect(json(call('crypto.x509.parse_and_verify_certificates', 'foobar'))).toBe('[false,[]]');
    expect(error('crypto.x509.parse_certificate_request', 'YmFkc3RyaW5n')).toMatch(/^eval_builtin_error: asn1: structure error/);
  });
});

describe('crypto.x509.parse_and_verify_certificates_with_options', () => {
  it('validates its options like OPA', () => {
    expect(json(call('crypto.x509.parse_and_verify_certificates_with_options', 'foobar', {}))).toBe('[false,[]]');
  });
});
