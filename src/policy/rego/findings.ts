import path from 'node:path';
import { FILE_START, fingerprintOf, toResourceRef, describeResource, type Finding, type Range, type Resource } from '../../model/index.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';

/** Repository-relative path with forward slashes (absolute when outside the root). */
export function displayPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  const shown = rel && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}

export function safeLocate(resource: Resource, pointer: string): Range {
  try {
    return resource.locate(pointer);
  } catch {
    return { ...FILE_START };
  }
}

/** A `policy/error` finding on a policy file (syntax, compile or load problem). */
export function policyFileError(file: string, line: number, col: number, message: string): Finding {
  return {
    ruleId: POLICY_ERROR_RULE.id,
    severity: POLICY_ERROR_RULE.severity,
    message,
    file,
    range: { startLine: line, startColumn: col, endLine: line, endColumn: col },
    fingerprint: fingerprintOf({ ruleId: POLICY_ERROR_RULE.id, file, detail: message }),
    properties: { policyFile: file, errorLine: line, errorColumn: col },
  };
}

/** A `policy/error` finding on a resource a Rego rule failed to evaluate. */
export function policyEvalError(resource: Resource, ruleId: string, where: { file: string; line: number; col: number } | undefined, reason: string): Finding {
  const ref = toResourceRef(resource);
  const at = where ? ` (${where.file}:${where.line}:${where.col})` : '';
  return {
    ruleId: POLICY_ERROR_RULE.id,
    severity: POLICY_ERROR_RULE.severity,
    message: `Policy ${ruleId}${at} failed on ${describeResource(resource)}: ${reason}`,
    resource: ref,
    file: resource.source.file,
    range: safeLocate(resource, ''),
    fingerprint: fingerprintOf({ ruleId: POLICY_ERROR_RULE.id, file: resource.source.file, resource: ref, detail: ruleId }),
    properties: { policy: ruleId, ...(where ? { errorFile: where.file, errorLine: where.line, errorColumn: where.col } : {}), error: reason },
  };
}
