import { fingerprintOf, toResourceRef, type Finding, type Resource, type Rule, type SkippedItem } from '../model/index.js';
import { APISERVER_RULES, checkDeprecatedApi, checkMetadata, findDuplicateObjects } from '../schema/apiserver/index.js';
import { createSchemaValidator, type SchemaValidator } from '../schema/index.js';
import type { RunOptions } from './options.js';
import { groupBySyncScope } from './sync-scopes.js';
import { renderScopeOf } from '../render/index.js';

export interface SchemaStageResult {
  findings: Finding[];
  skipped: SkippedItem[];
  rules: Rule[];
  kubernetesVersion: string;
}

export const MISSING_SCHEMA_RULE: Rule = {
  id: 'schema/missing-schema',
  title: 'No schema for this kind',
  severity: 'high',
  description: 'No Kubernetes, CRD or user-supplied schema is known for this apiVersion and kind, so the resource could not be validated. Reported as a finding only with --fail-on-missing-schema.',
  remediation: 'Add the CustomResourceDefinition to the checked paths or pass it with --crd, point --schema-location at a folder of JSON schemas, or skip the kind with --skip.',
  helpUri: 'https://github.com/syncgate/syncgate/blob/main/docs/rules.md#schemamissing-schema',
  tags: ['schema'],
};

/** JSON-schema validation plus the checks the API server applies on top of it. */
export async function runSchemaStage(resources: Resource[], crdResources: Resource[], options: RunOptions): Promise<SchemaStageResult> {
  const validator = await createSchemaValidator(
    {
      strict: options.strict,
      schemaLocations: options.schemaLocations,
      crdResources,
      skipKinds: options.skipKinds,
      rejectKinds: options.rejectKinds,
      ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
    },
    resources,
  );
  const { findings, skipped, judged } = validateEach(validator, resources, options);
    // One call, partitioned by sync scope, so CRDs anywhere in the run still tell which kinds are cluster-scoped.
  const scopeOf = new Map<Resource, string>();
  groupBySyncScope(judged).forEach((scope, index) => scope.forEach((r) => scopeOf.set(r, String(index))));
  // A rendered resource belongs to its render root: a base rendered by four overlays is four deployments, not a clash.
  const partitionOf = (r: Resource) => renderScopeOf(r) ?? scopeOf.get(r) ?? 'crd-files';
  findings.push(...findDuplicateObjects([...judged, ...crdResources.filter((r) => !scopeOf.has(r))], undefined, { partitionOf }));
  const rules = [...validator.rules, ...APISERVER_RULES];
  if (options.failOnMissingSchema) rules.push(MISSING_SCHEMA_RULE);
  return { findings, skipped, rules, kubernetesVersion: validator.kubernetesVersion };
}

/**
 * The per-resource checks: schema, API deprecations and metadata rules. Resources of skipped
 * kinds are not judged further; `judged` lists the others for the cross-resource checks.
 */
export function validateEach(
  validator: SchemaValidator,
  resources: readonly Resource[],
  options: Pick<RunOptions, 'failOnMissingSchema'>,
): { findings: Finding[]; skipped: SkippedItem[]; judged: Resource[] } {
  const findings: Finding[] = [];
  const skipped: SkippedItem[] = [];
  const judged: Resource[] = [];
  for (const resource of resources) {
    const check = validator.validate(resource);
    findings.push(...check.findings);
    if (check.skipped) {
      if (check.skipped.kind === 'missing-schema' && options.failOnMissingSchema) findings.push(missingSchemaFinding(resource, check.skipped.reason));
      else skipped.push(check.skipped);
      if (check.skipped.kind === 'skipped-kind') continue;
    }
    judged.push(resource);
    findings.push(...checkDeprecatedApi(resource, validator.kubernetesVersion));
    findings.push(...checkMetadata(resource));
  }
  return { findings, skipped, judged };
}

function missingSchemaFinding(resource: Resource, reason: string): Finding {
  const ruleId = MISSING_SCHEMA_RULE.id;
  const ref = toResourceRef(resource);
  return {
    ruleId,
    severity: MISSING_SCHEMA_RULE.severity,
    message: reason,
    resource: ref,
    file: resource.source.file,
    range: resource.locate('/kind'),
    pointer: '/kind',
    fingerprint: fingerprintOf({ ruleId, file: resource.source.file, resource: ref, pointer: '/kind' }),
  };
}
