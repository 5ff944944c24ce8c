import { describe, expect, it } from 'vitest';
import { compilePolicy, fromJSON, RegoCompileErrors, RegoError, registerBuiltins, SetValue, toJSON } from '../../src/rego/index.js';

const compile = (source: string, options = {}) => compilePolicy([{ file: 'policy.rego', source }], options);

function compileError(source: string): RegoCompileErrors {
  try {
    compile(source);
  } catch (e) {
    if (e instanceof RegoCompileErrors) return e;
    throw e;
  }
  throw new Error('expected a compile error');
}

describe('conftest-style v1 policies', () => {
  const policy = compile(`package main
import rego.v1

deny contains msg if {
  input.kind == "Pod"
  not input.spec.securityContext.runAsNonRoot
  msg := "pods must run as non-root"
}

deny contains msg if {
  some c in input.spec.containers
  endswith(c.image, ":latest")
  msg := concat("", ["image ", c.image, " uses latest"])
}

warn_replicas contains "one replica" if input.spec.replicas == 1
`);

  it('collects every message of a multi-value rule', () => {
    const input = fromJSON({ kind: 'Pod', spec: { containers: [{ image: 'nginx:latest' }, { image: 'redis:7' }] } });
    const deny = policy.evaluateRef('data.main.deny', { input });
    expect(deny).toBeInstanceOf(SetValue);
    expect(toJSON(deny!)).toEqual(['image nginx:latest uses latest', 'pods must run as non-root']);
  });

  it('gives the empty set when nothing matches and lists rule names', () => {
    const input = fromJSON({ kind: 'Pod', spec: { securityContext: { runAsNonRoot: true }, containers: [] } });
    expect(toJSON(policy.evaluateRef('data.main.deny', { input })!)).toEqual([]);
    expect(policy.rules('main')).toEqual(['deny', 'warn_replicas']);
  });
});

describe('gatekeeper-style v0 policies', () => {
  it('reads `violation[{...}] { ... }` as a partial set', () => {
    const policy = compile(`package k8srequiredlabels

violation[{"msg": msg, "details": {"missing_labels": missing}}] {
  provided := {label | input.review.object.metadata.labels[label]}
  required := {label | label := input.parameters.labels[_]}
  missing := required - provided
  count(missing) > 0
  msg := sprintf("you must provide labels: %v", [missing])
}
`);
    const input = fromJSON({ review: { object: { metadata: { labels: { app: 'x' } } } }, parameters: { labels: ['app', 'team'] } });
    const result = toJSON(policy.evaluateRef('data.k8srequiredlabels.violation', { input })!) as { msg: string }[];
    expect(result).toHaveLength(1);
    expect(result[0]!.msg).toBe('you must provide labels: {"team"}');
  });
});

describe('language features', () => {
  it('evaluates else chains, defaults and functions', () => {
    const policy = compile(`package t
default level := "none"
level := "high" if input.x > 10
else := "low" if input.x > 0
double(x) := x * 2
d := double(input.x)
`);
    expect(policy.evaluate('x = data.t.level', { input: fromJSON({ x: 11 }) })).toEqual([{ x: 'high' }]);
    expect(policy.evaluate('x = data.t.level', { input: fromJSON({ x: 1 }) })).toEqual([{ x: 'low' }]);
    expect(policy.evaluate('x = data.t.level', { input: fromJSON({ x: 0 }) })).toEqual([{ x: 'none' }]);
    expect(policy.evaluate('x = data.t.d', { input: fromJSON({ x: 21 }) })).toEqual([{ x: 42 }]);
  });

  it('treats undefined as not false', () => {
    const policy = compile(`package t
missing if not input.spec.x
`);
    expect(policy.evaluate('x = data.t.missing', { input: fromJSON({ spec: {} }) })).toEqual([{ x: true }]);
    expect(policy.evaluate('x = data.t.missing', { input: fromJSON({ spec: { x: 1 } }) })).toEqual([]);
  });

  it('replaces input, data and functions with `with`', () => {
    const policy = compile(`package t
allow if input.user == data.admin
f(x) := x
g := f(1)
test_allow if allow with input as {"user": "bob"} with data.admin as "bob"
test_mock if g == 2 with f as 2
`);
    expect(policy.evaluate('x = data.t.test_allow')).toEqual([{ x: true }]);
    expect(policy.evaluate('x = data.t.test_mock')).toEqual([{ x: true }]);
  });

  it('reports conflicting outputs as eval_conflict_error', () => {
    const policy = compile(`package t
p := 1
p := 2 if true
`);
    expect(() => policy.evaluate('x = data.t.p')).toThrow(/eval_conflict_error: complete rules must not produce multiple outputs/);
  });
});

