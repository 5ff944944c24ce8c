import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Range } from '../model/index.js';
import { ConfigError } from './errors.js';
import { findConfigFile } from './find.js';
import type { SyncgateConfig } from './types.js';
import { validateConfigData } from './validate.js';
import { parseYamlSource } from './yaml-source.js';

/** Larger than any sensible config; protects against pointing --config at a huge file. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Directory of the file: relative paths in the config are relative to it. */
  dir: string;
  config: SyncgateConfig;
  /** Position of a JSON pointer into the config (`/waivers/2`), for findings about the config. */
  locate(pointer: string): Range;
}

/**
 * Finds and loads the configuration for `startDir` (see findConfigFile), or loads `explicitPath`
 * when given (then a missing file is an error). Returns undefined when there is no config file.
 * Throws ConfigError (file:line:col) when the file is not valid.
 */
export function loadConfig(startDir: string, explicitPath?: string): LoadedConfig | undefined {
  const file = explicitPath ? path.resolve(explicitPath) : findConfigFile(startDir);
  if (!file) return undefined;
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.length > MAX_CONFIG_BYTES) throw new Error('the file is larger than 1 MiB');
    text = buffer.toString('utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'configuration file not found' : (err as Error).message;
    throw new ConfigError([{ file, line: 1, column: 1, message: reason }]);
  }
  return parseConfig(text, file);
}

/** Parses and validates configuration text; `file` is only used in positions and to resolve paths. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const display = displayName(file);
  const source = parseYamlSource(text, display);
  if (source.data === null || source.data === undefined) source.data = {};
  const problems = validateConfigData(source, display);
  if (problems.length > 0) throw new ConfigError(problems);
  return { file: path.resolve(file), dir: path.dirname(path.resolve(file)), config: source.data as SyncgateConfig, locate: source.locate };
}

/** Relative to the working directory when inside it (what a user clicks in a terminal), else absolute. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}
