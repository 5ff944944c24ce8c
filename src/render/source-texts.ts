import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isInside } from '../load/index.js';
import type { InlinePatch, KustomizationFile } from './kustomization-file.js';
import { blockScalarOrigin, YamlIndex } from './yaml-index.js';

const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/**
 * Source files parsed with positions, once per run and only when a finding needs them:
 * base files, patch files, inline patches and (made parseable) Helm templates.
 */
export class SourceTexts {
  /** Reads only files whose real path is inside `realRoot` (annotations in the output are user-controlled). */
  constructor(private readonly realRoot: string) {}

  private readonly plain = new Map<string, YamlIndex | undefined>();
  private readonly templates = new Map<string, YamlIndex | undefined>();
  private readonly inline = new Map<string, YamlIndex | undefined>();
  private readonly texts = new Map<string, string | undefined>();

  text(absolutePath: string): string | undefined {
    if (!this.texts.has(absolutePath)) this.texts.set(absolutePath, readSmallText(absolutePath, this.realRoot));
    return this.texts.get(absolutePath);
  }

  file(absolutePath: string): YamlIndex | undefined {
    if (!this.plain.has(absolutePath)) {
      const text = this.text(absolutePath);
      this.plain.set(absolutePath, text === undefined ? undefined : new YamlIndex(text));
    }
    return this.plain.get(absolutePath);
  }

  template(absolutePath: string): YamlIndex | undefined {
    if (!this.templates.has(absolutePath)) {
      const text = this.text(absolutePath);
      this.templates.set(absolutePath, text === undefined ? undefined : new YamlIndex(blankTemplateActions(text), 0, 0, true));
    }
    return this.templates.get(absolutePath);
  }

  /** An inline patch, positioned inside its kustomization file (literal block scalars only). */
  inlinePatch(k: KustomizationFile, patch: InlinePatch): YamlIndex | undefined {
    const key = `${k.absolutePath}#${k.docIndex ?? 0}#${patch.pointer}`;
    if (!this.inline.has(key)) {
      const fileText = this.text(k.absolutePath);
      const origin = fileText === undefined ? undefined : blockScalarOrigin(k.index, fileText, k.docIndex ?? 0, patch.pointer);
      this.inline.set(key, origin ? new YamlIndex(patch.text, origin.lineOffset, origin.columnOffset) : undefined);
    }
    return this.inline.get(key);
  }
}

/**
 * Makes a Helm template parseable as YAML without moving anything: an action alone on its
 * line becomes blanks, an action inside a line becomes `x`s of the same length.
 */
export function blankTemplateActions(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, (action, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEndIndex = text.indexOf('\n', offset + action.length);
    const lineEnd = lineEndIndex < 0 ? text.length : lineEndIndex;
    const alone = text.slice(lineStart, offset).trim() === '' && text.slice(offset + action.length, lineEnd).trim() === '';
    return action.replace(/[^\n]/g, alone ? ' ' : 'x');
  });
}

function readSmallText(absolutePath: string, realRoot: string): string | undefined {
  try {
    if (!isInside(realRoot, realpathSync(absolutePath))) return undefined;
    if (statSync(absolutePath).size > MAX_SOURCE_BYTES) return undefined;
    const text = readFileSync(absolutePath, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
