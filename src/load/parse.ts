import { LineCounter, parseAllDocuments, type Document, type EmptyStream, type YAMLError } from 'yaml';
import { parseDocumentsFast } from './fast-parse.js';
import { JSON_YAML_OPTIONS, KUBERNETES_YAML_OPTIONS, TO_JS_OPTIONS } from './yaml-options.js';

/** A problem found while parsing, with a file-absolute 1-based position. */
export interface ParseProblem {
  code: 'syntax' | 'duplicate-key' | 'alias-limit' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedDocument {
  docIndex: number;
  /** The document as JSON data; `undefined` for an empty or comment-only document. */
  value: unknown;
  /** Problems that make the document unusable (its value is then undefined). */
  errors: ParseProblem[];
  /** Problems worth reporting that still leave a usable value (duplicate keys: last one wins). */
  warnings: ParseProblem[];
}

export function isJsonPath(file: string): boolean {
  return /\.json$/i.test(file);
}

/** Strips a UTF-8 byte order mark so that columns on line 1 match what editors show. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses one file's text into documents, as go-yaml v2 (through sigs.k8s.io/yaml) would read it. */
export function parseDocuments(text: string, file: string): ParsedDocument[] {
  return parseDocumentsFast(text) ?? parseDocumentsCarefully(text, file);
}

/** The position-aware parse: reports every syntax error and duplicate key with its line and column. */
export function parseDocumentsCarefully(text: string, file: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const options = isJsonPath(file) ? JSON_YAML_OPTIONS : KUBERNETES_YAML_OPTIONS;
  const docs = parseAllDocuments(text, { ...options, lineCounter });
  if (docs.length === 0) {
    // An empty stream: parseAllDocuments returns an EmptyStream that may carry errors.
    const streamErrors: YAMLError[] = (docs as EmptyStream).errors ?? [];
    const problems = streamErrors.map((e) => toProblem(e, 'syntax', lineCounter));
    return problems.length ? [{ docIndex: 0, value: undefined, errors: problems, warnings: [] }] : [];
  }
  return (docs as Document.Parsed[]).map((doc, docIndex) => toParsedDocument(doc, docIndex, lineCounter, text));
}

function toParsedDocument(doc: Document.Parsed, docIndex: number, lineCounter: LineCounter, text: string): ParsedDocument {
  const errors: ParseProblem[] = [];
  const warnings: ParseProblem[] = [];
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY') warnings.push(duplicateKeyProblem(e, lineCounter, text));
    else errors.push(toProblem(e, 'syntax', lineCounter));
  }
  for (const w of doc.warnings) warnings.push(toProblem(w, 'warning', lineCounter));
  if (errors.length > 0) return { docIndex, value: undefined, errors, warnings };
  if (doc.contents === null || isEmptyScalar(doc.contents)) return { docIndex, value: undefined, errors, warnings };
  try {
    const value = doc.toJS(TO_JS_OPTIONS) as unknown;
    return { docIndex, value, errors, warnings };
  } catch (err) {
    const start = lineCounter.linePos(doc.range[0]);
    const message = err instanceof Error ? err.message : String(err);
    const code = /alias/i.test(message) ? 'alias-limit' : 'syntax';
    const text =
      code === 'alias-limit'
        ? 'too many alias expansions in this document (possible "billion laughs" alias bomb); the document was not loaded'
        : message;
    errors.push({ code, message: text, line: start.line, column: start.col, endLine: start.line, endColumn: start.col });
    return { docIndex, value: undefined, errors, warnings };
  }
}

function isEmptyScalar(node: unknown): boolean {
  const n = node as { value?: unknown; source?: unknown; tag?: unknown; type?: unknown };
  return typeof n === 'object' && n !== null && 'value' in n && n.value === null && n.source === '' && !n.tag;
}

function toProblem(e: YAMLError, code: ParseProblem['code'], lineCounter: LineCounter): ParseProblem {
  const [startOffset, endOffset] = e.pos;
  const start = lineCounter.linePos(startOffset);
  const end = lineCounter.linePos(Math.max(startOffset, endOffset));
  // yaml appends a code frame to its messages; we print our own, so keep the first line only.
  const firstLine = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { code, message: firstLine, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function duplicateKeyProblem(e: YAMLError, lineCounter: LineCounter, text: string): ParseProblem {
  const problem = toProblem(e, 'duplicate-key', lineCounter);
  const lineRest = text.slice(e.pos[0], text.indexOf('\n', e.pos[0]) >>> 0);
  const key = (/^("[^"]*"|'[^']*'|[^:#]*)/.exec(lineRest)?.[1] ?? '').trim().replace(/^["']|["']$/g, '');
  if (key) {
    problem.endLine = problem.line;
    problem.endColumn = problem.column + key.length;
  }
  problem.message = `duplicate key ${key ? JSON.stringify(key) : ''} in the same mapping: Kubernetes keeps only the last value, the earlier one is silently lost`.replace('  ', ' ');
  return problem;
}
