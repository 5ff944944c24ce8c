import { describe, expect, it } from 'vitest';
import { jsonLocator } from '../../src/server/index.js';
import { goodDeployment } from './helpers.js';

const textAt = (text: string, line: number, column: number, endColumn: number) => text.split('\n')[line - 1]!.slice(column - 1, endColumn - 1);

describe('jsonLocator', () => {
  const object = { ...goodDeployment(), status: {}, extra: [1, 'two', null, [], { 'a/b': true }] };
  const text = JSON.stringify(object, null, 2);
  const locate = jsonLocator(object);

  it('points at key and scalar value in the pretty-printed JSON', () => {
    const r = locate('/spec/replicas');
    expect(textAt(text, r.startLine, r.startColumn, r.endColumn)).toBe('"replicas": 2');
    const img = locate('/spec/template/spec/containers/0/image');
    expect(textAt(text, img.startLine, img.startColumn, img.endColumn)).toBe('"image": "registry.example/web:1.2.3"');
  });

  it('points at the key only for collections, and at array items', () => {
    const r = locate('/spec/template');
    expect(textAt(text, r.startLine, r.startColumn, r.endColumn)).toBe('"template"');
    const item = locate('/extra/1');
    expect(textAt(text, item.startLine, item.startColumn, item.endColumn)).toBe('"two"');
    const escaped = locate('/extra/4/a~1b');
    expect(textAt(text, escaped.startLine, escaped.startColumn, escaped.endColumn)).toBe('"a/b": true');
    const empty = locate('/status');
    expect(textAt(text, empty.startLine, empty.startColumn, empty.endColumn)).toBe('"status"');
  });

  it('resolves a missing field to its nearest existing ancestor, and bad pointers to the start', () => {
    expect(locate('/spec/template/spec/securityContext/runAsNonRoot')).toEqual(locate('/spec/template/spec'));
    expect(locate('not-a-pointer')).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    // Every line number stays within the rendering.
    expect(locate('/extra/4').startLine).toBeLessThanOrEqual(text.split('\n').length);
  });

  it('survives hostile nesting (no recursion)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(jsonLocator({ deep })('/deep/0/0/0').startLine).toBe(5);
  });
});
