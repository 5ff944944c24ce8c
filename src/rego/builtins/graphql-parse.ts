/**
 * GraphQL lexer and parser producing the AST of gqlparser (what OPA's graphql.*
 * builtins return), as plain JS objects with gqlparser's field names. Errors
 * read like gqlparser's ("Expected Name, found <EOF>") with a 1-based
 * line:column of the offending token (columns in code points; string tokens
 * start after their opening quotes, as in gqlparser).
 */

export class GraphQLSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Kind =
  | '<Invalid>' | '<EOF>' | '!' | '$' | '&' | '(' | ')' | '...' | ':' | '=' | '@' | '[' | ']' | '{' | '}' | '|'
  | 'Name' | 'Int' | 'Float' | 'String' | 'BlockString';

interface Token {
  kind: Kind;
  value: string;
  line: number;
  column: number;
}

function tokenText(t: Token): string {
  return t.value !== '' ? `${t.kind} ${JSON.stringify(t.value)}` : t.kind;
}

/** gqlparser's block string dedent (GraphQL spec BlockStringValue). */
function blockStringValue(raw: string): string {
  const lines = raw.split(/\r\n|\n|\r/);
  let common: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.replace(/^[ \t]+/, '').length;
    if (indent < line.length && (common === undefined || indent < common)) common = indent;
  }
  if (common) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(common);
  while (lines.length && /^[ \t]*$/.test(lines[0]!)) lines.shift();
  while (lines.length && /^[ \t]*$/.test(lines[lines.length - 1]!)) lines.pop();
  return lines.join('\n');
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0; // code-point index of the line start
  private cp = 0; // code-point index of pos
  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  private col(cpIndex: number): number {
    return cpIndex - this.lineStart + 1;
  }

  private advance(n = 1): void {
    for (let k = 0; k < n && this.pos < this.src.length; k++) {
      const c = this.src.codePointAt(this.pos)!;
      this.pos += c > 0xffff ? 2 : 1;
      this.cp++;
    }
  }

  private newline(): void {
    this.line++;
    this.lineStart = this.cp;
  }

  private invalid(): Token {
    return { kind: '<Invalid>', value: '', line: this.line, column: this.col(this.cp) };
  }

  next(): Token {
    const s = this.src;
    // skip ignored tokens: whitespace, commas, BOM, line terminators, comments
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === ',' || c === '\ufeff') this.advance();
      else if (c === '\n') {
        this.advance();
        this.newline();
      } else if (c === '\r') {
        this.advance();
        if (s[this.pos] === '\n') this.advance();
        this.newline();
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.advance();
      } else break;
    }
    const startCp = this.cp;
    const tok = (kind: Kind, value = '', cpStart = startCp): Token => ({ kind, value, line: this.line, column: this.col(cpStart) });
    if (this.pos >= s.length) return tok('<EOF>');
    const c = s[this.pos]!;
    if ('!$&():=@[]{}|'.includes(c)) {
      this.advance();
      return tok(c as Kind);
    }
    if (c === '.') {
      if (s.startsWith('...', this.pos)) {
        this.advance(3);
        return tok('...');
      }
      this.advance();
      return this.invalid();
    }
    if (/[_A-Za-z]/.test(c)) {
      const m = /^[_0-9A-Za-z]*/.exec(s.slice(this.pos))![0];
      this.advance(m.length);
      return tok('Name', m);
    }
    if (c === '-' || /[0-9]/.test(c)) {
      const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(this.pos));
      if (!m) {
        this.advance();
        return this.invalid();
      }
      this.advance(m[0].length);
      const after = s[this.pos];
      if (after !== undefined && /[._A-Za-z0-9]/.test(after)) return this.invalid();
      return tok(m[1] || m[2] ? 'Float' : 'Int', m[0]);
    }
    if (c === '"') {
      if (s.startsWith('"""', this.pos)) return this.blockString();
      return this.string();
    }
    this.advance();
    return this.invalid();
  }

  private string(): Token {
    const s = this.src;
    this.advance(); // opening quote
    const startCp = this.cp;
    const line = this.line;
    let out = '';
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '"') {
        this.advance();
        return { kind: 'String', value: out, line, column: this.col(startCp) };
      }
      if (c === '\n' || c === '\r') return this.invalid();
      if (c === '\\') {
        const e = s[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.advance(2);
          continue;
        }
        if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.pos + 2, this.pos + 6), 16));
          this.advance(6);
          continue;
        }
        this.advance();
        return this.invalid();
      }
      if (c < ' ' && c !== '\t') return this.invalid();
      const cp = s.codePointAt(this.pos)!;
      out += String.fromCodePoint(cp);
      this.advance();
    }
    return this.invalid();
  }

  private blockString(): Token {
    const s = this.src;
    this.advance(3);
    const startCp = this.cp;
    const line = this.line;
    let raw = '';
    while (this.pos < s.length) {
      if (s.startsWith('"""', this.pos)) {
        this.advance(3);
        return { kind: 'BlockString', value: blockStringValue(raw), line, column: this.col(startCp) };
      }
      if (s.startsWith('\\"""', this.pos)) {
        raw += '"""';
        this.advance(4);
        continue;
      }
      const c = s[this.pos]!;
      if (c === '\n') {
        raw += c;
        this.advance();
        this.newline();
        continue;
      }
      if (c === '\r') {
        raw += '\n';
        this.advance();
        if (s[this.pos] === '\n') this.advance();
        this.newline();
        continue;
      }
      const cp = s.codePointAt(this.pos)!;
      raw += String.fromCodePoint(cp);
      this.advance();
    }
    return this.invalid();
  }
}

