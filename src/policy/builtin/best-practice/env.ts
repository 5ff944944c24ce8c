import type { Policy } from '../../ts/index.js';
import { list, obj, podContainers } from './pod.js';
import { resourcePractice, workloadPractice } from './rule.js';

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PWD', 'PASS', 'TOKEN', 'SECRET', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PASSPHRASE']);
const SECRET_PAIRS = new Set(['API_KEY', 'ACCESS_KEY', 'SECRET_KEY', 'PRIVATE_KEY', 'AUTH_KEY', 'CLIENT_SECRET', 'SECRET_ACCESS_KEY']);

/**
 * A variable name that holds a secret: its last word is PASSWORD, TOKEN, SECRET... or it ends with
 * API_KEY, PRIVATE_KEY... Names like TOKEN_FILE, SECRET_NAME or PASSWORD_MIN_LENGTH do not.
 */
export function looksSecret(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (words.length === 0) return false;
  if (SECRET_WORDS.has(words.at(-1)!)) return true;
  return words.length >= 2 && SECRET_PAIRS.has(`${words.at(-2)}_${words.at(-1)}`);
}

/** A literal that is not a secret: empty, a boolean or number, or a reference to another variable. */
function harmless(value: string): boolean {
  const v = value.trim();
  return v === '' || /^(true|false|yes|no|on|off|\d+)$/i.test(v) || /\$\(|\$\{/.test(v) || /^<.*>$/.test(v);
}

export const envPolicies: Policy[] = [
  resourcePractice('configmap-secret-literal', {
    title: 'Secrets are not written into ConfigMaps',
    severity: 'high',
    description: 'A ConfigMap key named like a secret (…password, …token, …secret, …api_key) with a literal value stores the secret unencrypted, readable by anyone who may read ConfigMaps. Empty, boolean and numeric values and placeholders are ignored.',
    remediation: 'Move the value into a Secret (encrypted with SOPS, or a SealedSecret/ExternalSecret) and reference it from there.',
    helpUri: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
    tags: ['security'],
  }, ['ConfigMap'], function* (t) {
    const data = obj(t.object['data']) ?? {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' && looksSecret(key) && !harmless(value)) {
        yield { message: `ConfigMap key ${JSON.stringify(key)} holds a literal secret: use a Secret`, path: ['data', key] };
      }
    }
  }),
  workloadPractice('env-secret-literal', {
    title: 'Secrets are not written into environment variables',
    severity: 'high',
    description: 'An environment variable named like a secret (…PASSWORD, …TOKEN, …SECRET, …API_KEY) with a literal value puts the secret in Git and in every copy of the manifest. Empty, boolean and numeric values and $(VAR) references are ignored.',
    remediation: 'Store the value in a Secret (SOPS, Sealed Secrets, External Secrets) and use env[].valueFrom.secretKeyRef.',
    helpUri: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
    tags: ['security', 'nsa-cisa'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      for (const [i, e] of list(c.container['env']).entries()) {
        const env = obj(e);
        const name = env?.['name'];
        const value = env?.['value'];
        if (typeof name === 'string' && typeof value === 'string' && looksSecret(name) && !harmless(value)) {
          yield { message: `${c.label} sets ${name} to a literal value: use valueFrom.secretKeyRef`, path: [...c.path, 'env', i, 'value'] };
        }
      }
    }
  }),
  workloadPractice('duplicate-env-var', {
    title: 'Containers do not define an environment variable twice',
    severity: 'medium',
    description: 'When a container lists the same variable twice, the last one wins silently; the first is dead configuration that readers trust.',
    remediation: 'Remove the duplicate entry from env.',
    tags: ['hygiene'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const seen = new Set<string>();
      for (const [i, e] of list(c.container['env']).entries()) {
        const name = obj(e)?.['name'];
        if (typeof name !== 'string') continue;
        if (seen.has(name)) yield { message: `${c.label} defines ${name} more than once`, path: [...c.path, 'env', i, 'name'] };
        seen.add(name);
      }
    }
  }),
];
