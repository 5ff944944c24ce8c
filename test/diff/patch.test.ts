import { describe, expect, it } from 'vitest';
import { changedLinesFromPatch, unquoteC } from '../../src/diff/patch.js';

describe('changedLinesFromPatch', () => {
  it('reads new-side ranges, single-line hunks and deletions from a zero-context diff', () => {
    const patch = [
      'diff --git a/x.yaml b/x.yaml',
      'index 1..2 100644',
      '--- a/x.yaml',
      '+++ b/x.yaml',
      '@@ -3 +3 @@ kind: Deployment',
      '-a',
      '+b',
      '@@ -10,0 +11,2 @@',
      '+c',
      '+d',
      '@@ -20,2 +21,0 @@',
      '-e',
      '-f',
      'diff --git a/gone.yaml b/gone.yaml',
      'deleted file mode 100644',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const files = changedLinesFromPatch(patch);
    expect([...files.keys()]).toEqual(['x.yaml']);
    expect([...files.get('x.yaml')!].sort((a, b) => a - b)).toEqual([3, 11, 12, 21, 22]);
  });

  it('does not mistake content for headers: an added `++ b/evil` line or a removed `-- a` line', () => {
    const patch = ['--- a/a.yaml', '+++ b/a.yaml', '@@ -1,2 +1,2 @@', '--- a/x', '-y', '\\ No newline at end of file', '+++ b/evil.yaml', '+@@ -5 +5 @@'].join('\n');
    const files = changedLinesFromPatch(patch);
    expect([...files.keys()]).toEqual(['a.yaml']);
    expect(files.get('a.yaml')).toEqual(new Set([1, 2]));
  });
});

describe('unquoteC', () => {
  it('decodes git\'s C-style quoting, octal UTF-8 bytes included', () => {
    expect(unquoteC('"b/na\\303\\257ve \\"x\\"\\t.yaml"')).toBe('b/naïve "x"\t.yaml');
  });
});
