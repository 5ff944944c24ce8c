import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FILE_START, type Range, type Resource } from '../model/index.js';
import { isInside, parseDocuments, reportedPath, type SourceStore } from '../load/index.js';
import type { KustomizationCache } from './kustomize-graph.js';
import type { KustomizationFile } from './kustomization-file.js';
import { locateInPatches, type PatchHit } from './patch-locate.js';
import type { TargetableObject } from './patch-target.js';
import { isRecord, translatePointer } from './pointer-translate.js';
import type { GitOpsObject, RootLabel } from './requests.js';
import type { SourceTexts } from './source-texts.js';
import type { YamlIndex } from './yaml-index.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

export interface MappingContext {
  root: string;
  store: SourceStore;
  texts: SourceTexts;
  kustomizations: KustomizationCache;
  /** Ranges that a patch, not the source file, explains (filled lazily by `locate`). */
  patchHits: WeakMap<Range, PatchHit>;
}

export interface ParsedOutput {
  objects: Array<Record<string, unknown>>;
  /** Documents of the output that are not objects (should not happen with real tools). */
  problems: string[];
}

/** Parses a renderer's stdout into objects, the way the loader reads manifests. */
export function parseRenderedOutput(text: string, label: string): ParsedOutput {
  const out: ParsedOutput = { objects: [], problems: [] };
  for (const doc of parseDocuments(text, label)) {
    if (doc.errors.length > 0) out.problems.push(doc.errors[0]!.message);
    else if (isRecord(doc.value)) {
      if (typeof doc.value['kind'] === 'string' && /List$/.test(doc.value['kind']) && Array.isArray(doc.value['items'])) {
        for (const item of doc.value['items']) if (isRecord(item)) out.objects.push(item);
      } else out.objects.push(doc.value);
    }
  }
  return out;
}

/**
 * Turns Kustomize output built with origin annotations into resources whose positions are in
 * the files the objects came from. The annotations syncgate asked for are removed, so the
 * objects are exactly what `kustomize build` prints.
 */
export function kustomizeResources(
  objects: Array<Record<string, unknown>>,
  originBase: string,
  rootKustomization: string,
  label: RootLabel,
  ctx: MappingContext,
  /** Patches applied on top by the reconciler (they run last). */
  overlay?: KustomizationFile,
): Resource[] {
  return objects.map((object) => {
    const { origin, transformedBy } = takeBuildAnnotations(object, originBase, ctx.root);
    const candidates = transformedBy.map((file) => ctx.kustomizations.get(file));
    if (overlay) candidates.push(overlay);
    let sourceAbs = rootKustomization;
    let generatorPointer: string | undefined;
    if (origin.path) sourceAbs = origin.path;
    else if (origin.configuredIn) {
      sourceAbs = origin.configuredIn;
      generatorPointer = generatorEntryPointer(ctx.kustomizations.get(sourceAbs), object, origin.generator);
    }
    const index = generatorPointer === undefined ? ctx.texts.file(sourceAbs) : undefined;
    const docIndex = index ? matchingDocument(index, object) : 0;
    const sourceName = nameOf(index?.value(docIndex));
    const target = targetable(object, sourceName);
    const locate = (pointer: string): Range => {
      let range: Range;
      if (generatorPointer !== undefined) range = ctx.texts.file(sourceAbs)?.locate(0, generatorPointer)?.range ?? { ...FILE_START };
      else range = locateBySource(index, docIndex, object, pointer);
      const hit = pointer === '' ? undefined : locateInPatches(candidates, target, object, pointer, ctx.texts, ctx.root);
      if (hit) ctx.patchHits.set(range, hit);
      return range;
    };
    return makeResource(object, sourceAbs, docIndex, label, locate, ctx);
  });
}

