/**
 * http.send: the request object is validated as OPA does (unknown and missing
 * keys are type errors), then the call is refused unless network access is
 * enabled. Even then syncgate evaluates synchronously and sends nothing, so
 * the call fails with an error rather than returning a made-up response.
 */
import { formatValue, isString, SetValue, type Value } from '../value.js';
import { argObject, BuiltinError, BuiltinHalt, type BuiltinContext, type BuiltinDef } from './registry.js';

const ALLOWED = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);
const REQUIRED = ['method', 'url'];

function validate(args: Value[]): void {
  const req = argObject(args, 0);
  const invalid = new SetValue();
  for (const k of req.sortedKeys()) if (!isString(k) || !ALLOWED.has(k)) invalid.add(k);
  if (invalid.size) throw new BuiltinError(`invalid request parameters(s): ${formatValue(invalid)}`, 'eval_type_error');
  const missing = SetValue.of(REQUIRED.filter((k) => !req.has(k)));
  if (missing.size) throw new BuiltinError(`missing required request parameters(s): ${formatValue(missing)}`, 'eval_type_error');
}

export const httpBuiltins: BuiltinDef[] = [
  {
    name: 'http.send',
    args: ['object'],
    result: 'object',
    nondeterministic: true,
    // not flagged `network`: OPA validates the request before anything else, so the refusal happens here
    impl: (args, ctx: BuiltinContext) => {
      validate(args);
      if (!ctx.allowNetwork) throw new BuiltinHalt('network access is disabled (enable it to use http.send)');
      throw new BuiltinError('requests are not supported by syncgate (evaluation is offline)');
    },
  },
];
