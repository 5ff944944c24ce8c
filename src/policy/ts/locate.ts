import { FILE_START, type Range, type Resource } from '../../model/index.js';

/** `resource.locate(pointer)`, falling back to the start of the file if the locator fails. */
export function safeLocate(resource: Resource, pointer: string): Range {
  try {
    return resource.locate(pointer);
  } catch {
    return { ...FILE_START };
  }
}
