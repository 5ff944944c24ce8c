/**
 * Rego parser (v1 by default, v0 on request or detection). Recursive descent
 * over the token list from lexer.ts. Operator precedence follows OPA:
 *   in  <  == != < <= > >=  <  |  <  &  <  + -  <  * / %
 */
import type { Body, Expr, Import, Literal, Module, Rule, RuleValueBranch, Term, VarTerm, WithModifier } from './ast.js';
import { RegoError, type Location } from './errors.js';
import { readEscape, tokenize, type Comment, type Token } from './lexer.js';
import { annotationBlocks, withScope, type AnnotationBlock } from './annotations.js';
import { parseNumber } from './number.js';

export type RegoVersion = 'v0' | 'v1';

export interface ParseOptions {
  /** grammar to use; 'auto' (default) picks v1 unless the module only parses as v0 */
  regoVersion?: RegoVersion | 'auto';
}

/** Binary operator levels, loosest first (below `in`). */
const PRECEDENCE: readonly ReadonlySet<string>[] = [
  new Set(['==', '!=', '<', '<=', '>', '>=']),
  new Set(['|']),
  new Set(['&']),
  new Set(['+', '-']),
  new Set(['*', '/', '%']),
];

const INFIX: Record<string, string> = {
  '==': 'equal',
  '!=': 'neq',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
  '|': 'or',
  '&': 'and',
  '+': 'plus',
  '-': 'minus',
  '*': 'mul',
  '/': 'div',
  '%': 'rem',
};

