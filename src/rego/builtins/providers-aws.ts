/**
 * providers.aws.sign_req (OPA topdown/providers.go): AWS Signature Version 4 for an
 * http.send request object. The result is the request with its headers replaced
 * by the original string headers plus Authorization, host, x-amz-date,
 * x-amz-content-sha256 (s3 and glacier) and x-amz-security-token (session tokens).
 */
import { createHash, createHmac } from 'node:crypto';
import { formatValue, isNumber, isObject, isString, ObjectValue, SetValue, type Value } from '../value.js';
import { isIntegerNum } from '../number.js';
import { argObject, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { exactBigInt } from './num-util.js';
import { goJSON } from './gojson.js';
import { validateRequest } from './http.js';

const REQUIRED_CONFIG = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service'];
// headers a proxy may change in flight are never signed
const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

function str(v: Value | undefined): string {
  return isString(v) ? v : '';
}

/** host, escaped path and raw query of a URL as Go's url.Parse splits them. */
function splitURL(url: string): { host: string; path: string; query: string } {
  const m = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(url)!;
  const authority = m[1] ?? '';
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  return { host, path: m[2] ?? '', query: m[3] ?? '' };
}

function validateConfig(cfg: ObjectValue): void {
  const missing = SetValue.of(REQUIRED_CONFIG.filter((k) => !cfg.has(k)));
  if (missing.size) throw new BuiltinError(`operand 2 missing required AWS config parameters(s): ${formatValue(missing)}`, 'eval_type_error');
  const invalid = SetValue.of(REQUIRED_CONFIG.filter((k) => !isString(cfg.get(k))));
  if (invalid.size) throw new BuiltinError(`operand 2 invalid values for required AWS config parameters(s): ${formatValue(invalid)}`, 'eval_type_error');
}

function signReq(args: Value[]): Value {
  const req = argObject(args, 0);
  const cfg = args[1]!;
  if (!isObject(cfg)) throw operandTypeError(1, cfg, 'object');
  validateConfig(cfg);
  const ts = args[2]!;
  if (!isNumber(ts)) throw operandTypeError(3, ts, 'number');
  const ns = isIntegerNum(ts) ? exactBigInt(ts) : undefined;
  if (ns === undefined || ns < -(1n << 63n) || ns >= 1n << 63n) {
    throw new BuiltinError('operand 3 could not convert time_ns value into a unix timestamp', 'eval_type_error');
  }
  validateRequest(req);
  const headersValue = req.get('headers');
  if (headersValue !== undefined && !isObject(headersValue)) throw operandTypeError(0, headersValue, 'object');
  const invalid = SetValue.of(['method', 'url'].filter((k) => !isString(req.get(k))));
  if (invalid.size) throw new BuiltinError(`operand 1 invalid values for required request parameters(s): ${formatValue(invalid)}`, 'eval_type_error');

  const rawBody = req.get('raw_body');
  const bodyValue = req.get('body');
  const body = rawBody !== undefined ? str(rawBody) : bodyValue !== undefined ? goJSON(bodyValue) : '';
  const disable = cfg.get('disable_payload_signing');
  if (disable !== undefined && typeof disable !== 'boolean') {
    throw new BuiltinError("operand 2 invalid value for 'disable_payload_signing' in AWS config", 'eval_type_error');
  }
  const service = str(cfg.get('aws_service'));
  const region = str(cfg.get('aws_region'));
  const accessKey = str(cfg.get('aws_access_key'));
  const secretKey = str(cfg.get('aws_secret_access_key'));
  const sessionToken = str(cfg.get('aws_session_token'));

  const requestHeaders = new Map<string, string>();
  if (headersValue) for (const [k, v] of headersValue.entries()) requestHeaders.set(str(k), str(v));

  const { host, path, query } = splitURL(str(req.get('url')));
  const when = new Date(Number(ns / 1_000_000n));
  const iso = when.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z'); // 20060102T150405Z
  const date = iso.slice(0, 8);
  const payloadHash = disable === true ? 'UNSIGNED-PAYLOAD' : sha256Hex(Buffer.from(body, 'utf8'));

  const awsHeaders = new Map<string, string>([
    ['host', host],
    ['x-amz-date', iso],
  ]);
  if (service === 's3' || service === 'glacier') awsHeaders.set('x-amz-content-sha256', payloadHash);
  if (sessionToken !== '') awsHeaders.set('x-amz-security-token', sessionToken);

  // the request's own headers are signed too, and win over the AWS ones in the canonical request
  const toSign = new Map(awsHeaders);
  for (const [k, v] of requestHeaders) {
    const lower = k.toLowerCase();
    if (!IGNORED_HEADERS.has(lower)) toSign.set(lower, v);
  }
  const names = [...toSign.keys()].sort();
  const canonical = [
    str(req.get('method')),
    path,
    query,
    ...names.map((k) => `${k}:${toSign.get(k)}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${iso}\n${scope}\n${sha256Hex(canonical)}`;
  let key = hmac(`AWS4${secretKey}`, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const signature = hmac(key, stringToSign).toString('hex');

  const headers = new ObjectValue();
  for (const [k, v] of requestHeaders) headers.set(k, v);
  headers.set('Authorization', `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`);
  for (const [k, v] of awsHeaders) headers.set(k, v);
  return req.copy().set('headers', headers);
}

export const awsBuiltins: BuiltinDef[] = [
  { name: 'providers.aws.sign_req', args: ['object', 'object', 'number'], result: 'object', impl: signReq },
];
