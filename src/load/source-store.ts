import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { fastDocumentSpans, type NodeSpan } from './fast-positions.js';
import { stripBom, isJsonPath } from './parse.js';
import { JSON_YAML_OPTIONS, KUBERNETES_YAML_OPTIONS } from './yaml-options.js';

interface ParsedFile {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

/**
 * Keeps what is needed to recover positions and show code frames without holding every
 * file's syntax tree in memory: texts are read again on demand (stdin is pinned), and the
 * position-carrying parse is redone only for files that actually have findings.
 */
export class SourceStore {
  private readonly absolutePaths = new Map<string, string>();
  private readonly pinnedTexts = new Map<string, string>();
  private readonly textCache = new Map<string, string>();
  private readonly parsedCache = new Map<string, ParsedFile>();
  private readonly spansCache = new Map<string, FastSpans | null>();

  constructor(private readonly cacheSize = 64) {}

  /** Registers a file by its reported name; `text` pins content that cannot be read again (stdin). */
  register(file: string, absolutePath: string | undefined, text?: string): void {
    if (absolutePath) this.absolutePaths.set(file, absolutePath);
    if (text !== undefined) this.pinnedTexts.set(file, text);
  }

  /** The file's text (BOM stripped), or undefined if it cannot be read. */
  read(file: string): string | undefined {
    const pinned = this.pinnedTexts.get(file);
    if (pinned !== undefined) return pinned;
    const cached = this.textCache.get(file);
    if (cached !== undefined) return cached;
    const abs = this.absolutePaths.get(file);
    if (!abs) return undefined;
    try {
      const text = stripBom(readFileSync(abs, 'utf8'));
      remember(this.textCache, file, text, this.cacheSize);
      return text;
    } catch {
      return undefined;
    }
  }

  /**
   * Node spans from the fast parser's events, with line starts to turn offsets into positions;
   * null when the file needs the careful parser (aliases, anything js-yaml and we disagree on).
   */
  fastSpans(file: string): FastSpans | null {
    const cached = this.spansCache.get(file);
    if (cached !== undefined) return cached;
    const text = this.read(file);
    const docs = text === undefined ? undefined : fastDocumentSpans(text);
    const entry = docs && text !== undefined ? { docs, lineStarts: lineStartsOf(text) } : null;
    remember(this.spansCache, file, entry, this.cacheSize);
    return entry;
  }

  /** The position-carrying parse of a file, cached for the few files that need it. */
  parsed(file: string): ParsedFile | undefined {
    const cached = this.parsedCache.get(file);
    if (cached) return cached;
    const text = this.read(file);
    if (text === undefined) return undefined;
    const lineCounter = new LineCounter();
    const options = isJsonPath(file) ? JSON_YAML_OPTIONS : KUBERNETES_YAML_OPTIONS;
    const docs = parseAllDocuments(text, { ...options, lineCounter }) as Document.Parsed[];
    const entry = { docs: Array.from(docs), lineCounter };
    remember(this.parsedCache, file, entry, this.cacheSize);
    return entry;
  }
}

export interface FastSpans {
  docs: NodeSpan[];
  /** Offsets at which each line starts (line 1 at index 0). */
  lineStarts: number[];
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function remember<V>(cache: Map<string, V>, key: string, value: V, limit: number): void {
  if (cache.size >= limit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}
