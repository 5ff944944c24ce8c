import { fingerprintOf, type Finding, type Resource, type SkippedItem } from '../model/index.js';
import { classifyFiles, roleToSkipped } from './classify.js';
import { discoverFiles } from './discover.js';
import { parseDocuments, type ParseProblem } from './parse.js';
import { decodeManifest, readManifestFile } from './read-file.js';
import { documentToResources } from './resources.js';
import { SourceStore } from './source-store.js';

export { LOADER_RULES } from './rules.js';
export { SourceStore } from './source-store.js';
export { discoverFiles, type DiscoverOptions, type DiscoveredFile } from './discover.js';
export { parseDocuments, type ParsedDocument, type ParseProblem } from './parse.js';
export { KUSTOMIZATION_FILE_NAMES } from './classify.js';
export { reportedPath, isInside } from './paths.js';

export const STDIN_FILE = '<stdin>';
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface LoadOptions {
  /** Absolute repository root; files are reported relative to it. */
  root: string;
  /** Files, directories, glob patterns, or `-` for standard input. */
  inputs: string[];
  exclude?: string[];
  gitignore?: boolean;
  /** Duplicate keys are errors instead of warnings. */
  strict?: boolean;
  maxFileBytes?: number;
  /** Reads standard input when `-` is given (injectable for tests). */
  readStdin?: () => Promise<Buffer>;
  /** The store to register files in (shared with the render stage); a new one otherwise. */
  store?: SourceStore;
  /** Files a renderer consumed: counted and registered, but not read again as plain resources. */
  skipFiles?: ReadonlySet<string>;
}

export interface LoadResult {
  resources: Resource[];
  findings: Finding[];
  skipped: SkippedItem[];
  /** Every file looked at (manifests and recognised non-resource files). */
  files: string[];
  /** Inputs that could not be used at all: usage errors the CLI reports with exit code 2. */
  inputErrors: string[];
  store: SourceStore;
}

export class InputError extends Error {}

/** Discovers, reads and parses every input into resources, with findings for what cannot be read. */
export async function loadInputs(options: LoadOptions): Promise<LoadResult> {
  const store = options.store ?? new SourceStore();
  const discovery = discoverFiles(options.inputs, {
    root: options.root,
    exclude: options.exclude ?? [],
    gitignore: options.gitignore ?? true,
  });
  const result: LoadResult = { resources: [], findings: [], skipped: [...discovery.skipped], files: [], inputErrors: discovery.errors, store };
  const roles = classifyFiles(discovery.files, options.root);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  for (const f of discovery.files) {
    result.files.push(f.file);
    store.register(f.file, f.absolutePath);
    if (options.skipFiles?.has(f.file)) continue;
    const role = roles.get(f.file);
    if (role) {
      result.skipped.push(roleToSkipped(f.file, role));
      continue;
    }
    const outcome = readManifestFile(f.absolutePath, maxBytes);
    if (!outcome.ok) {
      result.findings.push(unreadableFinding(f.file, outcome.reason));
      continue;
    }
    loadText(outcome.text, f.file, store, options.strict ?? false, result);
  }

  if (discovery.stdin) {
    const buffer = await (options.readStdin ?? readAllStdin)();
    result.files.push(STDIN_FILE);
    const outcome = buffer.length > maxBytes ? { ok: false as const, reason: 'standard input is over the size limit' } : decodeManifest(buffer);
    if (!outcome.ok) result.findings.push(unreadableFinding(STDIN_FILE, outcome.reason));
    else {
      store.register(STDIN_FILE, undefined, outcome.text);
      loadText(outcome.text, STDIN_FILE, store, options.strict ?? false, result);
    }
  }
  return result;
}

/** Parses one file's text and adds its resources, findings and skips to `result`. */
export function loadText(text: string, file: string, store: SourceStore, strict: boolean, result: Pick<LoadResult, 'resources' | 'findings' | 'skipped'>): void {
  for (const doc of parseDocuments(text, file)) {
    for (const problem of doc.errors) result.findings.push(problemFinding(problem, file, strict));
    for (const problem of doc.warnings) {
      if (problem.code === 'duplicate-key') result.findings.push(problemFinding(problem, file, strict));
    }
    const docResult = documentToResources(doc, file, store);
    result.resources.push(...docResult.resources);
    result.findings.push(...docResult.findings);
    result.skipped.push(...docResult.skipped);
  }
}

function problemFinding(problem: ParseProblem, file: string, strict: boolean): Finding {
  const ruleId = problem.code === 'duplicate-key' ? 'schema/duplicate-key' : problem.code === 'alias-limit' ? 'schema/yaml-alias-limit' : 'schema/yaml-syntax';
  const severity = problem.code === 'duplicate-key' ? (strict ? 'high' : 'medium') : 'high';
  return {
    ruleId,
    severity,
    message: problem.message,
    file,
    range: { startLine: problem.line, startColumn: problem.column, endLine: problem.endLine, endColumn: problem.endColumn },
    fingerprint: fingerprintOf({ ruleId, file, detail: problem.message }),
  };
}

function unreadableFinding(file: string, reason: string): Finding {
  const ruleId = 'schema/unreadable-file';
  return {
    ruleId,
    severity: 'high',
    message: reason,
    file,
    range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    fingerprint: fingerprintOf({ ruleId, file, detail: reason.replace(/[\d.]+ (MiB|KiB|B)/g, '') }),
  };
}

async function readAllStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw new InputError('"-" reads manifests from standard input, but standard input is a terminal; pipe manifests in');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
