import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/report/ansi.js';
import { codeFrame, sourceLines } from '../../src/report/code-frame.js';

const plain = makeStyle(false);

describe('codeFrame', () => {
  const source = sourceLines(['a: 1', 'b:', '\tc: 2', 'd: 3', 'e: 4', 'f: 5', 'g: 6', 'h: 7', ''].join('\n'));

  it('marks every line of a multi-line span and underlines the first from its column to its end', () => {
    const frame = codeFrame(source, { startLine: 2, startColumn: 1, endLine: 4, endColumn: 5 }, plain);
    expect(frame).toEqual([
      '    1 | a: 1',
      '  > 2 | b:',
      '      | ^^',
      '  > 3 | \tc: 2',
      '  > 4 | d: 3',
      '    5 | e: 4',
      '    6 | f: 5',
    ]);
  });

  it('keeps tabs in the caret prefix so the caret lines up under tab-indented text', () => {
    const frame = codeFrame(source, { startLine: 3, startColumn: 2, endLine: 3, endColumn: 3 }, plain);
    expect(frame[2]).toBe('  > 3 | \tc: 2');
    expect(frame[3]).toBe('      | \t^');
  });

  it('draws at least one caret for an empty range and nothing past the end of the file', () => {
    const frame = codeFrame(source, { startLine: 8, startColumn: 5, endLine: 8, endColumn: 5 }, plain);
    expect(frame.at(-1)).toBe('      |     ^');
    expect(frame.some((l) => l.includes(' 9 |'))).toBe(false);
    expect(codeFrame(source, { startLine: 40, startColumn: 1, endLine: 40, endColumn: 2 }, plain)).toEqual([]);
  });
});
