import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The `--helm-command` Kustomize gets for `helmCharts`. Kustomize 5.6 (the one in kubectl 1.33)
 * first runs `helm version -c --short` and refuses any helm whose major version is not 3; helm 4
 * rejects `-c` and reports 4. Chart inflation itself is `helm template`, which helm 4
 * runs the same way. So this wrapper, written into the run's private scratch directory, answers
 * `version` itself (helm 3 as it is; helm 4 and later as a 3.x line that names the real version)
 * and passes every other command through unchanged. No library does this: it is a quirk between
 * two binaries, and it goes away with a Kustomize that accepts helm 4.
 */
export function helmCommandForKustomize(helmBin: string, scratch: string): string {
  const shim = path.join(scratch, 'helm-for-kustomize');
  if (!existsSync(shim)) {
    const helm = `'${helmBin.replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      shim,
      [
        '#!/bin/sh',
        'if [ "$1" = version ]; then',
        `  v=$(${helm} version --short) || exit $?`,
        '  case "$v" in',
        `    v3.*|3.*) printf '%s\\n' "$v" ;;`,
        `    *) printf 'v3.99.0 (really %s; syncgate lets Kustomize use it for helm template)\\n' "$v" ;;`,
        '  esac',
        '  exit 0',
        'fi',
        `exec ${helm} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(shim, 0o700);
  }
  return shim;
}
