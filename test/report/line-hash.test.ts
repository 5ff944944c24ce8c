import { describe, expect, it } from 'vitest';
import { lineHashes } from '../../src/report/index.js';

// Expected values: the test vectors of github/codeql-action src/fingerprints.test.ts, the code that fills in
// primaryLocationLineHash on upload. Matching them means our hashes equal the ones GitHub would compute.
function all(text: string): string[] {
  const h = lineHashes(text);
  return text.split(/\r\n|\r|\n/).map((_, i) => h(i + 1)!);
}

describe('lineHashes', () => {
  it('matches GitHub for an empty file and mixed whitespace', () => {
    expect(all('')).toEqual(['c129715d7a2bc9a3:1']);
    expect(all(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
  });

  it('gives the same hashes for LF, CR and CRLF line endings', () => {
    const expected = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
    expect(all(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(expected);
    expect(all(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r')).toEqual(expected);
    expect(all(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual(expected);
  });

  it('numbers repeated hashes with an occurrence suffix', () => {
    expect(all('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1', 'a7f2ff13bc495cf2:2', 'a7f2ff13bc495cf2:3', 'a7f2ff13bc495cf2:4', 'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6', 'a7f2ff1481e87703:1', 'a9cf91f7bbf1862b:1', '55ec222b86bcae53:1', 'cc97dc7b1d7d8f7b:1', 'c129715d7a2bc9a3:1',
    ]);
  });

  it('returns undefined past the end of the file', () => {
    expect(lineHashes('a\nb')(3)).toBeUndefined();
  });
});
