import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, mergeWithFlags } from '../../src/config/index.js';
import { tree } from './helpers.js';

const CONFIG = `paths: [deploy]
exclude: ["charts/**"]
kubernetesVersion: "v1.31.2"
strict: true
failOn: medium
preset: minimal
skipKinds: [SealedSecret]
crds: [crds]
formats: [sarif=out/x.sarif]
baseline: base.json
rules:
  pss/privileged: critical
  pss/host-ports: { options: { allowed: [80] } }
`;

describe('mergeWithFlags', () => {
  it('uses defaults when there is no config and no flag', () => {
    const s = mergeWithFlags(undefined, {}, '/repo', '/repo');
    expect(s).toMatchObject({ paths: ['.'], exclude: [], strict: false, failOn: 'high', preset: 'recommended', formats: [], reportWaivers: false });
    expect(s.baseline).toBeUndefined();
    expect(s.configFile).toBeUndefined();
    expect(s.admission.ignoreResourceWaivers).toBe(false);
  });

  it('config values override defaults; relative paths resolve against the config folder', () => {
    const root = tree({ '.syncgate.yaml': CONFIG });
    const s = mergeWithFlags(loadConfig(root), {}, root, '/elsewhere');
    expect(s.configFile).toBe(path.join(root, '.syncgate.yaml'));
    expect(s.paths).toEqual([path.join(root, 'deploy')]);
    expect(s.crds).toEqual([path.join(root, 'crds')]);
    expect(s.baseline).toBe(path.join(root, 'base.json'));
    expect(s.formats).toEqual([`sarif=${path.join(root, 'out/x.sarif')}`]);
    expect(s).toMatchObject({ strict: true, failOn: 'medium', preset: 'minimal', kubernetesVersion: '1.31' });
    expect(s.rules['pss/privileged']).toEqual({ severity: 'critical' });
    expect(s.rules['pss/host-ports']).toEqual({ options: { allowed: [80] } });
  });

  it('flags override config values', () => {
    const root = tree({ '.syncgate.yaml': CONFIG });
    const s = mergeWithFlags(
      loadConfig(root),
      { paths: ['apps'], strict: false, failOn: 'critical', kubernetesVersion: '1.33', formats: ['json'], baseline: 'other.json', preset: 'strict' },
      root,
      '/work/here',
    );
    expect(s.paths).toEqual(['apps']);
    expect(s).toMatchObject({ strict: false, failOn: 'critical', kubernetesVersion: '1.33', preset: 'strict', formats: ['json'] });
    expect(s.baseline).toBe('/work/here/other.json');
  });

  it('adds selector lists from flags to the config lists instead of dropping the config ones', () => {
    const root = tree({ '.syncgate.yaml': CONFIG });
    const s = mergeWithFlags(loadConfig(root), { exclude: ['tmp/**'], skipKinds: ['Secret'] }, root);
    expect(s.exclude).toEqual(['charts/**', 'tmp/**']);
    expect(s.skipKinds).toEqual(['SealedSecret', 'Secret']);
  });

  it('--no-baseline drops the configured baseline', () => {
    const root = tree({ '.syncgate.yaml': CONFIG });
    expect(mergeWithFlags(loadConfig(root), { baseline: false }, root).baseline).toBeUndefined();
  });

  it('rebases the exclude globs of a config below the repository root', () => {
    const root = tree({ 'apps/.syncgate.yaml': 'exclude: ["charts/**", "*.tmpl.yaml"]\n' });
    const s = mergeWithFlags(loadConfig(path.join(root, 'apps')), {}, root);
    expect(s.exclude).toEqual(['apps/charts/**', '*.tmpl.yaml']);
  });
});
