/**
 * io.jwt.* builtins (OPA topdown/tokens.go) on node:crypto: decoding, signature
 * verification with PEM certificates, PEM public keys or JWK (sets), the
 * constraint-checking io.jwt.decode_verify, and signing with JWKs.
 */
import { createHmac, createPrivateKey, createPublicKey, createSecretKey, constants, sign, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { isArray, isNumber, isObject, isString, ObjectValue, parseJSON, typeName, type Value } from '../value.js';
import { numCompare, parseNumber, toJSNumber } from '../number.js';
import { argObject, argString, BuiltinError, type BuiltinContext, type BuiltinDef } from './registry.js';
import { goBase64Decode } from './encoding.js';
import { goJSON } from './gojson.js';

const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

// ------------------------------------------------------------------ token parts

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function splitToken(v: Value): Token {
  if (!isString(v)) throw new BuiltinError(`operand 1 must be string but got ${typeName(v)}`, 'eval_type_error');
  if (!v.includes('.')) throw new BuiltinError('encoded JWT had no period separators');
  const parts = v.split('.');
  if (parts.length !== 3) throw new BuiltinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

/** base64url.decode semantics (padding optional), to raw bytes. */
function b64urlBytes(s: string): Buffer {
  let t = s;
  if (!t.endsWith('=')) {
    const r = Buffer.byteLength(t, 'utf8') % 4;
    if (r === 2) t += '==';
    else if (r === 3) t += '=';
    else if (r === 1) throw new BuiltinError(`illegal base64url string: ${t}`);
  }
  goBase64Decode(t, true); // validates like Go, with its error positions
  return Buffer.from(t, 'base64url');
}

function b64urlText(s: string, what: string): string {
  try {
    return b64urlBytes(s).toString('utf8');
  } catch (e) {
    throw new BuiltinError(`JWT ${what} had invalid encoding: ${(e as Error).message}`);
  }
}

function jsonObject(text: string): ObjectValue {
  let v: Value;
  try {
    JSON.parse(text);
    v = parseJSON(text);
  } catch (e) {
    throw new BuiltinError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new BuiltinError('decoded JSON type was not an Object');
  return v;
}

function decodeHeader(t: Token): ObjectValue {
  const text = b64urlText(t.header, 'header');
  let h: ObjectValue;
  try {
    h = jsonObject(text);
  } catch (e) {
    throw new BuiltinError(`bad JWT header: ${(e as Error).message}`);
  }
  if (h.has('enc')) throw new BuiltinError('JWT is a JWE object, which is not supported');
  return h;
}

function decodeSignature(t: Token): Buffer {
  try {
    return b64urlBytes(t.signature);
  } catch (e) {
    throw new BuiltinError(`JWT signature had invalid encoding: ${(e as Error).message}`);
  }
}

function decode(v: Value): Value[] {
  const t = splitToken(v);
  const header = decodeHeader(t);
  let payload = b64urlText(t.payload, 'payload');
  const cty = header.get('cty');
  if (cty === 'JWT') {
    // nested token: the payload is another (possibly quoted) JWT
    payload = payload.replace(/^["']+|["']+$/g, '');
    return decode(payload);
  }
  const claims = jsonObject(payload);
  return [header, claims, decodeSignature(t).toString('hex')];
}

// ------------------------------------------------------------------ keys

interface VerificationKey {
  key: KeyObject;
  alg: string;
  kid: string;
}

/** The first PEM block: type, body and whatever follows it (Go's pem.Decode). */
function pemBlock(text: string): { type: string; der: Buffer; rest: string } | undefined {
  const m = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----(\r?\n)?/.exec(text);
  if (!m) return undefined;
  const body = m[2]!.split(/\r?\n/).filter((l) => !l.includes(':')).join('');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(body)) return undefined;
  return { type: m[1]!, der: Buffer.from(body, 'base64'), rest: text.slice(m.index + m[0].length) };
}

function jwkToKey(jwk: Record<string, unknown>, priv: boolean): KeyObject {
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw new Error('missing "k"');
    return createSecretKey(Buffer.from(jwk.k, 'base64url'));
  }
  const input = { key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' as const };
  return priv ? createPrivateKey(input) : createPublicKey(input);
}

function parseJWKs(text: string, priv: boolean): VerificationKey[] {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (doc === null || typeof doc !== 'object') throw new Error('not a JSON object');
  const list = Array.isArray(doc.keys) ? (doc.keys as Record<string, unknown>[]) : [doc];
  const out: VerificationKey[] = [];
  for (const k of list) {
    const alg = typeof k.alg === 'string' ? k.alg : '';
    if (alg !== '' && !ALGORITHMS.has(alg)) continue;
    out.push({ key: jwkToKey(k, priv), alg, kid: typeof k.kid === 'string' ? k.kid : '' });
  }
  return out;
}

function keysFromCertOrJWK(text: string): VerificationKey[] {
  const block = pemBlock(text);
  if (block) {
    if (block.rest.length > 0) throw new BuiltinError('extra data after a PEM certificate block');
    if (block.type === 'CERTIFICATE') {
      try {
        return [{ key: new X509Certificate(block.der).publicKey, alg: '', kid: '' }];
      } catch (e) {
        throw new BuiltinError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (block.type === 'PUBLIC KEY') {
      try {
        return [{ key: createPublicKey({ key: block.der, format: 'der', type: 'spki' }), alg: '', kid: '' }];
      } catch (e) {
        throw new BuiltinError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw new BuiltinError('failed to extract a Key from the PEM certificate');
  }
  try {
    return parseJWKs(text, false);
  } catch (e) {
    throw new BuiltinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
}

// ------------------------------------------------------------------ signatures

/** Verify `signature` over `data` for a JWS algorithm; any mismatch or error is false. */
function verifyAlg(alg: string, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    const family = alg.slice(0, 2);
    const hash = HASH[alg.slice(2)];
    if (alg === 'EdDSA') return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, signature);
    if (!hash) return false;
    switch (family) {
      case 'HS': {
        if (key.type !== 'secret') return false;
        const mac = createHmac(hash, key.export()).update(data).digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      case 'RS':
        return isRSA(key) && verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'PS':
        return isRSA(key) && verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
      case 'ES':
        return key.asymmetricKeyType === 'ec' && verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    return false;
  }
  return false;
}

function isRSA(key: KeyObject): boolean {
  return key.type === 'public' && (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss');
}

function signAlg(alg: string, key: KeyObject, data: Buffer): Buffer {
  const hash = HASH[alg.slice(2)];
  if (alg === 'EdDSA') return sign(null, data, key);
  switch (alg.slice(0, 2)) {
    case 'HS':
      if (key.type !== 'secret') throw new BuiltinError(`invalid key type for ${alg}`);
      return createHmac(hash!, key.export()).update(data).digest();
    case 'RS':
      return sign(hash!, data, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'PS':
      return sign(hash!, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
    case 'ES':
      return sign(hash!, data, { key, dsaEncoding: 'ieee-p1363' });
  }
  throw new BuiltinError(`unknown JWS algorithm: ${alg}`);
}

/** verify_<alg>(jwt, cert-or-JWK): kid match first, then any key whose alg agrees. */
function verifyWithKeys(alg: string, args: Value[]): boolean {
  const t = splitToken(args[0]!);
  const keys = keysFromCertOrJWK(argString(args, 1));
  const signature = decodeSignature(t);
  const header = parseHeader(decodeHeader(t));
  const data = Buffer.from(`${t.header}.${t.payload}`);
  if (header.kid !== '') {
    const k = keys.find((x) => x.kid === header.kid);
    if (k) return verifyAlg(alg, k.key, data, signature);
  }
  return keys.some((k) => (k.alg === '' || k.alg === header.alg) && verifyAlg(alg, k.key, data, signature));
}

function verifyHS(alg: string, args: Value[]): boolean {
  const jwt = argString(args, 0);
  const secret = argString(args, 1);
  const t = splitToken(jwt);
  const signature = decodeSignature(t);
  return verifyAlg(alg, createSecretKey(Buffer.from(secret, 'utf8')), Buffer.from(`${t.header}.${t.payload}`), signature);
}

// ------------------------------------------------------------------ decode_verify

interface Header {
  alg: string;
  kid: string;
  cty: string;
  crit: Set<string>;
  unknown: string[];
}

function parseHeader(h: ObjectValue): Header {
  const out: Header = { alg: '', kid: '', cty: '', crit: new Set(), unknown: [] };
  for (const [k, v] of h.entries()) {
    const name = String(k);
    if (name === 'alg' || name === 'kid' || name === 'typ' || name === 'cty') {
      if (!isString(v)) throw new BuiltinError(`${name}: must be a string`);
      if (name !== 'typ') out[name] = v;
    } else if (name === 'crit') {
      if (!isArray(v)) throw new BuiltinError('crit: must be a list');
      for (const x of v) if (isString(x)) out.crit.add(x);
      if (out.crit.size === 0) throw new BuiltinError('crit: must be a nonempty list');
    } else out.unknown.push(name);
  }
  return out;
}

interface Constraints {
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  keys?: VerificationKey[];
  time: number; // ns
}

function constraintsOf(o: ObjectValue, nowNs: bigint): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 };
  for (const [k, v] of o.entries()) {
    const name = String(k);
    switch (name) {
      case 'cert':
        if (!isString(v)) throw new BuiltinError('cert constraint: must be a string');
        c.keys = keysFromCertOrJWK(v);
        break;
      case 'secret':
      case 'alg':
      case 'iss':
      case 'aud':
        if (!isString(v)) throw new BuiltinError(`${name} constraint: must be a string`);
        c[name] = v;
        break;
      case 'time':
        if (!isNumber(v)) throw new BuiltinError('token time constraint: must be a number');
        c.time = toJSNumber(v);
        if (c.time < 0) throw new BuiltinError('token time constraint: must not be negative');
        break;
      default:
        throw new BuiltinError(`unknown token validation constraint: ${name}`);
    }
  }
  if (c.time === -1) c.time = Number(nowNs);
  const nKeys = (c.keys ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (nKeys > 1) throw new BuiltinError('duplicate key constraints');
  if (nKeys < 1) throw new BuiltinError('no key constraint');
  return c;
}

function signatureOK(c: Constraints, h: Header, t: Token, signature: Buffer): boolean {
  const data = Buffer.from(`${t.header}.${t.payload}`);
  if (c.keys) {
    if (h.kid !== '') {
      const k = c.keys.find((x) => x.kid === h.kid);
      if (k) return verifyAlg(h.alg, k.key, data, signature);
    }
    return c.keys.some((k) => (k.alg === '' || k.alg === h.alg) && verifyAlg(h.alg, k.key, data, signature));
  }
  return verifyAlg(h.alg, createSecretKey(Buffer.from(c.secret, 'utf8')), data, signature);
}

function decodeVerify(args: Value[], ctx: BuiltinContext): Value[] {
  const unverified: Value[] = [false, new ObjectValue(), new ObjectValue()];
  const c = constraintsOf(argObject(args, 1), ctx.nowNs);
  let current: Value = args[0]!;
  let token: Token;
  let header: ObjectValue;
  let payloadText: string;
  for (;;) {
    token = splitToken(current);
    header = decodeHeader(token);
    const h = parseHeader(header);
    if (h.alg === '' || h.unknown.some((u) => h.crit.has(u))) return unverified;
    if (c.alg !== '' && c.alg !== h.alg) return unverified;
    const signature = decodeSignature(token);
    if (!signatureOK(c, h, token, signature)) return unverified;
    payloadText = b64urlText(token.payload, 'payload');
    if (h.cty.toUpperCase() === 'JWT') {
      current = payloadText;
      continue;
    }
    break;
  }
  const payload = jsonObject(payloadText);
  if (c.iss !== '') {
    if (payload.get('iss') !== c.iss) return unverified;
  }
  const aud = payload.get('aud');
  if (aud !== undefined) {
    const ok = isString(aud) ? aud === c.aud : isArray(aud) && aud.some((x) => x === c.aud);
    if (!ok) return unverified;
  } else if (c.aud !== '') return unverified;
  const nowSec = parseNumber(String(c.time / 1e9))!;
  const exp = payload.get('exp');
  if (exp !== undefined) {
    if (!isNumber(exp)) throw new BuiltinError('exp value must be a number');
    if (numCompare(nowSec, exp) !== -1) return unverified;
  }
  const nbf = payload.get('nbf');
  if (nbf !== undefined) {
    if (!isNumber(nbf)) throw new BuiltinError('nbf value must be a number');
    if (numCompare(nowSec, nbf) === -1) return unverified;
  }
  return [true, header, payload];
}

// ------------------------------------------------------------------ signing

function headerAlg(headerText: string): string {
  const fail = (msg: string): never => {
    throw new BuiltinError(`missing or invalid 'alg' header: ${msg}`);
  };
  if (headerText === '') fail('cannot parse JSON: cannot parse empty string');
  let h: unknown;
  try {
    h = JSON.parse(headerText);
  } catch (e) {
    if (headerText.trimStart().startsWith('{')) fail(`cannot parse JSON: ${(e as Error).message}`);
  }
  const alg = h !== null && typeof h === 'object' ? (h as Record<string, unknown>).alg : undefined;
  if (alg === undefined) fail('jwsbb: header "alg" not found');
  if (typeof alg !== 'string') fail('jwsbb: header "alg" is not a string');
  return alg as string;
}

function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  let keys: VerificationKey[];
  try {
    keys = parseJWKs(jwkText, true);
  } catch (e) {
    throw new BuiltinError(`failed to parse JWK: ${(e as Error).message}`);
  }
  if (keys.length === 0) throw new BuiltinError('no keys found in JWK set');
  const alg = headerAlg(headerText);
  if (!ALGORITHMS.has(alg)) throw new BuiltinError(`unknown JWS algorithm: ${alg}`);
  let typ: unknown;
  try {
    typ = (JSON.parse(headerText) as Record<string, unknown>).typ;
  } catch {
    typ = undefined;
  }
  let payloadIsJSON = true;
  try {
    JSON.parse(payloadText);
  } catch {
    payloadIsJSON = false;
  }
  if ((typeof typ !== 'string' || typ === 'JWT') && !payloadIsJSON) throw new BuiltinError('type is JWT but payload is not JSON');
  const signingInput = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  const signature = signAlg(alg, keys[0]!.key, Buffer.from(signingInput));
  return `${signingInput}.${signature.toString('base64url')}`;
}

// ------------------------------------------------------------------ declarations

function verifier(alg: string): BuiltinDef {
  return {
    name: `io.jwt.verify_${alg.toLowerCase()}`,
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => (alg.startsWith('HS') ? verifyHS(alg, args) : verifyWithKeys(alg, args)),
  };
}

export const jwtBuiltins: BuiltinDef[] = [
  { name: 'io.jwt.decode', args: ['string'], result: 'array', impl: (args) => decode(args[0]!) },
  ...['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA'].map(verifier),
  {
    name: 'io.jwt.decode_verify',
    args: ['string', 'object'],
    result: 'array',
    nondeterministic: true,
    impl: decodeVerify,
  },
  {
    name: 'io.jwt.encode_sign_raw',
    args: ['string', 'string', 'string'],
    result: 'string',
    nondeterministic: true,
    impl: (args) => {
      const jwk = argString(args, 2);
      return encodeSign(argString(args, 0), argString(args, 1), jwk);
    },
  },
  {
    name: 'io.jwt.encode_sign',
    args: ['object', 'object', 'object'],
    result: 'string',
    nondeterministic: true,
    impl: (args) => encodeSign(goJSON(args[0]!), goJSON(args[1]!), goJSON(args[2]!)),
  },
];
