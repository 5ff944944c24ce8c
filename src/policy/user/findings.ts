import path from 'node:path';
import {
  describeResource,
  fingerprintOf,
  toResourceRef,
  type Finding,
  type Range,
  type Resource,
} from '../../model/index.js';
import { POLICY_ERROR_RULE } from '../ts/errors.js';
import { safeLocate } from '../ts/locate.js';
import { isInsideDir, type PolicyDirectory } from './discover.js';
import type { SourceFrame, WireError } from './protocol.js';

/**
 * `policy/error` findings for user policies: the ones about a policy file (it did not load) point
 * at the file, line and column; the ones about a check that failed on a resource point at the
 * resource and name the policy's file, line and column in the message and in `properties`.
 */

/** Names files the way findings do: repository-relative with forward slashes (absolute outside the root). */
export class DisplayPaths {
  constructor(
    private readonly root: string,
    private readonly dirs: readonly PolicyDirectory[],
  ) {}

  /** `file` may be a real path (from the compiler or a stack frame) or a path as given. */
  of(file: string): string {
    let shown = file;
    for (const dir of this.dirs) {
      if (isInsideDir(dir.real, file) && !isInsideDir(dir.given, file)) {
        shown = path.join(dir.given, path.relative(dir.real, file));
        break;
      }
    }
    const rel = path.relative(this.root, shown);
    const inside = rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
    return (inside ? rel : shown).split(path.sep).join('/');
  }

  frame(frame: SourceFrame): string {
    return `${this.of(frame.file)}:${frame.line}:${frame.column}`;
  }
}

export function pointRange(line: number, column: number): Range {
  return { startLine: line, startColumn: column, endLine: line, endColumn: column };
}

/** A finding about a policy file or directory (not about a resource). */
export function policyFileFinding(file: string, range: Range, message: string, detail: string, properties: Record<string, unknown> = {}): Finding {
  return {
    ruleId: POLICY_ERROR_RULE.id,
    severity: POLICY_ERROR_RULE.severity,
    message,
    file,
    range,
    fingerprint: fingerprintOf({ ruleId: POLICY_ERROR_RULE.id, file, detail }),
    properties: { policyFile: file, ...properties },
  };
}

export function describeWireError(error: WireError): string {
  return error.name === 'Thrown value' ? `threw ${error.message}` : `${error.name}: ${error.message}`;
}

export interface PolicyIdentity {
  ruleId: string;
  /** Display path of the policy file. */
  file: string;
}

/** A check threw (or returned something that is not violations) on one resource. */
export function checkErrorFinding(policy: PolicyIdentity, resource: Resource, error: WireError, paths: DisplayPaths): Finding {
  const where = error.frame ? paths.frame(error.frame) : policy.file;
  const reason = describeWireError(error);
  return resourceFinding(policy, resource, `Policy ${policy.ruleId} (${where}) failed on ${describeResource(resource)}: ${reason}`, {
    ...(error.frame ? { errorFile: paths.of(error.frame.file), errorLine: error.frame.line, errorColumn: error.frame.column } : {}),
    error: reason,
  });
}

/** The policy ran out of time (or the worker died) while checking `resource`. */
export function stoppedFinding(policy: PolicyIdentity, resource: Resource | undefined, what: string): Finding {
  const message = `Policy ${policy.ruleId} (${policy.file}) ${what}`;
  if (!resource) return policyFileFinding(policy.file, pointRange(1, 1), `${message}.`, `${policy.ruleId}\0${what}`, { policy: policy.ruleId, error: what });
  return resourceFinding(policy, resource, `${message} while checking ${describeResource(resource)}; it was stopped and did not check the resources after it.`, { error: what });
}

function resourceFinding(policy: PolicyIdentity, resource: Resource, message: string, properties: Record<string, unknown>): Finding {
  const ref = toResourceRef(resource);
  return {
    ruleId: POLICY_ERROR_RULE.id,
    severity: POLICY_ERROR_RULE.severity,
    message,
    resource: ref,
    file: resource.source.file,
    range: safeLocate(resource, ''),
    fingerprint: fingerprintOf({ ruleId: POLICY_ERROR_RULE.id, file: resource.source.file, resource: ref, detail: policy.ruleId }),
    properties: { policy: policy.ruleId, policyFile: policy.file, ...properties },
  };
}

/** Line and column of the first quoted occurrence of `text` in `source` (where a rule id is written). */
export function findQuoted(source: string, text: string): Range | undefined {
  for (const quote of ["'", '"', '`']) {
    const at = source.indexOf(quote + text + quote);
    if (at >= 0) return rangeOfOffset(source, at);
  }
  return undefined;
}

export function rangeOfOffset(source: string, offset: number): Range {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return pointRange(line, offset - lineStart + 1);
}
