import jsYaml from 'js-yaml';
import { GO_FALSE, GO_NULL, GO_TRUE, NOT_A_NUMBER, resolveGoFloat, resolveGoInt } from './go-yaml-scalars.js';
import type { ParsedDocument } from './parse.js';

/*
 * The common path: js-yaml builds plain objects several times faster than the `yaml`
 * package, and most files have no findings, so they never need positions. Anything unusual
 * (a syntax error, a duplicate key, an alias that could be a bomb) returns undefined and the
 * file goes through the careful, position-aware parser instead.
 */
const { Type, FAILSAFE_SCHEMA } = jsYaml;
// js-yaml keeps its built-in types on `types` (not in its typings); merge keys (`<<`) come from there.
const mergeType = (jsYaml as unknown as { types: { merge: InstanceType<typeof Type> } }).types.merge;

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => GO_NULL.test(data),
  construct: () => null,
  predicate: (value) => value === null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => GO_TRUE.test(data) || GO_FALSE.test(data),
  construct: (data: string) => GO_TRUE.test(data),
  predicate: (value) => typeof value === 'boolean',
});

/** Every number starts with a digit, a sign or a dot: most scalars ("nginx", "app") are rejected on that alone. */
function mayBeNumber(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}

const numberType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => mayBeNumber(data) && (resolveGoInt(data) !== NOT_A_NUMBER || resolveGoFloat(data) !== NOT_A_NUMBER),
  construct: (data: string) => {
    const int = resolveGoInt(data);
    return int !== NOT_A_NUMBER ? int : resolveGoFloat(data);
  },
  predicate: (value) => typeof value === 'number',
});

/** YAML 1.1 scalars as go-yaml v2 resolves them; no timestamps, binaries or sets. */
export const KUBERNETES_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, numberType, mergeType] });

/** An alias (`*name`) anywhere outside quotes is enough to take the careful path. */
export const MAYBE_ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]/m;

export function parseDocumentsFast(text: string): ParsedDocument[] | undefined {
  if (MAYBE_ALIAS.test(text)) return undefined;
  let values: unknown[];
  try {
    values = jsYaml.loadAll(text, null, { schema: KUBERNETES_SCHEMA });
  } catch {
    return undefined;
  }
  return values.map((value, docIndex) => ({ docIndex, value: value === null ? undefined : value, errors: [], warnings: [] }));
}