class Parser {
  private pos = 0;
  private noOr = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly version: RegoVersion,
    private readonly annotations: AnnotationBlock[] = [],
  ) {}

  private annotationAbove(line: number): AnnotationBlock | undefined {
    return this.annotations.find((b) => b.endLine === line - 1);
  }

  // ------------------------------------------------------------ token helpers
  private get tok(): Token {
    return this.tokens[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  private loc(t: Token = this.tok): Location {
    return { file: this.file, line: t.line, col: t.col };
  }
  private isPunct(v: string, t: Token = this.tok): boolean {
    return t.kind === 'punct' && t.value === v;
  }
  private isIdent(v: string, t: Token = this.tok): boolean {
    return t.kind === 'ident' && t.value === v;
  }
  private next(): Token {
    const t = this.tok;
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  fail(msg: string, t: Token = this.tok): never {
    throw new RegoError('rego_parse_error', msg, this.loc(t));
  }
  private describe(t: Token): string {
    if (t.kind === 'eof') return 'eof token';
    if (t.kind === 'string' || t.kind === 'rawstring') return 'string token';
    if (t.kind === 'number') return 'number token';
    if (t.kind === 'ident') return `ident token ${t.value}`;
    return `${t.value} token`;
  }
  private expectPunct(v: string): Token {
    if (!this.isPunct(v)) this.fail(`unexpected ${this.describe(this.tok)}: expected ${v}`);
    return this.next();
  }
  private expectIdent(): Token {
    if (this.tok.kind !== 'ident') this.fail(`unexpected ${this.describe(this.tok)}: expected ident`);
    return this.next();
  }
  /** `default.x`, `true.foo(1)`: a keyword directly followed by `.`/`[` is a plain name */
  private keywordAsName(t: Token = this.tok): boolean {
    const n = this.tokens[this.tokens.indexOf(t) + 1];
    return !!n && n.kind === 'punct' && (n.value === '.' || n.value === '[') && n.offset === t.end;
  }

  atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  // ------------------------------------------------------------ module
  parseModule(): Module {
    const start = this.tok;
    if (!this.isIdent('package')) this.fail('unexpected token: expected package', this.tok);
    this.next();
    const pkg = this.parseDottedRef();
    const packagePath = refToPath(pkg, this).slice(0);
    const pkgBlock = this.annotationAbove(start.line);
    const imports: Import[] = [];
    const rules: Rule[] = [];
    while (!this.atEnd()) {
      if (this.isIdent('import') && !this.keywordAsName()) {
        const t = this.next();
        const path = this.parseDottedRef();
        let alias: string | undefined;
        if (this.isIdent('as') && !this.tok.nl) {
          this.next();
          alias = this.expectIdent().value;
        }
        imports.push({ path, alias, loc: this.loc(t) });
        continue;
      }
      if (this.isPunct(';')) {
        this.next();
        continue;
      }
      const line = this.tok.line;
      const parsed = this.parseRule();
      const block = this.annotationAbove(line);
      if (block) for (const r of parsed) r.annotations = withScope(block, 'rule');
      rules.push(...parsed);
    }
    return {
      file: this.file,
      packagePath,
      imports,
      rules,
      regoVersion: this.version,
      loc: this.loc(start),
      packageAnnotation: pkgBlock ? withScope(pkgBlock, 'package') : undefined,
    };
  }

  /** a.b.c or a.b["c"] (package/import paths) */
  private parseDottedRef(): Term {
    const t = this.expectIdent();
    const head: VarTerm = { type: 'var', name: t.value, loc: this.loc(t) };
    const path: Term[] = [];
    for (;;) {
      if (this.isPunct('.') && !this.tok.nl) {
        this.next();
        const f = this.expectIdent();
        path.push({ type: 'scalar', value: f.value, loc: this.loc(f) });
      } else if (this.isPunct('[') && !this.tok.nl) {
        this.next();
        const s = this.next();
        if (s.kind !== 'string') this.fail('unexpected token: expected string', s);
        path.push({ type: 'scalar', value: s.value, loc: this.loc(s) });
        this.expectPunct(']');
      } else break;
    }
    return path.length ? { type: 'ref', head, path, loc: head.loc } : head;
  }

  private parseRule(): Rule[] {
    const start = this.tok;
    const loc = this.loc(start);
    let isDefault = false;
    if (this.isIdent('default') && !this.keywordAsName()) {
      isDefault = true;
      this.next();
    }
    if (this.tok.kind !== 'ident') this.fail(`unexpected ${this.describe(this.tok)}: expected rule head`);
    // head ref
    const nameTok = this.next();
    const ref: Term[] = [{ type: 'var', name: nameTok.value, loc: this.loc(nameTok) }];
    let lastBracket = false;
    for (;;) {
      if (this.isPunct('.') && !this.tok.nl) {
        this.next();
        const f = this.expectIdent();
        ref.push({ type: 'scalar', value: f.value, loc: this.loc(f) });
        lastBracket = false;
      } else if (this.isPunct('[') && !this.tok.nl) {
        this.next();
        this.noOr++;
        const saved = this.noOr;
        this.noOr = 0;
        ref.push(this.parseIn());
        this.noOr = saved - 1;
        this.expectPunct(']');
        lastBracket = true;
      } else break;
    }
    let args: Term[] | undefined;
    if (this.isPunct('(') && !this.tok.nl) {
      this.next();
      args = this.parseTermList(')');
    }
    let member: Term | undefined;
    if (this.isIdent('contains') && !this.tok.nl) {
      if (isDefault) this.fail('default keyword cannot be used on multi-value rules');
      this.next();
      member = this.parseIn();
    }
    let value: Term | undefined;
    let assign = false;
    if ((this.isPunct('=') || this.isPunct(':=')) && !this.tok.nl) {
      assign = this.next().value === ':=';
      value = this.parseIn();
    }
    if (isDefault) {
      if (!value) this.fail('default rules must have a value');
      if (ref.slice(1).some((t) => !(t.type === 'scalar' && typeof t.value === 'string'))) {
        this.fail('default rules cannot have variables in their head', start);
      }
      if (!isGroundTerm(value)) this.fail('illegal default rule (value cannot contain variables, references or calls outside comprehensions)', start);
      return [{ kind: args ? 'function' : 'complete', ref, args, value, isDefault: true, assign, body: [], elses: [], loc }];
    }
    const bodies: Body[] = [];
    let usedIf = false;
    if (this.isIdent('if') && !this.tok.nl) {
      this.next();
      usedIf = true;
      bodies.push(this.parseRuleBody());
    } else if (this.isPunct('{') && !this.tok.nl) {
      if (this.version === 'v1') this.fail(V0_BODY_HINT);
      bodies.push(this.parseBlock());
    }
    // v0: additional bodies `p { a } { b }`
    while (this.version === 'v0' && this.isPunct('{') && bodies.length > 0) bodies.push(this.parseBlock());
    const elses: RuleValueBranch[] = [];
    while (this.isIdent('else') && !this.keywordAsName()) {
      const et = this.next();
      let ev: Term | undefined;
      if (this.isPunct('=') || this.isPunct(':=')) {
        this.next();
        ev = this.parseIn();
      }
      let eb: Body = [];
      if (this.isIdent('if') && !this.tok.nl) {
        this.next();
        eb = this.parseRuleBody();
      } else if (this.isPunct('{') && !this.tok.nl) {
        if (this.version === 'v1') this.fail(V0_BODY_HINT);
        eb = this.parseBlock();
      }
      if (member) this.fail('else keyword cannot be used on multi-value rules', et);
      elses.push({ value: ev, body: eb, loc: this.loc(et) });
    }
    if (bodies.length === 0) bodies.push([]);
    if (!usedIf && bodies[0]!.length === 0 && !value && !member && !args && this.version === 'v1' && ref.length === 1) {
      // bare `p` statement: OPA v1 treats `p` as `p := true`? It is a parse error.
      this.fail(`unexpected ${this.describe(start)}: expected rule`, start);
    }
    let kind: Rule['kind'] = args ? 'function' : member ? 'multi' : 'complete';
    let headRef = ref;
    if (this.version === 'v0' && !args && !member && !value && lastBracket && ref.length > 1) {
      // v0 `p[x] { ... }` is a partial set
      kind = 'multi';
      member = ref[ref.length - 1];
      headRef = ref.slice(0, -1);
    }
    return bodies.map((body) => ({ kind, ref: headRef, args, member, value, isDefault: false, assign, body, elses, loc }));
  }

  private parseRuleBody(): Body {
    if (this.isPunct('{')) {
      // `if {x: 1 | ...}` may be a one-literal body holding a comprehension or object
      const save = this.pos;
      try {
        return this.parseBlock();
      } catch (e) {
        if (!(e instanceof RegoError)) throw e;
        this.pos = save;
        try {
          return [this.parseLiteral()];
        } catch {
          throw e;
        }
      }
    }
    const lit = this.parseLiteral();
    return [lit];
  }

  private parseBlock(): Body {
    this.expectPunct('{');
    const body = this.parseBody('}');
    this.expectPunct('}');
    return body;
  }

  /** literals until `close` (not consumed), separated by ';' or newlines */
  parseBody(close: string | null): Body {
    const body: Literal[] = [];
    const savedNoOr = this.noOr;
    this.noOr = 0;
    for (;;) {
      while (this.isPunct(';')) this.next();
      if (close ? this.isPunct(close) : this.atEnd()) break;
      if (this.atEnd()) this.fail(`unexpected eof token: expected ${close}`);
      const lit = this.parseLiteral();
      body.push(lit);
      if (this.isPunct(';')) continue;
      if (close ? this.isPunct(close) : this.atEnd()) break;
      if (!this.tok.nl) this.fail(`unexpected ${this.describe(this.tok)}: expected end of expression`);
    }
    this.noOr = savedNoOr;
    return body;
  }

  // ------------------------------------------------------------ literals
  parseLiteral(): Literal {
    const start = this.tok;
    const loc = this.loc(start);
    let negated = false;
    if (this.isIdent('not') && !this.isPunct('(', this.peek()) && !this.keywordAsName()) {
      this.next();
      negated = true;
    }
    let expr: Expr;
    if (this.isIdent('some') && !this.keywordAsName() && (this.peek().kind !== 'punct' || ['[', '{', '-', '('].includes(this.peek().value))) {
      this.next();
      expr = this.parseSome();
    } else if (this.isIdent('every') && !this.keywordAsName() && this.peek().kind === 'ident') {
      this.next();
      expr = this.parseEvery();
    } else {
      let term = this.parseIn();
      if (this.isPunct(',') && !this.tok.nl) term = this.parseMember3(term);
      if ((this.isPunct('=') || this.isPunct(':=')) && !this.tok.nl) {
        const op = this.next().value;
        const rhs = this.parseIn();
        const name = op === '=' ? 'eq' : 'assign';
        term = { type: 'call', name, nameRef: varT(name, loc), args: [term, rhs], loc };
      }
      expr = { type: 'term', term };
    }
    const withs: WithModifier[] = [];
    while (this.isIdent('with') && !this.keywordAsName()) {
      const wt = this.next();
      const target = this.parseTerm();
      if (!this.isIdent('as')) this.fail(`unexpected ${this.describe(this.tok)}: expected as`);
      this.next();
      const value = this.parseIn();
      withs.push({ target, value, loc: this.loc(wt) });
    }
    return { negated, expr, with: withs, loc };
  }

  private parseSome(): Expr {
    const terms: Term[] = [this.parseRelation()];
    while (this.isPunct(',') && !this.tok.nl) {
      this.next();
      terms.push(this.parseRelation());
    }
    if (this.isIdent('in') && !this.tok.nl) {
      this.next();
      const collection = this.parseRelation();
      if (terms.length > 2) this.fail('unexpected , token: expected at most two terms before in');
      return terms.length === 2
        ? { type: 'somein', key: terms[0], value: terms[1]!, collection }
        : { type: 'somein', value: terms[0]!, collection };
    }
    // `some x in xs` may have been parsed as a single membership call
    if (terms.length === 1 && terms[0]!.type === 'call' && terms[0]!.name === 'internal.member_2') {
      const c = terms[0]!;
      return { type: 'somein', value: c.args[0]!, collection: c.args[1]! };
    }
    for (const t of terms) if (t.type !== 'var') this.fail('expected var in some declaration');
    return { type: 'some', vars: terms as VarTerm[] };
  }

  private parseEvery(): Expr {
    const first = this.parseRelation();
    let key: Term | undefined;
    let value = first;
    if (this.isPunct(',')) {
      this.next();
      key = first;
      value = this.parseRelation();
    }
    if (!this.isIdent('in')) this.fail(`unexpected ${this.describe(this.tok)}: expected in`);
    this.next();
    const domain = this.parseRelation();
    const body = this.parseBlock();
    return { type: 'every', key, value, domain, body };
  }

  /** after `k,`: parse `v in xs` (and any further `in`) into internal.member_3 */
  private parseMember3(keyTerm: Term): Term {
    const loc = keyTerm.loc;
    this.next();
    const v = this.parseRelation();
    if (!this.isIdent('in')) this.fail(`unexpected ${this.describe(this.tok)}: expected in`);
    this.next();
    const coll = this.parseRelation();
    let term: Term = { type: 'call', name: 'internal.member_3', nameRef: varT('internal.member_3', loc), args: [keyTerm, v, coll], loc };
    while (this.isIdent('in') && !this.tok.nl) {
      const t = this.next();
      const right = this.parseRelation();
      term = { type: 'call', name: 'internal.member_2', nameRef: varT('internal.member_2', this.loc(t)), args: [term, right], loc };
    }
    return term;
  }

  // ------------------------------------------------------------ expressions
  parseIn(): Term {
    let left = this.parseRelation();
    while (this.isIdent('in') && !this.tok.nl) {
      const t = this.next();
      const right = this.parseRelation();
      left = { type: 'call', name: 'internal.member_2', nameRef: varT('internal.member_2', this.loc(t)), args: [left, right], loc: left.loc };
    }
    return left;
  }

  /** Binary operators from precedence level `level` down (see PRECEDENCE). */
  private parseBinary(level: number): Term {
    if (level === PRECEDENCE.length) return this.parseTerm();
    const ops = PRECEDENCE[level]!;
    let left = this.parseBinary(level + 1);
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'punct' || t.nl || !ops.has(t.value)) return left;
      if (t.value === '|' && this.noOr > 0) return left;
      this.next();
      const right = this.parseBinary(level + 1);
      const name = INFIX[t.value]!;
      left = { type: 'call', name, nameRef: varT(name, this.loc(t)), args: [left, right], loc: left.loc };
    }
  }
  private parseRelation(): Term {
    return this.parseBinary(0);
  }

  // ------------------------------------------------------------ terms
  parseTerm(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    let term: Term;
    switch (t.kind) {
      case 'number': {
        this.next();
        term = { type: 'scalar', value: parseNumber(t.value)!, loc };
        break;
      }
      case 'string':
      case 'rawstring':
        this.next();
        term = { type: 'scalar', value: t.value, loc };
        break;
      case 'template':
        this.next();
        term = this.parseTemplate(t);
        break;
      case 'ident': {
        if ((t.value === 'true' || t.value === 'false') && !this.keywordAsName()) {
          this.next();
          term = { type: 'scalar', value: t.value === 'true', loc };
          break;
        }
        if (t.value === 'null' && !this.keywordAsName()) {
          this.next();
          term = { type: 'scalar', value: null, loc };
          break;
        }
        if (t.value === 'set' && this.isPunct('(', this.peek()) && this.isPunct(')', this.peek(2))) {
          this.next();
          this.next();
          this.next();
          term = { type: 'set', items: [], loc };
          break;
        }
        this.next();
        term = { type: 'var', name: t.value, loc };
        // dotted call name: a.b.c(
        let j = 0;
        const names = [t.value];
        while (this.isPunct('.', this.peek(j)) && this.peek(j + 1).kind === 'ident' && !this.peek(j).nl) {
          names.push(this.peek(j + 1).value);
          j += 2;
        }
        if (this.isPunct('(', this.peek(j)) && !this.peek(j).nl) {
          for (let k = 0; k < j; k++) this.next();
          this.next();
          const args = this.parseTermList(')');
          const name = names.join('.');
          const nameRef: Term =
            names.length === 1
              ? { type: 'var', name, loc }
              : { type: 'ref', head: { type: 'var', name: names[0]!, loc }, path: names.slice(1).map((n) => ({ type: 'scalar' as const, value: n, loc })), loc };
          term = { type: 'call', name, nameRef, args, loc };
        }
        break;
      }
      case 'punct': {
        if (t.value === '-' && (this.peek().kind === 'number') && !this.peek().nl && this.peek().offset === t.end) {
          this.next();
          const n = this.next();
          term = { type: 'scalar', value: parseNumber(`-${n.value}`)!, loc };
          break;
        }
        if (t.value === '-') {
          this.next();
          const operand = this.parseTerm();
          term = { type: 'call', name: 'minus', nameRef: varT('minus', loc), args: [{ type: 'scalar', value: 0, loc }, operand], loc };
          return term;
        }
        if (t.value === '(') {
          this.next();
          const saved = this.noOr;
          this.noOr = 0;
          term = this.parseIn();
          if (this.isPunct(',')) term = this.parseMember3(term);
          this.noOr = saved;
          this.expectPunct(')');
          break;
        }
        if (t.value === '[') {
          term = this.parseArrayLike();
          break;
        }
        if (t.value === '{') {
          term = this.parseBraceLike();
          break;
        }
        this.fail(`unexpected ${this.describe(t)}: expected term`);
      }
      // falls through
      default:
        this.fail(`unexpected ${this.describe(t)}: expected term`);
    }
    return this.parseRefSuffix(term);
  }

  private parseRefSuffix(term: Term): Term {
    const path: Term[] = [];
    for (;;) {
      if (this.isPunct('.') && !this.tok.nl && this.peek().kind === 'ident') {
        this.next();
        const f = this.next();
        path.push({ type: 'scalar', value: f.value, loc: this.loc(f) });
      } else if (this.isPunct('[') && !this.tok.nl) {
        this.next();
        const saved = this.noOr;
        this.noOr = 0;
        path.push(this.parseIn());
        this.noOr = saved;
        this.expectPunct(']');
      } else break;
    }
    if (path.length === 0) return term;
    if (term.type === 'ref') return { type: 'ref', head: term.head, path: [...term.path, ...path], loc: term.loc };
    return { type: 'ref', head: term, path, loc: term.loc };
  }

  private parseTermList(close: string): Term[] {
    const out: Term[] = [];
    const saved = this.noOr;
    this.noOr = 0;
    while (!this.isPunct(close)) {
      out.push(this.parseIn());
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(close)) this.fail(`unexpected ${this.describe(this.tok)}: expected ${close}`);
    }
    this.next();
    this.noOr = saved;
    return out;
  }

  private parseArrayLike(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct(']')) {
      this.next();
      return { type: 'array', items: [], loc };
    }
    const saved = this.noOr;
    this.noOr = 1;
    const first = this.parseIn();
    this.noOr = saved;
    if (this.isPunct('|')) {
      this.next();
      const body = this.parseBody(']');
      this.expectPunct(']');
      return { type: 'arraycomp', head: first, body, loc };
    }
    const items = [first];
    if (this.isPunct(',')) {
      this.next();
      items.push(...this.parseTermList(']'));
    } else this.expectPunct(']');
    return { type: 'array', items, loc };
  }

  private parseBraceLike(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct('}')) {
      this.next();
      return { type: 'object', entries: [], loc };
    }
    const saved = this.noOr;
    this.noOr = 1;
    const first = this.parseIn();
    if (this.isPunct(':')) {
      this.next();
      const value = this.parseIn();
      this.noOr = saved;
      if (this.isPunct('|')) {
        this.next();
        const body = this.parseBody('}');
        this.expectPunct('}');
        return { type: 'objectcomp', key: first, value, body, loc };
      }
      const entries: [Term, Term][] = [[first, value]];
      this.noOr = 0;
      while (this.isPunct(',')) {
        this.next();
        if (this.isPunct('}')) break;
        const k = this.parseIn();
        this.expectPunct(':');
        entries.push([k, this.parseIn()]);
      }
      this.noOr = saved;
      this.expectPunct('}');
      return { type: 'object', entries, loc };
    }
    this.noOr = saved;
    if (this.isPunct('|')) {
      this.next();
      const body = this.parseBody('}');
      this.expectPunct('}');
      return { type: 'setcomp', head: first, body, loc };
    }
    const items = [first];
    if (this.isPunct(',')) {
      this.next();
      items.push(...this.parseTermList('}'));
    } else this.expectPunct('}');
    return { type: 'set', items, loc };
  }

  private parseTemplate(t: Token): Term {
    const loc = this.loc(t);
    const text = t.value;
    const parts: (string | Term)[] = [];
    let lit = '';
    let i = 0;
    const err = (msg: string): never => this.fail(msg, t);
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\' && text[i + 1] === '{') {
        lit += '{';
        i += 2;
        continue;
      }
      if (c === '\\' && !t.raw) {
        i = readEscape(text, i, (s) => (lit += s), err);
        continue;
      }
      if (c === '{') {
        // find the matching close brace, skipping strings
        let depth = 1;
        let j = i + 1;
        while (j < text.length && depth > 0) {
          const d = text[j]!;
          if (d === '"') {
            j++;
            while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
          } else if (d === '`') {
            j++;
            while (j < text.length && text[j] !== '`') j++;
          } else if (d === '{') depth++;
          else if (d === '}') depth--;
          j++;
        }
        if (depth > 0) err('unterminated template expression');
        const inner = text.slice(i + 1, j - 1);
        if (lit) parts.push(lit);
        lit = '';
        const sub = new Parser(tokenize(inner, this.file).map((x) => ({ ...x, line: x.line + t.line - 1 })), this.file, this.version);
        const tl = sub.parseLiteral();
        if (!sub.atEnd()) sub.fail('unexpected token in template expression');
        if (tl.with.length === 0 && !tl.negated && tl.expr.type === 'term') parts.push(tl.expr.term);
        else {
          // `{expr with input as x}`: evaluate the literal in a comprehension and take its value
          templateCounter++;
          const v: VarTerm = { type: 'var', name: `_$tmpl${templateCounter}`, loc };
          const inner = tl.expr;
          if (inner.type !== 'term') return sub.fail('unexpected token in template expression');
          const bind: Literal = { ...tl, expr: { type: 'term', term: { type: 'call', name: 'eq', nameRef: varT('eq', loc), args: [v, inner.term], loc } } };
          const comp: Term = { type: 'arraycomp', head: v, body: [bind], loc };
          parts.push({ type: 'ref', head: comp, path: [{ type: 'scalar', value: 0, loc }], loc });
        }
        i = j;
        continue;
      }
      lit += c;
      i++;
    }
    if (lit) parts.push(lit);
    return { type: 'template', parts, loc };
  }
}