/** A resource rendered by Helm, positioned in its template (`# Source:` comment). */
export function templateResource(object: Record<string, unknown>, templateAbs: string, occurrence: number, label: RootLabel, ctx: MappingContext): Resource {
  const index = ctx.texts.template(templateAbs);
  const docIndex = index ? nthDocumentOfKind(index, String(object['kind']), occurrence) : 0;
  const locate = (pointer: string): Range => locateBySource(index, docIndex, object, pointer);
  return makeResource(object, templateAbs, docIndex, label, locate, ctx);
}

/**
 * A resource rendered from a remote chart: its templates are not in the repository, so every
 * field is positioned at the chart reference of the HelmRelease or Application that asked for it.
 */
export function remoteChartResource(object: Record<string, unknown>, at: GitOpsObject, pointer: string, label: RootLabel, ctx: MappingContext): Resource {
  return makeResource(object, path.join(ctx.root, at.file), at.docIndex, label, () => at.locate(pointer), ctx);
}

function makeResource(object: Record<string, unknown>, sourceAbs: string, docIndex: number, label: RootLabel, locate: (p: string) => Range, ctx: MappingContext): Resource {
  const file = reportedPath(ctx.root, sourceAbs);
  ctx.store.register(file, sourceAbs);
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const resource: Resource = {
    apiVersion: String(object['apiVersion'] ?? ''),
    kind: String(object['kind'] ?? ''),
    name: typeof metadata['name'] === 'string' ? metadata['name'] : typeof metadata['generateName'] === 'string' ? `${metadata['generateName']}*` : '',
    object,
    source: { file, docIndex, origin: { ...label } },
    documentPointer: '',
    locate,
  };
  if (typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '') resource.namespace = metadata['namespace'];
  return resource;
}

/** The field in the source document, or its nearest existing ancestor, or the document start. */
function locateBySource(index: YamlIndex | undefined, docIndex: number, object: Record<string, unknown>, pointer: string): Range {
  if (!index) return { ...FILE_START };
  const sourceValue = index.value(docIndex);
  const translated = sourceValue === undefined ? { pointer: '' } : translatePointer(object, sourceValue, pointer);
  return index.locate(docIndex, translated.pointer)?.range ?? index.documentStart(docIndex) ?? { ...FILE_START };
}

interface BuildOrigin {
  path?: string;
  configuredIn?: string;
  /** The builtin generator that made the object (`HelmChartInflationGenerator`, `ConfigMapGenerator`...). */
  generator?: string;
}

/** Reads and removes the origin and transformer annotations; paths become absolute (inside the root only). */
function takeBuildAnnotations(object: Record<string, unknown>, originBase: string, root: string): { origin: BuildOrigin; transformedBy: string[] } {
  const metadata = isRecord(object['metadata']) ? object['metadata'] : undefined;
  const annotations = metadata && isRecord(metadata['annotations']) ? metadata['annotations'] : undefined;
  const result: { origin: BuildOrigin; transformedBy: string[] } = { origin: {}, transformedBy: [] };
  if (!metadata || !annotations) return result;
  const inside = (p: unknown): string | undefined => {
    if (typeof p !== 'string') return undefined;
    const abs = path.resolve(originBase, p);
    return isInside(root, abs) ? abs : undefined;
  };
  const origin = safeParse(annotations[ORIGIN_ANNOTATION]);
  if (isRecord(origin) && origin['repo'] === undefined) {
    const p = inside(origin['path']);
    const c = inside(origin['configuredIn']);
    if (p) result.origin.path = p;
    else if (c) result.origin.configuredIn = c;
    const by = origin['configuredBy'];
    if (isRecord(by) && typeof by['kind'] === 'string') result.origin.generator = by['kind'];
  }
  const transformations = safeParse(annotations[TRANSFORMATIONS_ANNOTATION]);
  if (Array.isArray(transformations)) {
    for (const t of transformations) {
      const file = isRecord(t) ? inside(t['configuredIn']) : undefined;
      if (file && !result.transformedBy.includes(file)) result.transformedBy.push(file);
    }
  }
  delete annotations[ORIGIN_ANNOTATION];
  delete annotations[TRANSFORMATIONS_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata['annotations'];
  return result;
}

function safeParse(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return parseYaml(text, { maxAliasCount: 10 }) as unknown;
  } catch {
    return undefined;
  }
}

