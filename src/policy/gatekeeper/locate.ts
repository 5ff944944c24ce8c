import { FILE_START, type Range, type Resource } from '../../model/index.js';

/** `resource.locate(pointer)`, or the file start when the locator fails (never throws). */
export function locateSafely(resource: Resource, pointer: string): Range {
  try {
    return resource.locate(pointer);
  } catch {
    return { ...FILE_START };
  }
}