// ------------------------------------------------------------------ AST (gqlparser field names)

export interface GType {
  NamedType: string;
  Elem: GType | null;
  NonNull: boolean;
}

export interface GValue {
  Raw: string;
  Children: { Name: string; Value: GValue }[] | null;
  Kind: number; // Variable 0, Int 1, Float 2, String 3, Block 4, Boolean 5, Null 6, Enum 7, List 8, Object 9
  ExpectedTypeHasDefault: boolean;
}

export const VALUE_KIND = { Variable: 0, Int: 1, Float: 2, String: 3, Block: 4, Boolean: 5, Null: 6, Enum: 7, List: 8, Object: 9 };

export interface GArgument {
  Name: string;
  Value: GValue | null;
}

export interface GDirective {
  Name: string;
  Arguments: GArgument[] | null;
  Location: string;
}

export type GSelection = GField | GFragmentSpread | GInlineFragment;

export interface GField {
  Alias: string;
  Name: string;
  Arguments: GArgument[] | null;
  Directives: GDirective[] | null;
  SelectionSet: GSelection[] | null;
  pos: [number, number];
}

export interface GFragmentSpread {
  Name: string;
  Directives: GDirective[] | null;
  pos: [number, number];
}

export interface GInlineFragment {
  TypeCondition: string;
  Directives: GDirective[] | null;
  SelectionSet: GSelection[] | null;
  pos: [number, number];
}

export interface GVariableDefinition {
  Variable: string;
  Type: GType | null;
  DefaultValue: GValue | null;
  Directives: GDirective[] | null;
  Used: boolean;
  pos: [number, number];
}

export interface GOperation {
  Operation: string;
  Name: string;
  VariableDefinitions: GVariableDefinition[] | null;
  Directives: GDirective[] | null;
  SelectionSet: GSelection[] | null;
  pos: [number, number];
}

export interface GFragmentDefinition {
  Name: string;
  VariableDefinition: GVariableDefinition[] | null;
  TypeCondition: string;
  Directives: GDirective[] | null;
  SelectionSet: GSelection[] | null;
  pos: [number, number];
}

export interface GQueryDocument {
  Operations: GOperation[] | null;
  Fragments: GFragmentDefinition[] | null;
}

export interface GArgumentDefinition {
  Description: string;
  Name: string;
  DefaultValue: GValue | null;
  Type: GType | null;
  Directives: GDirective[] | null;
}

export interface GFieldDefinition extends GArgumentDefinition {
  Arguments: GArgumentDefinition[] | null;
}

export interface GEnumValueDefinition {
  Description: string;
  Name: string;
  Directives: GDirective[] | null;
}

