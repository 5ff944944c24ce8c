import path from 'node:path';
import { joinPointer, splitPointer, type Range } from '../model/index.js';
import { isInside } from '../load/index.js';
import type { KustomizationFile, PatchRef } from './kustomization-file.js';
import { patchNamesObject, targetMatches, type TargetableObject } from './patch-target.js';
import { isRecord, translatePointer } from './pointer-translate.js';
import type { SourceTexts } from './source-texts.js';
import type { YamlIndex } from './yaml-index.js';

export interface PatchHit {
  /** Absolute path of the file holding the patch (a patch file or the kustomization). */
  absolutePath: string;
  range: Range;
}

/**
 * Finds the patch that set a field of a rendered object: the last patch (in application
 * order) of the given kustomizations that targets the object and writes the field.
 */
export function locateInPatches(
  kustomizations: KustomizationFile[],
  object: TargetableObject,
  rendered: Record<string, unknown>,
  pointer: string,
  texts: SourceTexts,
  root: string,
): PatchHit | undefined {
  if (identifiesTheObject(pointer)) return undefined;
  for (let k = kustomizations.length - 1; k >= 0; k--) {
    const kustomization = kustomizations[k]!;
    for (let p = kustomization.patches.length - 1; p >= 0; p--) {
      const hit = locateInPatch(kustomization, kustomization.patches[p]!, object, rendered, pointer, texts, root);
      if (hit) return hit;
    }
  }
  return undefined;
}

function locateInPatch(
  k: KustomizationFile,
  patch: PatchRef,
  object: TargetableObject,
  rendered: Record<string, unknown>,
  pointer: string,
  texts: SourceTexts,
  root: string,
): PatchHit | undefined {
  let index: YamlIndex | undefined;
  let absolutePath = k.absolutePath;
  if (patch.path) {
    absolutePath = path.resolve(path.dirname(k.absolutePath), patch.path);
    if (!isInside(root, absolutePath)) return undefined;
    index = texts.file(absolutePath);
  } else if (patch.inline) {
    index = texts.inlinePatch(k, patch.inline);
  }
  if (!index) return undefined;
  for (let d = index.values().length - 1; d >= 0; d--) {
    const value = index.value(d);
    if (Array.isArray(value)) {
      if (!patch.target || !targetMatches(patch.target, object)) continue;
      const hit = locateInJsonPatch(index, d, value, rendered, pointer);
      if (hit) return { absolutePath, range: hit };
    } else if (isRecord(value)) {
      const applies = patch.target ? targetMatches(patch.target, object) : patchNamesObject(value, object);
      if (!applies) continue;
      const translated = translatePointer(rendered, value, pointer);
      // The patch explains the field only if what it writes there is what was rendered (not a later patch's value, not part of it).
      if (!translated.exact || !sameValue(valueAt(value, translated.pointer), valueAt(rendered, pointer))) continue;
      const located = index.locate(d, translated.pointer);
      if (located?.exact) return { absolutePath, range: located.range };
    }
  }
  return undefined;
}

/** JSON 6902 operations that write the field (or one of its ancestors) point at their value. */
function locateInJsonPatch(index: YamlIndex, docIndex: number, ops: unknown[], rendered: Record<string, unknown>, pointer: string): Range | undefined {
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (!isRecord(op) || typeof op['path'] !== 'string' || !['add', 'replace', 'copy', 'move'].includes(String(op['op']))) continue;
    const opPath = op['path'];
    let rest: string | undefined;
    if (pointer === opPath || pointer.startsWith(opPath + '/')) rest = pointer.slice(opPath.length);
    else if (opPath.endsWith('/-')) rest = appendedRest(opPath.slice(0, -2), pointer, rendered, op['value']);
    if (rest === undefined) continue;
    if ((op['op'] === 'add' || op['op'] === 'replace') && !sameValue(valueAt(op['value'], rest), valueAt(rendered, pointer))) continue;
    const valuePointer = op['op'] === 'add' || op['op'] === 'replace' ? `${joinPointer(i, 'value')}${rest}` : joinPointer(i);
    return index.locate(docIndex, valuePointer)?.range;
  }
  return undefined;
}

/** For an append (`/list/-`), the rest of the pointer when the rendered item is the appended value. */
function appendedRest(listPath: string, pointer: string, rendered: Record<string, unknown>, value: unknown): string | undefined {
  if (!pointer.startsWith(listPath + '/')) return undefined;
  const tail = pointer.slice(listPath.length + 1);
  const slash = tail.indexOf('/');
  const indexToken = slash < 0 ? tail : tail.slice(0, slash);
  if (!/^\d+$/.test(indexToken)) return undefined;
  const item = valueAt(rendered, `${listPath}/${indexToken}`);
  return sameValue(item, value) ? (slash < 0 ? '' : tail.slice(slash)) : undefined;
}

/**
 * Fields every patch repeats to say which object (or list item) it applies to: a finding
 * about them is about the object, not the patch.
 */
function identifiesTheObject(pointer: string): boolean {
  if (['', '/apiVersion', '/kind', '/metadata', '/metadata/name', '/metadata/namespace'].includes(pointer)) return true;
  // The merge key of a list item (`containers/0/name`).
  return /\/\d+\/name$/.test(pointer);
}

/** Deep equality of JSON values, whatever the key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function valueAt(object: unknown, pointer: string): unknown {
  let current = object;
  try {
    for (const token of splitPointer(pointer)) {
      if (Array.isArray(current)) current = current[Number(token)];
      else if (isRecord(current)) current = current[token];
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return current;
}
