import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { limitWarnings, safeMessage } from '../../src/server/messages.js';

const finding = (ruleId: string, message: string, properties?: Record<string, unknown>) => ({ ruleId, message, ...(properties ? { properties } : {}) }) as unknown as Finding;

describe('messages returned to the API server', () => {
  it('mask paths inside the server, but not JSON pointers', () => {
    const f = finding('schema/invalid-schema', 'Foo not validated against /srv/schemas/foo-v1.json: bad $ref (see file:///srv/schemas/x.json)');
    expect(safeMessage(f, ['/srv/schemas'])).toBe('Foo not validated against <server file>: bad $ref (see <server file>)');
    expect(safeMessage(finding('k8s/x', 'field at /spec/template\nis wrong'), ['/srv'])).toBe('field at /spec/template is wrong');
  });

  it('replace policy errors with a neutral line naming the policy', () => {
    const f = finding('policy/error', 'Policy a/b (/srv/policies/x.mjs:3:9) failed: TypeError: boom', { policy: 'a/b' });
    expect(safeMessage(f)).toBe('policy a/b failed while checking this object');
  });

  it('keep warnings short, few, and say how many were left out', () => {
    expect(limitWarnings(['a', 'b'])).toEqual(['a', 'b']);
    const many = limitWarnings(Array.from({ length: 50 }, (_, i) => `w${i} ${'x'.repeat(200)}`));
    expect(many).toHaveLength(20);
    expect(many.every((w) => w.length <= 120)).toBe(true);
    expect(many.at(-1)).toBe('syncgate: 31 more warnings not shown');
  });
});
