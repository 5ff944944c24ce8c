import { existsSync } from 'node:fs';
import { toResourceRef, type Finding, type Resource, type Rule, type SkippedItem } from '../model/index.js';
import { crdDocumentUri, crdEngineSchema, registerCrds, type CrdRegistry } from './crd.js';
import { SchemaEngine, SchemaProblem, type Validate } from './engine.js';
import { KindList, gvkKey, parseGvk } from './kinds.js';
import { candidates, fileUri, loadReferencedFile, parseLocations, readSchemaFile, type Location } from './locations.js';
import { findingsFor, makeFinding } from './messages.js';
import { RULE_INVALID_SCHEMA, RULE_REJECTED_KIND, SCHEMA_RULES } from './rules.js';
import { loadBundle, resolveKubernetesVersion, type Bundle } from './versions.js';

export interface SchemaOptions {
  /** `1.33`; default: newest shipped. Unknown version -> an Error listing the available ones. */
  kubernetesVersion?: string;
  /** Unknown fields are errors (high) instead of warnings (low). */
  strict: boolean;
  /**
   * kubeconform-style: a directory of `<kind>-<group>-<version>.json` / `<kind>.json` files, or a path template
   * with {{ .ResourceKind }} {{ .ResourceAPIVersion }} {{ .Group }} {{ .KindSuffix }} (local paths only).
   * `default` places the bundled schemas in the lookup order; without it they are tried last.
   */
  schemaLocations: string[];
  /** CRD objects loaded from --crd files. */
  crdResources: Resource[];
  /** --skip: `Kind` or `group/version/Kind` (core: `v1/Kind`). */
  skipKinds: string[];
  /** --reject: same syntax -> finding 'schema/rejected-kind'. */
  rejectKinds: string[];
}

export interface SchemaCheck {
  findings: Finding[];
  skipped?: SkippedItem;
}

export interface SchemaValidator {
  readonly kubernetesVersion: string;
  /** Metadata of every schema/* rule this validator can emit. */
  readonly rules: Rule[];
  validate(resource: Resource): SchemaCheck;
  /** Whether a kind is namespaced, when the bundled index or a CRD says; undefined when unknown. */
  namespaced(apiVersion: string, kind: string): boolean | undefined;
}

type Lookup =
  | { type: 'schema'; validate: Validate; source: string }
  | { type: 'missing'; reason: string }
  | { type: 'problem'; message: string };

const OBJECT_META = 'V1ObjectMeta';
/** Every resource has these, whether or not a schema from a location declares them. */
const RESOURCE_FIELDS = ['apiVersion', 'kind', 'metadata'];

/**
 * Lookup order for a resource's apiVersion/kind: CRDs of the run (input resources first, then --crd files),
 * then the schema locations in order, with the bundled Kubernetes schemas where `default` stands or last.
 * Schemas are compiled lazily, once per run, on first use.
 */
