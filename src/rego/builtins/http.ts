/**
 * http.send (OPA topdown/http.go). The request object is validated first (unknown
 * and missing keys are type errors, as in OPA), then the call is refused unless
 * network access is enabled. When enabled, the request runs synchronously in a
 * child process (sync-io.ts) and the response has OPA's shape: status,
 * status_code, body (decoded JSON/YAML), raw_body, headers (lower-case names).
 * Not supported: caching, retries, client certificates and custom CAs.
 */
import { formatValue, fromJSON, isNumber, isObject, isString, ObjectValue, parseJSON, SetValue, type Value } from '../value.js';
import { toJSNumber } from '../number.js';
import { argObject, BuiltinError, BuiltinHalt, type BuiltinContext, type BuiltinDef } from './registry.js';
import { goJSON } from './gojson.js';
import { yamlLib } from './json.js';
import { parseDuration, TimeError } from './gotime.js';
import { httpRequest } from './sync-io.js';

const ALLOWED = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);
const REQUIRED = ['method', 'url'];
const DEFAULT_TIMEOUT_MS = 5000;

/** OPA's validateHTTPRequestOperand: unknown and missing keys are type errors. */
export function validateRequest(req: ObjectValue): void {
  const invalid = new SetValue();
  for (const k of req.sortedKeys()) if (!isString(k) || !ALLOWED.has(k)) invalid.add(k);
  if (invalid.size) throw new BuiltinError(`operand 1 invalid request parameters(s): ${formatValue(invalid)}`, 'eval_type_error');
  const missing = SetValue.of(REQUIRED.filter((k) => !req.has(k)));
  if (missing.size) throw new BuiltinError(`operand 1 missing required request parameters(s): ${formatValue(missing)}`, 'eval_type_error');
}

function validate(args: Value[]): ObjectValue {
  const req = argObject(args, 0);
  validateRequest(req);
  return req;
}

function flag(req: ObjectValue, name: string, fallback: boolean): boolean {
  const v = req.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new BuiltinError(`invalid value for "${name}" field`);
  return v;
}

function timeoutMs(req: ObjectValue): number {
  const v = req.get('timeout');
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  if (isNumber(v)) return toJSNumber(v) / 1e6;
  if (isString(v)) {
    try {
      return Number(parseDuration(v)) / 1e6;
    } catch (e) {
      if (e instanceof TimeError) throw new BuiltinError(e.message);
      throw e;
    }
  }
  throw new BuiltinError('invalid timeout value');
}

function headersOf(req: ObjectValue): Record<string, string> {
  const h = req.get('headers');
  const out: Record<string, string> = {};
  if (h === undefined) return out;
  if (!isObject(h)) throw new BuiltinError('invalid type for headers key');
  for (const [k, v] of h.entries()) {
    if (!isString(k) || !isString(v)) throw new BuiltinError('invalid type for headers value');
    out[k] = v;
  }
  return out;
}

function isContentType(headers: Record<string, string[]>, ...types: string[]): boolean {
  const ct = (headers['content-type'] ?? [])[0] ?? '';
  const mime = ct.split(';')[0]!.trim().toLowerCase();
  return types.includes(mime) || (types.includes('application/json') && /^application\/[^;]*\+json$/.test(mime));
}

function decodeBody(text: string, json: boolean, yaml: boolean): Value {
  try {
    if (json) {
      JSON.parse(text);
      return parseJSON(text);
    }
    if (yaml) return fromJSON(yamlLib().parse(text, { version: '1.1' }) as unknown);
  } catch {
    // OPA leaves the body null when it does not decode
  }
  return null;
}

function send(args: Value[], ctx: BuiltinContext): Value {
  const req = validate(args);
  if (!ctx.allowNetwork) throw new BuiltinHalt('network access is disabled (enable it to use http.send)');
  // like OPA's intra-query cache: the same request within one query gets the same response
  const key = `http.send:${goJSON(req)}`;
  const cached = ctx.cache.get(key) as Value | undefined;
  if (cached !== undefined) return cached;
  const out = sendUncached(req);
  ctx.cache.set(key, out);
  return out;
}

function sendUncached(req: ObjectValue): Value {
  const method = req.get('method');
  const url = req.get('url');
  if (!isString(method) || !isString(url)) throw new BuiltinError('method and url must be strings');
  const raiseError = flag(req, 'raise_error', true);
  const rawBody = req.get('raw_body');
  const body = req.get('body');
  const headers = headersOf(req);
  let payload: string | undefined;
  if (rawBody !== undefined) {
    if (!isString(rawBody)) throw new BuiltinError('raw_body must be a string');
    payload = rawBody;
  } else if (body !== undefined) {
    payload = goJSON(body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const res = httpRequest(
    {
      method: method.toUpperCase(),
      url,
      headers,
      body: payload,
      timeoutMs: timeoutMs(req),
      followRedirects: flag(req, 'enable_redirect', false),
    },
    flag(req, 'tls_insecure_skip_verify', false),
  );
  if (!res.ok) {
    const message = `${method.toUpperCase()} ${url}: ${res.error ?? 'request failed'}`;
    if (raiseError) throw new BuiltinError(message);
    return ObjectValue.fromRecord({
      status_code: 0,
      error: ObjectValue.fromRecord({ code: 'eval_http_send_network_error', message }),
    });
  }
  const respHeaders = res.headers ?? {};
  const out = new ObjectValue();
  out.set('status', `${res.status} ${res.statusText ?? ''}`.trim());
  out.set('status_code', res.status ?? 0);
  const text = res.body ?? '';
  out.set(
    'body',
    decodeBody(
      text,
      flag(req, 'force_json_decode', false) || isContentType(respHeaders, 'application/json'),
      flag(req, 'force_yaml_decode', false) || isContentType(respHeaders, 'application/yaml', 'application/x-yaml'),
    ),
  );
  out.set('raw_body', text);
  out.set('headers', fromJSON(respHeaders));
  return out;
}

export const httpBuiltins: BuiltinDef[] = [
  {
    name: 'http.send',
    args: ['object'],
    result: 'object',
    nondeterministic: true,
    // not flagged `network`: OPA validates the request before anything else, so the refusal happens in send()
    impl: send,
  },
];
