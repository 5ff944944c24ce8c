#!/usr/bin/env node
// Regenerates schemas/ from Kubernetes API models published on the npm registry.
//
//   npm run schemas                 # fetch the packages below with `npm pack`, rewrite schemas/
//   npm run schemas -- --keep       # keep the temporary download folder and print its path
//   npm run schemas -- --sources D  # reuse packages already unpacked under D (D/<name>-<version>/package)
//
// Sources (see schemas/README.md for the why):
// - @kubernetes/client-node: one release per Kubernetes minor version. Its generated models
//   (dist/gen/models/*.js) carry an `attributeTypeMap` with the JSON name, type and OpenAPI
//   format of every field; the matching .d.ts marks optional fields with `?` (the OpenAPI
//   `required` lists). Its generated API classes (dist/gen/apis/*Api.js/.d.ts) carry the REST
//   paths, which give every kind's group, version and whether it is namespaced.
// - kubernetes-models: its .d.ts files keep the OpenAPI reference to
//   io.k8s.apimachinery.pkg.api.resource.Quantity, which client-node flattens to `string`.
//   It is used only to mark which fields are quantities.
//
// Output per Kubernetes minor version: schemas/v1.NN/definitions.json (JSON Schema 2020-12, every
// definition once under $defs, linked with $ref) and schemas/v1.NN/index.json (apiVersion/kind ->
// definition, namespaced).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'schemas');

/** Newest first. `spec` is the "OpenAPI spec version" the package's generated files declare. */
export const SOURCES = [
  { kubernetes: '1.36', package: '@kubernetes/client-node', version: '2.0.1', spec: 'release-1.36' },
  { kubernetes: '1.34', package: '@kubernetes/client-node', version: '1.4.0', spec: 'v1.34.0' },
  { kubernetes: '1.33', package: '@kubernetes/client-node', version: '1.3.0', spec: 'v1.33.0' },
  { kubernetes: '1.32', package: '@kubernetes/client-node', version: '1.1.3', spec: 'v1.32.0' },
  { kubernetes: '1.30', package: '@kubernetes/client-node', version: '1.0.0-rc7', spec: 'v1.30.1' },
];
export const QUANTITY_SOURCE = { package: 'kubernetes-models', version: '5.1.0' };

const BASE_ID = 'https://schemas.syncgate.invalid/kubernetes';

// ---------------------------------------------------------------------------------------------
// Fetching

