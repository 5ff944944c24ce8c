import { describe, expect, it } from 'vitest';
import { fingerprintOf, toResourceRef } from '../../src/model/index.js';
import {
  checkDeprecatedApi,
  DEPRECATED_APIS,
  parseKubernetesVersion,
  compareKubeMinor,
  RULE_DEPRECATED_API,
  RULE_REMOVED_API,
} from '../../src/schema/apiserver/index.js';
import { fakeResource, manifest } from './helpers/fake-resource.js';

function check(apiVersion: string, kind: string, target: string) {
  const resource = fakeResource(manifest(apiVersion, kind, { name: 'x', namespace: 'apps' }));
  return { resource, findings: checkDeprecatedApi(resource, target) };
}

describe('DEPRECATED_APIS table', () => {
  it('has one entry per apiVersion and kind, with consistent versions', () => {
    const keys = new Set<string>();
    for (const entry of DEPRECATED_APIS) {
      const key = `${entry.apiVersion}|${entry.kind}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
      const deprecated = parseKubernetesVersion(entry.deprecatedIn);
      if (entry.removedIn) expect(compareKubeMinor(parseKubernetesVersion(entry.removedIn), deprecated), key).toBeGreaterThanOrEqual(0);
      if (entry.replacement) {
        parseKubernetesVersion(entry.replacement.availableIn);
        expect(entry.replacement.apiVersion, key).not.toBe(entry.apiVersion);
      } else {
        // Without a replacement the note must say what to do instead.
        expect(entry.note, key).toBeTruthy();
      }
    }
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEPRECATED_APIS)).toBe(true);
    expect(DEPRECATED_APIS.every((e) => Object.isFrozen(e) && (!e.replacement || Object.isFrozen(e.replacement)))).toBe(true);
  });

  it('covers the APIs of the deprecation guide from v1.16 to v1.32', () => {
    const covered = new Set(DEPRECATED_APIS.map((e) => `${e.apiVersion} ${e.kind}`));
    const expected = [
      'extensions/v1beta1 Deployment', 'extensions/v1beta1 DaemonSet', 'extensions/v1beta1 ReplicaSet', 'extensions/v1beta1 NetworkPolicy',
      'extensions/v1beta1 PodSecurityPolicy', 'extensions/v1beta1 Ingress', 'apps/v1beta1 Deployment', 'apps/v1beta1 StatefulSet',
      'apps/v1beta2 DaemonSet', 'apps/v1beta2 ReplicaSet', 'policy/v1beta1 PodSecurityPolicy', 'policy/v1beta1 PodDisruptionBudget',
      'batch/v1beta1 CronJob', 'autoscaling/v2beta1 HorizontalPodAutoscaler', 'autoscaling/v2beta2 HorizontalPodAutoscaler',
      'networking.k8s.io/v1beta1 Ingress', 'networking.k8s.io/v1beta1 IngressClass', 'rbac.authorization.k8s.io/v1beta1 ClusterRole',
      'rbac.authorization.k8s.io/v1beta1 RoleBinding', 'storage.k8s.io/v1beta1 CSIDriver', 'storage.k8s.io/v1beta1 CSINode',
      'storage.k8s.io/v1beta1 StorageClass', 'storage.k8s.io/v1beta1 VolumeAttachment', 'storage.k8s.io/v1beta1 CSIStorageCapacity',
      'apiextensions.k8s.io/v1beta1 CustomResourceDefinition', 'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
      'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration', 'apiregistration.k8s.io/v1beta1 APIService',
      'authentication.k8s.io/v1beta1 TokenReview', 'authorization.k8s.io/v1beta1 SubjectAccessReview',
      'certificates.k8s.io/v1beta1 CertificateSigningRequest', 'coordination.k8s.io/v1beta1 Lease', 'discovery.k8s.io/v1beta1 EndpointSlice',
      'events.k8s.io/v1beta1 Event', 'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration',
      'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema', 'node.k8s.io/v1beta1 RuntimeClass', 'scheduling.k8s.io/v1beta1 PriorityClass',
    ];
    expect(expected.filter((e) => !covered.has(e))).toEqual([]);
  });
});

describe('checkDeprecatedApi', () => {
  it('reports nothing for a current API', () => {
    expect(check('apps/v1', 'Deployment', '1.33').findings).toEqual([]);
    expect(check('networking.k8s.io/v1', 'Ingress', '1.22').findings).toEqual([]);
  });

  it('reports nothing before the deprecation, deprecated (medium) before removal, removed (high) from the removal on', () => {
    expect(check('extensions/v1beta1', 'Ingress', '1.13').findings).toEqual([]);

    const deprecated = check('extensions/v1beta1', 'Ingress', '1.20').findings;
    expect(deprecated).toHaveLength(1);
    expect(deprecated[0]).toMatchObject({ ruleId: RULE_DEPRECATED_API, severity: 'medium' });
    expect(deprecated[0]!.message).toContain('networking.k8s.io/v1 Ingress');
    expect(deprecated[0]!.message).toContain('will be removed in v1.22');

    const removed = check('extensions/v1beta1', 'Ingress', '1.22').findings;
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ ruleId: RULE_REMOVED_API, severity: 'high' });
    expect(removed[0]!.message).toContain('networking.k8s.io/v1 Ingress');
    expect(removed[0]!.message).toContain('v1.22');
    expect(removed[0]!.help).toContain('pathType');
  });

  it('points at /apiVersion and builds the finding from the resource', () => {
    const { resource, findings } = check('batch/v1beta1', 'CronJob', 'v1.25.4');
    const [finding] = findings;
    expect(finding).toBeDefined();
    expect(resource.pointerAt(finding!)).toBe('/apiVersion');
    expect(finding!.pointer).toBe('/apiVersion');
    expect(finding!.file).toBe('manifests/app.yaml');
    expect(finding!.resource).toEqual(toResourceRef(resource));
    expect(finding!.fingerprint).toBe(
      fingerprintOf({ ruleId: RULE_REMOVED_API, file: 'manifests/app.yaml', resource: toResourceRef(resource), pointer: '/apiVersion' }),
    );
    expect(finding!.message).toContain('batch/v1 CronJob');
  });

  it('distinguishes the HPA betas by their own removal versions', () => {
    expect(check('autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.24').findings[0]?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(check('autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    expect(check('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.25').findings[0]?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(check('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    expect(check('autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25').findings[0]?.help).toContain('target.averageUtilization');
  });

  it('explains PodSecurityPolicy has no replacement API', () => {
    const [finding] = check('policy/v1beta1', 'PodSecurityPolicy', '1.25').findings;
    expect(finding?.ruleId).toBe(RULE_REMOVED_API);
    expect(finding?.message).toContain('Pod Security Admission');
    expect(finding?.properties?.['replacementApiVersion']).toBeUndefined();
  });

  it('follows a replacement that is itself gone by the target version', () => {
    const at126 = check('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.26').findings[0];
    expect(at126?.message).toContain('flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema');
    const at133 = check('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.33').findings[0];
    expect(at133?.message).toContain('flowcontrol.apiserver.k8s.io/v1 FlowSchema');
    expect(at133?.properties?.['replacementApiVersion']).toBe('flowcontrol.apiserver.k8s.io/v1');
    // extensions/v1beta1 PSP → policy/v1beta1 PSP, which is itself gone from v1.25 without a successor.
    const pspBefore = check('extensions/v1beta1', 'PodSecurityPolicy', '1.20').findings[0];
    expect(pspBefore?.message).toContain('use policy/v1beta1 PodSecurityPolicy');
    const pspAfter = check('extensions/v1beta1', 'PodSecurityPolicy', '1.30').findings[0];
    expect(pspAfter?.message).not.toContain('use policy/v1beta1');
    expect(pspAfter?.message).toContain('Pod Security Admission');
  });

  it('flags the flowcontrol betas at their own removals', () => {
    expect(check('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', '1.28').findings[0]?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(check('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', '1.29').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    expect(check('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31').findings[0]?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(check('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    expect(check('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', '1.32').findings).toEqual([]);
  });

  it('reports a deprecation without scheduled removal, with a replacement of another kind', () => {
    expect(check('v1', 'Endpoints', '1.32').findings).toEqual([]);
    const [finding] = check('v1', 'Endpoints', '1.33').findings;
    expect(finding?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(finding?.message).toContain('no removal scheduled');
    expect(finding?.message).toContain('discovery.k8s.io/v1 EndpointSlice');
    expect(check('v1', 'ConfigMap', '1.33').findings).toEqual([]);
  });

  it('matches every kind of an apiVersion that was removed as a whole', () => {
    const [finding] = check('apps/v1beta2', 'ControllerRevision', '1.16').findings;
    expect(finding?.ruleId).toBe(RULE_REMOVED_API);
    expect(finding?.message).toContain('apps/v1 ControllerRevision');
  });

  it('says when the replacement is not served yet in the target version', () => {
    const [finding] = check('autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.22').findings;
    expect(finding?.ruleId).toBe(RULE_DEPRECATED_API);
    expect(finding?.message).toContain('served from v1.23');
  });

  it('reports removed alpha APIs', () => {
    expect(check('resource.k8s.io/v1alpha2', 'ResourceClaim', '1.30').findings).toEqual([]);
    expect(check('resource.k8s.io/v1alpha2', 'ResourceClaim', '1.31').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    expect(check('networking.k8s.io/v1alpha1', 'ClusterCIDR', '1.29').findings[0]?.ruleId).toBe(RULE_REMOVED_API);
  });

  it('accepts common version spellings and rejects nonsense', () => {
    for (const version of ['1.25', 'v1.25', '1.25.0', 'v1.25.3-eks.1', ' 1.25 ']) {
      expect(check('batch/v1beta1', 'CronJob', version).findings[0]?.ruleId).toBe(RULE_REMOVED_API);
    }
    expect(() => check('batch/v1beta1', 'CronJob', 'latest')).toThrow(/invalid Kubernetes version/);
    expect(() => check('batch/v1beta1', 'CronJob', '1')).toThrow(/invalid Kubernetes version/);
  });
});
