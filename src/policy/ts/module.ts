import { isPolicy } from './define.js';
import type { Policy } from './types.js';

/**
 * The policies a policy module exports: its default export and named exports, each a policy or a
 * list of policies. `file` names the module in errors. Throws when the module exports none.
 */
export function policiesFromModule(exports: Record<string, unknown>, file: string): Policy[] {
  const found: Policy[] = [];
  const seen = new Set<Policy>();
  for (const [name, value] of Object.entries(exports)) {
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length > 0 && !value.every(isPolicy)) {
      throw new Error(`${file}: export ${JSON.stringify(name)} mixes policies with other values; export only policies made with definePolicy`);
    }
    for (const v of values) {
      if (isPolicy(v) && !seen.has(v)) {
        seen.add(v);
        found.push(v);
      }
    }
  }
  if (found.length === 0) {
    throw new Error(`${file}: exports no policy; default-export definePolicy({ rule, kinds, check }) or a list of them`);
  }
  return found;
}
