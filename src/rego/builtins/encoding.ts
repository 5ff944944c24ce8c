/**
 * Encodings (OPA topdown/encoding.go): base64 (standard, padded), base64url,
 * hex, urlquery. Decoded bytes become a string (UTF-8), errors read like Go's.
 */
import { isArray, isObject, isSet, isString, ObjectValue, type Value } from '../value.js';
import { argString, BuiltinError, operandTypeError, parsesAsBuiltin, type BuiltinDef } from './registry.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/**
 * Go's base64 decoding (padded alphabets): CR and LF are skipped, anything else
 * outside the alphabet or misplaced padding is "illegal base64 data at input byte N".
 */
export function goBase64Decode(s: string, url: boolean): string {
  const alpha = url ? /[A-Za-z0-9\-_]/ : /[A-Za-z0-9+/]/;
  const chars: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' || c === '\n') continue;
    chars.push(c);
    pos.push(i);
  }
  const illegal = (k: number): never => {
    throw new BuiltinError(`illegal base64 data at input byte ${k}`);
  };
  let n = chars.length;
  for (let i = 0; i < n; i++) {
    const c = chars[i]!;
    if (c === '=') {
      // padding must complete the final quantum and end the input
      const inQuantum = i % 4;
      if (inQuantum < 2) illegal(pos[i]!);
      const pads = inQuantum === 2 ? 2 : 1;
      for (let k = 1; k < pads; k++) if (chars[i + k] !== '=') illegal(pos[i + k] ?? s.length);
      if (i + pads !== n) illegal(pos[i + pads]!);
      n = i;
      break;
    }
    if (!alpha.test(c)) illegal(pos[i]!);
  }
  // an incomplete final quantum without padding: Go reports where that quantum starts
  if (n % 4 === 1 || (n === chars.length && n % 4 !== 0)) illegal(pos[n - (n % 4)]!);
  return Buffer.from(chars.slice(0, n).join(''), url ? 'base64url' : 'base64').toString('utf8');
}

function hexDecode(s: string): string {
  const bytes = utf8(s);
  const valid = (b: number) => (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70);
  const invalid = (b: number): never => {
    const ch = String.fromCodePoint(b);
    throw new BuiltinError(`encoding/hex: invalid byte: U+${b.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`);
  };
  let j = 1;
  for (; j < bytes.length; j += 2) {
    if (!valid(bytes[j - 1]!)) invalid(bytes[j - 1]!);
    if (!valid(bytes[j]!)) invalid(bytes[j]!);
  }
  if (bytes.length % 2 === 1) {
    if (!valid(bytes[j - 1]!)) invalid(bytes[j - 1]!);
    throw new BuiltinError('encoding/hex: odd length hex string');
  }
  return Buffer.from(s, 'hex').toString('utf8');
}

/** Go url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go url.QueryUnescape. */
export function queryUnescape(s: string): string {
  const bytes: number[] = [];
  const src = utf8(s);
  const isHex = (b: number | undefined) => b !== undefined && /[0-9A-Fa-f]/.test(String.fromCharCode(b));
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25) {
      if (!isHex(src[i + 1]) || !isHex(src[i + 2])) {
        const bad = src.subarray(i, Math.min(i + 3, src.length)).toString('utf8');
        throw new BuiltinError(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      bytes.push(parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16));
      i += 2;
    } else if (b === 0x2b) bytes.push(0x20);
    else bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

function encodeObject(args: Value[]): string {
  const obj = args[0]!;
  if (!isObject(obj)) throw operandTypeError(1, obj, 'object');
  const bad = () => new BuiltinError('operand 1 values must be string, array[string], or set[string]', 'eval_type_error');
  const parts: string[] = [];
  for (const [k, v] of obj.entries()) {
    if (!isString(k)) throw bad();
    const values = isString(v) ? [v] : isArray(v) ? v : isSet(v) ? v.sorted() : undefined;
    if (!values) throw bad();
    for (const x of values) {
      if (!isString(x)) throw bad();
      parts.push(`${queryEscape(k)}=${queryEscape(x)}`);
    }
  }
  return parts.join('&');
}

function decodeObject(query: string): ObjectValue {
  const acc = new Map<string, string[]>();
  let firstError: BuiltinError | undefined;
  for (const part of query.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      firstError ??= new BuiltinError('invalid semicolon separator in query');
      continue;
    }
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawVal = eq < 0 ? '' : part.slice(eq + 1);
    try {
      const k = queryUnescape(rawKey);
      const v = queryUnescape(rawVal);
      let list = acc.get(k);
      if (!list) acc.set(k, (list = []));
      list.push(v);
    } catch (e) {
      if (e instanceof BuiltinError) firstError ??= e;
      else throw e;
    }
  }
  if (firstError) throw firstError;
  const out = new ObjectValue();
  for (const [k, v] of acc) out.set(k, v);
  return out;
}

export const encodingBuiltins: BuiltinDef[] = [
  {
    name: 'base64.encode',
    args: ['string'],
    result: 'string',
    impl: (args) => utf8(argString(args, 0)).toString('base64'),
  },
  {
    name: 'base64.decode',
    args: ['string'],
    result: 'string',
    impl: (args) => goBase64Decode(argString(args, 0), false),
  },
  parsesAsBuiltin('base64.is_valid', (s) => goBase64Decode(s, false)),
  {
    name: 'base64url.encode',
    args: ['string'],
    result: 'string',
    impl: (args) => {
      const raw = utf8(argString(args, 0)).toString('base64url');
      return raw + '='.repeat((4 - (raw.length % 4)) % 4);
    },
  },
  {
    name: 'base64url.encode_no_pad',
    args: ['string'],
    result: 'string',
    impl: (args) => utf8(argString(args, 0)).toString('base64url'),
  },
  {
    name: 'base64url.decode',
    args: ['string'],
    result: 'string',
    impl: (args) => {
      let s = argString(args, 0);
      // padding may be omitted (RFC 7515 appendix C)
      if (!s.endsWith('=')) {
        const r = Buffer.byteLength(s, 'utf8') % 4;
        if (r === 2) s += '==';
        else if (r === 3) s += '=';
        else if (r === 1) throw new BuiltinError(`illegal base64url string: ${s}`);
      }
      return goBase64Decode(s, true);
    },
  },
  {
    name: 'hex.encode',
    args: ['string'],
    result: 'string',
    impl: (args) => utf8(argString(args, 0)).toString('hex'),
  },
  { name: 'hex.decode', args: ['string'], result: 'string', impl: (args) => hexDecode(argString(args, 0)) },
  { name: 'urlquery.encode', args: ['string'], result: 'string', impl: (args) => queryEscape(argString(args, 0)) },
  { name: 'urlquery.decode', args: ['string'], result: 'string', impl: (args) => queryUnescape(argString(args, 0)) },
  { name: 'urlquery.encode_object', args: ['object'], result: 'string', impl: encodeObject },
  {
    name: 'urlquery.decode_object',
    args: ['string'],
    result: 'object',
    impl: (args) => decodeObject(argString(args, 0)),
  },
];
