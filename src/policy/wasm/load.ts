import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Finding, Resource, Rule } from '../../model/index.js';
import { fromJSON, isArray, isObject } from '../../rego/index.js';
import { conftestRuleKind, displayPath, policyEvalError, policyFileError, readMessages, walkFiles, type RuleMessage } from '../rego/index.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';
import { fingerprintOf, nearestExisting, toResourceRef } from '../../model/index.js';
import { hostBuiltins } from './builtins.js';
import { boundedMemory, opaWasmSdk, sdkErrorMessage, type LoadedWasmPolicy } from './sdk.js';
import { readTarGz } from './tar.js';

/**
 * OPA Wasm policies (`opa build -t wasm`): `.wasm` modules and `.tar.gz` bundles
 * (policy.wasm, data.json, .manifest) found in the policy directories. Entrypoints
 * named like conftest rules (`main/deny`, `k8s/warn_tags`) run on every resource;
 * their results are read as conftest messages.
 */
export interface WasmLoadOptions {
  root: string;
  /** memory limit per module, in 64 KiB pages (default 4096 = 256 MiB) */
  maxMemoryPages?: number;
}

export interface WasmPolicySet {
  rules: Rule[];
  loadFindings: Finding[];
  /** the modules loaded, with their entrypoints */
  modules: { file: string; entrypoints: string[] }[];
  run(resources: readonly Resource[]): Finding[];
}

interface Entry {
  rule: Rule;
  entrypoint: string;
  module: LoadedWasmPolicy;
  file: string;
}

const MAX_WASM_BYTES = 64 * 1024 * 1024;
const isWasmSource = (name: string): boolean => name.endsWith('.wasm') || name.endsWith('.tar.gz');

function ruleFor(entrypoint: string, file: string): Rule | undefined {
  const segs = entrypoint.split('/').filter(Boolean);
  const name = segs[segs.length - 1];
  const kind = name ? conftestRuleKind(name) : undefined;
  if (!kind || segs.length < 2) return undefined;
  const pkg = segs.slice(0, -1).join('.');
  return {
    id: `rego/${pkg}/${name}`,
    title: `Rego rule ${pkg}.${name} (OPA Wasm)`,
    severity: kind === 'failure' ? 'high' : 'medium',
    description: `The ${kind} entrypoint ${entrypoint} of the OPA Wasm module ${file}.`,
    remediation: 'Fix the resource as the message says, or change the policy.',
    helpUri: '',
    tags: ['rego', 'wasm'],
  };
}

