import { compilePolicy, parseModule, RegoCompileErrors, RegoError, type CompiledPolicy } from '../../rego/index.js';
import type { Resource } from '../../model/index.js';
import { locateSafely as safeLocate } from './locate.js';
import { compileValidations, type CelProgram } from '../../cel/index.js';
import { ADMISSION_TARGET, asArray, asRecord, asString } from './objects.js';

/** A ConstraintTemplate read from a resource; `policy` is set when its Rego compiled. */
export interface LoadedTemplate {
  resource: Resource;
  /** The constraint kind it defines (`spec.crd.spec.names.kind`). */
  kind: string;
  /** `metadata.annotations.description`, else the title annotation, else a generic text. */
  description: string;
  /** openAPIV3Schema of the constraint's `spec.parameters`, when given. */
  parameterSchema?: unknown;
  policy?: CompiledPolicy;
  /** Package path of the template's main module. */
  packagePath?: string[];
  /** Only CEL (K8sNativeValidation) code, no Rego. */
  celOnly: boolean;
  /** The compiled CEL code of a CEL-only template (absent when it uses what syncgate does not provide). */
  cel?: CelProgram;
}

/** A problem with a template, with the JSON pointer it is about and an optional exact line/col. */
export interface TemplateProblem {
  pointer: string;
  message: string;
  at?: { line: number; col: number };
  /** `unsupported` problems are informational (CEL-only templates). */
  unsupported?: boolean;
}

interface RegoSource {
  rego: string;
  libs: string[];
  pointer: string;
  version: 'v0' | 'v1';
}

/** The Rego of the admission target: `rego`/`libs`, or a `code` entry with engine `Rego`. */
function regoSource(target: Record<string, unknown>, index: number): RegoSource | undefined {
  const base = `/spec/targets/${index}`;
  const rego = asString(target['rego']);
  if (rego && rego.trim()) return { rego, libs: asArray(target['libs']).filter((l): l is string => typeof l === 'string'), pointer: `${base}/rego`, version: 'v0' };
  const code = asArray(target['code']);
  for (let i = 0; i < code.length; i++) {
    const c = asRecord(code[i]);
    const source = asRecord(c?.['source']);
    if (c?.['engine'] !== 'Rego' || !source) continue;
    const r = asString(source['rego']);
    if (!r) continue;
    return { rego: r, libs: asArray(source['libs']).filter((l): l is string => typeof l === 'string'), pointer: `${base}/code/${i}/source/rego`, version: source['version'] === 'v1' ? 'v1' : 'v0' };
  }
  return undefined;
}

/**
 * Where line `line` of an embedded Rego string is in the file: a block scalar
 * (`rego: |`) starts on the line after its key, indented two columns past the key.
 */
export function embeddedPosition(resource: Resource, pointer: string, line: number, col: number): { line: number; col: number } {
  const r = safeLocate(resource, pointer);
  if (r.endLine > r.startLine) return { line: r.startLine + line, col: r.startColumn + 2 + col - 1 };
  return { line: r.startLine, col: r.startColumn };
}

function compileProblems(e: unknown, resource: Resource, files: Map<string, string>): TemplateProblem[] {
  const errs = e instanceof RegoCompileErrors ? e.errors : e instanceof RegoError ? [e] : [];
  if (errs.length === 0) return [{ pointer: '/spec/targets/0', message: `Rego compile error: ${e instanceof Error ? e.message : String(e)}` }];
  return errs.map((x) => {
    const pointer = files.get(x.location?.file ?? '') ?? '/spec/targets/0';
    const at = x.location ? embeddedPosition(resource, pointer, x.location.line, x.location.col) : undefined;
    return { pointer, message: `${x.code}: ${x.detail}`, ...(at ? { at } : {}) };
  });
}

/** Reads and compiles one ConstraintTemplate. Never throws. */
export function loadTemplate(resource: Resource): { template?: LoadedTemplate; problems: TemplateProblem[] } {
  const obj = resource.object;
  const spec = asRecord(obj['spec']);
  const crdSpec = asRecord(asRecord(asRecord(spec?.['crd'])?.['spec']));
  const kind = asString(asRecord(crdSpec?.['names'])?.['kind']);
  if (!kind) return { problems: [{ pointer: '/spec/crd', message: `ConstraintTemplate ${resource.name} has no spec.crd.spec.names.kind: it defines no constraint kind` }] };
  const problems: TemplateProblem[] = [];
  if (resource.name && resource.name !== kind.toLowerCase()) {
    problems.push({ pointer: '/metadata/name', message: `ConstraintTemplate name ${JSON.stringify(resource.name)} must be the lowercase of its kind ${JSON.stringify(kind)} (Gatekeeper rejects it)` });
  }
  const annotations = asRecord(asRecord(obj['metadata'])?.['annotations']);
  const description = asString(annotations?.['description']) ?? asString(annotations?.['metadata.gatekeeper.sh/title']) ?? `Gatekeeper ConstraintTemplate ${kind}`;
  const validation = asRecord(crdSpec?.['validation']);
  const parameterSchema = validation?.['openAPIV3Schema'];
  const template: LoadedTemplate = { resource, kind, description, celOnly: false, ...(parameterSchema !== undefined ? { parameterSchema } : {}) };

  const targets = asArray(spec?.['targets']);
  const index = targets.findIndex((t) => asRecord(t)?.['target'] === ADMISSION_TARGET);
  const target = asRecord(targets[index < 0 ? 0 : index]);
  if (!target) return { template, problems: [...problems, { pointer: '/spec', message: `ConstraintTemplate ${resource.name} has no spec.targets` }] };
  const ti = index < 0 ? 0 : index;
  const source = regoSource(target, ti);
  if (!source) {
    const code = asArray(target['code']);
    const celIndex = code.findIndex((c) => asRecord(c)?.['engine'] === 'K8sNativeValidation');
    if (celIndex >= 0) {
      template.celOnly = true;
      const pointer = `/spec/targets/${ti}/code/${celIndex}/source`;
      const compiled = compileValidations(asRecord(asRecord(code[celIndex])?.['source']) ?? {}, pointer);
      if (compiled.program) template.cel = compiled.program;
      for (const p of compiled.problems) {
        problems.push(
          p.unsupported
            ? { pointer: p.pointer, unsupported: true, message: `ConstraintTemplate ${resource.name} ${p.message}, so its constraints are not checked` }
            : { pointer: p.pointer, message: `ConstraintTemplate ${resource.name}: ${p.message}` },
        );
      }
    } else problems.push({ pointer: `/spec/targets/${ti}`, message: `ConstraintTemplate ${resource.name} has no Rego (spec.targets[${ti}].rego) and no supported code engine` });
    return { template, problems };
  }
  const files = new Map<string, string>();
  const mainFile = `${resource.source.file}#${source.pointer}`;
  files.set(mainFile, source.pointer);
  const modules = [{ file: mainFile, source: source.rego }];
  source.libs.forEach((lib, i) => {
    const libPointer = source.pointer.replace(/\/rego$/, `/libs/${i}`);
    const f = `${resource.source.file}#${libPointer}`;
    files.set(f, libPointer);
    modules.push({ file: f, source: lib });
  });
  try {
    template.packagePath = parseModule(source.rego, mainFile, { regoVersion: source.version }).packagePath;
    template.policy = compilePolicy(modules, { regoVersion: source.version });
  } catch (e) {
    delete template.packagePath;
    problems.push(...compileProblems(e, resource, files));
  }
  return { template, problems };
}
