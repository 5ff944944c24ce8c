/**
 * crypto.x509.* and crypto.parse_private_keys (OPA topdown/crypto.go) on
 * node:crypto. Certificates are returned in the shape of Go's x509.Certificate
 * JSON for the fields policies read (Subject/Issuer as pkix.Name, DNSNames,
 * EmailAddresses, IPAddresses, URIStrings, NotBefore/NotAfter, SerialNumber,
 * IsCA, Raw); names are read from the DER so they are exact.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fromJSON, isNumber, ObjectValue, type Value } from '../value.js';
import { fromBigInt, isIntegerNum, toJSNumber } from '../number.js';
import { argObject, argString, BuiltinError, type BuiltinDef } from './registry.js';
import { goBase64Decode } from './encoding.js';

// ------------------------------------------------------------------ DER

interface TLV {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
  next: number; // offset after this element
}

function structureError(): BuiltinError {
  return new BuiltinError('asn1: structure error: malformed DER');
}

function readTLV(buf: Buffer, at: number): TLV {
  if (at + 2 > buf.length) throw structureError();
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) throw structureError();
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw structureError();
  return { tag, start, end, next: end };
}

function children(buf: Buffer, tlv: TLV): TLV[] {
  const out: TLV[] = [];
  for (let at = tlv.start; at < tlv.end; ) {
    const c = readTLV(buf, at);
    out.push(c);
    at = c.next;
  }
  return out;
}

function oidString(buf: Buffer, tlv: TLV): number[] {
  const bytes = buf.subarray(tlv.start, tlv.end);
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      if (out.length === 0) out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else out.push(v);
      v = 0;
    }
  }
  return out;
}

function stringValue(buf: Buffer, tlv: TLV): string {
  const raw = buf.subarray(tlv.start, tlv.end);
  if (tlv.tag === 0x1e) {
    // BMPString: UTF-16BE
    let s = '';
    for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(raw.readUInt16BE(i));
    return s;
  }
  return tlv.tag === 0x0c ? raw.toString('utf8') : raw.toString('latin1');
}

const NAME_FIELDS: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

/** A pkix.Name as Go marshals it. */
function parseName(buf: Buffer, name: TLV): ObjectValue {
  const lists: Record<string, string[]> = {};
  let serial = '';
  let cn = '';
  const names: Value[] = [];
  for (const rdn of children(buf, name)) {
    for (const atv of children(buf, rdn)) {
      const [oidTLV, valTLV] = children(buf, atv);
      if (!oidTLV || !valTLV) throw structureError();
      const oid = oidString(buf, oidTLV);
      const key = oid.join('.');
      const value = stringValue(buf, valTLV);
      names.push(ObjectValue.fromRecord({ Type: oid, Value: value }));
      if (key === '2.5.4.3') cn = value;
      else if (key === '2.5.4.5') serial = value;
      else if (NAME_FIELDS[key]) (lists[NAME_FIELDS[key]!] ??= []).push(value);
    }
  }
  const out = new ObjectValue();
  for (const f of ['Country', 'Organization', 'OrganizationalUnit', 'Locality', 'Province', 'StreetAddress', 'PostalCode']) {
    out.set(f, lists[f] ?? null);
  }
  out.set('SerialNumber', serial);
  out.set('CommonName', cn);
  out.set('Names', names);
  out.set('ExtraNames', null);
  return out;
}

/** Split concatenated DER certificates. */
function splitDER(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; ) {
    let t: TLV;
    try {
      t = readTLV(buf, at);
    } catch {
      throw new BuiltinError('x509: malformed certificate');
    }
    if (t.tag !== 0x30) throw new BuiltinError('x509: malformed certificate');
    out.push(buf.subarray(at, t.next));
    at = t.next;
  }
  return out;
}

// ------------------------------------------------------------------ PEM / input

interface PemBlock {
  type: string;
  der: Buffer;
}

