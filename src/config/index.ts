/**
 * The `.syncgate.yaml` configuration: find, parse, validate (file:line:col errors), and merge
 * with command-line flags.
 *
 *   const loaded = loadConfig(startDir, flags.config);          // undefined when there is none
 *   const settings = mergeWithFlags(loaded, explicitFlags, root);
 */
export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
export { CONFIG_FILE_NAMES, findConfigFile } from './find.js';
export { loadConfig, parseConfig, type LoadedConfig } from './load.js';
export { mergeWithFlags, normaliseMinorVersion, DEFAULT_SETTINGS, type EffectiveSettings, type FlagValues, type RuleConfig } from './merge.js';
export { CONFIG_SCHEMA, WAIVER_ITEM_SCHEMA, editorSchema } from './schema.js';
export { unknownRuleSettings } from './rules-check.js';
export { closest, editDistance } from './validate.js';
export { PRESETS, type ConfigWaiver, type Preset, type RuleSetting, type SyncgateConfig } from './types.js';
export { applyRuleSettings, configuredRules, ruleOptionsOf, ruleSettingFor } from './rule-settings.js';
