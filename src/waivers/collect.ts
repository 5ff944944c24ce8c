import path from 'node:path';
import { describeResource, escapePointerToken, toResourceRef, type Finding, type Resource } from '../model/index.js';
import type { LoadedConfig } from '../config/index.js';
import { parseShortForm, parseStructuredForm, WAIVE_ANNOTATION, WAIVE_ANNOTATION_PREFIX, type RawAnnotationWaiver } from './annotation.js';
import { checkFields, type FieldProblem } from './check.js';
import { waiverFinding } from './findings.js';
import { RULE_WAIVER_IGNORED, RULE_WAIVER_INVALID } from './rules.js';
import type { Waiver, WaiverOrigin } from './types.js';

export interface CollectOptions {
  /** Absolute repository root; config waiver positions and `files` globs are made relative to it. Default: the config's folder. */
  root?: string;
  /** The admission gate with `admission.ignoreResourceWaivers`: annotations waive nothing (reported as waiver/ignored). */
  ignoreResourceWaivers?: boolean;
}

export interface CollectResult {
  waivers: Waiver[];
  /** waiver/invalid and waiver/ignored findings. */
  findings: Finding[];
}

/**
 * Every waiver of a run: the config's `waivers:` list, then the annotations of each resource.
 * Invalid waivers become waiver/invalid findings and are left out. Pure: no clock, no I/O.
 */
export function collectWaivers(config: LoadedConfig | undefined, resources: readonly Resource[], options: CollectOptions = {}): CollectResult {
  const result: CollectResult = { waivers: [], findings: [] };
  if (config) collectConfigWaivers(config, options.root ?? config.dir, result);
  for (const resource of resources) collectAnnotationWaivers(resource, options.ignoreResourceWaivers ?? false, result);
  return result;
}

function collectConfigWaivers(loaded: LoadedConfig, root: string, result: CollectResult): void {
  // A config outside the repository (--config /etc/...) keeps its absolute path rather than a ../ path.
  const relative = toPosix(path.relative(root, loaded.file));
  const file = relative && !relative.startsWith('../') ? relative : toPosix(loaded.file);
  const prefix = toPosix(path.relative(root, loaded.dir));
  (loaded.config.waivers ?? []).forEach((raw, index) => {
    const pointer = `/waivers/${index}`;
    const origin: WaiverOrigin = { kind: 'config', file, range: loaded.locate(pointer), label: `waivers[${index}]` };
    const checked = checkFields(raw);
    if ('problems' in checked) {
      for (const problem of checked.problems) {
        const at: WaiverOrigin = problem.key && raw[problem.key] !== undefined ? { ...origin, range: loaded.locate(`${pointer}/${problem.key}`) } : origin;
        result.findings.push(invalidFinding(at, problem, String(raw.rule ?? '')));
      }
      return;
    }
    const waiver: Waiver = { ...checked.fields, origin };
    if (raw.kind !== undefined) waiver.kind = raw.kind;
    if (raw.namespace !== undefined) waiver.namespace = raw.namespace;
    if (raw.name !== undefined) waiver.name = raw.name;
    if (raw.pointer !== undefined) waiver.pointer = raw.pointer;
    if (raw.files !== undefined) waiver.files = raw.files.map((g) => rebase(g, prefix));
    result.waivers.push(waiver);
  });
}

/** `files` globs are relative to the config's folder; findings name files relative to the root. */
function rebase(glob: string, prefix: string): string {
  if (!prefix || prefix.startsWith('..') || !glob.includes('/')) return glob;
  return `${prefix}/${glob.replace(/^\.\//, '')}`;
}

function collectAnnotationWaivers(resource: Resource, ignore: boolean, result: CollectResult): void {
  const annotations = annotationsOf(resource);
  for (const key of Object.keys(annotations)) {
    const structured = key.startsWith(WAIVE_ANNOTATION_PREFIX) && key.length > WAIVE_ANNOTATION_PREFIX.length;
    if (key !== WAIVE_ANNOTATION && !structured) continue;
    const pointer = `/metadata/annotations/${escapePointerToken(key)}`;
    const origin: WaiverOrigin = {
      kind: 'annotation',
      file: resource.source.file,
      range: resource.locate(pointer),
      pointer,
      resource: toResourceRef(resource),
      label: key,
    };
    if (ignore) {
      result.findings.push(
        waiverFinding(
          RULE_WAIVER_IGNORED,
          origin,
          `${key} on ${describeResource(resource)} is ignored: the admission gate does not honour in-resource waivers (admission.ignoreResourceWaivers); put the waiver in .syncgate.yaml`,
          'ignored',
        ),
      );
      continue;
    }
    const value = String(annotations[key] ?? '');
    const entries = structured ? [parseStructuredForm(value)] : parseShortForm(value);
    if (entries.length === 0) {
      result.findings.push(invalidFinding(origin, { message: 'is empty: expected "<rule>: <reason> (expires YYYY-MM-DD)"' }, ''));
      continue;
    }
    for (const entry of entries) addAnnotationEntry(entry, origin, resource, result);
  }
}

function addAnnotationEntry(entry: RawAnnotationWaiver, origin: WaiverOrigin, resource: Resource, result: CollectResult): void {
  const identity = String(entry.rule ?? entry.text);
  if (entry.syntaxProblem) {
    result.findings.push(invalidFinding(origin, { message: `${JSON.stringify(clip(entry.text))} ${entry.syntaxProblem}` }, identity));
    return;
  }
  if (entry.pointer !== undefined && typeof entry.pointer !== 'string') {
    result.findings.push(invalidFinding(origin, { message: 'has a pointer that is not a string' }, identity));
    return;
  }
  const checked = checkFields(entry);
  if ('problems' in checked) {
    for (const problem of checked.problems) result.findings.push(invalidFinding(origin, problem, identity));
    return;
  }
  const waiver: Waiver = { ...checked.fields, origin, scope: { file: resource.source.file, resource: toResourceRef(resource) } };
  if (typeof entry.pointer === 'string') waiver.pointer = entry.pointer;
  result.waivers.push(waiver);
}

function invalidFinding(origin: WaiverOrigin, problem: FieldProblem, identity: string): Finding {
  const where = origin.kind === 'config' ? `waiver ${origin.label} in ${origin.file}` : `waiver in annotation ${origin.label}`;
  return waiverFinding(RULE_WAIVER_INVALID, origin, `${where} ${problem.message}; it waives nothing`, `${identity}|${problem.key ?? problem.message}`, {
    help: 'Expected `<rule>: <reason> (expires YYYY-MM-DD)` in an annotation, or rule, reason and expires in .syncgate.yaml; see docs/waivers.md.',
  });
}

function annotationsOf(resource: Resource): Record<string, unknown> {
  const metadata = resource.object['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return {};
  const annotations = (metadata as Record<string, unknown>)['annotations'];
  return typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations) ? (annotations as Record<string, unknown>) : {};
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
