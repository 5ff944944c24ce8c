import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { Finding, Range, Resource } from '../../src/model/index.js';
import { createSchemaValidator, type SchemaOptions, type SchemaValidator } from '../../src/schema/index.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
/** The shared corpus next to the repository (absent in a user's clone: tests using it skip). */
export const CORPUS = join(HERE, '..', '..', '..', 'shared', 'corpus');
export const HAVE_CORPUS = existsSync(join(CORPUS, 'kubeconform'));
if (!HAVE_CORPUS) console.warn(`schema tests: ${CORPUS} is absent; tests on the shared corpus are skipped`);

/**
 * Fake locator: every pointer gets its own line number, so a finding's range tells which pointer it
 * was located with (`pointerOf(finding.range)`).
 */
const pointerLines: string[] = [];
const lineOfPointer = new Map<string, number>();
export function fakeLocate(pointer: string): Range {
  let line = lineOfPointer.get(pointer);
  if (line === undefined) {
    pointerLines.push(pointer);
    line = pointerLines.length;
    lineOfPointer.set(pointer, line);
  }
  return { startLine: line, startColumn: 1, endLine: line, endColumn: 2 };
}
export function pointerOf(range: Range): string | undefined {
  return pointerLines[range.startLine - 1];
}

export function makeResource(object: Record<string, unknown>, file = 'manifests/test.yaml', docIndex = 0, documentPointer = ''): Resource {
  const meta = (object.metadata ?? {}) as Record<string, unknown>;
  const resource: Resource = {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '',
    object,
    source: { file, docIndex },
    documentPointer,
    locate: fakeLocate,
  };
  if (typeof meta.namespace === 'string') resource.namespace = meta.namespace;
  return resource;
}

/** Resources of a YAML file (Lists expanded), parsed with the `yaml` package. */
export function yamlResources(path: string, base = dirname(path)): Resource[] {
  const file = relative(base, path).replace(/\\/g, '/');
  const out: Resource[] = [];
  parseAllDocuments(readFileSync(path, 'utf8')).forEach((doc, docIndex) => {
    const o = doc.toJS() as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    const obj = o as Record<string, unknown>;
    if (typeof obj.kind === 'string' && obj.kind.toLowerCase() === 'list' && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => {
        if (item && typeof item === 'object') out.push(makeResource(item as Record<string, unknown>, file, docIndex, `/items/${i}`));
      });
    } else out.push(makeResource(obj, file, docIndex));
  });
  return out;
}

export const BASE_OPTIONS: SchemaOptions = { strict: false, schemaLocations: [], crdResources: [], skipKinds: [], rejectKinds: [] };

export function validator(options: Partial<SchemaOptions> = {}, inputs: Resource[] = []): Promise<SchemaValidator> {
  return createSchemaValidator({ ...BASE_OPTIONS, ...options }, inputs);
}

/** `ruleId pointer` lines, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.pointer}`);
}

export function deployment(spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
      ...spec,
    },
    ...extra,
  };
}