let templateCounter = 0;

/** A term made of constants only (default rule values must be). */
function isGroundTerm(t: Term): boolean {
  switch (t.type) {
    case 'scalar':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isGroundTerm);
    case 'object':
      return t.entries.every(([k, v]) => isGroundTerm(k) && isGroundTerm(v));
    case 'template':
      return t.parts.every((p) => typeof p === 'string' || isGroundTerm(p));
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return true; // closed: their vars are their own
    default:
      return false;
  }
}

/** OPA's wording, plus what to do about it */
const V0_BODY_HINT = '`if` keyword is required before rule body (this is Rego v0 syntax: add `if`, or compile the policy as Rego v0)';

function varT(name: string, loc: Location): VarTerm {
  return { type: 'var', name, loc };
}

function refToPath(t: Term, p: Parser): string[] {
  if (t.type === 'var') return [t.name];
  if (t.type === 'ref' && t.head.type === 'var') {
    return [t.head.name, ...t.path.map((x) => (x.type === 'scalar' && typeof x.value === 'string' ? x.value : p.fail('invalid package path')))];
  }
  return p.fail('invalid package path');
}

/** Does the module need the v0 grammar? (rule bodies without `if`, and no `import rego.v1`) */
export function detectRegoVersion(source: string): RegoVersion {
  if (/^\s*import\s+rego\.v1\b/m.test(source)) return 'v1';
  // future.keywords imports only make sense in v0 (where `p[x] if` still means a partial set)
  if (/^\s*import\s+future\.keywords\b/m.test(source)) return 'v0';
  try {
    new Parser(tokenize(source, 'detect'), 'detect', 'v1').parseModule();
    return 'v1';
  } catch {
    try {
      new Parser(tokenize(source, 'detect'), 'detect', 'v0').parseModule();
      return 'v0';
    } catch {
      return 'v1';
    }
  }
}