function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!.split(/\r?\n/).filter((l) => !l.includes(':')).join('');
    out.push({ type: m[1]!, der: Buffer.from(body, 'base64') });
  }
  return out;
}

/** Standard base64 (Go StdEncoding) to bytes, with Go's error text. */
function base64Bytes(s: string): Buffer {
  goBase64Decode(s, false);
  return Buffer.from(s.replace(/[\r\n]/g, ''), 'base64');
}

function certDERs(input: string): Buffer[] {
  let text = input;
  if (!text.startsWith('-----BEGIN')) {
    const bytes = base64Bytes(text);
    if (!bytes.toString('latin1').startsWith('-----BEGIN')) return splitDER(bytes);
    text = bytes.toString('utf8');
  }
  const blocks = pemBlocks(text).filter((b) => b.type === 'CERTIFICATE');
  if (blocks.length === 0) throw new BuiltinError('failed to find any PEM-encoded certificates');
  return blocks.map((b) => b.der);
}

// ------------------------------------------------------------------ certificates

function rfc3339(date: string): string {
  return new Date(date).toISOString().replace(/\.000Z$/, 'Z');
}

function altNames(x: X509Certificate): { dns: string[]; email: string[]; ip: string[]; uri: string[] } {
  const out = { dns: [] as string[], email: [] as string[], ip: [] as string[], uri: [] as string[] };
  const san = x.subjectAltName;
  if (!san) return out;
  // entries are "DNS:a, URI:b"; quoted values may contain commas
  const re = /(DNS|email|IP Address|URI):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (let m = re.exec(san); m; m = re.exec(san)) {
    let v = m[2]!;
    if (v.startsWith('"')) v = JSON.parse(v) as string;
    if (m[1] === 'DNS') out.dns.push(v);
    else if (m[1] === 'email') out.email.push(v);
    else if (m[1] === 'IP Address') out.ip.push(v);
    else out.uri.push(v);
  }
  return out;
}

const KEY_ALGORITHMS: Record<string, number> = { rsa: 1, 'rsa-pss': 1, dsa: 2, ec: 3, ed25519: 4 };

function parseCert(der: Buffer): { x509: X509Certificate; value: ObjectValue } {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch {
    throw new BuiltinError('x509: malformed certificate');
  }
  const cert = readTLV(der, 0);
  const [tbs] = children(der, cert);
  if (!tbs) throw new BuiltinError('x509: malformed certificate');
  const fields = children(der, tbs);
  const hasVersion = fields[0]?.tag === 0xa0;
  const version = hasVersion ? der[children(der, fields[0]!)[0]!.end - 1]! + 1 : 1;
  const base = hasVersion ? 1 : 0;
  const issuer = parseName(der, fields[base + 2]!);
  const subject = parseName(der, fields[base + 4]!);
  const san = altNames(x);
  const list = (a: string[]): Value => (a.length ? a : null);
  const value = new ObjectValue();
  value.set('Raw', der.toString('base64'));
  value.set('RawTBSCertificate', der.subarray(cert.start, tbs.next).toString('base64'));
  value.set('Version', version);
  value.set('SerialNumber', fromBigInt(BigInt(`0x${x.serialNumber}`)));
  value.set('Issuer', issuer);
  value.set('Subject', subject);
  value.set('NotBefore', rfc3339(x.validFrom));
  value.set('NotAfter', rfc3339(x.validTo));
  value.set('PublicKeyAlgorithm', KEY_ALGORITHMS[x.publicKey.asymmetricKeyType ?? ''] ?? 0);
  value.set('IsCA', x.ca);
  value.set('DNSNames', list(san.dns));
  value.set('EmailAddresses', list(san.email));
  value.set('IPAddresses', list(san.ip));
  value.set('URIs', list(san.uri));
  value.set('URIStrings', list(san.uri));
  return { x509: x, value };
}

