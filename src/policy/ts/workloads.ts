import type { Resource } from '../../model/index.js';

/** Where the pod template sits in each kind that carries one (pointer tokens). */
interface TemplateLocation {
  spec: readonly string[];
  metadata: readonly string[];
}

const POD: TemplateLocation = { spec: ['spec'], metadata: ['metadata'] };
const TEMPLATE: TemplateLocation = { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] };

/** Kinds that carry a pod template, with the API groups they are served from. */
const LOCATIONS: Readonly<Record<string, { groups: readonly string[]; at: TemplateLocation }>> = {
  Pod: { groups: [''], at: POD },
  PodTemplate: { groups: [''], at: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] } },
  ReplicationController: { groups: [''], at: TEMPLATE },
  Deployment: { groups: ['apps', 'extensions'], at: TEMPLATE },
  StatefulSet: { groups: ['apps'], at: TEMPLATE },
  DaemonSet: { groups: ['apps', 'extensions'], at: TEMPLATE },
  ReplicaSet: { groups: ['apps', 'extensions'], at: TEMPLATE },
  Job: { groups: ['batch'], at: TEMPLATE },
  CronJob: {
    groups: ['batch'],
    at: {
      spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    },
  },
};

export const WORKLOAD_KINDS: readonly string[] = Object.freeze(Object.keys(LOCATIONS));

export interface PodTemplate {
  spec: Record<string, unknown>;
  metadata: Record<string, unknown>;
  specPointer: string;
  metadataPointer: string;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const t of tokens) {
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, t)) return undefined;
    node = node[t];
  }
  return node;
}

/** Every workload policy asks for the same template: find it once per resource. */
const templates = new WeakMap<Resource, PodTemplate | null>();

/** The pod template of a workload resource, or undefined when the kind has none or its pod spec is missing. */
export function podTemplateOf(resource: Resource): PodTemplate | undefined {
  let template = templates.get(resource);
  if (template === undefined) {
    template = findPodTemplate(resource) ?? null;
    templates.set(resource, template);
  }
  return template ?? undefined;
}

function findPodTemplate(resource: Resource): PodTemplate | undefined {
  const entry = Object.prototype.hasOwnProperty.call(LOCATIONS, resource.kind) ? LOCATIONS[resource.kind] : undefined;
  if (!entry || !entry.groups.includes(groupOf(resource.apiVersion))) return undefined;
  const spec = walk(resource.object, entry.at.spec);
  if (!isObject(spec)) return undefined;
  const metadata = walk(resource.object, entry.at.metadata);
  return {
    spec,
    metadata: isObject(metadata) ? metadata : {},
    specPointer: '/' + entry.at.spec.join('/'),
    metadataPointer: '/' + entry.at.metadata.join('/'),
  };
}