function parseArgs(argv) {
  const args = { keep: false, sources: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--keep') args.keep = true;
    else if (argv[i] === '--sources') args.sources = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --keep or --sources DIR)`);
  }
  return args;
}

function dirFor(base, pkg, version) {
  return join(base, `${pkg.replace(/^@/, '').replace(/\//g, '-')}-${version}`);
}

/** `npm pack` the package into `base` and unpack it; returns the unpacked `package/` folder. */
function fetchPackage(base, pkg, version) {
  const dir = dirFor(base, pkg, version);
  const unpacked = join(dir, 'package');
  if (existsSync(unpacked)) return unpacked;
  mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--json', '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = JSON.parse(out.slice(out.indexOf('[')));
  const tarball = join(dir, info[0].filename);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  rmSync(tarball);
  return unpacked;
}

// ---------------------------------------------------------------------------------------------
// Reading @kubernetes/client-node

/** name -> { attrs: [{name, baseName, type, format}], optional: Set<tsName> } */
function readModels(pkgDir, expectedSpec) {
  const dir = join(pkgDir, 'dist', 'gen', 'models');
  const models = new Map();
  let specSeen;
  // The package ships stale files from earlier generations (e.g. resource.k8s.io/v1alpha2 models
  // in the 1.36 client); models/all.js lists the ones generated from this release's spec.
  const current = new Set([...readFileSync(join(dir, 'all.js'), 'utf8').matchAll(/(?:from |require\()['"]\.\.\/models\/(\w+?)(?:\.js)?['"]/g)].map((m) => m[1] + '.js'));
  for (const file of readdirSync(dir)) {
    if (!current.has(file)) continue;
    const js = readFileSync(join(dir, file), 'utf8');
    const m = /\n(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(js);
    if (!m) continue;
    const name = m[1];
    const attrs = JSON.parse(m[2]).map((a) => ({ name: a.name, baseName: a.baseName, type: a.type, format: a.format ?? '' }));
    const spec = /OpenAPI spec version: (\S+)/.exec(js);
    if (spec) specSeen = spec[1];
    const dts = readFileSync(join(dir, file.replace(/\.js$/, '.d.ts')), 'utf8');
    const optional = new Set();
    const required = new Set();
    for (const p of dts.matchAll(/^ {4}'([^']+)'(\?)?: /gm)) (p[2] ? optional : required).add(p[1]);
    for (const a of attrs) {
      if (!optional.has(a.name) && !required.has(a.name)) throw new Error(`${file}: no .d.ts declaration for ${a.name}`);
    }
    models.set(name, { attrs, required });
  }
  if (specSeen !== expectedSpec) throw new Error(`${pkgDir}: models declare OpenAPI spec ${specSeen}, expected ${expectedSpec}`);
  return models;
}

/**
 * Kinds from the generated API classes: `create[Namespaced]Kind` and `list[Namespaced]Kind` on a
 * collection path (no `{name}`) give the kind, its model (the response type) and its REST path.
 */
function readKinds(pkgDir) {
  const dir = join(pkgDir, 'dist', 'gen', 'apis');
  const kinds = new Map(); // apiVersion/Kind -> { group, version, kind, model, namespaced }
  const add = (k) => {
    const key = `${k.group ? k.group + '/' : ''}${k.version}/${k.kind}`;
    const prev = kinds.get(key);
    if (prev) {
      if (prev.model !== k.model) throw new Error(`${key}: two models, ${prev.model} and ${k.model}`);
      prev.namespaced = prev.namespaced || k.namespaced;
    } else kinds.set(key, k);
  };
  // Only the API classes gen/index.js exports: the package also ships stale ones (see readModels).
  const current = new Set([...readFileSync(join(pkgDir, 'dist', 'gen', 'index.js'), 'utf8').matchAll(/\bObject(\w+Api)\b/g)].map((m) => m[1] + '.js'));
  if (current.size < 20) throw new Error(`${pkgDir}: could not read the API list from dist/gen/index.js`);
  for (const file of readdirSync(dir)) {
    if (!current.has(file)) continue;
    const js = readFileSync(join(dir, file), 'utf8');
    const dts = readFileSync(join(dir, file.replace(/\.js$/, '.d.ts')), 'utf8');
    const returns = new Map();
    for (const m of dts.matchAll(/^ {4}(\w+)WithHttpInfo\(response: ResponseContext\): Promise<HttpInfo<(\w+)>>;/gm)) returns.set(m[1], m[2]);
    const methods = [...js.matchAll(/^ {4}async (\w+)\(/gm)];
    for (let i = 0; i < methods.length; i++) {
      const method = methods[i][1];
      const body = js.slice(methods[i].index, i + 1 < methods.length ? methods[i + 1].index : js.length);
      const pathMatch = /localVarPath = '([^']+)'/.exec(body);
      if (!pathMatch) continue;
      const path = pathMatch[1];
      if (path.includes('{name}')) continue;
      const op = /^(create|list)(Namespaced)?([A-Z]\w*)$/.exec(method);
      if (!op || op[3].endsWith('ForAllNamespaces')) continue;
      const gv = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(namespaces\/\{namespace\}\/)?[a-z0-9]+$/.exec(path);
      if (!gv) continue;
      const group = gv[1] ? '' : gv[2];
      const version = gv[1] ?? gv[3];
      const namespaced = Boolean(gv[4]);
      const model = returns.get(method);
      if (!model) throw new Error(`${file}: no response type for ${method}`);
      if (op[1] === 'create') add({ group, version, kind: op[3], model, namespaced });
      else add({ group, version, kind: `${op[3]}List`, model, namespaced });
    }
  }
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Reading kubernetes-models (quantity markers only)

/** Set of `version|Name|field` and `*|Name|field` keys whose type is a Quantity. */
function readQuantities(pkgDir) {
  const exact = new Set();
  const byName = new Set();
  const known = new Set(); // version|Name of every interface seen
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (entry === '_schemas' || entry === 'node_modules') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith('.d.ts') && entry !== 'index.d.ts') {
        const version = dirname(p).split('/').pop();
        const name = entry.slice(0, -5);
        known.add(`${version}|${name}`);
        const src = readFileSync(p, 'utf8');
        const iface = new RegExp(`export interface I${name}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`).exec(src);
        if (!iface) continue;
        // A field line followed (possibly on the next lines, for maps) by the Quantity type.
        for (const m of iface[1].matchAll(/^ {4}"([^"]+)"\??: ([^;]*?(?:\{[^}]*\})?[^;]*);/gm)) {
          if (m[2].includes('IIoK8sApimachineryPkgApiResourceQuantity')) {
            exact.add(`${version}|${name}|${m[1]}`);
            byName.add(`${name}|${m[1]}`);
          }
        }
      }
    }
  };
  walk(pkgDir);
  return { exact, byName, known };
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** `CoreV1Event` -> { version: 'v1', name: 'Event' }; `V1beta1DeviceCapacity` -> { version: 'v1beta1', ... }. */
function splitModelName(model) {
  const m = /^(?:[A-Z][a-z]+)*?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(model);
  return m ? { version: m[1].toLowerCase(), name: m[2] } : undefined;
}

function makeConverter(models, quantities, stats) {
  const isQuantity = (model, field) => {
    const s = splitModelName(model);
    if (!s) return false;
    if (quantities.known.has(`${s.version}|${s.name}`)) return quantities.exact.has(`${s.version}|${s.name}|${field}`);
    const q = quantities.byName.has(`${s.name}|${field}`);
    if (q) stats.quantityFallback.add(`${model}.${field}`);
    return q;
  };

  /** The schema of one value of TypeScript type `type` with OpenAPI `format`. `quantity` marks string leaves. */
  const valueSchema = (type, format, quantity, refs) => {
    let m;
    if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: valueSchema(m[1], format, quantity, refs) };
    if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) return { type: 'object', additionalProperties: valueSchema(m[1], format, quantity, refs) };
    switch (type) {
      case 'string':
        if (quantity) return { type: ['string', 'number'], format: 'quantity' };
        if (format === 'byte') return { type: 'string', format: 'byte' };
        if (format && format !== '') stats.formats.add(`string:${format}`);
        return { type: 'string' };
      case 'number':
        if (format === 'int32' || format === 'int64') return { type: 'integer', format };
        if (format !== 'double' && format !== 'float' && format !== '') stats.formats.add(`number:${format}`);
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'Date':
      case 'V1MicroTime':
        return { type: 'string', format: 'date-time' };
      case 'IntOrString':
        return { type: ['integer', 'string'] };
      case 'any':
        return {};
      default:
        if (!models.has(type)) throw new Error(`unknown type ${type}`);
        refs.push(type);
        return { type: 'object', $ref: `#/$defs/${type}` };
    }
  };

  const nullable = (schema) => {
    if (schema.type === undefined) return schema; // already open
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    return { ...schema, type: [...types, 'null'] };
  };

  /** definition of one model, and the models it references */
  const definition = (modelName) => {
    const model = models.get(modelName);
    const refs = [];
    if (model.attrs.length === 0) return { schema: {}, refs }; // an object the source says nothing about: open
    const properties = {};
    const required = [];
    for (const a of model.attrs) {
      const q = isQuantity(modelName, a.baseName);
      if (q) stats.quantityFields++;
      let s = valueSchema(a.type, a.format, q, refs);
      if (model.required.has(a.name)) required.push(a.baseName);
      else s = nullable(s);
      properties[a.baseName] = s;
    }
    const schema = { properties };
    if (required.length) schema.required = required;
    schema.additionalProperties = false;
    return { schema, refs };
  };
  return definition;
}

function generateVersion(source, pkgDir, quantities) {
  const models = readModels(pkgDir, source.spec);
  const kinds = readKinds(pkgDir);
  const stats = { quantityFallback: new Set(), quantityFields: 0, formats: new Set() };
  const definition = makeConverter(models, quantities, stats);
  const defs = {};
  const queue = [...new Set([...kinds.values()].map((k) => k.model))];
  while (queue.length) {
    const name = queue.shift();
    if (defs[name]) continue;
    const { schema, refs } = definition(name);
    defs[name] = schema;
    for (const r of refs) if (!defs[r]) queue.push(r);
  }
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
  const index = Object.fromEntries(
    [...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, k]) => [key, { definition: k.model, namespaced: k.namespaced }]),
  );
  return { defs: sortedDefs, index, stats };
}

/** One definition per line: small, and diffs between regenerations stay readable. */
function writeJsonLines(file, head, key, entries) {
  const lines = Object.entries(entries).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const headText = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
  writeFileSync(file, `{\n${headText}  ${JSON.stringify(key)}: {\n${lines.join(',\n')}\n  }\n}\n`);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const base = args.sources ?? mkdtempSync(join(tmpdir(), 'syncgate-schemas-'));
  try {
    const qDir = fetchPackage(base, QUANTITY_SOURCE.package, QUANTITY_SOURCE.version);
    const quantities = readQuantities(qDir);
    const summary = [];
    for (const source of SOURCES) {
      const pkgDir = fetchPackage(base, source.package, source.version);
      const { defs, index, stats } = generateVersion(source, pkgDir, quantities);
      const outDir = join(OUT, `v${source.kubernetes}`);
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
      const generatedFrom = { package: source.package, version: source.version, openapi: source.spec, quantities: `${QUANTITY_SOURCE.package}@${QUANTITY_SOURCE.version}` };
      writeJsonLines(
        join(outDir, 'definitions.json'),
        { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${BASE_ID}/v${source.kubernetes}/definitions.json`, generatedFrom },
        '$defs',
        defs,
      );
      writeJsonLines(join(outDir, 'index.json'), { kubernetesVersion: source.kubernetes, generatedFrom }, 'kinds', index);
      summary.push(
        `v${source.kubernetes}: ${Object.keys(index).length} kinds, ${Object.keys(defs).length} definitions, ${stats.quantityFields} quantity fields` +
          (stats.quantityFallback.size ? `; matched by type name only (no same-version type in kubernetes-models): ${[...stats.quantityFallback].sort().join(', ')}` : '') +
          (stats.formats.size ? `; formats ignored: ${[...stats.formats].join(', ')}` : ''),
      );
    }
    for (const line of summary) console.log(line);
  } finally {
    if (args.keep || args.sources) console.log(`sources kept in ${base}`);
    else rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