const EXT_KEY_USAGES: Record<string, string> = {
  KeyUsageServerAuth: '1.3.6.1.5.5.7.3.1',
  KeyUsageClientAuth: '1.3.6.1.5.5.7.3.2',
  KeyUsageCodeSigning: '1.3.6.1.5.5.7.3.3',
  KeyUsageEmailProtection: '1.3.6.1.5.5.7.3.4',
  KeyUsageIPSECEndSystem: '1.3.6.1.5.5.7.3.5',
  KeyUsageIPSECTunnel: '1.3.6.1.5.5.7.3.6',
  KeyUsageIPSECUser: '1.3.6.1.5.5.7.3.7',
  KeyUsageTimeStamping: '1.3.6.1.5.5.7.3.8',
  KeyUsageOCSPSigning: '1.3.6.1.5.5.7.3.9',
  KeyUsageMicrosoftServerGatedCrypto: '1.3.6.1.4.1.311.10.3.3',
  KeyUsageNetscapeServerGatedCrypto: '2.16.840.1.113730.4.1',
  KeyUsageMicrosoftCommercialCodeSigning: '1.3.6.1.4.1.311.2.1.22',
  KeyUsageMicrosoftKernelCodeSigning: '1.3.6.1.4.1.311.61.1.1',
  KeyUsageAny: '2.5.29.37.0',
};

interface VerifyOptions {
  dnsName?: string;
  nowMs: number;
  keyUsages?: string[]; // OIDs; default server auth (Go's default)
}

function verifyOptions(o: ObjectValue): VerifyOptions {
  const out: VerifyOptions = { nowMs: Date.now() };
  for (const [k, v] of o.entries()) {
    switch (k) {
      case 'DNSName':
        if (typeof v !== 'string') throw new BuiltinError("'DNSName' should be a string");
        out.dnsName = v.replace(/^"+|"+$/g, '');
        break;
      case 'CurrentTime':
        if (!isNumber(v)) throw new BuiltinError("'CurrentTime' should be a number");
        if (!isIntegerNum(v)) throw new BuiltinError("'CurrentTime' should be a valid int64 number");
        out.nowMs = toJSNumber(v) / 1e6;
        break;
      case 'MaxConstraintComparisons':
        if (!isNumber(v)) throw new BuiltinError("'MaxConstraintComparisons' should be a number");
        break;
      case 'KeyUsages': {
        const list = Array.isArray(v) ? v : v instanceof Object && 'sorted' in v ? (v as { sorted(): Value[] }).sorted() : undefined;
        if (!list) throw new BuiltinError("'KeyUsages' should be an Array or Set");
        const names = list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^"+|"+$/g, ''));
        const invalid = names.filter((n) => !(n in EXT_KEY_USAGES));
        if (invalid.length) throw new BuiltinError(`invalid entries for 'KeyUsages' found: [${invalid.join(' ')}]`);
        out.keyUsages = names.map((n) => EXT_KEY_USAGES[n]!);
        break;
      }
      default:
        throw new BuiltinError('invalid key option');
    }
  }
  return out;
}

/** Extended key usages of a certificate allow one of the wanted usages (Go: none listed = any). */
function usageOK(x: X509Certificate, wanted: string[]): boolean {
  if (wanted.includes(EXT_KEY_USAGES.KeyUsageAny!)) return true;
  const have = x.keyUsage;
  if (!have || have.length === 0 || have.includes(EXT_KEY_USAGES.KeyUsageAny!)) return true;
  return wanted.some((w) => have.includes(w));
}

