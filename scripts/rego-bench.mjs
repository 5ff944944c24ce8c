#!/usr/bin/env node
// Measures the Rego engine on synthetic Kubernetes policies (built engine in dist/).
// Usage: npm run build && node scripts/rego-bench.mjs [resources]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { compilePolicy, fromJSON } = await import(join(root, 'dist', 'rego', 'index.js'));
const resources = Number(process.argv[2] ?? 5000);

const lib = `package lib.k8s
import rego.v1
containers contains c if { c := input.spec.template.spec.containers[_] }
containers contains c if { input.kind == "Pod"; c := input.spec.containers[_] }
name := input.metadata.name
kind := input.kind
`;
const fields = ['privileged', 'hostPID', 'hostNetwork', 'readOnlyRootFilesystem', 'runAsNonRoot', 'allowPrivilegeEscalation'];
const modules = [{ file: 'lib.rego', source: lib }];
for (let i = 0; i < 40; i++) {
  const field = fields[i % fields.length];
  modules.push({
    file: `check${i}.rego`,
    source: `package checks.c${i}
import rego.v1
import data.lib.k8s
deny contains msg if {
  some c in k8s.containers
  c.securityContext.${field} == true
  msg := sprintf("container %s in %s %s sets ${field}", [c.name, k8s.kind, k8s.name])
}
deny contains "bad label" if input.metadata.labels["check-${i}"] == "bad"
`,
  });
}

let t0 = performance.now();
const policy = compilePolicy(modules);
console.log(`compile: ${modules.length} modules in ${(performance.now() - t0).toFixed(0)} ms`);

const refs = Array.from({ length: 40 }, (_, i) => ['checks', `c${i}`, 'deny']);
const inputs = Array.from({ length: resources }, (_, i) =>
  fromJSON({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, labels: { app: 'x' } },
    spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx', securityContext: { privileged: i % 2 === 0 } }, { name: 'b', image: 'busybox' }] } } },
  }),
);
for (let round = 1; round <= 2; round++) {
  t0 = performance.now();
  let findings = 0;
  for (const input of inputs) for (const v of policy.evaluateRefs(refs, { input })) findings += v.size;
  const us = ((performance.now() - t0) / resources) * 1000;
  console.log(`round ${round}: 40 checks x ${resources} resources: ${us.toFixed(0)} us/resource (${(us / 40).toFixed(1)} us/check), ${findings} findings`);
}
