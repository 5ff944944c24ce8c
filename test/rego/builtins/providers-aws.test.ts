import { describe, expect, it } from 'vitest';
import { callValues, error, json, num } from './helpers.js';
import { fromJSON } from '../../../src/rego/value.js';

const config = {
  aws_access_key: 'MYAWSACCESSKEYGOESHERE',
  aws_secret_access_key: 'MYAWSSECRETACCESSKEYGOESHERE',
  aws_service: 's3',
  aws_region: 'us-east-1',
};
const at = num('1451311705000000000'); // 2015-12-28T14:08:25Z

describe('providers.aws.sign_req', () => {
  it('signs with SigV4 and adds the AWS headers', () => {
    const out = callValues('providers.aws.sign_req', [fromJSON({ method: 'get', url: 'http://example.com', headers: { foo: 'bar' } }), fromJSON(config), at]);
    const text = json(out)!;
    expect(text).toContain(
      '"Authorization":"AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952"',
    );
    expect(text).toContain('"x-amz-date":"20151228T140825Z"');
    expect(text).toContain('"foo":"bar"');
  });

  it('supports unsigned payloads and session tokens', () => {
    const unsigned = json(
      callValues('providers.aws.sign_req', [fromJSON({ method: 'get', url: 'https://example.com', headers: { foo: 'bar' } }), fromJSON({ ...config, disable_payload_signing: true }), at]),
    )!;
    expect(unsigned).toContain('"x-amz-content-sha256":"UNSIGNED-PAYLOAD"');
    expect(unsigned).toContain('Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028');
    const token = json(callValues('providers.aws.sign_req', [fromJSON({ method: 'get', url: 'http://example.com' }), fromJSON({ ...config, aws_session_token: 'T' }), at]))!;
    expect(token).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token');
  });

  it('validates its operands like OPA', () => {
    expect(error('providers.aws.sign_req', {}, config, 1)).toBe('eval_type_error: operand 1 missing required request parameters(s): {"method", "url"}');
    expect(error('providers.aws.sign_req', { method: 'get', url: 'x' }, { example: 1 }, 1)).toBe(
      'eval_type_error: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"}',
    );
    expect(error('providers.aws.sign_req', { method: 'get', url: 'x' }, config, 1.5)).toBe(
      'eval_type_error: operand 3 could not convert time_ns value into a unix timestamp',
    );
  });
});
