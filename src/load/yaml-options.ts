import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';

/**
 * Kubernetes reads manifests with sigs.k8s.io/yaml, which is go-yaml v2: YAML 1.1 booleans
 * (`yes`, `on`, `y`), 1.1 octals and merge keys (`<<`), but timestamps and sexagesimal
 * numbers stay strings. Parsing exactly that way makes `value: yes` fail schema validation
 * here for the same reason it fails in the cluster.
 */
const TAGS_KUBERNETES_DOES_NOT_RESOLVE = new Set([
  'tag:yaml.org,2002:timestamp',
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
  customTags: (tags) =>
    tags.filter((tag) => {
      if (typeof tag !== 'object') return true;
      if (TAGS_KUBERNETES_DOES_NOT_RESOLVE.has(tag.tag)) return false;
      // intTime/floatTime (sexagesimal `1:20`) are 1.1-only forms go-yaml does not resolve.
      return tag.format !== 'TIME';
    }),
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
