import { fileURLToPath } from 'node:url';

/** One frame of a V8 stack trace. */
export interface StackFrame {
  file: string;
  line: number;
  column: number;
}

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

/** Parses the frames of a V8 `Error.stack` (best effort: frames it cannot read are skipped). */
export function parseStack(stack: string | undefined): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const raw of stack.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('at ')) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    frames.push({ file: toPath(m[1]!), line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

function toPath(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}

const STACK_FILE = fileURLToPath(import.meta.url);

/** The first frame outside `thisFile` (and this module): the caller of a function defined in `thisFile`. */
export function callerFile(thisFile: string, stack = new Error().stack): string | undefined {
  return parseStack(stack).find((f) => f.file !== thisFile && f.file !== STACK_FILE && !f.file.startsWith('node:'))?.file;
}
