import { describe, expect, it } from 'vitest';
import { compilePolicy, key, type Value } from '../../src/rego/index.js';

/* Which input field explains each result: the engine's read tracing (src/rego/origins.ts). */

function traced(source: string, input: unknown, rule = 'deny', traceInput?: string[]): Record<string, string | undefined> {
  const policy = compilePolicy([{ file: 'p.rego', source }]);
  const { values, origins } = policy.evaluateRefsTraced([['main', rule]], { input: input as Value, ...(traceInput ? { traceInput } : {}) });
  const plain = policy.evaluateRefs([['main', rule]], { input: input as Value });
  // Tracing never changes what a policy computes.
  expect(values).toEqual(plain);
  const out: Record<string, string | undefined> = {};
  const members = values[0] as { sorted(): Value[] } | undefined;
  for (const m of members?.sorted() ?? []) out[typeof m === 'string' ? m : key(m)] = origins[0]?.get(key(m));
  return out;
}

const pod = {
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', owner: 'Payments' } },
  spec: {
    containers: [
      { name: 'a', image: 'nginx:1.27', securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } } },
      { name: 'b', image: 'busybox:latest' },
    ],
  },
};

describe('read tracing', () => {
  it('points at the element the rule iterated to, not at a sibling read earlier', () => {
    const out = traced(
      `package main
deny contains c.name if {
  some c in input.spec.containers
  not c.securityContext.runAsNonRoot
}
deny contains sprintf("%s is latest", [c.name]) if {
  some c in input.spec.containers
  endswith(c.image, ":latest")
}`,
      pod,
    );
    expect(out).toEqual({
      b: '/spec/containers/1/securityContext',
      'b is latest': '/spec/containers/1/image',
    });
  });

  it('forgets what a failed element read when iteration moves to the next one', () => {
    const out = traced(
      `package main
deny contains image if {
  image := input.spec.containers[_].image
  endswith(image, ":latest")
}`,
      pod,
    );
    expect(out).toEqual({ 'busybox:latest': '/spec/containers/1/image' });
  });

  it('prefers the condition over fields read to build the message (deepest read, earliest among equals)', () => {
    const out = traced(
      `package main
deny contains msg if {
  input.kind == "Pod"
  input.spec.hostNetwork == false
  msg := sprintf("%s uses hostNetwork: false", [input.metadata.name])
}`,
      { ...pod, spec: { ...pod.spec, hostNetwork: false } },
    );
    expect(out).toEqual({ 'web uses hostNetwork: false': '/spec/hostNetwork' });
  });

  it('sums up a comprehension by what its reads share, and a negation by what it looked for', () => {
    const out = traced(
      `package main
deny contains "labels" if {
  provided := {l | input.metadata.labels[l]}
  count(provided) < 5
}
deny contains "no team" if {
  not input.metadata.labels.team
}`,
      pod,
    );
    expect(out).toEqual({ labels: '/metadata/labels', 'no team': '/metadata/labels/team' });
  });

  it('carries what a helper rule read to the rules that use its value', () => {
    const out = traced(
      `package main
latest_images := [i | i := input.spec.containers[_].image; endswith(i, ":latest")]
runs_as_root if not input.spec.securityContext.runAsNonRoot
deny contains "root" if runs_as_root
deny contains "latest" if count(latest_images) > 0`,
      pod,
    );
    expect(out).toEqual({ root: '/spec/securityContext', latest: '/spec/containers' });
  });

  it('traces from a document inside the input (Gatekeeper: input.review.object)', () => {
    const out = traced(
      `package main
deny contains "privileged" if {
  input.parameters.strict
  some c in input.review.object.spec.containers
  c.securityContext.privileged
}`,
      { parameters: { strict: true }, review: { object: { spec: { containers: [{ name: 'x', securityContext: { privileged: true } }] } } } },
      'deny',
      ['review', 'object'],
    );
    expect(out).toEqual({ privileged: '/spec/containers/0/securityContext/privileged' });
  });

  it('escapes pointer tokens and reports nothing for a result that read no input', () => {
    const out = traced(
      `package main
deny contains "annotation" if input.metadata.annotations["example.com/owner"] == "me"
deny contains "always" if true`,
      { metadata: { annotations: { 'example.com/owner': 'me' } } },
    );
    expect(out).toEqual({ annotation: '/metadata/annotations/example.com~1owner', always: undefined });
  });
});
