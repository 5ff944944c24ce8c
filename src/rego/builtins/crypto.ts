/**
 * crypto.* hashing builtins (OPA topdown/crypto.go) via node:crypto: hex digests
 * of the UTF-8 bytes, HMACs, and constant-time MAC comparison.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { argString, type BuiltinDef } from './registry.js';

function digest(algorithm: string, name: string): BuiltinDef {
  return {
    name,
    args: ['string'],
    result: 'string',
    impl: (args) => createHash(algorithm).update(argString(args, 0), 'utf8').digest('hex'),
  };
}

function hmac(algorithm: string): BuiltinDef {
  return {
    name: `crypto.hmac.${algorithm}`,
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => {
      const message = argString(args, 0);
      const key = argString(args, 1);
      return createHmac(algorithm, Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
    },
  };
}

export const cryptoBuiltins: BuiltinDef[] = [
  digest('md5', 'crypto.md5'),
  digest('sha1', 'crypto.sha1'),
  digest('sha256', 'crypto.sha256'),
  hmac('md5'),
  hmac('sha1'),
  hmac('sha256'),
  hmac('sha512'),
  {
    name: 'crypto.hmac.equal',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => {
      const a = Buffer.from(argString(args, 0), 'utf8');
      const b = Buffer.from(argString(args, 1), 'utf8');
      return a.length === b.length && timingSafeEqual(a, b);
    },
  },
];
