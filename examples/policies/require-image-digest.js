// @ts-check
/**
 * Example user policy (JavaScript, an ES module): container images are pinned by digest, so the
 * cluster runs exactly what was reviewed (a tag can be moved to another image; a digest cannot).
 *
 *   syncgate check examples/gitops --policy examples/policies
 */
import { definePolicy } from 'syncgate';

export default definePolicy({
  rule: {
    id: 'custom/require-image-digest',
    title: 'Container images are pinned by digest',
    severity: 'low',
    description: 'A tag such as `1.4.2` can be re-pointed to another image after review; a digest (`@sha256:...`) names one image for good.',
    remediation: 'Pin the image by digest, e.g. `ghcr.io/example/web:1.4.2@sha256:<digest>` (tools such as Renovate keep digests up to date).',
    helpUri: 'https://github.com/syncgate/syncgate/blob/main/examples/policies/require-image-digest.js',
    tags: ['supply-chain'],
  },
  kinds: 'workloads',
  *check({ podSpec }) {
    for (const field of /** @type {const} */ (['initContainers', 'containers', 'ephemeralContainers'])) {
      const containers = podSpec[field];
      if (!Array.isArray(containers)) continue;
      for (const [i, container] of containers.entries()) {
        const image = container?.image;
        if (typeof image === 'string' && !image.includes('@sha256:')) {
          yield { message: `container "${container.name}" uses image ${image} by tag; pin it by digest (${image}@sha256:...)`, path: [field, i, 'image'] };
        }
      }
    }
  },
});