export interface GDefinition {
  Kind: string;
  Description: string;
  Name: string;
  Directives: GDirective[] | null;
  Interfaces: string[] | null;
  Fields: GFieldDefinition[] | null;
  Types: string[] | null;
  EnumValues: GEnumValueDefinition[] | null;
  BuiltIn: boolean;
  pos: [number, number];
}

export interface GDirectiveDefinition {
  Description: string;
  Name: string;
  Arguments: GArgumentDefinition[] | null;
  Locations: string[] | null;
  IsRepeatable: boolean;
  pos: [number, number];
}

export interface GSchemaDefinition {
  Description: string;
  Directives: GDirective[] | null;
  OperationTypes: { Operation: string; Type: string }[] | null;
  pos: [number, number];
}

export interface GSchemaDocument {
  Schema: GSchemaDefinition[] | null;
  SchemaExtension: GSchemaDefinition[] | null;
  Directives: GDirectiveDefinition[] | null;
  Definitions: GDefinition[] | null;
  Extensions: GDefinition[] | null;
}

const DIRECTIVE_LOCATIONS = new Set([
  'QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION', 'SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE', 'UNION',
  'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION',
]);

const orNull = <T>(a: T[]): T[] | null => (a.length ? a : null);

// ------------------------------------------------------------------ parser

class Parser {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;
  prev: Token;
  err: GraphQLSyntaxError | undefined;

  constructor(src: string) {
    this.lexer = new Lexer(src);
    this.prev = { kind: '<EOF>', value: '', line: 1, column: 1 };
  }

  peek(): Token {
    if (this.err) return this.prev;
    this.peeked ??= this.lexer.next();
    return this.peeked;
  }

  next(): Token {
    if (this.err) return this.prev;
    const t = this.peek();
    this.peeked = undefined;
    this.prev = t;
    if (t.kind === '<Invalid>') this.error(t, 'Unexpected <Invalid>');
    return t;
  }

  error(t: Token, msg: string): void {
    this.err ??= new GraphQLSyntaxError(msg, t.line, t.column);
  }

  unexpected(t: Token = this.peek()): void {
    this.error(t, `Unexpected ${tokenText(t)}`);
  }

