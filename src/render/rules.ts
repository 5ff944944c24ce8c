import type { Rule } from '../model/index.js';

const HELP = 'https://github.com/syncgate/syncgate/blob/main/docs/rendering.md';

export const RULE_RENDER_FAILED: Rule = {
  id: 'render/failed',
  title: 'Rendering failed',
  severity: 'high',
  description: 'Kustomize or Helm could not render this root, so neither syncgate nor the reconciler (Flux, Argo CD) can apply it: the sync would fail.',
  remediation: 'Run the same command locally (the message shows the tool\'s error) and fix the kustomization, chart or values it names.',
  helpUri: `${HELP}#renderfailed`,
  tags: ['gitops'],
};

export const RULE_PATH_ESCAPE: Rule = {
  id: 'render/path-escape',
  title: 'Render input outside the repository',
  severity: 'high',
  description: 'A kustomization, chart or release names a file outside the repository root (through `..`, an absolute path or a symbolic link). syncgate refuses to render it, so a pull request cannot make the gate read files of the machine it runs on.',
  remediation: 'Keep every resource, component, patch, generator input and chart inside the repository; use a remote base (with a pinned ref) for shared configuration.',
  helpUri: `${HELP}#renderpath-escape`,
  tags: ['gitops'],
};

export const RULE_REMOTE_NOT_RENDERED: Rule = {
  id: 'render/remote-not-rendered',
  title: 'Remote base or chart not rendered',
  severity: 'info',
  description: 'The root uses a remote Kustomize base or a chart from a Helm or OCI repository. Fetching it needs the network, which syncgate does not use unless --allow-network is given, so what it renders was not validated.',
  remediation: 'Pass --allow-network to render remote bases and charts, or vendor them into the repository.',
  helpUri: `${HELP}#renderremote-not-rendered`,
  tags: ['gitops'],
};

export const RULE_TOOL_MISSING: Rule = {
  id: 'render/tool-missing',
  title: 'Renderer not available',
  severity: 'medium',
  description: 'kustomize (or kubectl) or helm was not found or could not run, so the roots that need it were not rendered; their plain resource files were validated instead.',
  remediation: 'Install kustomize or kubectl, and helm, on PATH, or pass --kustomize-bin / --helm-bin.',
  helpUri: `${HELP}#rendertool-missing`,
  tags: ['gitops'],
};

export const RENDER_RULES: Rule[] = [RULE_RENDER_FAILED, RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_TOOL_MISSING];
