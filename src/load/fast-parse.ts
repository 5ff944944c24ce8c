import {
  boolYaml11Tag,
  defineScalarTag,
  loadAll,
  mapTag,
  mergeTag,
  NOT_RESOLVED,
  nullYaml11Tag,
  Schema,
  seqTag,
  strTag,
} from 'js-yaml';
import { NOT_A_NUMBER, resolveGoFloat, resolveGoInt } from './go-yaml-scalars.js';
import type { ParsedDocument } from './parse.js';

/*
 * The common path: js-yaml builds plain objects several times faster than the `yaml`
 * package, and most files have no findings, so they never need positions. Anything unusual
 * (a syntax error, a duplicate key, an alias that could be a bomb) returns undefined and the
 * file goes through the careful, position-aware parser instead.
 */
const goNumberTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  resolve: (source) => {
    const int = resolveGoInt(source);
    if (int !== NOT_A_NUMBER) return int;
    const float = resolveGoFloat(source);
    return float === NOT_A_NUMBER ? NOT_RESOLVED : float;
  },
  identify: (value) => typeof value === 'number',
});

const KUBERNETES_SCHEMA = new Schema([strTag, seqTag, mapTag, nullYaml11Tag, boolYaml11Tag, goNumberTag, mergeTag]);

/** An alias (`*name`) anywhere outside quotes is enough to take the careful path. */
const MAYBE_ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]/m;

export function parseDocumentsFast(text: string): ParsedDocument[] | undefined {
  if (MAYBE_ALIAS.test(text)) return undefined;
  let values: unknown[];
  try {
    values = loadAll(text, { schema: KUBERNETES_SCHEMA, maxDepth: 1000 });
  } catch {
    return undefined;
  }
  return values.map((value, docIndex) => ({ docIndex, value: value === null ? undefined : value, errors: [], warnings: [] }));
}