describe('compile errors', () => {
  it('names file, line and what was expected for parse errors', () => {
    const e = compileError('package t\n\np if {\n  x := [1, 2\n}\n');
    expect(e.errors[0]!.code).toBe('rego_parse_error');
    expect(e.errors[0]!.location?.file).toBe('policy.rego');
    expect(e.errors[0]!.location?.line).toBe(5);
  });

  it('rejects unsafe variables', () => {
    const e = compileError('package t\np if { x > 1 }\n');
    expect(e.errors[0]!.code).toBe('rego_unsafe_var_error');
    expect(e.message).toContain('var x is unsafe');
  });

  it('rejects recursion', () => {
    const e = compileError('package t\np if q\nq if p\n');
    expect(e.errors[0]!.code).toBe('rego_recursion_error');
  });

  it('rejects unknown functions and wrong arity', () => {
    expect(compileError('package t\np if nope(1)\n').errors[0]!.message).toContain('undefined function nope');
    expect(compileError('package t\np if count(1, 2, 3)\n').errors[0]!.code).toBe('rego_type_error');
  });

  it('rejects redeclared variables, shadowed input and constant arguments of the wrong type', () => {
    expect(compileError('package t\np if {\n  x := 1\n  x := 2\n}\n').message).toContain('var x assigned above');
    expect(compileError('package t\np if {\n  input := 1\n}\n').message).toContain('variables must not shadow input');
    expect(compileError('package t\np if {\n  y > 1\n  y := 2\n}\n').message).toContain('var y referenced above');
    expect(compileError('package t\np if count(1) > 0\n').errors[0]!.code).toBe('rego_type_error');
  });

  it('rejects a document defined both as a whole and below', () => {
    expect(compileError('package t\np := 1\np.q := 2\n').message).toContain('rule data.t.p conflicts with [data.t.p.q]');
  });

  it('requires `if` in v1 but accepts v0 bodies when asked', () => {
    expect(compileError('package t\nimport rego.v1\np { true }\n').errors[0]!.code).toBe('rego_parse_error');
    expect(compile('package t\np { true }\n', { regoVersion: 'v0' }).evaluate('x = data.t.p')).toEqual([{ x: true }]);
  });
});

