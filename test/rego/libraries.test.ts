import { describe, expect, it } from 'vitest';
import { compilePolicy, fromJSON, ObjectValue, toJSON, type Value } from '../../src/rego/index.js';

describe('gatekeeper-library style (v0, several modules)', () => {
  const policy = compilePolicy(
    [
      {
        file: 'lib/exclude_update.rego',
        source: `package lib.exclude_update

is_update(review) {
    review.operation == "UPDATE"
}
`,
      },
      {
        file: 'privileged.rego',
        source: `package k8spspprivileged

import data.lib.exclude_update.is_update

violation[{"msg": msg, "details": {}}] {
    not is_update(input.review)

    c := input_containers[_]
    c.securityContext.privileged
    msg := sprintf("Privileged container is not allowed: %v, securityContext: %v", [c.name, c.securityContext])
}

input_containers[c] {
    c := input.review.object.spec.containers[_]
}

input_containers[c] {
    c := input.review.object.spec.initContainers[_]
}
`,
      },
    ],
    { regoVersion: 'v0' },
  );

  it('finds privileged containers and initContainers', () => {
    const input = fromJSON({
      review: {
        operation: 'CREATE',
        object: { spec: { containers: [{ name: 'a', securityContext: { privileged: true } }], initContainers: [{ name: 'b' }] } },
      },
    });
    const v = toJSON(policy.evaluateRef('data.k8spspprivileged.violation', { input })!) as { msg: string }[];
    expect(v.map((x) => x.msg)).toEqual(['Privileged container is not allowed: a, securityContext: {"privileged": true}']);
  });

  it('skips updates', () => {
    const input = fromJSON({ review: { operation: 'UPDATE', object: { spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } } } });
    expect(toJSON(policy.evaluateRef('data.k8spspprivileged.violation', { input })!)).toEqual([]);
  });
});

describe('trivy-checks style (v1, library imports, custom result.new)', () => {
  const lib = `package lib.kubernetes

import rego.v1

default kind := ""

kind := input.kind

name := input.metadata.name

containers contains container if {
	container := input.spec.template.spec.containers[_]
}

containers contains container if {
	input.kind == "Pod"
	container := input.spec.containers[_]
}

format(str) := sprintf("%s in %s %s", [str, lower(kind), name])
`;
  const check = `# METADATA
# title: "Privileged"
# custom:
#   id: KSV017
package builtin.kubernetes.KSV017

import rego.v1
import data.lib.kubernetes

getPrivilegedContainers contains container if {
	container := kubernetes.containers[_]
	container.securityContext.privileged == true
}

deny contains res if {
	output := getPrivilegedContainers[_]
	msg := kubernetes.format(sprintf("Container '%s' should set 'securityContext.privileged' to false", [output.name]))
	res := result.new(msg, output)
}
`;
  const policy = compilePolicy(
    [
      { file: 'lib/kubernetes.rego', source: lib },
      { file: 'KSV017.rego', source: check },
    ],
    { customFunctions: { 'result.new': 2 } },
  );
  const resultNew = (args: Value[]): Value => ObjectValue.fromRecord({ msg: args[0]!, startline: 0 });

  it('reports the privileged container with the library formatting', () => {
    const input = fromJSON({ kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c1', securityContext: { privileged: true } }, { name: 'c2' }] } });
    const deny = toJSON(policy.evaluateRef('data.builtin.kubernetes.KSV017.deny', { input, customBuiltins: { 'result.new': resultNew } })!) as { msg: string }[];
    expect(deny).toEqual([{ msg: "Container 'c1' should set 'securityContext.privileged' to false in pod web", startline: 0 }]);
  });
});
