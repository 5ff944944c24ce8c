import { describe, expect, it } from 'vitest';
import { call, error, json } from './helpers.js';

describe('units builtins', () => {
  it('parses Kubernetes quantities exactly', () => {
    expect(call('units.parse', '500m')).toBe(0.5);
    expect(call('units.parse', '1.1Ki')).toBe(1126.4);
    expect(call('units.parse', '-3.5E2m')).toBe(-0.35);
    expect(json(call('units.parse', '10Ei'))).toBe('11529215046068469760');
    expect(call('units.parse', '"100TI"')).toBe(109951162777600);
    expect(call('units.parse', '1e-2')).toBe(0.01);
    expect(call('units.parse', '5E')).toBe(5e18);
  });

  it('parses byte sizes, truncating to integers', () => {
    expect(call('units.parse_bytes', '1.1KB')).toBe(1100);
    expect(call('units.parse_bytes', '1.1KiB')).toBe(1126);
    expect(call('units.parse_bytes', '512Mi')).toBe(536870912);
    expect(call('units.parse_bytes', '1e-2KB')).toBe(10);
    expect(json(call('units.parse_bytes', '10eib'))).toBe('11529215046068469760');
  });

  it('reports OPA errors', () => {
    expect(error('units.parse', '')).toBe('eval_builtin_error: units.parse: no amount provided');
    expect(error('units.parse', '1 k')).toBe('eval_builtin_error: units.parse: spaces not allowed in resource strings');
    expect(error('units.parse', '0.0.0')).toBe('eval_builtin_error: units.parse: could not parse amount to a number');
    expect(error('units.parse', '1Q')).toBe('eval_builtin_error: units.parse: unit Q not recognized');
    expect(error('units.parse_bytes', '1Q')).toBe('eval_builtin_error: units.parse_bytes: byte unit q not recognized');
    expect(error('units.parse_bytes', '1e1234567')).toBe('eval_builtin_error: units.parse_bytes: exponent too large');
  });
});