describe('guards', () => {
  it('stops an exploding evaluation with a clear error instead of hanging', () => {
    const policy = compile(`package t
p contains [a, b, c] if {
  some a in numbers.range(1, 1000)
  some b in numbers.range(1, 1000)
  some c in numbers.range(1, 1000)
}
`);
    let err: unknown;
    try {
      policy.evaluate('x = data.t.p', { limits: { maxSteps: 100_000 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoError);
    expect((err as RegoError).code).toBe('eval_limit_error');
  });

  it('refuses network builtins unless enabled', () => {
    registerBuiltins([{ name: 'test.fetch', args: ['string'], result: 'string', network: true, impl: () => 'ok' }]);
    const policy = compile('package t\np := test.fetch("http://x")\n');
    expect(() => policy.evaluate('x = data.t.p')).toThrow(/network access is disabled/);
    expect(policy.evaluate('x = data.t.p', { allowNetwork: true })).toEqual([{ x: 'ok' }]);
  });

  it('turns builtin errors into undefined unless strict', () => {
    const policy = compile('package t\np := 1 / 0\n');
    expect(policy.evaluate('x = data.t.p')).toEqual([]);
    expect(() => policy.evaluate('x = data.t.p', { strictBuiltinErrors: true })).toThrow(/div: divide by zero/);
  });
});

describe('caching across evaluations', () => {
  it('reuses input-independent documents but never input-dependent ones', () => {
    const policy = compile(`package t
table := {x: x * 2 | some x in numbers.range(1, 3)}
lookup := table[input.n]
`);
    expect(policy.evaluate('x = data.t.lookup', { input: fromJSON({ n: 2 }) })).toEqual([{ x: 4 }]);
    expect(policy.evaluate('x = data.t.lookup', { input: fromJSON({ n: 3 }) })).toEqual([{ x: 6 }]);
    expect(policy.evaluate('x = data.t.lookup with data.t.table as {3: 0}', { input: fromJSON({ n: 3 }) })).toEqual([{ x: 0 }]);
    expect(policy.evaluate('x = data.t.lookup', { input: fromJSON({ n: 3 }) })).toEqual([{ x: 6 }]);
  });

  it('keeps separate caches for separate data documents', () => {
    const policy = compile('package t\nnames := {n | some n in data.users}\n');
    expect(toJSON(policy.evaluateRef('data.t.names', { data: fromJSON({ users: ['a'] }) })!)).toEqual(['a']);
    expect(toJSON(policy.evaluateRef('data.t.names', { data: fromJSON({ users: ['b'] }) })!)).toEqual(['b']);
  });
});

describe('annotations', () => {
  it('parses METADATA blocks above packages and rules', () => {
    const policy = compile(`# METADATA
# title: Privileged containers
# custom:
#   id: KSV017
#   severity: HIGH
package checks.privileged

# METADATA
# title: deny privileged
# authors:
# - Jane Doe <jane@example.com>
deny contains "x" if input.privileged
meta := rego.metadata.rule()
`);
    const anns = policy.annotations().map((a) => ({ ...a, annotations: toJSON(a.annotations) }));
    expect(anns[0]).toMatchObject({ path: ['checks', 'privileged'], scope: 'package', annotations: { title: 'Privileged containers', custom: { id: 'KSV017', severity: 'HIGH' } } });
    expect(anns[1]).toMatchObject({ path: ['checks', 'privileged', 'deny'], scope: 'rule', annotations: { authors: [{ name: 'Jane Doe', email: 'jane@example.com' }] } });
  });
});

describe('strict mode', () => {
  const strictErrors = (source: string): string[] => {
    try {
      compilePolicy([{ file: 'p.rego', source }], { strict: true });
      return [];
    } catch (e) {
      if (e instanceof RegoCompileErrors) return e.errors.map((x) => x.detail);
      throw e;
    }
  };

  it('reports unused imports and assignments', () => {
    expect(strictErrors('package t\nimport data.lib.x\np if {\n  y := 1\n  true\n}\n')).toEqual(['import data.lib.x unused', 'assigned var y unused']);
  });

  it('accepts a clean module', () => {
    expect(strictErrors('package t\nimport data.lib.x\np if {\n  y := x.v\n  y > 1\n}\n')).toEqual([]);
  });
});

describe('unit tests (test_* rules)', () => {
  it('reports pass, fail, error and skip with print output', async () => {
    const { runRegoTests } = await import('../../src/rego/index.js');
    const policy = compilePolicy([
      { file: 'p.rego', source: 'package main\ndeny contains "no" if input.bad\n' },
      {
        file: 'p_test.rego',
        source: `package main_test
import data.main
test_denies if {
  print("checking")
  main.deny["no"] with input as {"bad": true}
}
test_allows if count(main.deny) == 1 with input as {}
test_errors if 1 / 0 with input as {}
todo_test_later if false
`,
      },
    ]);
    const results = runRegoTests(policy, { strictBuiltinErrors: true });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName.test_denies!.outcome).toBe('pass');
    expect(byName.test_denies!.output).toEqual(['p_test.rego:4: checking']);
    expect(byName.test_allows!.outcome).toBe('fail');
    expect(byName.test_errors!.outcome).toBe('error');
    expect(byName.todo_test_later!.outcome).toBe('skip');
  });
});

describe('rego version detection', () => {
  it('reads `deny[msg] if` as a partial set when the module imports future.keywords', () => {
    const policy = compile('package main\nimport future.keywords.if\ndeny[msg] if {\n  msg := "x"\n}\n');
    expect(policy.evaluateRef('data.main.deny')).toBeInstanceOf(SetValue);
  });

  it('reads `p[x] if` as an object in v1', () => {
    const policy = compile('package main\nimport rego.v1\np[x] if x := "a"\n');
    expect(toJSON(policy.evaluateRef('data.main.p')!)).toEqual({ a: true });
  });
});

describe('v0 compatibility', () => {
  it('lets a v0 body assign a local named input and pass it with `with`', () => {
    const policy = compile(
      `package main
deny[msg] {
  input.kind == "Deployment"
  not input.spec.replicas
  msg := "replicas missing"
}
ok {
  count(deny) == 0
}
test_ok {
  input := {"kind": "Deployment", "spec": {"replicas": 2}}
  ok with input as input
}
`,
      { regoVersion: 'v0' },
    );
    expect(policy.evaluate('x = data.main.test_ok')).toEqual([{ x: true }]);
  });
});

describe('plain JS input and data', () => {
  it('accepts plain objects as input and data', () => {
    const policy = compile('package t\np := [input.a, data.b]\n');
    expect(toJSON(policy.evaluateRef('data.t.p', { input: { a: 1 } as never, data: { b: 2 } as never })!)).toEqual([1, 2]);
  });
});

describe('rule form errors', () => {
  it('rejects else and default on multi-value rules and non-constant defaults', () => {
    expect(compileError('package t\ns contains 1 if false\nelse := 2\n').message).toContain('else keyword cannot be used on multi-value rules');
    expect(compileError('package t\ndefault s contains 1\n').message).toContain('default keyword cannot be used on multi-value rules');
    expect(compileError('package t\ndefault p := input.x\n').message).toContain('illegal default rule');
  });
});
