import { SEVERITIES } from '../model/index.js';
import { FORMAT_NAMES } from '../report/index.js';
import { PRESETS } from './types.js';

/**
 * The JSON schema of `.syncgate.yaml`. The loader validates with it; `docs/config.schema.json`
 * is generated from it (see `editorSchema`) so that editors complete and check the file.
 *
 * `description` doubles as the "expected ..." text of error messages, so keep it short and concrete.
 */

const stringList = (description: string): Record<string, unknown> => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
});

const severityOrOff = { enum: ['off', ...SEVERITIES], description: `off or a severity (${SEVERITIES.join(', ')})` };

const formatPattern = `^(${FORMAT_NAMES.join('|')})(=.+)?$`;

/** A waiver's shape. Required keys and date formats are checked by the waiver stage (mistakes there are findings). */
export const WAIVER_ITEM_SCHEMA = {
  type: 'object',
  description: 'a waiver: rule, the resources it covers, reason, owner, expires',
  additionalProperties: false,
  properties: {
    rule: { type: 'string', description: 'rule id or glob, e.g. pss/privileged or k8s/*' },
    kind: { type: 'string', description: 'resource kind (glob allowed)' },
    namespace: { type: 'string', description: 'resource namespace (glob allowed)' },
    name: { type: 'string', description: 'resource name (glob allowed)' },
    files: stringList('repository-relative path globs the waiver covers'),
    pointer: { type: 'string', description: 'JSON pointer (glob allowed) of the fields covered, e.g. /spec/template/spec/containers/*' },
    reason: { type: 'string', description: 'why the finding is accepted (required)' },
    owner: { type: 'string', description: 'who answers for the waiver' },
    expires: { type: 'string', description: 'last day the waiver is valid, YYYY-MM-DD (UTC), or never (required)' },
  },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/syncgate/syncgate/blob/main/docs/config.schema.json',
  title: 'syncgate configuration (.syncgate.yaml)',
  type: 'object',
  description: 'a mapping of syncgate settings',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'URL of this schema (for editors)' },
    paths: stringList('files, directories or globs to check when none are given on the command line (relative to this file)'),
    exclude: stringList('globs of repository-relative paths to skip'),
    kubernetesVersion: {
      type: 'string',
      pattern: '^v?1\\.[0-9]+(\\.[0-9]+)?$',
      description: 'a Kubernetes minor version such as "1.33"',
    },
    strict: { type: 'boolean', description: 'true or false: unknown fields and duplicate keys are errors' },
    failOn: { enum: [...SEVERITIES], description: `the severity at or above which the run fails (${SEVERITIES.join(', ')})` },
    preset: { enum: [...PRESETS], description: `the built-in rule set (${PRESETS.join(', ')})` },
    pssVersion: {
      type: 'string',
      pattern: '^(latest|v?1\\.[0-9]+)$',
      description: 'a Pod Security Standards version such as "1.33", or "latest"',
    },
    rules: {
      type: 'object',
      description: 'rule settings: <rule id>: off | <severity> | { severity, options }',
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9._/*-]*$', description: 'a rule id such as pss/privileged' },
      additionalProperties: {
        description: `off, a severity (${SEVERITIES.join(', ')}) or { severity, options }`,
        anyOf: [
          severityOrOff,
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              severity: severityOrOff,
              options: { type: 'object', description: 'rule options (a mapping)' },
            },
          },
        ],
      },
    },
    policies: stringList('directories of user policies (Rego or TypeScript), relative to this file'),
    crds: stringList('files or directories with CustomResourceDefinitions, relative to this file'),
    schemaLocations: stringList('kubeconform-style schema folders or path templates'),
    skipKinds: stringList('kinds not to validate: Kind or group/version/Kind'),
    rejectKinds: stringList('kinds that are not allowed at all'),
    formats: {
      type: 'array',
      description: `outputs like --format: ${FORMAT_NAMES.join(', ')}, optionally =file`,
      items: { type: 'string', pattern: formatPattern, description: `a format (${FORMAT_NAMES.join(', ')}), optionally followed by =file` },
    },
    waivers: { type: 'array', description: 'accepted findings, each with a reason and an expiry date', items: WAIVER_ITEM_SCHEMA },
    baseline: { type: 'string', minLength: 1, description: 'baseline file of accepted findings (relative to this file)' },
    admission: {
      type: 'object',
      description: 'settings of the admission webhook',
      additionalProperties: false,
      properties: {
        ignoreResourceWaivers: { type: 'boolean', description: 'true or false: ignore syncgate.io/waive annotations on admitted resources' },
      },
    },
  },
} as const;

/**
 * The schema for editors: the same as CONFIG_SCHEMA, plus `required` on waivers so that
 * editors flag a missing reason or expiry while typing (the CLI reports them as findings).
 */
export function editorSchema(): Record<string, unknown> {
  const schema = structuredClone(CONFIG_SCHEMA) as unknown as { properties: { waivers: { items: Record<string, unknown> } } };
  schema.properties.waivers.items['required'] = ['rule', 'reason', 'expires'];
  return schema as unknown as Record<string, unknown>;
}
