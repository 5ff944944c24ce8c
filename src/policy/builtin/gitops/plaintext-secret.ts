import type { Policy } from '../../ts/index.js';
import { obj } from './flux.js';
import { gitopsPolicy } from './rule.js';

const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,/;
/** A whole value left for Flux post-build substitution (`${VAR}`), not a secret itself. */
const SUBSTITUTION = /^\$\{[^}]+\}$/;

function isProtected(value: unknown): boolean {
  if (typeof value !== 'string') return value === null || value === undefined;
  const v = value.trim();
  return v === '' || SOPS_VALUE.test(v) || SUBSTITUTION.test(v);
}

export const plaintextSecret: Policy = gitopsPolicy('plaintext-secret', {
  title: 'Secrets are not committed in plain text',
  severity: 'high',
  description: 'A v1 Secret with data or stringData values in the repository exposes them to everyone who can read it, forever (Git keeps history). SOPS-encrypted Secrets (a top-level `sops` key, or ENC[AES256_GCM,...] values) and ${VAR} placeholders for Flux substitution are allowed; SealedSecrets are not Secrets and are not checked.',
  remediation: 'Encrypt the Secret with SOPS, or replace it with a SealedSecret or an ExternalSecret, and rotate the exposed values.',
  helpUri: 'https://fluxcd.io/flux/guides/mozilla-sops/',
  tags: ['security', 'nsa-cisa'],
}, ['Secret'], function* (t) {
  if (t.resource.apiVersion !== 'v1' || obj(t.object['sops'])) return;
  for (const field of ['stringData', 'data'] as const) {
    const values = obj(t.object[field]);
    if (!values) continue;
    const plain = Object.keys(values).filter((k) => !isProtected(values[k]));
    if (plain.length > 0) {
      const more = plain.length > 1 ? ` (and ${plain.length - 1} more key${plain.length > 2 ? 's' : ''})` : '';
      yield { message: `Secret ${field}.${plain[0]} is committed in plain text${more}: encrypt it with SOPS or use a SealedSecret/ExternalSecret`, path: [field, plain[0]!] };
      return;
    }
  }
});
