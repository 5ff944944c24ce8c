import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, syncgateShimDir } from './cli-shim.js';

const templateFile = path.join(PROJECT_ROOT, 'templates/gitlab/syncgate.gitlab-ci.yml');

interface Job {
  image?: string;
  stage?: string;
  extends?: string;
  variables?: Record<string, string>;
  script?: string[];
  artifacts?: { when?: string; reports?: Record<string, string>; paths?: string[] };
  rules?: Array<{ if?: string; when?: string }>;
}

const template = parse(readFileSync(templateFile, 'utf8')) as Record<string, Job>;
const hidden = template['.syncgate']!;

describe('GitLab CI template', () => {
  it('defines a hidden .syncgate job and a default syncgate job extending it, and nothing global', () => {
    expect(Object.keys(template).sort()).toEqual(['.syncgate', 'syncgate']);
    expect(template['syncgate']).toEqual({ extends: '.syncgate' });
    expect(hidden.image).toBe('$SYNCGATE_IMAGE');
    expect(hidden.variables?.['SYNCGATE_IMAGE']).toMatch(/^node:2\d/);
    expect(typeof hidden.stage).toBe('string');
    expect(hidden.script?.every((line) => typeof line === 'string')).toBe(true);
  });

  it('uploads Code Quality, SAST and JUnit reports even when the job fails', () => {
    expect(hidden.artifacts?.when).toBe('always');
    expect(hidden.artifacts?.reports).toEqual({ codequality: 'gl-code-quality-report.json', sast: 'gl-sast-report.json', junit: 'syncgate-junit.xml' });
  });

  it('has variables for paths, fail-on and the Kubernetes version, and runs in merge request pipelines', () => {
    for (const name of ['SYNCGATE_PATHS', 'SYNCGATE_FAIL_ON', 'SYNCGATE_KUBERNETES_VERSION']) expect(hidden.variables).toHaveProperty(name);
    expect(hidden.rules?.[0]).toEqual({ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' });
    expect(hidden.rules?.some((r) => r.if === '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH')).toBe(true);
  });

  /** The job's script after the npm install, run by sh as the runner would, with this checkout's CLI as `syncgate`. */
  function runScript(variables: Record<string, string>) {
    const project = mkdtempSync(path.join(os.tmpdir(), 'syncgate-gitlab-'));
    cpSync(path.join(PROJECT_ROOT, 'examples/gitops'), project, { recursive: true });
    const script = hidden.script!.filter((line) => !line.startsWith('npm install')).join('\n');
    const result = spawnSync('sh', ['-ec', script], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: `${syncgateShimDir()}${path.delimiter}${process.env['PATH']}`, HOME: os.tmpdir(), ...hidden.variables, ...variables, CI_PROJECT_DIR: project },
    });
    return { ...result, project };
  }

  it('runs syncgate with the formats it names, writing every declared report (examples/gitops)', () => {
    const r = runScript({ SYNCGATE_FAIL_ON: 'high', SYNCGATE_KUBERNETES_VERSION: '1.33' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('apps/base/web/deployment.yaml:27:11');
    const file = (name: string) => readFileSync(path.join(r.project, name), 'utf8');
    const codequality = JSON.parse(file(hidden.artifacts!.reports!['codequality']!));
    expect(codequality).toContainEqual(expect.objectContaining({ check_name: 'schema/unknown-field', location: expect.objectContaining({ path: 'apps/base/web/deployment.yaml', lines: { begin: 27, end: 27 } }) }));
    const sast = JSON.parse(file(hidden.artifacts!.reports!['sast']!));
    expect(sast.scan.type).toBe('sast');
    // Copied out of this repository, the example's Flux paths (./examples/gitops/...) no longer exist: those are findings too.
    expect(sast.vulnerabilities.length).toBe(codequality.length);
    expect(sast.vulnerabilities.length).toBeGreaterThan(0);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(file(hidden.artifacts!.reports!['junit']!));
    expect(junit.testsuites).toBeDefined();
    for (const p of hidden.artifacts!.paths!) expect(existsSync(path.join(r.project, p)), p).toBe(true);
  });

  it('fails the job at the threshold and still writes the reports', () => {
    const r = runScript({ SYNCGATE_FAIL_ON: 'low' });
    expect(r.status).toBe(1);
    const codequality = JSON.parse(readFileSync(path.join(r.project, 'gl-code-quality-report.json'), 'utf8')) as Array<{ check_name: string }>;
    expect(codequality.map((c) => c.check_name)).toContain('schema/unknown-field');
  });
});