export function parseModule(source: string, file: string, options: ParseOptions = {}): Module {
  const comments: Comment[] = [];
  const tokens = tokenize(source, file, comments);
  const blocks = annotationBlocks(comments, file);
  const parse = (version: RegoVersion) => new Parser(tokens, file, version, blocks).parseModule();
  if (options.regoVersion === 'v0' || options.regoVersion === 'v1') return parse(options.regoVersion);
  // auto: the markers decide; otherwise v1 unless only the v0 grammar accepts the module
  if (/^\s*import\s+rego\.v1\b/m.test(source)) return parse('v1');
  if (/^\s*import\s+future\.keywords\b/m.test(source)) return parse('v0');
  try {
    return parse('v1');
  } catch (v1Error) {
    try {
      return parse('v0');
    } catch {
      throw v1Error;
    }
  }
}

/** Parse a query body (`data.x.p = y; z := 1`). */
export function parseQuery(source: string, file = 'query', options: ParseOptions = {}): Body {
  const version = options.regoVersion === 'v0' ? 'v0' : 'v1';
  const p = new Parser(tokenize(source, file), file, version);
  return p.parseBody(null);
}

/** Parse a single term (e.g. an input given as Rego text). */
export function parseTermText(source: string, file = 'term'): Term {
  const p = new Parser(tokenize(source, file), file, 'v1');
  const t = p.parseIn();
  if (!p.atEnd()) p.fail('unexpected token after term');
  return t;
}
