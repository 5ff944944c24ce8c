import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostBuiltins, loadWasmPolicies, readTarGz } from '../../../src/policy/wasm/index.js';
import { repo, resourcesOf } from '../rego/helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
let wasm: Buffer;
/** the same module declaring ABI 1.2, so the SDK uses the one-call opa_eval path */
let wasm12: Buffer;

beforeAll(async () => {
  const wabt = await wabtInit();
  const text = readFileSync(path.join(HERE, 'abi-module.wat'), 'utf8');
  const assemble = (minor: number): Buffer => {
    const module = wabt.parseWat('abi-module.wat', text.replace('(i32.const ABI_MINOR)', `(i32.const ${minor})`));
    const out = Buffer.from(module.toBinary({}).buffer);
    module.destroy();
    return out;
  };
  wasm = assemble(1);
  wasm12 = assemble(2);
});

/** A minimal ustar archive (what `opa build` writes for a bundle), gzipped. */
function tarGz(files: Record<string, Buffer | string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
`;

describe('OPA Wasm policies', () => {
  it('runs a module that follows the OPA Wasm ABI: entrypoints, host builtins from syncgate, findings at the pointer', async () => {
    const root = repo({ 'manifests/pod.yaml': POD });
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.join(root, 'policy'));
    writeFileSync(path.join(root, 'policy/deny.wasm'), wasm);
    const set = loadWasmPolicies(['policy'], { root });
    expect(set.loadFindings).toEqual([]);
    expect(set.modules).toEqual([{ file: 'policy/deny.wasm', entrypoints: ['main/deny', 'main/warn'] }]);
    const findings = set.run(await resourcesOf(root));
    const deny = findings.find((f) => f.ruleId === 'rego/main/deny')!;
    // keys came from the module calling object.keys, which the SDK lacks: syncgate's builtin answered.
    expect(deny).toMatchObject({ message: 'fixed deny from wasm', severity: 'high', file: 'manifests/pod.yaml', pointer: '/metadata/name', range: { startLine: 4 }, properties: { keys: ['apiVersion', 'kind', 'metadata', 'spec'] } });
    // main/warn aborts inside the module: a policy/error on the resource, and the run goes on.
    const err = findings.find((f) => f.ruleId === 'policy/error')!;
    expect(err.message).toContain('policy aborted on purpose');
    expect(err.properties).toMatchObject({ policy: 'rego/main/warn', errorFile: 'policy/deny.wasm' });
  });

  it('works through the ABI 1.2 opa_eval path too (what modules built by current OPA use)', async () => {
    const root = repo({ 'manifests/pod.yaml': POD });
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.join(root, 'policy'));
    writeFileSync(path.join(root, 'policy/deny.wasm'), wasm12);
    const set = loadWasmPolicies(['policy'], { root });
    const findings = set.run(await resourcesOf(root));
    expect(findings.find((f) => f.ruleId === 'rego/main/deny')).toMatchObject({ message: 'fixed deny from wasm', properties: { keys: ['apiVersion', 'kind', 'metadata', 'spec'] } });
    expect(findings.find((f) => f.ruleId === 'policy/error')?.message).toContain('policy aborted on purpose');
  });

  it('loads bundle.tar.gz files (policy.wasm with data.json)', async () => {
    const root = repo({ 'manifests/pod.yaml': POD });
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.join(root, 'policy'));
    writeFileSync(path.join(root, 'policy/bundle.tar.gz'), tarGz({ '/policy.wasm': wasm, '/data.json': '{"allowed": ["a"]}', '/.manifest': '{"wasm":[{"entrypoint":"main/deny","module":"/policy.wasm"}]}' }));
    const set = loadWasmPolicies(['policy'], { root });
    expect(set.loadFindings).toEqual([]);
    expect(set.modules.map((m) => m.file)).toEqual(['policy/bundle.tar.gz!/policy.wasm']);
    const findings = set.run(await resourcesOf(root));
    expect(findings.filter((f) => f.ruleId === 'rego/main/deny').map((f) => f.message)).toEqual(['fixed deny from wasm']);
  });

  it('reports a module that is not valid Wasm as a policy/error and keeps going', async () => {
    const root = repo({ 'policy/broken.wasm': 'not wasm at all', 'manifests/pod.yaml': POD });
    const set = loadWasmPolicies(['policy'], { root });
    expect(set.loadFindings.map((f) => [f.ruleId, f.file])).toEqual([['policy/error', 'policy/broken.wasm']]);
    expect(set.run(await resourcesOf(root))).toEqual([]);
  });

  it('refuses bundle entries that leave the bundle', () => {
    expect(() => readTarGz(tarGz({ '../evil.wasm': 'x' }))).toThrow(/leaves the bundle/);
  });

  it('host builtins convert JSON values for syncgate builtins the SDK lacks', () => {
    const b = hostBuiltins();
    expect(b['semver.compare']!('1.2.3', '1.10.0')).toBe(-1);
    expect(b['strings.any_prefix_match']!(['registry.example.com/web'], ['registry.example.com/'])).toBe(true);
    expect(b['object.keys']!({ b: 1, a: 2 })).toEqual(['a', 'b']);
    expect(b['to_number']!('nope')).toBeUndefined();
  });
});
