import { LOADER_RULES } from '../load/index.js';
import type { Rule } from '../model/index.js';
import { ALL_BUILTIN_RULES, GATEKEEPER_PARAMETERS_RULE, GATEKEEPER_UNSUPPORTED_RULE, POLICY_ERROR_RULE, VAP_UNSUPPORTED_RULE } from '../policy/index.js';
import { RENDER_RULES } from '../render/index.js';
import { APISERVER_RULES } from '../schema/apiserver/index.js';
import { SCHEMA_RULES } from '../schema/index.js';
import { WAIVER_RULES } from '../waivers/index.js';
import { MISSING_SCHEMA_RULE } from './schema-stage.js';

/** Every rule syncgate can report, for `syncgate rules` and `syncgate explain`. */
export function allRules(): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of [...LOADER_RULES, ...SCHEMA_RULES, ...APISERVER_RULES, MISSING_SCHEMA_RULE, ...RENDER_RULES, ...ALL_BUILTIN_RULES, POLICY_ERROR_RULE, GATEKEEPER_PARAMETERS_RULE, GATEKEEPER_UNSUPPORTED_RULE, VAP_UNSUPPORTED_RULE, ...WAIVER_RULES]) {
    if (!byId.has(rule.id)) byId.set(rule.id, rule);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