export async function createSchemaValidator(options: SchemaOptions, inputResources: Resource[]): Promise<SchemaValidator> {
  const version = resolveKubernetesVersion(options.kubernetesVersion);
  const bundle = loadBundle(version);
  const strict = options.strict;
  const locations = parseLocations(options.schemaLocations ?? []);
  if (!locations.some((l) => l.type === 'default')) locations.push({ type: 'default' });
  const skip = new KindList(options.skipKinds ?? []);
  const reject = new KindList(options.rejectKinds ?? []);
  const objectMetaRef = isObjectDef(bundle, OBJECT_META) ? `${bundle.uri}#/$defs/${OBJECT_META}` : undefined;
  const engine = new SchemaEngine({ load: loadReferencedFile, ...(objectMetaRef ? { objectMetaRef } : {}) });
  engine.addDocument({ uri: bundle.uri, root: bundle.root, closing: 'explicit' });
  const crds = registerCrds([...inputResources, ...(options.crdResources ?? [])]);
  const lookups = new Map<string, Lookup>();
  const fileLookups = new Map<string, Lookup>();

  const fromFile = (path: string): Lookup => {
    let hit = fileLookups.get(path);
    if (hit) return hit;
    try {
      const uri = fileUri(path);
      if (!engine.hasDocument(uri)) engine.addDocument({ uri, root: readSchemaFile(path), closing: 'typed', rootFields: RESOURCE_FIELDS });
      hit = { type: 'schema', validate: engine.validator(uri), source: path };
    } catch (e) {
      hit = { type: 'problem', message: (e as Error).message };
    }
    fileLookups.set(path, hit);
    return hit;
  };

  const lookup = (apiVersion: string, kind: string): Lookup => {
    const key = gvkKey(apiVersion, kind);
    let hit = lookups.get(key);
    if (hit) return hit;
    hit = findSchema(apiVersion, kind);
    lookups.set(key, hit);
    return hit;
  };

  const findSchema = (apiVersion: string, kind: string): Lookup => {
    const key = gvkKey(apiVersion, kind);
    const crd = crds.byGvk.get(key);
    if (crd) {
      const uri = crdDocumentUri(crd);
      const { root, closing } = crdEngineSchema(crd, objectMetaRef);
      engine.addDocument({ uri, root, closing });
      return { type: 'schema', validate: engine.validator(uri), source: crd.source };
    }
    for (const loc of locations) {
      if (loc.type === 'default') {
        const entry = bundle.kinds.get(key);
        if (entry) return { type: 'schema', validate: engine.validator(`${bundle.uri}#/$defs/${entry.definition}`), source: `Kubernetes ${version}` };
        continue;
      }
      for (const file of candidates(loc, apiVersion, kind, version, strict)) {
        if (existsSync(file)) return fromFile(file);
      }
    }
    return { type: 'missing', reason: missingReason(apiVersion, kind, version, bundle, crds, locations) };
  };

  return {
    kubernetesVersion: version,
    rules: [...SCHEMA_RULES],
    namespaced(apiVersion: string, kind: string): boolean | undefined {
      const key = gvkKey(apiVersion, kind);
      const crd = crds.byGvk.get(key);
      if (crd) return crd.namespaced;
      return bundle.kinds.get(key)?.namespaced;
    },
    validate(resource: Resource): SchemaCheck {
      const { apiVersion, kind } = resource;
      const rejected = reject.match(apiVersion, kind);
      if (rejected) {
        const message = `kind ${kind} (${apiVersion}) is not allowed here (rejected by ${JSON.stringify(rejected)})`;
        return { findings: [makeFinding(resource, RULE_REJECTED_KIND, 'high', message, '/kind')] };
      }
      const skipped = skip.match(apiVersion, kind);
      if (skipped) return { findings: [], skipped: skippedItem(resource, 'skipped-kind', `${kind} (${apiVersion}) skipped by ${JSON.stringify(skipped)}`) };
      const hit = lookup(apiVersion, kind);
      if (hit.type === 'missing') return { findings: [], skipped: skippedItem(resource, 'missing-schema', hit.reason) };
      if (hit.type === 'problem') {
        return { findings: [makeFinding(resource, RULE_INVALID_SCHEMA, 'medium', `${kind} not validated: ${hit.message}`, '')] };
      }
      try {
        return { findings: findingsFor(hit.validate(resource.object), resource, strict) };
      } catch (e) {
        const reason = e instanceof SchemaProblem ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
        return { findings: [makeFinding(resource, RULE_INVALID_SCHEMA, 'medium', `${kind} not validated against ${hit.source}: ${reason}`, '')] };
      }
    },
  };
}

function isObjectDef(bundle: Bundle, name: string): boolean {
  const defs = bundle.root.$defs;
  return typeof defs === 'object' && defs !== null && Object.prototype.hasOwnProperty.call(defs, name);
}

function skippedItem(resource: Resource, kind: string, reason: string): SkippedItem {
  return { file: resource.source.file, docIndex: resource.source.docIndex, kind, reason, resource: toResourceRef(resource) };
}

function missingReason(apiVersion: string, kind: string, version: string, bundle: Bundle, crds: CrdRegistry, locations: Location[]): string {
  const { group } = parseGvk(apiVersion, kind);
  let reason = `no schema for ${gvkKey(apiVersion, kind)} in Kubernetes ${version}, CRDs or schema locations`;
  const crd = crds.byGroupKind.get(`${group}/${kind}`);
  if (crd) {
    return `${reason} (CRD ${crd.crdName} serves ${crd.versions.length ? crd.versions.join(', ') : 'no version'} of ${kind})`;
  }
  const sameKind: string[] = [];
  let otherCase: string | undefined;
  for (const key of bundle.kinds.keys()) {
    const k = key.slice(key.lastIndexOf('/') + 1);
    if (k === kind) sameKind.push(key.slice(0, key.lastIndexOf('/')));
    else if (!otherCase && k.toLowerCase() === kind.toLowerCase()) otherCase = k;
  }
  if (sameKind.length) reason += ` (Kubernetes ${version} serves ${kind} as ${sameKind.join(', ')})`;
  else if (otherCase) reason += ` (did you mean kind ${otherCase}?)`;
  else if (group.includes('.') && !group.endsWith('.k8s.io') && locations.length <= 1) reason += ' (add its CRD with --crd or a schema location)';
  return reason;
}
