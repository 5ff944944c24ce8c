import { describe, expect, it } from 'vitest';
import { SetValue } from '../../../src/rego/value.js';
import { call, callValues, context, error, json } from './helpers.js';
import { BuiltinHalt } from '../../../src/rego/builtins/index.js';

describe('net builtins', () => {
  it('tests containment of addresses and networks', () => {
    expect(call('net.cidr_contains', '10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(call('net.cidr_contains', '10.0.0.0/8', '10.1.0.0/24')).toBe(true);
    expect(call('net.cidr_contains', '172.17.0.0/24', '172.17.0.0/16')).toBe(false);
    expect(call('net.cidr_contains', '2001:4860::/32', '2001:4860:4860::8888')).toBe(true);
    expect(call('net.cidr_contains', '10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(call('net.cidr_contains', '10.0.0.0/8', '2001:db8::1')).toBe(false);
    expect(error('net.cidr_contains', '10.0.0.0/8', 'nope')).toBe(
      'eval_builtin_error: not a valid textual representation of an IP address or CIDR: nope',
    );
    expect(error('net.cidr_contains', '10.0.0.01/8', '10.0.0.1')).toBe('eval_builtin_error: invalid CIDR address: 10.0.0.01/8');
    expect(call('net.cidr_intersects', 'fd1e:5bfe:8af3:9ddc::/64', 'fd1e:5bfe:8af3:9ddc:1111::/72')).toBe(true);
  });

  it('validates, expands and merges', () => {
    expect(call('net.cidr_is_valid', '2002::1234:abcd:ffff:c0a8:101/64')).toBe(true);
    expect(call('net.cidr_is_valid', '192.168.1.2')).toBe(false);
    expect(json(call('net.cidr_expand', '172.16.100.255/30'))).toBe('["172.16.100.252","172.16.100.253","172.16.100.254","172.16.100.255"]');
    expect(json(call('net.cidr_expand', '2001:db8::/127'))).toBe('["2001:db8::","2001:db8::1"]');
    expect(json(call('net.cidr_merge', ['192.0.2.112/30', '192.0.2.116/31', '192.0.2.118/31']))).toBe('["192.0.2.112/29"]');
    expect(json(call('net.cidr_merge', ['192.0.128.0', '192.0.129.0']))).toBe('["192.0.128.0/23"]');
    expect(json(call('net.cidr_merge', ['fe80::/120', '2001:db8:0:0:1::/128']))).toBe('["2001:db8:0:0:1::/128","fe80::/120"]');
    expect(error('net.cidr_merge', ['2001:db8::1'])).toBe('eval_builtin_error: IPv6 invalid: needs prefix length');
  });

  it('matches collections of CIDRs', () => {
    expect(json(call('net.cidr_contains_matches', ['1.1.2.0/24', '1.1.1.0/24'], ['1.1.1.1', '1.1.2.1']))).toBe('[[0,1],[1,0]]');
    expect(json(call('net.cidr_contains_matches', { k1: '1.1.1.1/24', k2: ['1.1.1.2/24', 1] }, '1.1.1.128'))).toBe(
      '[["k1","1.1.1.128"],["k2","1.1.1.128"]]',
    );
    expect(error('net.cidr_contains_matches', ['1.1.1.0/24'], [[]])).toBe('eval_builtin_error: operand 2: element must be string or non-empty array');
  });

  it('resolves literals and localhost without network access, other names only with it', () => {
    expect(json(callValues('net.lookup_ip_addr', ['::'], context({ allowNetwork: true })))).toBe('["::"]');
    expect(callValues('net.lookup_ip_addr', ['10.0.0.0'])).toEqual(SetValue.of(['10.0.0.0']));
    expect(json(callValues('net.lookup_ip_addr', ['localhost']))).toMatch(/127\.0\.0\.1|::1/);
    expect(() => callValues('net.lookup_ip_addr', ['example.com'])).toThrow(BuiltinHalt);
  });
});