/** data.json / data.yaml files of a bundle, nested under their directory as OPA does. */
function bundleData(files: Map<string, Buffer>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, body] of files) {
    const base = path.posix.basename(name);
    if (base !== 'data.json' && base !== 'data.yaml' && base !== 'data.yml') continue;
    const parsed: unknown = base === 'data.json' ? JSON.parse(body.toString('utf8')) : parseYaml(body.toString('utf8'), { maxAliasCount: 1000 });
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    let target = data;
    for (const seg of path.posix.dirname(name).split('/').filter((s) => s && s !== '.')) {
      const next = target[seg];
      target = (target[seg] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
    Object.assign(target, parsed);
  }
  return data;
}

function instantiate(wasm: Buffer, maxPages: number): LoadedWasmPolicy {
  return opaWasmSdk().loadPolicySync(new Uint8Array(wasm), boundedMemory(5, maxPages), hostBuiltins());
}

export function loadWasmPolicies(dirs: readonly string[], options: WasmLoadOptions): WasmPolicySet {
  const display = (f: string): string => displayPath(options.root, f);
  const loadFindings: Finding[] = [];
  const entries: Entry[] = [];
  const modules: WasmPolicySet['modules'] = [];
  const maxPages = options.maxMemoryPages ?? 4096;
  const walk: { path: string; message: string }[] = [];
  const files = dirs.flatMap((d) => walkFiles(path.resolve(options.root, d), isWasmSource, walk).map((f) => f.path));
  for (const p of walk) loadFindings.push(policyFileError(display(p.path), 1, 1, p.message));

  for (const file of files) {
    const shown = display(file);
    try {
      if (statSync(file).size > MAX_WASM_BYTES) throw new Error(`larger than ${MAX_WASM_BYTES} bytes`);
      const raw = readFileSync(file);
      const found: { label: string; wasm: Buffer; data?: Record<string, unknown> }[] = [];
      if (file.endsWith('.tar.gz')) {
        const bundle = readTarGz(raw);
        const wasmFiles = [...bundle.keys()].filter((n) => n.endsWith('.wasm'));
        if (wasmFiles.length === 0) continue; // an archive that is not a Wasm bundle
        const data = bundleData(bundle);
        for (const n of wasmFiles) found.push({ label: `${shown}!/${n}`, wasm: bundle.get(n)!, data });
      } else found.push({ label: shown, wasm: raw });
      for (const { label, wasm, data } of found) {
        const module = instantiate(wasm, maxPages);
        if (data && Object.keys(data).length) module.setData(data);
        const eps = Object.keys(module.entrypoints).sort();
        modules.push({ file: label, entrypoints: eps });
        let used = 0;
        for (const ep of eps) {
          const rule = ruleFor(ep, label);
          if (!rule) continue;
          used++;
          entries.push({ rule, entrypoint: ep, module, file: shown });
        }
        if (used === 0) {
          loadFindings.push(policyFileError(shown, 1, 1, `${label}: no entrypoint is named like a conftest rule (<package>/deny, <package>/warn_x, ...); entrypoints: ${eps.join(', ') || 'none'}. Build with opa build -t wasm -e main/deny`));
        }
      }
    } catch (e) {
      loadFindings.push(policyFileError(shown, 1, 1, `${shown}: cannot load the OPA Wasm policy: ${sdkErrorMessage(e)}`));
    }
  }

  const run = (resources: readonly Resource[]): Finding[] => {
    const out: Finding[] = [];
    for (const r of resources) {
      for (const e of entries) {
        let result: unknown;
        try {
          result = e.module.evaluate(r.object, e.entrypoint);
        } catch (err) {
          out.push(policyEvalError(r, e.rule.id, { file: e.file, line: 1, col: 1 }, sdkErrorMessage(err)));
          continue;
        }
        // The SDK returns OPA's result set: [{result: value}] when defined, [] otherwise.
        const set = fromJSON(result ?? []);
        const first = isArray(set) ? set[0] : undefined;
        const value = isObject(first) ? first.get('result') : undefined;
        for (const m of readMessages(value, r.object)) {
          if ('problem' in m) out.push(policyEvalError(r, e.rule.id, { file: e.file, line: 1, col: 1 }, m.problem));
          else out.push(finding(e.rule, r, m));
        }
      }
    }
    return out;
  };
  const rules = [...new Map(entries.map((e) => [e.rule.id, e.rule])).values()];
  if (rules.length || loadFindings.length) rules.push(POLICY_ERROR_RULE);
  return { rules, loadFindings, modules, run };
}

function finding(rule: Rule, resource: Resource, msg: RuleMessage): Finding {
  const ref = toResourceRef(resource);
  const pointer = msg.pointer !== undefined ? nearestExisting(resource.object, msg.pointer) : undefined;
  let range;
  try {
    range = msg.line !== undefined ? { startLine: msg.line, startColumn: 1, endLine: msg.line, endColumn: 1 } : resource.locate(pointer ?? '');
  } catch {
    range = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  }
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message: msg.message,
    resource: ref,
    file: resource.source.file,
    range,
    ...(pointer !== undefined ? { pointer } : {}),
    fingerprint: fingerprintOf({ ruleId: rule.id, file: resource.source.file, resource: ref, ...(msg.pointer !== undefined ? { pointer: msg.pointer } : { detail: msg.message }) }),
    ...(msg.properties ? { properties: msg.properties } : {}),
  };
}