/** The source document with the object's kind and (base) name. */
function matchingDocument(index: YamlIndex, object: Record<string, unknown>): number {
  const kind = object['kind'];
  const name = nameOf(object) ?? '';
  let sameKind = -1;
  let bestPartial = -1;
  let bestPartialLength = 0;
  for (let i = 0; i < index.values().length; i++) {
    const value = index.value(i);
    if (!isRecord(value) || value['kind'] !== kind) continue;
    const sourceName = nameOf(value);
    if (sourceName === name) return i;
    // namePrefix / nameSuffix: the base name is inside the rendered one.
    if (sourceName && name.includes(sourceName) && sourceName.length > bestPartialLength) {
      bestPartial = i;
      bestPartialLength = sourceName.length;
    }
    if (sameKind < 0) sameKind = i;
  }
  return bestPartial >= 0 ? bestPartial : sameKind >= 0 ? sameKind : 0;
}

function nthDocumentOfKind(index: YamlIndex, kind: string, occurrence: number): number {
  const matches: number[] = [];
  for (let i = 0; i < index.values().length; i++) {
    const value = index.value(i);
    if (isRecord(value) && value['kind'] === kind) matches.push(i);
  }
  if (matches.length === 0) return 0;
  return matches[Math.min(occurrence, matches.length - 1)]!;
}

/**
 * For a generated object, the generator entry that made it: a ConfigMap or Secret generator by
 * its name; a chart Kustomize inflated by the release (or chart) name the object's name carries,
 * or the only `helmCharts` entry. Chart output has no template positions (Kustomize drops helm's
 * `# Source:` comments), so its findings point at the chart entry.
 */
function generatorEntryPointer(k: KustomizationFile, object: Record<string, unknown>, generator?: string): string {
  const value = k.index.value(0);
  const name = nameOf(object) ?? '';
  const entries = (field: string): unknown[] => (isRecord(value) && Array.isArray(value[field]) ? value[field] : []);
  if (generator === 'HelmChartInflationGenerator') {
    const charts = entries('helmCharts');
    const named = (g: unknown, key: string) => isRecord(g) && typeof g[key] === 'string' && g[key] !== '' && name.includes(g[key] as string);
    let at = charts.findIndex((g) => named(g, 'releaseName'));
    if (at < 0) at = charts.findIndex((g) => named(g, 'name'));
    if (at < 0 && charts.length === 1) at = 0;
    return at >= 0 ? `/helmCharts/${at}` : charts.length > 0 ? '/helmCharts' : '';
  }
  const field = object['kind'] === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  const list = entries(field);
  const at = list.findIndex((g) => isRecord(g) && typeof g['name'] === 'string' && g['name'] !== '' && name.includes(g['name']));
  return at >= 0 ? `/${field}/${at}` : list.length > 0 ? `/${field}` : '';
}

function nameOf(value: unknown): string | undefined {
  const metadata = isRecord(value) && isRecord(value['metadata']) ? value['metadata'] : undefined;
  return metadata && typeof metadata['name'] === 'string' ? metadata['name'] : undefined;
}

function targetable(object: Record<string, unknown>, sourceName: string | undefined): TargetableObject {
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const t: TargetableObject = {
    apiVersion: String(object['apiVersion'] ?? ''),
    kind: String(object['kind'] ?? ''),
    names: sourceName && sourceName !== name ? [name, sourceName] : [name],
    labels: isRecord(metadata['labels']) ? metadata['labels'] : {},
    annotations: isRecord(metadata['annotations']) ? metadata['annotations'] : {},
  };
  if (typeof metadata['namespace'] === 'string') t.namespace = metadata['namespace'];
  return t;
}
