import { describe, expect, it } from 'vitest';
import { loadInputs, type SourceStore } from '../../src/load/index.js';
import { locateCarefully, locateInFile } from '../../src/load/locate.js';
import { corpusPath, HAS_CORPUS, warnIfNoCorpus } from '../e2e/corpus.js';
import { makeTree } from './helpers.js';

/** Every JSON pointer of a value: objects, arrays and leaves. */
function allPointers(value: unknown, prefix = ''): string[] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...allPointers(v, `${prefix}/${i}`)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...allPointers(v, `${prefix}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return out;
}

/** Start positions from the fast spans and from the careful parser, for every field of every resource. */
async function compareStarts(root: string, inputs: string[]) {
  const r = await loadInputs({ root, inputs });
  const mismatches: string[] = [];
  let compared = 0;
  const store: SourceStore = r.store;
  for (const res of r.resources) {
    for (const p of [...allPointers(res.object), '/no/such/field']) {
      const pointer = res.documentPointer + p;
      const fast = locateInFile(store, res.source.file, res.source.docIndex, pointer);
      const careful = locateCarefully(store, res.source.file, res.source.docIndex, pointer);
      compared++;
      if (fast.startLine !== careful.startLine || fast.startColumn !== careful.startColumn) mismatches.push(`${res.source.file} ${pointer}`);
    }
  }
  return { compared, mismatches };
}

describe('positions from the fast parser', () => {
  it('agree with the careful parser on tricky layouts', async () => {
    const root = makeTree({
      'a.yaml': [
        '# leading comment',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: "quoted # not a comment"  # a comment',
        '  labels: {app: web, "team": core}',
        'data:',
        '  empty:',
        '  block: |',
        '    line one # kept',
        '    line two',
        '  folded: >-',
        '    folded text',
        '  list: [a, {b: c}, [d]]',
        '  "key with: colon": value',
        '  on: yes',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: Secret',
        '  metadata: {name: s}',
        '  stringData:',
        '    - x',
        '    -   y',
        '    - - nested',
        '      - seq',
        '',
      ].join('\n'),
    });
    const { compared, mismatches } = await compareStarts(root, [root]);
    expect(compared).toBeGreaterThan(30);
    expect(mismatches).toEqual([]);
  });
});

warnIfNoCorpus('the fast-position cross-check on the corpus');
describe.skipIf(!HAS_CORPUS)('positions on real manifests', () => {
  it('agree with the careful parser for every field of the kubeconform and GitOps corpora', async () => {
    const { compared, mismatches } = await compareStarts('/', [corpusPath('kubeconform'), corpusPath('gitops')]);
    expect(compared).toBeGreaterThan(5000);
    expect(mismatches).toEqual([]);
  });
});
