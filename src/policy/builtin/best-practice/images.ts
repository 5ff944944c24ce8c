import type { Policy, Violation, WorkloadTarget } from '../../ts/index.js';
import { appContainers, isMutableImage, parseImage, podContainers, type ContainerEntry } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/concepts/containers/images/';

function* latest(entries: ContainerEntry[]): Iterable<Violation> {
  for (const c of entries) {
    const image = c.container['image'];
    if (typeof image !== 'string' || image.trim() === '') continue;
    const ref = parseImage(image);
    if (ref.digest !== undefined) continue;
    if (ref.tag === undefined) yield { message: `${c.label} image ${JSON.stringify(image)} has no tag (it means "latest"): pin a version`, path: [...c.path, 'image'] };
    else if (ref.tag === 'latest') yield { message: `${c.label} image ${JSON.stringify(image)} uses the "latest" tag: pin a version`, path: [...c.path, 'image'] };
  }
}

function initContainers(t: WorkloadTarget): ContainerEntry[] {
  return podContainers(t).filter((c) => c.path[0] === 'initContainers');
}

export const imagePolicies: Policy[] = [
  workloadPractice('image-latest-tag', {
    title: 'Container images are pinned to a tag other than latest',
    severity: 'medium',
    description: 'A container image with the "latest" tag or no tag changes under the same manifest: rollbacks and audits cannot tell what ran. Images pinned by digest pass.',
    remediation: 'Use an immutable version tag (app:1.4.2) or a digest (app@sha256:...).',
    helpUri: HELP,
    tags: ['supply-chain'],
  }, (t) => latest(appContainers(t))),
  workloadPractice('init-image-latest-tag', {
    title: 'Init container images are pinned to a tag other than latest',
    severity: 'medium',
    description: 'Init containers run before every pod start; a "latest" or untagged image changes what they do without a change in Git. Images pinned by digest pass.',
    remediation: 'Use an immutable version tag or a digest for each init container image.',
    helpUri: HELP,
    tags: ['supply-chain'],
  }, (t) => latest(initContainers(t))),
  workloadPractice('image-digest-missing', {
    title: 'Container images are pinned by digest',
    severity: 'info',
    description: 'Tags can be moved to other images; only a digest (image@sha256:...) makes the image immutable.',
    remediation: 'Append the digest to the image reference (app:1.4.2@sha256:...), for example with a tool that resolves tags in CI.',
    helpUri: HELP,
    tags: ['supply-chain'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const image = c.container['image'];
      if (typeof image === 'string' && image.trim() !== '' && parseImage(image).digest === undefined) {
        yield { message: `${c.label} image ${JSON.stringify(image)} is not pinned by digest`, path: [...c.path, 'image'] };
      }
    }
  }),
  workloadPractice('image-pull-policy', {
    title: 'Mutable image references are pulled every time',
    severity: 'low',
    description: 'An image with the "latest" tag or no tag and imagePullPolicy IfNotPresent or Never runs whatever copy a node cached, so nodes run different code. Pinned tags and digests are not checked.',
    remediation: 'Pin the image to a version tag or digest; otherwise set imagePullPolicy: Always (or leave it unset: "latest" defaults to Always).',
    helpUri: `${HELP}#image-pull-policy`,
    tags: ['reliability'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const image = c.container['image'];
      const policy = c.container['imagePullPolicy'];
      if (typeof image !== 'string' || (policy !== 'IfNotPresent' && policy !== 'Never')) continue;
      if (isMutableImage(parseImage(image))) {
        yield { message: `${c.label} pulls the mutable image ${JSON.stringify(image)} with imagePullPolicy ${policy}: pin the image or use Always`, path: [...c.path, 'imagePullPolicy'] };
      }
    }
  }),
];
