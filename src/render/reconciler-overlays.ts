import { isRecord } from './pointer-translate.js';

/** What kustomize-controller adds to the build from the Flux Kustomization's own spec. */
export function fluxOverlay(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const overlay: Record<string, unknown> = {};
  if (str(spec['targetNamespace'])) overlay['namespace'] = spec['targetNamespace'];
  if (str(spec['namePrefix'])) overlay['namePrefix'] = spec['namePrefix'];
  if (str(spec['nameSuffix'])) overlay['nameSuffix'] = spec['nameSuffix'];
  const patches = inlinePatches(spec['patches']);
  if (patches.length) overlay['patches'] = patches;
  if (Array.isArray(spec['images'])) overlay['images'] = spec['images'].filter(isRecord);
  const common = rec(spec['commonMetadata']);
  if (isRecord(common['annotations'])) overlay['commonAnnotations'] = common['annotations'];
  if (isRecord(common['labels'])) overlay['labels'] = [{ pairs: common['labels'], includeSelectors: false }];
  return Object.keys(overlay).length ? overlay : undefined;
}

/** Argo CD `source.kustomize` options, as kustomization fields. */
export function argoOverlay(k: Record<string, unknown>, namespace: string | undefined): Record<string, unknown> | undefined {
  const overlay: Record<string, unknown> = {};
  if (str(k['namePrefix'])) overlay['namePrefix'] = k['namePrefix'];
  if (str(k['nameSuffix'])) overlay['nameSuffix'] = k['nameSuffix'];
  if (str(k['namespace'])) overlay['namespace'] = k['namespace'];
  else if (namespace && k['forceNamespace'] === true) overlay['namespace'] = namespace;
  if (Array.isArray(k['images'])) {
    // Argo CD writes images as `name=newName:tag` strings; kustomize's `images` wants objects.
    overlay['images'] = k['images'].filter((i): i is string => typeof i === 'string').map(argoImage);
  }
  if (isRecord(k['commonLabels'])) overlay['labels'] = [{ pairs: k['commonLabels'], includeSelectors: true }];
  if (isRecord(k['commonAnnotations'])) overlay['commonAnnotations'] = k['commonAnnotations'];
  const patches = inlinePatches(k['patches']);
  if (patches.length) overlay['patches'] = patches;
  return Object.keys(overlay).length ? overlay : undefined;
}

function argoImage(spec: string): Record<string, unknown> {
  const eq = spec.indexOf('=');
  const name = eq >= 0 ? spec.slice(0, eq) : spec.replace(/[:@].*$/, '');
  const rest = eq >= 0 ? spec.slice(eq + 1) : spec;
  const at = rest.indexOf('@');
  const colon = rest.lastIndexOf(':');
  const image: Record<string, unknown> = { name };
  if (at >= 0) {
    image['newName'] = rest.slice(0, at);
    image['digest'] = rest.slice(at + 1);
  } else if (colon > rest.lastIndexOf('/')) {
    image['newName'] = rest.slice(0, colon);
    image['newTag'] = rest.slice(colon + 1);
  } else image['newName'] = rest;
  if (image['newName'] === name) delete image['newName'];
  return image;
}

/** The inline patches of a Flux Kustomization (`spec.patches`) or Argo CD source (`kustomize.patches`), with their pointers. */
export function overlayPatchesOf(value: unknown, pointer: string): Array<{ text: string; pointer: string; target?: Record<string, unknown> }> {
  if (!Array.isArray(value)) return [];
  const out: Array<{ text: string; pointer: string; target?: Record<string, unknown> }> = [];
  value.forEach((p, i) => {
    if (isRecord(p) && typeof p['patch'] === 'string') out.push({ text: p['patch'], pointer: `${pointer}/${i}/patch`, ...(isRecord(p['target']) ? { target: p['target'] } : {}) });
  });
  return out;
}

/** Only inline patches (a `path` would name a file outside the checks). */
function inlinePatches(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((p) => typeof p['patch'] === 'string')
    .map((p) => ({ patch: p['patch'], ...(isRecord(p['target']) ? { target: p['target'] } : {}) }));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
