/**
 * OPA metadata annotations: a comment block starting with `# METADATA` right
 * above a package or rule, holding YAML (title, description, scope, custom...).
 */
import { parse as parseYaml } from 'yaml';
import type { Annotation } from './ast.js';
import { RegoError, type Location } from './errors.js';
import type { Comment } from './lexer.js';
import { fromJSON, ObjectValue, type Value } from './value.js';

export interface AnnotationBlock {
  /** line of the last comment of the block; the annotated statement starts on the next line */
  endLine: number;
  annotation: Omit<Annotation, 'scope'> & { scope?: Annotation['scope'] };
}

/** Normalise `authors: ["Name <mail>"]` into [{name, email}] as OPA does. */
function normaliseAuthors(v: Value | undefined): Value | undefined {
  if (!Array.isArray(v)) return v;
  return v.map((a) => {
    if (typeof a !== 'string') return a;
    const m = /^(.*?)\s*<([^>]+)>\s*$/.exec(a);
    const o = new ObjectValue();
    if (m) {
      if (m[1]) o.set('name', m[1]);
      o.set('email', m[2]!);
    } else o.set('name', a.trim());
    return o;
  });
}

/** Find `# METADATA` blocks among a module's comments. */
export function annotationBlocks(comments: Comment[], file: string): AnnotationBlock[] {
  const blocks: AnnotationBlock[] = [];
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i]!;
    if (c.text.trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let last = c.line;
    let j = i + 1;
    for (; j < comments.length && comments[j]!.line === last + 1; j++) {
      lines.push(comments[j]!.text.replace(/^ /, ''));
      last = comments[j]!.line;
    }
    i = j - 1;
    const loc: Location = { file, line: c.line, col: c.col };
    let parsed: unknown;
    try {
      parsed = parseYaml(lines.join('\n')) ?? {};
    } catch (e) {
      throw new RegoError('rego_parse_error', `yaml: ${(e as Error).message.split('\n')[0]}`, loc);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RegoError('rego_parse_error', 'METADATA block must be a YAML mapping', loc);
    }
    const value = fromJSON(parsed) as ObjectValue;
    const authors = normaliseAuthors(value.get('authors'));
    if (authors !== undefined) value.set('authors', authors);
    const scope = value.get('scope');
    blocks.push({
      endLine: last,
      annotation: { value, loc, scope: typeof scope === 'string' ? (scope as Annotation['scope']) : undefined },
    });
  }
  return blocks;
}

/** Complete an annotation with its default scope. */
export function withScope(block: AnnotationBlock, scope: Annotation['scope']): Annotation {
  const s = block.annotation.scope ?? scope;
  const value = block.annotation.value.copy();
  value.set('scope', s);
  return { scope: s, value, loc: block.annotation.loc };
}
