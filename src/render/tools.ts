import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface KustomizeTool {
  bin: string;
  /** The arguments before the directory: `kustomize build` or `kubectl kustomize`, with Flux's load restrictor. */
  buildArgs: string[];
}

export interface RenderTools {
  kustomize?: KustomizeTool;
  helm?: string;
  /** Why a tool is not available, for the one "not rendered" finding. */
  problems: { kustomize?: string; helm?: string };
}

/** The first executable file called `name` on PATH. */
export function findOnPath(name: string, envPath = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function kustomizeToolFor(bin: string): KustomizeTool {
  // Flux's kustomize-controller builds with load restrictions off; so do we.
  const base = path.basename(bin).toLowerCase();
  const sub = base.startsWith('kubectl') ? 'kustomize' : 'build';
  return { bin, buildArgs: [sub, '--load-restrictor', 'LoadRestrictionsNone'] };
}

/**
 * Finds the renderers: given paths first, then `kustomize`, then `kubectl` on PATH, and `helm`.
 * Whether a binary can actually start (another architecture, no execute bit) shows on its
 * first run: `markBroken` then records why, and later roots are not tried again.
 */
export function resolveTools(options: { kustomizeBin?: string; helmBin?: string }): RenderTools {
  const tools: RenderTools = { problems: {} };
  const kBin = options.kustomizeBin ?? findOnPath('kustomize') ?? findOnPath('kubectl');
  if (kBin) tools.kustomize = kustomizeToolFor(kBin);
  else tools.problems.kustomize = 'neither kustomize nor kubectl was found on PATH (or give --kustomize-bin)';
  const hBin = options.helmBin ?? findOnPath('helm');
  if (hBin) tools.helm = hBin;
  else tools.problems.helm = 'helm was not found on PATH (or give --helm-bin)';
  return tools;
}

/** Records that a tool could not start, so no further root tries it. */
export function markBroken(tools: RenderTools, tool: 'kustomize' | 'helm', failure: string): void {
  delete tools[tool];
  tools.problems[tool] ??= failure;
}

/**
 * The environment renderers run in: no user configuration (Helm repositories, plugins,
 * kubeconfig), caches in a private directory, proxies only when the network is allowed.
 */
export function toolEnvironment(privateDir: string, allowNetwork: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: privateDir,
    HELM_CACHE_HOME: path.join(privateDir, 'helm-cache'),
    HELM_CONFIG_HOME: path.join(privateDir, 'helm-config'),
    HELM_DATA_HOME: path.join(privateDir, 'helm-data'),
    KUBECONFIG: path.join(privateDir, 'kubeconfig-none'),
    LANG: 'C',
  };
  if (!allowNetwork) {
    // Defence in depth behind the remote checks: HTTP goes to a closed local port, git refuses every protocol.
    env['HTTP_PROXY'] = env['HTTPS_PROXY'] = env['http_proxy'] = env['https_proxy'] = 'http://127.0.0.1:9';
    env['NO_PROXY'] = env['no_proxy'] = '';
    env['GIT_ALLOW_PROTOCOL'] = 'syncgate-no-network';
    env['GIT_TERMINAL_PROMPT'] = '0';
  } else {
    for (const key of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR']) {
      if (process.env[key] !== undefined) env[key] = process.env[key];
    }
  }
  return env;
}