  skip(kind: Kind): boolean {
    if (this.err) return false;
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  expect(kind: Kind): Token {
    const t = this.peek();
    if (t.kind === kind) return this.next();
    this.error(t, `Expected ${kind}, found ${t.kind}`);
    return t;
  }

  expectKeyword(word: string): Token {
    const t = this.peek();
    if (t.kind === 'Name' && t.value === word) return this.next();
    this.error(t, `Expected ${JSON.stringify(word)}, found ${tokenText(t)}`);
    return t;
  }

  many(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return;
    while (this.peek().kind !== end && !this.err) cb();
    this.next();
  }

  some(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return;
    let called = false;
    while (this.peek().kind !== end && !this.err) {
      called = true;
      cb();
    }
    if (!called) {
      this.error(this.peek(), `expected at least one definition, found ${this.peek().kind}`);
      return;
    }
    this.next();
  }

  name(): string {
    return this.expect('Name').value;
  }

  posOf(t: Token): [number, number] {
    return [t.line, t.column];
  }

  // ---------------------------------------------------------------- shared

  value(isConst: boolean): GValue | null {
    const t = this.peek();
    const make = (Raw: string, Kind: number, Children: GValue['Children'] = null): GValue => ({ Raw, Children, Kind, ExpectedTypeHasDefault: false });
    switch (t.kind) {
      case '[': {
        const items: { Name: string; Value: GValue }[] = [];
        this.many('[', ']', () => {
          const v = this.value(isConst);
          if (v) items.push({ Name: '', Value: v });
        });
        return make('', VALUE_KIND.List, orNull(items));
      }
      case '{': {
        const fields: { Name: string; Value: GValue }[] = [];
        this.many('{', '}', () => {
          const n = this.name();
          this.expect(':');
          const v = this.value(isConst);
          if (v) fields.push({ Name: n, Value: v });
        });
        return make('', VALUE_KIND.Object, orNull(fields));
      }
      case '$':
        if (isConst) {
          this.unexpected();
          return null;
        }
        this.expect('$');
        return make(this.name(), VALUE_KIND.Variable);
      case 'Int':
      case 'Float':
      case 'String':
      case 'BlockString':
      case 'Name': {
        const kind =
          t.kind === 'Int' ? VALUE_KIND.Int
          : t.kind === 'Float' ? VALUE_KIND.Float
          : t.kind === 'String' ? VALUE_KIND.String
          : t.kind === 'BlockString' ? VALUE_KIND.Block
          : t.value === 'true' || t.value === 'false' ? VALUE_KIND.Boolean
          : t.value === 'null' ? VALUE_KIND.Null
          : VALUE_KIND.Enum;
        this.next();
        return make(t.value, kind);
      }
      default:
        this.unexpected();
        return null;
    }
  }

  directives(isConst: boolean): GDirective[] | null {
    const out: GDirective[] = [];
    while (this.peek().kind === '@' && !this.err) {
      this.expect('@');
      out.push({ Name: this.name(), Arguments: this.arguments(isConst), Location: '' });
    }
    return orNull(out);
  }

  arguments(isConst: boolean): GArgument[] | null {
    const out: GArgument[] = [];
    this.many('(', ')', () => {
      const n = this.name();
      this.expect(':');
      out.push({ Name: n, Value: this.value(isConst) });
    });
    return orNull(out);
  }

  typeRef(): GType {
    if (this.skip('[')) {
      const t: GType = { NamedType: '', Elem: this.typeRef(), NonNull: false };
      this.expect(']');
      if (this.skip('!')) t.NonNull = true;
      return t;
    }
    const t: GType = { NamedType: this.name(), Elem: null, NonNull: false };
    if (this.skip('!')) t.NonNull = true;
    return t;
  }

  // ---------------------------------------------------------------- queries

  queryDocument(): GQueryDocument {
    const ops: GOperation[] = [];
    const frags: GFragmentDefinition[] = [];
    while (this.peek().kind !== '<EOF>') {
      if (this.err) break;
      const t = this.peek();
      if (t.kind === 'Name' && (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription')) ops.push(this.operation());
      else if (t.kind === 'Name' && t.value === 'fragment') frags.push(this.fragmentDefinition());
      else if (t.kind === '{') ops.push(this.operation());
      else this.unexpected();
    }
    return { Operations: orNull(ops), Fragments: orNull(frags) };
  }

  operation(): GOperation {
    const t = this.peek();
    if (t.kind === '{') {
      return { Operation: 'query', Name: '', VariableDefinitions: null, Directives: null, SelectionSet: this.requiredSelectionSet(), pos: this.posOf(t) };
    }
    const opTok = this.next();
    let operation = '';
    if (opTok.value === 'query' || opTok.value === 'mutation' || opTok.value === 'subscription') operation = opTok.value;
    else this.unexpected(opTok);
    const name = this.peek().kind === 'Name' ? this.next().value : '';
    return {
      Operation: operation,
      Name: name,
      VariableDefinitions: this.variableDefinitions(),
      Directives: this.directives(false),
      SelectionSet: this.requiredSelectionSet(),
      pos: this.posOf(t),
    };
  }

  variableDefinitions(): GVariableDefinition[] | null {
    const out: GVariableDefinition[] = [];
    this.many('(', ')', () => {
      const t = this.peek();
      this.expect('$');
      const variable = this.name();
      this.expect(':');
      const type = this.typeRef();
      const def = this.skip('=') ? this.value(true) : null;
      out.push({ Variable: variable, Type: type, DefaultValue: def, Directives: this.directives(false), Used: false, pos: this.posOf(t) });
    });
    return orNull(out);
  }

  requiredSelectionSet(): GSelection[] | null {
    const t = this.peek();
    if (t.kind !== '{') {
      this.error(t, `Expected {, found ${t.kind}`);
      return null;
    }
    return this.selectionSet();
  }

  selectionSet(): GSelection[] | null {
    const out: GSelection[] = [];
    this.some('{', '}', () => out.push(this.selection()));
    return orNull(out);
  }

  selection(): GSelection {
    const t = this.peek();
    if (t.kind === '...') {
      this.expect('...');
      const n = this.peek();
      if (n.kind === 'Name' && n.value !== 'on') {
        return { Name: this.fragmentName(), Directives: this.directives(false), pos: this.posOf(t) };
      }
      let typeCondition = '';
      if (n.value === 'on') {
        this.next();
        typeCondition = this.name();
      }
      return { TypeCondition: typeCondition, Directives: this.directives(false), SelectionSet: this.requiredSelectionSet(), pos: this.posOf(t) };
    }
    const alias = this.name();
    const name = this.skip(':') ? this.name() : alias;
    const args = this.arguments(false);
    const dirs = this.directives(false);
    const sel = this.peek().kind === '{' ? this.selectionSet() : null;
    return { Alias: alias, Name: name, Arguments: args, Directives: dirs, SelectionSet: sel, pos: this.posOf(t) };
  }

  fragmentName(): string {
    if (this.peek().value === 'on') {
      this.unexpected();
      return '';
    }
    return this.name();
  }

  fragmentDefinition(): GFragmentDefinition {
    const t = this.peek();
    this.expectKeyword('fragment');
    const name = this.fragmentName();
    const vars = this.variableDefinitions();
    this.expectKeyword('on');
    const typeCondition = this.name();
    return {
      Name: name,
      VariableDefinition: vars,
      TypeCondition: typeCondition,
      Directives: this.directives(false),
      SelectionSet: this.requiredSelectionSet(),
      pos: this.posOf(t),
    };
  }

  // ---------------------------------------------------------------- schemas

  schemaDocument(): GSchemaDocument {
    const doc: GSchemaDocument = { Schema: null, SchemaExtension: null, Directives: null, Definitions: null, Extensions: null };
    const push = <K extends keyof GSchemaDocument>(k: K, v: NonNullable<GSchemaDocument[K]>[number]) => {
      ((doc[k] ??= [] as never) as unknown[]).push(v);
    };
    while (this.peek().kind !== '<EOF>') {
      if (this.err) break;
      const description = this.description();
      const t = this.peek();
      if (t.kind !== 'Name') {
        this.unexpected();
        break;
      }
      switch (t.value) {
        case 'scalar':
        case 'type':
        case 'interface':
        case 'union':
        case 'enum':
        case 'input':
          push('Definitions', this.typeDefinition(description, false));
          break;
        case 'schema':
          push('Schema', this.schemaDefinition(description, false));
          break;
        case 'directive':
          push('Directives', this.directiveDefinition(description));
          break;
        case 'extend': {
          if (description !== undefined) {
            this.unexpected(this.prev);
            break;
          }
          this.expectKeyword('extend');
          const w = this.peek().value;
          if (w === 'schema') push('SchemaExtension', this.schemaDefinition('', true));
          else if (['scalar', 'type', 'interface', 'union', 'enum', 'input'].includes(w)) push('Extensions', this.typeDefinition('', true));
          else this.unexpected();
          break;
        }
        default:
          this.unexpected();
      }
    }
    return doc;
  }

  /** A description string, or undefined when there is none. */
  description(): string | undefined {
    const k = this.peek().kind;
    if (k === 'String' || k === 'BlockString') return this.next().value;
    return undefined;
  }

  schemaDefinition(description: string | undefined, extension: boolean): GSchemaDefinition {
    const t = this.peek();
    this.expectKeyword('schema');
    const def: GSchemaDefinition = { Description: description ?? '', Directives: this.directives(true), OperationTypes: null, pos: this.posOf(t) };
    const ops: { Operation: string; Type: string }[] = [];
    this.some('{', '}', () => {
      const op = this.next();
      if (!['query', 'mutation', 'subscription'].includes(op.value)) this.unexpected(op);
      this.expect(':');
      ops.push({ Operation: op.value, Type: this.name() });
    });
    def.OperationTypes = orNull(ops);
    if (extension && !def.Directives && !def.OperationTypes) this.unexpected();
    return def;
  }

  typeDefinition(description: string | undefined, extension: boolean): GDefinition {
    const t = this.peek();
    const word = t.value;
    this.expectKeyword(word);
    const kinds: Record<string, string> = { scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT' };
    const def: GDefinition = {
      Kind: kinds[word]!,
      Description: description ?? '',
      Name: this.name(),
      Directives: null,
      Interfaces: null,
      Fields: null,
      Types: null,
      EnumValues: null,
      BuiltIn: false,
      pos: this.posOf(t),
    };
    if (word === 'type' || word === 'interface') def.Interfaces = this.implementsInterfaces();
    def.Directives = this.directives(true);
    switch (word) {
      case 'type':
      case 'interface':
        def.Fields = this.fieldsDefinition();
        break;
      case 'union':
        def.Types = this.unionMembers();
        break;
      case 'enum':
        def.EnumValues = this.enumValues();
        break;
      case 'input':
        def.Fields = this.inputFields();
        break;
    }
    if (extension && !def.Directives && !def.Interfaces && !def.Fields && !def.Types && !def.EnumValues) this.unexpected();
    return def;
  }

  implementsInterfaces(): string[] | null {
    const out: string[] = [];
    if (this.peek().kind === 'Name' && this.peek().value === 'implements') {
      this.next();
      this.skip('&');
      do out.push(this.name());
      while (this.skip('&') && !this.err);
    }
    return orNull(out);
  }

  fieldsDefinition(): GFieldDefinition[] | null {
    const out: GFieldDefinition[] = [];
    this.some('{', '}', () => {
      const description = this.description() ?? '';
      const name = this.name();
      const args = this.argumentDefinitions();
      this.expect(':');
      const type = this.typeRef();
      out.push({ Description: description, Name: name, Arguments: args, DefaultValue: null, Type: type, Directives: this.directives(true) });
    });
    return orNull(out);
  }

  argumentDefinitions(): GArgumentDefinition[] | null {
    const out: GArgumentDefinition[] = [];
    this.many('(', ')', () => out.push(this.inputValue()));
    return orNull(out);
  }

  inputValue(): GArgumentDefinition {
    const description = this.description() ?? '';
    const name = this.name();
    this.expect(':');
    const type = this.typeRef();
    const def = this.skip('=') ? this.value(true) : null;
    return { Description: description, Name: name, DefaultValue: def, Type: type, Directives: this.directives(true) };
  }

  inputFields(): GFieldDefinition[] | null {
    const out: GFieldDefinition[] = [];
    this.some('{', '}', () => out.push({ ...this.inputValue(), Arguments: null }));
    return orNull(out);
  }

  unionMembers(): string[] | null {
    const out: string[] = [];
    if (this.skip('=')) {
      this.skip('|');
      out.push(this.name());
      while (this.skip('|') && !this.err) out.push(this.name());
    }
    return orNull(out);
  }

  enumValues(): GEnumValueDefinition[] | null {
    const out: GEnumValueDefinition[] = [];
    this.some('{', '}', () => {
      const description = this.description() ?? '';
      const name = this.name();
      out.push({ Description: description, Name: name, Directives: this.directives(true) });
    });
    return orNull(out);
  }

  directiveDefinition(description: string | undefined): GDirectiveDefinition {
    const t = this.peek();
    this.expectKeyword('directive');
    this.expect('@');
    const name = this.name();
    const args = this.argumentDefinitions();
    let repeatable = false;
    if (this.peek().value === 'repeatable') {
      repeatable = true;
      this.skip('Name');
    }
    this.expectKeyword('on');
    const locations: string[] = [];
    const location = () => {
      const n = this.expect('Name');
      if (DIRECTIVE_LOCATIONS.has(n.value)) locations.push(n.value);
      else this.unexpected(n);
    };
    this.skip('|');
    location();
    while (this.skip('|') && !this.err) location();
    return { Description: description ?? '', Name: name, Arguments: args, Locations: orNull(locations), IsRepeatable: repeatable, pos: this.posOf(t) };
  }
}

export function parseGraphQLQuery(src: string): GQueryDocument {
  const p = new Parser(src);
  const doc = p.queryDocument();
  if (p.err) throw p.err;
  return doc;
}

export function parseGraphQLSchema(src: string): GSchemaDocument {
  const p = new Parser(src);
  const doc = p.schemaDocument();
  if (p.err) throw p.err;
  return doc;
}