/** Build the chain leaf -> root (first cert is the root, last the leaf), checking signatures and validity. */
function verifyChain(certs: { x509: X509Certificate; value: ObjectValue }[], nowMs: number, opts?: VerifyOptions): ObjectValue[] | undefined {
  if (certs.length < 2) return undefined;
  const leafCert = certs[certs.length - 1]!.x509;
  if (opts?.dnsName && !leafCert.checkHost(opts.dnsName)) return undefined;
  const usages = opts?.keyUsages ?? [EXT_KEY_USAGES.KeyUsageServerAuth!];
  if (!certs.every((c) => usageOK(c.x509, usages))) return undefined;
  const root = certs[0]!;
  const pool = certs.slice(1, -1);
  const valid = (c: X509Certificate) => Date.parse(c.validFrom) <= nowMs && nowMs <= Date.parse(c.validTo);
  const chain = [certs[certs.length - 1]!];
  for (let guard = 0; guard <= certs.length; guard++) {
    const cur = chain[chain.length - 1]!;
    if (!valid(cur.x509)) return undefined;
    const issuedBy = (c: X509Certificate) => cur.x509.checkIssued(c) && cur.x509.verify(c.publicKey);
    if (issuedBy(root.x509)) {
      if (!valid(root.x509)) return undefined;
      chain.push(root);
      return chain.map((c) => c.value);
    }
    const next = pool.find((c) => !chain.includes(c) && c.x509.ca && issuedBy(c.x509));
    if (!next) return undefined;
    chain.push(next);
  }
  return undefined;
}

// ------------------------------------------------------------------ keys

