import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, ToJSOptions } from 'yaml';
import { GO_NUMBER_LIKE, NOT_A_NUMBER, resolveGoFloat, resolveGoInt } from './go-yaml-scalars.js';

/** Integers and floats exactly as go-yaml v2 resolves them (sexagesimal `1:20` stays a string). */
const GO_NUMBER_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: (value) => typeof value === 'number',
  test: GO_NUMBER_LIKE,
  resolve: (source: string) => {
    const int = resolveGoInt(source);
    if (int !== NOT_A_NUMBER) return int;
    const float = resolveGoFloat(source);
    return float === NOT_A_NUMBER ? source : float;
  },
};

/**
 * Kubernetes reads manifests with sigs.k8s.io/yaml, which is go-yaml v2: YAML 1.1 booleans
 * (`yes`, `on`, `y`), 1.1 octals and merge keys (`<<`), but timestamps and sexagesimal
 * numbers stay strings. Parsing exactly that way makes `value: yes` fail schema validation
 * here for the same reason it fails in the cluster.
 */
const TAGS_KUBERNETES_DOES_NOT_RESOLVE = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

type Options = ParseOptions & DocumentOptions & SchemaOptions;

export const KUBERNETES_YAML_OPTIONS: Options = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  prettyErrors: true,
  customTags: (tags) => [
    ...tags.filter((tag) => typeof tag !== 'object' || !TAGS_KUBERNETES_DOES_NOT_RESOLVE.has(tag.tag)),
    GO_NUMBER_TAG,
  ],
};

/** JSON files are YAML 1.2 flow documents; parse them with the strict core schema. */
export const JSON_YAML_OPTIONS: Options = {
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  prettyErrors: true,
};

/** An alias bomb ("billion laughs") is stopped at this many alias resolutions per document. */
export const MAX_ALIAS_COUNT = 1000;

export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };
