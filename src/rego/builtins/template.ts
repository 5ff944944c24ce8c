/**
 * strings.render_template: a Go text/template subset over the Rego object
 * argument — text with {{ }} actions (trim markers, comments), pipelines,
 * fields (.a.b), variables ($x, $), literals, if/else if/else, range (with
 * $i, $x :=), with, and the builtin functions (and, or, not, len, index, print,
 * printf, println, eq, ne, lt, le, gt, ge). Missing keys render as
 * "<undefined>" (as OPA does); values print as Go's fmt %v prints them.
 */
import { compare, equals, isArray, isNumber, isObject, isSet, type Value } from '../value.js';
import { numToString } from '../number.js';
import { argObject, argString, BuiltinError, type BuiltinDef } from './registry.js';
import { goSprintf } from './gofmt.js';

const UNDEFINED = Symbol('undefined');
type TValue = Value | typeof UNDEFINED;

// ------------------------------------------------------------------ lexing

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; branches: { pipe: Pipeline; body: Node[] }[]; otherwise: Node[] }
  | { kind: 'range'; pipe: Pipeline; body: Node[]; otherwise: Node[] };

interface Pipeline {
  decl: string[]; // declared variables ($i, $x :=)
  assign: boolean; // `=` rather than `:=`
  cmds: Term[][]; // commands, each a list of terms
}

type Term =
  | { t: 'field'; base: 'dot' | string; path: string[] } // base: 'dot' or a variable name ("$" for root)
  | { t: 'lit'; v: TValue }
  | { t: 'ident'; name: string }
  | { t: 'sub'; pipe: Pipeline };

function fail(msg: string): never {
  throw new BuiltinError(`template: template:${msg}`);
}

/** Split the source into text and raw action strings, applying trim markers. */
function scan(src: string): (string | { action: string })[] {
  const out: (string | { action: string })[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) out.push(text);
      break;
    }
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) out.push(text);
    const close = src.indexOf('}}', start);
    if (close < 0) fail('1: unclosed action');
    let end = close;
    if (src[close - 1] === '-' && /\s/.test(src[close - 2] ?? '')) {
      trimNext = true;
      end = close - 1;
    }
    const action = src.slice(start, end).trim();
    if (!action.startsWith('/*')) out.push({ action });
    i = close + 2;
  }
  return out;
}

function tokenize(s: string): string[] {
  const toks: string[] = [];
  const re = /\s*(`[^`]*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)'|:=|[|()=]|[^\s|()=]+)/gy;
  for (let m = re.exec(s); m; m = re.exec(s)) toks.push(m[1]!);
  if (s.slice(re.lastIndex).trim() !== '' && toks.join('').length < s.replace(/\s/g, '').length) fail('1: bad syntax');
  return toks;
}

function parseTerm(tok: string): Term {
  if (tok === '.') return { t: 'field', base: 'dot', path: [] };
  if (tok.startsWith('.')) return { t: 'field', base: 'dot', path: tok.slice(1).split('.') };
  if (tok.startsWith('$')) {
    const [name, ...path] = tok.split('.');
    return { t: 'field', base: name!, path };
  }
  if (tok.startsWith('"')) return { t: 'lit', v: JSON.parse(tok) as string };
  if (tok.startsWith('`')) return { t: 'lit', v: tok.slice(1, -1) };
  if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
  if (tok === 'nil') return { t: 'lit', v: null };
  if (/^[-+]?\d/.test(tok)) return { t: 'lit', v: Number(tok) };
  return { t: 'ident', name: tok };
}

function parsePipeline(toks: string[]): Pipeline {
  let pos = 0;
  const decl: string[] = [];
  let assign = false;
  // variable declarations: $x := / $i, $x := / $x =
  const declEnd = toks.findIndex((t) => t === ':=' || t === '=');
  if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.startsWith('$') || t === ',' || t.endsWith(','))) {
    for (const t of toks.slice(0, declEnd)) for (const v of t.split(',')) if (v) decl.push(v);
    assign = toks[declEnd] === '=';
    pos = declEnd + 1;
  }
  const cmds: Term[][] = [];
  let cur: Term[] = [];
  const parseUntil = (stop: string | undefined): void => {
    while (pos < toks.length) {
      const t = toks[pos++]!;
      if (t === stop) return;
      if (t === '|') {
        cmds.push(cur);
        cur = [];
      } else if (t === '(') {
        const depthStart = pos;
        let depth = 1;
        while (pos < toks.length && depth > 0) {
          if (toks[pos] === '(') depth++;
          if (toks[pos] === ')') depth--;
          pos++;
        }
        cur.push({ t: 'sub', pipe: parsePipeline(toks.slice(depthStart, pos - 1)) });
      } else cur.push(parseTerm(t));
    }
  };
  parseUntil(undefined);
  cmds.push(cur);
  return { decl, assign, cmds };
}

function parse(src: string): Node[] {
  const items = scan(src);
  let i = 0;
  const block = (terminators: string[]): { nodes: Node[]; end: string; rest: string } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const it = items[i++]!;
      if (typeof it === 'string') {
        nodes.push({ kind: 'text', text: it });
        continue;
      }
      const a = it.action;
      const word = /^[a-z]+/.exec(a)?.[0] ?? '';
      if (terminators.includes(word)) return { nodes, end: word, rest: a.slice(word.length).trim() };
      if (word === 'if' || word === 'with') {
        const branches = [{ pipe: parsePipeline(tokenize(a.slice(word.length))), body: [] as Node[] }];
        let otherwise: Node[] = [];
        for (;;) {
          const b = block(['else', 'end']);
          branches[branches.length - 1]!.body = b.nodes;
          if (b.end === 'end') break;
          if (b.rest.startsWith(word + ' ') || b.rest.startsWith(word + '\t')) {
            branches.push({ pipe: parsePipeline(tokenize(b.rest.slice(word.length))), body: [] });
            continue;
          }
          const e = block(['end']);
          otherwise = e.nodes;
          break;
        }
        nodes.push({ kind: word, branches, otherwise });
      } else if (word === 'range') {
        const pipe = parsePipeline(tokenize(a.slice(5)));
        const b = block(['else', 'end']);
        const otherwise = b.end === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'range', pipe, body: b.nodes, otherwise });
      } else if (word === 'end' || word === 'else') fail(`1: unexpected {{${word}}}`);
      else nodes.push({ kind: 'action', pipe: parsePipeline(tokenize(a)) });
    }
    if (terminators.length) fail('1: unexpected EOF');
    return { nodes, end: '', rest: '' };
  };
  return block([]).nodes;
}

// ------------------------------------------------------------------ evaluation

/** Go's fmt %v of the value (numbers keep their Rego text). */
function show(v: TValue): string {
  if (v === UNDEFINED) return '<undefined>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (isNumber(v)) return numToString(v);
  if (isArray(v) || isSet(v)) return `[${(isArray(v) ? v : v.sorted()).map(show).join(' ')}]`;
  return `map[${[...v.entries()].map(([k, x]) => `${show(k)}:${show(x)}`).join(' ')}]`;
}

function truthy(v: TValue): boolean {
  if (v === UNDEFINED || v === null || v === false || v === '' || v === 0) return false;
  if (isArray(v)) return v.length > 0;
  if (isObject(v) || isSet(v)) return v.size > 0;
  return true;
}

interface Scope {
  dot: TValue;
  vars: Map<string, TValue>[];
}

function lookupVar(scope: Scope, name: string): TValue {
  for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i]!.has(name)) return scope.vars[i]!.get(name)!;
  return fail(`1: undefined variable "${name}"`);
}

function field(v: TValue, path: string[]): TValue {
  let cur = v;
  for (const p of path) {
    if (cur === UNDEFINED) return UNDEFINED;
    if (!isObject(cur)) return fail(`1: can't evaluate field ${p} in type ${show(cur)}`);
    cur = cur.get(p) ?? UNDEFINED;
  }
  return cur;
}

/** The Value of a template value (undefined for a missing key). */
const val = (v: TValue | undefined): Value | undefined => (v === UNDEFINED ? undefined : v);

const FUNCS: Record<string, (args: TValue[]) => TValue> = {
  not: ([a]) => !truthy(a ?? null),
  len: ([x]) => {
    const a = val(x);
    if (typeof a === 'string') return Buffer.byteLength(a);
    if (isArray(a)) return a.length;
    if (isObject(a) || isSet(a)) return a.size;
    return fail('1: len of unsupported type');
  },
  index: ([a, ...keys]) => {
    let cur = a ?? null;
    for (const k of keys) {
      if (cur === UNDEFINED) return UNDEFINED;
      if (isArray(cur) && typeof k === 'number') cur = cur[k] ?? fail('1: index out of range');
      else if (isObject(cur) && k !== UNDEFINED && k !== undefined) cur = cur.get(k) ?? UNDEFINED;
      else return fail("1: can't index item");
    }
    return cur;
  },
  print: (args) => args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + show(a)).join(''),
  println: (args) => args.map(show).join(' ') + '\n',
  printf: ([f, ...args]) => goSprintf(typeof f === 'string' ? f : '', args.map((a) => (a === UNDEFINED ? '<undefined>' : a))),
  eq: ([a, ...bs]) => bs.some((b) => a !== UNDEFINED && b !== UNDEFINED && equals(a!, b)),
  ne: ([a, b]) => !(a !== UNDEFINED && b !== UNDEFINED && equals(a!, b!)),
  lt: ([a, b]) => cmp(a, b) < 0,
  le: ([a, b]) => cmp(a, b) <= 0,
  gt: ([a, b]) => cmp(a, b) > 0,
  ge: ([a, b]) => cmp(a, b) >= 0,
};

function cmp(a: TValue | undefined, b: TValue | undefined): number {
  if (a === undefined || b === undefined || a === UNDEFINED || b === UNDEFINED) return fail('1: incompatible types for comparison');
  return compare(a, b);
}

function evalTerm(t: Term, scope: Scope): TValue {
  switch (t.t) {
    case 'lit':
      return t.v;
    case 'field':
      return field(t.base === 'dot' ? scope.dot : lookupVar(scope, t.base), t.path);
    case 'sub':
      return evalPipeline(t.pipe, scope);
    case 'ident':
      return callFunc(t.name, [], scope);
  }
}

function callFunc(name: string, args: TValue[], _scope: Scope): TValue {
  if (name === 'and') return args.find((a) => !truthy(a)) ?? args[args.length - 1] ?? null;
  if (name === 'or') return args.find((a) => truthy(a)) ?? args[args.length - 1] ?? null;
  const f = FUNCS[name];
  if (!f) return fail(`1: function "${name}" not defined`);
  return f(args);
}

function evalPipeline(p: Pipeline, scope: Scope): TValue {
  let prev: TValue | undefined;
  for (const cmd of p.cmds) {
    if (cmd.length === 0) return fail('1: missing value for command');
    const [head, ...rest] = cmd;
    let v: TValue;
    if (head!.t === 'ident') {
      const args = rest.map((a) => evalTerm(a, scope));
      if (prev !== undefined) args.push(prev);
      v = callFunc(head!.name, args, scope);
    } else {
      if (rest.length || prev !== undefined) {
        if (rest.length) return fail("1: can't give argument to non-function");
      }
      v = evalTerm(head!, scope);
    }
    prev = v;
  }
  const result = prev ?? null;
  if (p.decl.length === 1) {
    const vars = scope.vars[scope.vars.length - 1]!;
    if (p.assign) {
      for (let i = scope.vars.length - 1; i >= 0; i--) {
        if (scope.vars[i]!.has(p.decl[0]!)) {
          scope.vars[i]!.set(p.decl[0]!, result);
          break;
        }
      }
    } else vars.set(p.decl[0]!, result);
  }
  return result;
}

function exec(nodes: Node[], scope: Scope, out: string[]): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out.push(n.text);
        break;
      case 'action': {
        const v = evalPipeline(n.pipe, scope);
        if (n.pipe.decl.length === 0) out.push(show(v));
        break;
      }
      case 'if':
      case 'with': {
        let done = false;
        for (const b of n.branches) {
          scope.vars.push(new Map());
          const v = evalPipeline(b.pipe, scope);
          if (truthy(v)) {
            exec(b.body, n.kind === 'with' ? { dot: v, vars: scope.vars } : scope, out);
            done = true;
          }
          scope.vars.pop();
          if (done) break;
        }
        if (!done) exec(n.otherwise, scope, out);
        break;
      }
      case 'range': {
        const raw = evalPipeline({ ...n.pipe, decl: [] }, scope);
        const coll = val(raw);
        const entries: [TValue, TValue][] = isArray(coll)
          ? coll.map((x, i) => [i, x])
          : isSet(coll)
            ? coll.sorted().map((x, i) => [i, x])
            : isObject(coll)
              ? [...coll.entries()]
              : typeof coll === 'number'
                ? Array.from({ length: Math.max(0, coll) }, (_, i) => [i, i])
                : coll === undefined || coll === null
                  ? []
                  : fail(`1: range can't iterate over ${show(coll)}`);
        if (entries.length === 0) {
          exec(n.otherwise, scope, out);
          break;
        }
        for (const [k, v] of entries) {
          const vars = new Map<string, TValue>();
          if (n.pipe.decl.length === 1) vars.set(n.pipe.decl[0]!, v);
          if (n.pipe.decl.length === 2) {
            vars.set(n.pipe.decl[0]!, k);
            vars.set(n.pipe.decl[1]!, v);
          }
          scope.vars.push(vars);
          exec(n.body, { dot: v, vars: scope.vars }, out);
          scope.vars.pop();
        }
        break;
      }
    }
  }
}

export function renderTemplate(src: string, data: Value): string {
  const nodes = parse(src);
  const out: string[] = [];
  exec(nodes, { dot: data, vars: [new Map([['$', data]])] }, out);
  return out.join('');
}

export const templateBuiltins: BuiltinDef[] = [
  {
    name: 'strings.render_template',
    args: ['string', 'object'],
    result: 'string',
    impl: (args) => {
      const src = argString(args, 0);
      return renderTemplate(src, argObject(args, 1));
    },
  },
];