function bigFromB64(s: unknown): Value {
  return typeof s === 'string' ? fromBigInt(BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`)) : null;
}

function privateKeys(text: string): KeyObject[] {
  const out: KeyObject[] = [];
  for (const b of pemBlocks(text)) {
    if (b.type === 'RSA PRIVATE KEY') out.push(createPrivateKey({ key: b.der, format: 'der', type: 'pkcs1' }));
    else if (b.type === 'PRIVATE KEY') out.push(createPrivateKey({ key: b.der, format: 'der', type: 'pkcs8' }));
    else if (b.type === 'EC PRIVATE KEY') out.push(createPrivateKey({ key: b.der, format: 'der', type: 'sec1' }));
  }
  return out;
}

/** A private key in the shape Go's json.Marshal gives rsa/ecdsa keys. */
function goKey(k: KeyObject): Value {
  const jwk = k.export({ format: 'jwk' }) as Record<string, unknown>;
  if (jwk.kty === 'RSA') {
    return ObjectValue.fromRecord({
      N: bigFromB64(jwk.n),
      E: bigFromB64(jwk.e),
      D: bigFromB64(jwk.d),
      Primes: [bigFromB64(jwk.p), bigFromB64(jwk.q)],
      Precomputed: ObjectValue.fromRecord({ Dp: bigFromB64(jwk.dp), Dq: bigFromB64(jwk.dq), Qinv: bigFromB64(jwk.qi), CRTValues: [] }),
    });
  }
  if (jwk.kty === 'EC') return ObjectValue.fromRecord({ Curve: ObjectValue.fromRecord({}), X: bigFromB64(jwk.x), Y: bigFromB64(jwk.y), D: bigFromB64(jwk.d) });
  return fromJSON(jwk);
}

function pemOrBase64(s: string): string {
  return s.startsWith('-----BEGIN') ? s : base64Bytes(s).toString('utf8');
}

// ------------------------------------------------------------------ builtins

export const x509Builtins: BuiltinDef[] = [
  {
    name: 'crypto.x509.parse_certificates',
    args: ['string'],
    result: 'array',
    impl: (args) => certDERs(argString(args, 0)).map((d) => parseCert(d).value),
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates',
    args: ['string'],
    result: 'array',
    nondeterministic: true,
    impl: (args) => {
      const input = argString(args, 0);
      let certs;
      try {
        certs = certDERs(input).map(parseCert);
      } catch {
        return [false, []];
      }
      // Go's x509 verification checks validity against the wall clock (VerifyOptions.CurrentTime unset)
      const chain = verifyChain(certs, Date.now());
      return chain ? [true, chain] : [false, []];
    },
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates_with_options',
    args: ['string', 'object'],
    result: 'array',
    nondeterministic: true,
    impl: (args) => {
      const input = argString(args, 0);
      const options = argObject(args, 1);
      let certs;
      try {
        certs = certDERs(input).map(parseCert);
      } catch {
        return [false, []];
      }
      const opts = verifyOptions(options);
      const chain = verifyChain(certs, opts.nowMs, opts);
      return chain ? [true, chain] : [false, []];
    },
  },
  {
    name: 'crypto.x509.parse_certificate_request',
    args: ['string'],
    result: 'object',
    impl: (args) => {
      const input = argString(args, 0);
      let bytes = input.startsWith('-----BEGIN CERTIFICATE REQUEST-----') ? Buffer.from(input) : base64Bytes(input);
      const text = bytes.toString('latin1');
      if (text.startsWith('-----BEGIN')) {
        const [block] = pemBlocks(bytes.toString('utf8'));
        if (block && block.type !== 'CERTIFICATE REQUEST') throw new BuiltinError('invalid PEM-encoded certificate signing request');
        if (block) bytes = block.der;
      }
      const csr = readTLV(bytes, 0);
      if (csr.tag !== 0x30) throw structureError();
      const [info] = children(bytes, csr);
      if (!info || info.tag !== 0x30) throw structureError();
      const [ver, subject] = children(bytes, info);
      if (!ver || !subject || ver.tag !== 0x02 || subject.tag !== 0x30) throw structureError();
      return ObjectValue.fromRecord({
        Raw: bytes.subarray(0, csr.next).toString('base64'),
        Version: bytes[ver.end - 1]!,
        Subject: parseName(bytes, subject),
        DNSNames: null,
        EmailAddresses: null,
        IPAddresses: null,
        URIs: null,
      });
    },
  },
  {
    name: 'crypto.x509.parse_rsa_private_key',
    args: ['string'],
    result: 'object',
    impl: (args) => {
      const input = argString(args, 0);
      if (input === '') throw new BuiltinError('input PEM data was empty');
      const keys = privateKeys(pemOrBase64(input));
      if (keys.length === 0) return null;
      return fromJSON(keys[0]!.export({ format: 'jwk' }));
    },
  },
  {
    name: 'crypto.parse_private_keys',
    args: ['string'],
    result: 'array',
    impl: (args) => {
      const input = argString(args, 0);
      if (input === '') return null;
      return privateKeys(pemOrBase64Lenient(input)).map(goKey);
    },
  },
  {
    name: 'crypto.x509.parse_keypair',
    args: ['string', 'string'],
    result: 'object',
    impl: (args) => {
      const certText = pemOrBase64(argString(args, 0));
      const keyText = pemOrBase64(argString(args, 1));
      const ders = pemBlocks(certText)
        .filter((b) => b.type === 'CERTIFICATE')
        .map((b) => b.der);
      if (ders.length === 0) throw new BuiltinError('tls: failed to find any PEM data in certificate input');
      const keys = privateKeys(keyText);
      if (keys.length === 0) throw new BuiltinError('tls: failed to find any PEM data in key input');
      const leaf = parseCert(ders[0]!);
      if (!leaf.x509.checkPrivateKey(keys[0]!)) throw new BuiltinError('tls: private key does not match public key');
      return ObjectValue.fromRecord({
        Certificate: ders.map((d) => d.toString('base64')),
        PrivateKey: goKey(keys[0]!),
        OCSPStaple: null,
        SignedCertificateTimestamps: null,
        Leaf: leaf.value,
        SupportedSignatureAlgorithms: null,
      });
    },
  },
];

/** crypto.parse_private_keys reads PEM directly, or base64 of PEM. */
function pemOrBase64Lenient(s: string): string {
  if (s.includes('-----BEGIN')) return s;
  try {
    return base64Bytes(s).toString('utf8');
  } catch {
    return s;
  }
}
