#!/usr/bin/env node
// Measures the schema validator alone (run `npm run build` first; reads dist/schema/index.js):
//   node scripts/bench-schema.mjs            # cold start in fresh processes, then 10,000 resources warm
//   BENCH_RESOURCES=50000 node scripts/bench-schema.mjs
// Cold start = import of the module + createSchemaValidator + validating one Deployment (which compiles the
// Deployment schema), each in a new process. Warm = validating already-parsed resources once every kind of
// the mix has been compiled. The mix is microservices-demo's release manifests (Deployments, Services,
// ServiceAccounts) plus ConfigMaps and Ingresses, or a built-in sample when ../shared is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULE = pathToFileURL(path.join(ROOT, 'dist/schema/index.js')).href;
const CORPUS = path.resolve(ROOT, '../shared/corpus/gitops/microservices-demo/release/kubernetes-manifests.yaml');
const N = Number(process.env.BENCH_RESOURCES ?? 10000);

const SAMPLE_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        securityContext: { runAsNonRoot: true, fsGroup: 1000 },
        containers: [
          {
            name: 'server',
            image: 'example/web:1.0',
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'PORT', value: '8080' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5 },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          },
        ],
      },
    },
  },
};

async function objects() {
  const { parseAllDocuments } = await import('yaml');
  const list = existsSync(CORPUS)
    ? parseAllDocuments(readFileSync(CORPUS, 'utf8')).map((d) => d.toJS()).filter(Boolean)
    : [SAMPLE_DEPLOYMENT, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' } } }];
  list.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { a: 'b' } }, data: { 'a.properties': 'x=1\ny=2' } });
  list.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  });
  return list;
}

const resource = (o, i) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata?.name ?? '',
  object: o,
  source: { file: `f${i}.yaml`, docIndex: 0 },
  documentPointer: '',
  locate: () => ({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }),
});

const OPTIONS = { strict: false, schemaLocations: [], crdResources: [], skipKinds: [], rejectKinds: [] };

/** In a child: cold timings as JSON. */
async function cold() {
  const t0 = performance.now();
  const { createSchemaValidator } = await import(MODULE);
  const t1 = performance.now();
  const v = await createSchemaValidator(OPTIONS, []);
  const t2 = performance.now();
  const check = v.validate(resource(structuredClone(SAMPLE_DEPLOYMENT), 0));
  const t3 = performance.now();
  if (check.findings.length) throw new Error(JSON.stringify(check.findings));
  process.stdout.write(JSON.stringify({ import: t1 - t0, create: t2 - t1, firstDeployment: t3 - t2 }));
}

async function main() {
  if (!existsSync(fileURLToPath(MODULE))) throw new Error('dist/schema/index.js not found: run `npm run build` first');
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--cold'], { encoding: 'utf8' })));
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[2];
  const ms = (x) => `${x.toFixed(1)}ms`;
  console.log(`bench-schema: cold import=${ms(median('import'))} create=${ms(median('create'))} first-deployment=${ms(median('firstDeployment'))} create+deployment=${ms(median('create') + median('firstDeployment'))} (median of 5 processes)`);

  const { createSchemaValidator } = await import(MODULE);
  const v = await createSchemaValidator(OPTIONS, []);
  const objs = await objects();
  const resources = [];
  for (let i = 0; resources.length < N; i++) resources.push(resource(structuredClone(objs[i % objs.length]), i));
  let t = performance.now();
  let findings = 0;
  for (const r of resources) findings += v.validate(r).findings.length;
  const first = performance.now() - t;
  const warm = [];
  for (let rep = 0; rep < 5; rep++) {
    t = performance.now();
    for (const r of resources) v.validate(r);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const mix = {};
  for (const r of resources) mix[r.kind] = (mix[r.kind] ?? 0) + 1;
  console.log(`bench-schema: ${N} resources first-pass=${ms(first)} warm=${ms(warm[2])} (median of 5) findings=${findings} mix=${JSON.stringify(mix)}`);
}

if (process.argv.includes('--cold')) await cold();
else await main();
