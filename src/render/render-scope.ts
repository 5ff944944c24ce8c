import type { Resource } from '../model/index.js';

/**
 * The sync scope of a rendered resource: everything one render root produces is applied
 * together, and two roots rendering the same base (overlays for staging and production) are
 * different deployments, not duplicates. Undefined for resources read from plain files.
 */
export function renderScopeOf(resource: Resource): string | undefined {
  const origin = resource.source.origin;
  return origin ? `render:${origin.file}:${origin.line ?? 0}` : undefined;
}
