/**
 * OPA's JSON form of a parsed module (what rego.parse_module returns):
 * terms are {type, value}; refs list their head var first.
 */
import type { Body, Literal, Module, Rule, Term } from './ast.js';
import { isNumber, ObjectValue, type Value } from './value.js';

const obj = (fields: Record<string, Value | undefined>): ObjectValue => {
  const o = new ObjectValue();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) o.set(k, v);
  return o;
};

export function termJSON(t: Term): Value {
  switch (t.type) {
    case 'scalar': {
      const v = t.value;
      if (v === null) return obj({ type: 'null' });
      if (typeof v === 'boolean') return obj({ type: 'boolean', value: v });
      if (isNumber(v)) return obj({ type: 'number', value: v });
      return obj({ type: 'string', value: v });
    }
    case 'var':
      return obj({ type: 'var', value: t.name });
    case 'ref':
      return obj({ type: 'ref', value: [termJSON(t.head), ...t.path.map(termJSON)] });
    case 'array':
      return obj({ type: 'array', value: t.items.map(termJSON) });
    case 'set':
      return obj({ type: 'set', value: t.items.map(termJSON) });
    case 'object':
      return obj({ type: 'object', value: t.entries.map(([k, v]) => [termJSON(k), termJSON(v)]) });
    case 'call':
      return obj({ type: 'call', value: [termJSON(t.nameRef), ...t.args.map(termJSON)] });
    case 'arraycomp':
      return obj({ type: 'arraycomprehension', value: obj({ term: termJSON(t.head), body: bodyJSON(t.body) }) });
    case 'setcomp':
      return obj({ type: 'setcomprehension', value: obj({ term: termJSON(t.head), body: bodyJSON(t.body) }) });
    case 'objectcomp':
      return obj({ type: 'objectcomprehension', value: obj({ key: termJSON(t.key), value: termJSON(t.value), body: bodyJSON(t.body) }) });
    case 'template':
      return obj({ type: 'templatestring', value: t.parts.map((p) => (typeof p === 'string' ? obj({ type: 'string', value: p }) : termJSON(p))) });
  }
}

function literalJSON(lit: Literal, index: number): Value {
  const e = lit.expr;
  let terms: Value;
  switch (e.type) {
    case 'term':
      terms = e.term.type === 'call' ? [termJSON(e.term.nameRef), ...e.term.args.map(termJSON)] : termJSON(e.term);
      break;
    case 'some':
      terms = obj({ type: 'somedecl', value: e.vars.map(termJSON) });
      break;
    case 'somein':
      terms = obj({ type: 'somedecl', value: [obj({ type: 'call', value: [e.key ? 'internal.member_3' : 'internal.member_2', ...(e.key ? [termJSON(e.key)] : []), termJSON(e.value), termJSON(e.collection)] })] });
      break;
    case 'every':
      terms = obj({ type: 'every', value: obj({ key: e.key && termJSON(e.key), value: termJSON(e.value), domain: termJSON(e.domain), body: bodyJSON(e.body) }) });
      break;
  }
  return obj({
    index,
    negated: lit.negated || undefined,
    terms,
    with: lit.with.length ? lit.with.map((w) => obj({ target: termJSON(w.target), value: termJSON(w.value) })) : undefined,
  });
}

function bodyJSON(body: Body): Value {
  return body.map(literalJSON);
}

function ruleJSON(r: Rule): Value {
  const name = r.ref[0]!.type === 'var' ? r.ref[0].name : '';
  const head = obj({
    name,
    ref: r.ref.map(termJSON),
    args: r.args?.map(termJSON),
    key: r.member && termJSON(r.member),
    value: r.value ? termJSON(r.value) : r.kind === 'multi' ? undefined : obj({ type: 'boolean', value: true }),
    assign: r.assign || undefined,
  });
  return obj({
    default: r.isDefault || undefined,
    head,
    body: r.body.length ? bodyJSON(r.body) : [obj({ index: 0, terms: obj({ type: 'boolean', value: true }) })],
    else: r.elses.length ? r.elses.map((e) => obj({ head: obj({ name, value: e.value ? termJSON(e.value) : obj({ type: 'boolean', value: true }) }), body: bodyJSON(e.body) })) : undefined,
  });
}

export function moduleJSON(m: Module): Value {
  const pkgPath: Value[] = [obj({ type: 'var', value: 'data' }), ...m.packagePath.map((p) => obj({ type: 'string', value: p }))];
  return obj({
    package: obj({ path: pkgPath }),
    imports: m.imports.length ? m.imports.map((i) => obj({ path: termJSON(i.path), alias: i.alias })) : undefined,
    rules: m.rules.length ? m.rules.map(ruleJSON) : undefined,
  });
}
