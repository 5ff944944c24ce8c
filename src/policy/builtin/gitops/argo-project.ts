import type { Policy } from '../../ts/index.js';
import { obj } from './flux.js';
import { gitopsPolicy } from './rule.js';

export const argoProject: Policy = gitopsPolicy('argo-project-missing', {
  title: 'Argo CD Applications name an AppProject of the run',
  severity: 'medium',
  description: 'An Argo CD Application (or ApplicationSet template) whose spec.project is not "default" must name an AppProject defined in the run, or Argo CD refuses it ("not permitted to use project"). Templated project names ({{...}}) are not checked.',
  remediation: 'Fix spec.project or add the AppProject to the repository.',
  helpUri: 'https://argo-cd.readthedocs.io/en/stable/user-guide/projects/',
  tags: ['argo-cd'],
}, ['Application', 'ApplicationSet'], function* (t, ctx) {
  if (!t.resource.apiVersion.startsWith('argoproj.io/')) return;
  const spec = obj(t.object['spec']);
  const path = t.resource.kind === 'ApplicationSet' ? ['spec', 'template', 'spec', 'project'] : ['spec', 'project'];
  const project = t.resource.kind === 'ApplicationSet' ? obj(obj(spec?.['template'])?.['spec'])?.['project'] : spec?.['project'];
  if (typeof project !== 'string' || project === '' || project === 'default' || project.includes('{{')) return;
  if (ctx.resources.byKind('AppProject').some((p) => p.name === project)) return;
  yield { message: `AppProject ${JSON.stringify(project)} is not defined in the run`, path };
});
