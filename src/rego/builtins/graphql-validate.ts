/**
 * GraphQL validation as gqlparser does it for OPA: schema documents are merged
 * with the built-in prelude and checked (redeclarations, extensions, undefined
 * types and directives, interface implementation, reserved names...); queries
 * are checked against the schema with the common executable-document rules
 * (fields and arguments exist, required arguments given, fragments and
 * variables defined and used, leaf selections, known directives).
 * Works on plain AST objects (parser output, or what graphql.parse_* returned).
 */
import { parseGraphQLSchema } from './graphql-parse.js';

export class GraphQLValidationError extends Error {
  constructor(
    readonly raw: string, // gqlparser's message, with its final "."
    readonly line: number,
    readonly column: number,
    readonly inQuery: boolean,
  ) {
    super(raw.replace(/\.$/, ''));
  }
}

type Obj = Record<string, any>;

const list = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);
const strs = (x: unknown): string[] => (Array.isArray(x) ? (x as string[]) : []);
const posOf = (x: Obj | undefined): [number, number] => (x && Array.isArray(x.pos) ? (x.pos as [number, number]) : [0, 0]);

function schemaError(msg: string, at?: Obj): never {
  const [l, c] = posOf(at);
  throw new GraphQLValidationError(msg, l, c, false);
}

function queryError(msg: string, at?: Obj): never {
  const [l, c] = posOf(at);
  throw new GraphQLValidationError(msg, l, c, true);
}

const PRELUDE = `
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
type __Schema { description: String types: [__Type!]! queryType: __Type! mutationType: __Type subscriptionType: __Type directives: [__Directive!]! }
type __Type { kind: __TypeKind! name: String description: String fields(includeDeprecated: Boolean = false): [__Field!] interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!] inputFields: [__InputValue!] ofType: __Type specifiedByURL: String }
type __Field { name: String! description: String args: [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }
type __InputValue { name: String! description: String type: __Type! defaultValue: String }
type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive { name: String! description: String locations: [__DirectiveLocation!]! args: [__InputValue!]! isRepeatable: Boolean! }
enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
`;

let prelude: Obj | undefined;
function preludeDoc(): Obj {
  if (!prelude) {
    prelude = parseGraphQLSchema(PRELUDE) as unknown as Obj;
    for (const d of list(prelude.Definitions)) d.BuiltIn = true;
  }
  return prelude;
}

export interface Schema {
  types: Map<string, Obj>;
  directives: Map<string, Obj>;
  possibleTypes: Map<string, Obj[]>;
  query?: Obj;
  mutation?: Obj;
  subscription?: Obj;
}

function typeName(t: Obj | null | undefined): string {
  if (!t) return '';
  return t.NamedType ? String(t.NamedType) : typeName(t.Elem);
}

function typeString(t: Obj | null | undefined): string {
  if (!t) return '';
  const inner = t.NamedType ? String(t.NamedType) : `[${typeString(t.Elem)}]`;
  return t.NonNull ? `${inner}!` : inner;
}

const isInputKind = (k: string) => k === 'SCALAR' || k === 'ENUM' || k === 'INPUT_OBJECT';

function validateName(name: string, at?: Obj): void {
  if (name.startsWith('__')) schemaError(`Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`, at);
}

/** gqlparser ValidateSchemaDocument over prelude + document. */
export function validateSchema(docIn: unknown): Schema {
  const user = (docIn ?? {}) as Obj;
  const p = preludeDoc();
  const doc: Obj = {
    Definitions: [...list(p.Definitions), ...list(user.Definitions).map((d) => ({ ...d }))],
    Extensions: list(user.Extensions),
    Directives: [...list(p.Directives), ...list(user.Directives)],
    Schema: list(user.Schema),
    SchemaExtension: list(user.SchemaExtension),
  };
  const schema: Schema = { types: new Map(), directives: new Map(), possibleTypes: new Map() };
  for (const def of list(doc.Definitions)) {
    if (schema.types.has(def.Name)) schemaError(`Cannot redeclare type ${def.Name}.`, def);
    schema.types.set(def.Name, def);
  }
  const defs = [...list(doc.Definitions)];
  for (const ext of list(doc.Extensions)) {
    let def = schema.types.get(ext.Name);
    if (!def) {
      def = { Kind: ext.Kind, Name: ext.Name, Description: '', pos: ext.pos };
      schema.types.set(ext.Name, def);
      defs.push(def);
    }
    if (def.Kind !== ext.Kind) schemaError(`Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`, ext);
    for (const k of ['Directives', 'Interfaces', 'Fields', 'Types', 'EnumValues']) {
      if (Array.isArray(ext[k]) && ext[k].length) def[k] = [...(Array.isArray(def[k]) ? def[k] : []), ...ext[k]];
    }
  }
  const addPossible = (name: string, def: Obj | undefined) => {
    if (!def) return;
    const l = schema.possibleTypes.get(name) ?? [];
    l.push(def);
    schema.possibleTypes.set(name, l);
  };
  for (const def of defs) {
    if (def.Kind === 'UNION') for (const t of strs(def.Types)) addPossible(def.Name, schema.types.get(t));
    else if (def.Kind === 'OBJECT' || def.Kind === 'INPUT_OBJECT' || def.Kind === 'INTERFACE') {
      for (const i of strs(def.Interfaces)) addPossible(i, def);
      if (def.Kind !== 'INTERFACE') addPossible(def.Name, def);
    }
  }
  for (const dir of list(doc.Directives)) {
    if (schema.directives.has(dir.Name) && !['include', 'skip', 'deprecated', 'specifiedBy'].includes(dir.Name)) {
      schemaError(`Cannot redeclare directive ${dir.Name}.`, dir);
    }
    if (!schema.directives.has(dir.Name)) schema.directives.set(dir.Name, dir);
  }
  const schemas = list(doc.Schema);
  if (schemas.length > 1) schemaError('Cannot have multiple schema entry points, consider schema extensions instead.', schemas[1]);
  const roots = (s: Obj) => {
    for (const ep of list(s.OperationTypes)) {
      const def = schema.types.get(ep.Type);
      if (!def) schemaError(`Schema root ${ep.Operation} refers to a type ${ep.Type} that does not exist.`, s);
      if (ep.Operation === 'query') schema.query = def;
      else if (ep.Operation === 'mutation') schema.mutation = def;
      else if (ep.Operation === 'subscription') schema.subscription = def;
    }
  };
  if (schemas.length === 1) roots(schemas[0]!);
  for (const ext of list(doc.SchemaExtension)) roots(ext);

  for (const name of [...schema.types.keys()].sort()) validateDefinition(schema, schema.types.get(name)!);
  for (const name of [...schema.directives.keys()].sort()) {
    const d = schema.directives.get(name)!;
    validateName(d.Name, d);
    validateArgs(schema, list(d.Arguments), d);
  }
  if (schemas.length === 0) {
    schema.query ??= schema.types.get('Query');
    schema.mutation ??= schema.types.get('Mutation');
    schema.subscription ??= schema.types.get('Subscription');
  }
  return schema;
}

function validateTypeRef(schema: Schema, t: Obj | undefined, at?: Obj): void {
  if (!schema.types.has(typeName(t))) schemaError(`Undefined type ${typeName(t)}.`, at);
}

function validateArgs(schema: Schema, args: Obj[], current?: Obj): void {
  for (const a of args) {
    validateName(a.Name, a);
    validateTypeRef(schema, a.Type, a);
    const def = schema.types.get(typeName(a.Type))!;
    if (!isInputKind(def.Kind)) schemaError(`cannot use ${typeString(a.Type)} as argument ${a.Name} because ${def.Kind} is not a valid input type`, a);
    validateDirectives(schema, list(a.Directives), 'ARGUMENT_DEFINITION', current);
  }
}

function validateDirectives(schema: Schema, dirs: Obj[], location: string, current?: Obj): void {
  for (const d of dirs) {
    validateName(d.Name, d);
    if (current && d.Name === current.Name) schemaError(`Directive ${current.Name} cannot refer to itself.`, d);
    const def = schema.directives.get(d.Name);
    if (!def) schemaError(`Undefined directive ${d.Name}.`, d);
    if (!strs(def.Locations).includes(location)) schemaError(`Directive ${d.Name} is not applicable on ${location}.`, d);
  }
}

function fieldNamed(fields: unknown, name: string): Obj | undefined {
  return list(fields).find((f) => f.Name === name);
}

function isCovariant(schema: Schema, required: Obj | null | undefined, actual: Obj | null | undefined): boolean {
  if (!required || !actual) return false;
  if (required.NonNull && !actual.NonNull) return false;
  if (required.NamedType) {
    if (required.NamedType === actual.NamedType) return true;
    return (schema.possibleTypes.get(required.NamedType) ?? []).some((pt) => pt.Name === actual.NamedType);
  }
  if (required.Elem && !actual.Elem) return false;
  return isCovariant(schema, required.Elem, actual.Elem);
}

/** Type.IsCompatible: same shape, same names, non-null where required. */
function isCompatible(a: Obj | null | undefined, b: Obj | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.NamedType !== b.NamedType) return false;
  if (a.NonNull && !b.NonNull) return false;
  if (a.Elem || b.Elem) return isCompatible(a.Elem, b.Elem);
  return true;
}

function validateImplements(schema: Schema, def: Obj, intfName: string): void {
  const intf = schema.types.get(intfName);
  if (!intf) schemaError(`Undefined type ${JSON.stringify(intfName)}.`, def);
  if (intf.Kind !== 'INTERFACE') schemaError(`${JSON.stringify(intfName)} is a non interface type ${intf.Kind}.`, def);
  for (const req of list(intf.Fields)) {
    const found = fieldNamed(def.Fields, req.Name);
    if (!found) schemaError(`For ${def.Name} to implement ${intf.Name} it must have a field called ${req.Name}.`, def);
    if (!isCovariant(schema, req.Type, found.Type)) {
      schemaError(`For ${def.Name} to implement ${intf.Name} the field ${req.Name} must have type ${typeString(req.Type)}.`, found);
    }
    for (const ra of list(req.Arguments)) {
      const fa = fieldNamed(found.Arguments, ra.Name);
      if (!fa) schemaError(`For ${def.Name} to implement ${intf.Name} the field ${req.Name} must have the same arguments but it is missing ${ra.Name}.`, found);
      if (!isCompatible(ra.Type, fa.Type)) {
        schemaError(`For ${def.Name} to implement ${intf.Name} the field ${req.Name} must have the same arguments but ${ra.Name} has the wrong type.`, fa);
      }
    }
    for (const fa of list(found.Arguments)) {
      if (!fieldNamed(req.Arguments, fa.Name) && fa.Type?.NonNull && !fa.DefaultValue) {
        schemaError(`For ${def.Name} to implement ${intf.Name} any additional arguments on ${found.Name} must be optional or have a default value but ${fa.Name} is required.`, fa);
      }
    }
  }
  for (const transitive of strs(intf.Interfaces)) {
    if (!strs(def.Interfaces).includes(transitive)) {
      if (transitive === def.Name) schemaError(`Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`, def);
      schemaError(`Type ${def.Name} must implement ${transitive} because it is implemented by ${intfName}.`, def);
    }
  }
}

function validateDefinition(schema: Schema, def: Obj): void {
  const fields = list(def.Fields);
  for (const f of fields) {
    validateName(f.Name, f);
    validateTypeRef(schema, f.Type, f);
    validateArgs(schema, list(f.Arguments));
    validateDirectives(schema, list(f.Directives), def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION');
  }
  for (const t of strs(def.Types)) {
    const td = schema.types.get(t);
    if (!td) schemaError(`Undefined type ${JSON.stringify(t)}.`, def);
    if (td.Kind !== 'OBJECT') schemaError(`${def.Kind} type ${JSON.stringify(t)} must be OBJECT.`, def);
  }
  for (const i of strs(def.Interfaces)) validateImplements(schema, def, i);
  switch (def.Kind) {
    case 'OBJECT':
    case 'INTERFACE':
      if (fields.length === 0) schemaError(`${def.Kind} ${def.Name}: must define one or more fields.`, def);
      for (const f of fields) {
        const t = schema.types.get(typeName(f.Type));
        if (t && !['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'].includes(t.Kind)) {
          schemaError(`${def.Kind} ${def.Name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`, f);
        }
      }
      break;
    case 'ENUM':
      if (list(def.EnumValues).length === 0) schemaError(`${def.Kind} ${def.Name}: must define one or more unique enum values.`, def);
      for (const v of list(def.EnumValues)) {
        if (['true', 'false', 'null'].includes(v.Name)) schemaError(`${def.Kind} ${def.Name}: non-enum value ${v.Name}.`, def);
      }
      break;
    case 'INPUT_OBJECT':
      if (fields.length === 0) schemaError(`${def.Kind} ${def.Name}: must define one or more input fields.`, def);
      for (const f of fields) {
        const t = schema.types.get(typeName(f.Type));
        if (t && !isInputKind(t.Kind)) schemaError(`${t.Kind} ${f.Name}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`, f);
      }
      break;
  }
  for (let i = 0; i < fields.length; i++) {
    for (let j = i + 1; j < fields.length; j++) {
      if (fields[i]!.Name === fields[j]!.Name) schemaError(`Field ${def.Name}.${fields[j]!.Name} can only be defined once.`, fields[j]);
    }
  }
  if (!def.BuiltIn) validateName(def.Name, def);
  validateDirectives(schema, list(def.Directives), def.Kind);
}

// ------------------------------------------------------------------ queries

const INTROSPECTION_FIELDS: Obj[] = [
  { Name: '__typename', Type: { NamedType: 'String', NonNull: true } },
];

function fieldDef(schema: Schema, parent: Obj, name: string): Obj | undefined {
  if (name === '__typename') return INTROSPECTION_FIELDS[0];
  if (parent === schema.query) {
    if (name === '__schema') return { Name: '__schema', Type: { NamedType: '__Schema', NonNull: true } };
    if (name === '__type') return { Name: '__type', Type: { NamedType: '__Type' }, Arguments: [{ Name: 'name', Type: { NamedType: 'String', NonNull: true } }] };
  }
  return fieldNamed(parent.Fields, name);
}

function collectVariables(value: Obj | null | undefined, out: Set<string>): void {
  if (!value) return;
  if (value.Kind === 0) out.add(String(value.Raw));
  for (const c of list(value.Children)) collectVariables(c.Value, out);
}

/** The executable-document rules OPA's policies rely on, with gqlparser's messages. */
export function validateQuery(schema: Schema, docIn: unknown): void {
  const doc = (docIn ?? {}) as Obj;
  const ops = list(doc.Operations);
  const frags = list(doc.Fragments);
  const fragByName = new Map<string, Obj>();
  for (const f of frags) {
    if (fragByName.has(f.Name)) queryError(`There can be only one fragment named "${f.Name}".`, f);
    fragByName.set(f.Name, f);
  }
  const opNames = new Set<string>();
  for (const op of ops) {
    if (op.Name) {
      if (opNames.has(op.Name)) queryError(`There can be only one operation named "${op.Name}".`, op);
      opNames.add(op.Name);
    } else if (ops.length > 1) queryError('This anonymous operation must be the only defined operation.', op);
  }

  const usedFragments = new Set<string>();

  const checkDirectives = (dirs: unknown, location: string, vars: Set<string>) => {
    for (const d of list(dirs)) {
      const def = schema.directives.get(d.Name);
      if (!def) queryError(`Unknown directive "@${d.Name}".`, d);
      if (!strs(def.Locations).includes(location)) queryError(`Directive "@${d.Name}" may not be used on ${location}.`, d);
      checkArguments(list(d.Arguments), list(def.Arguments), `directive "@${d.Name}"`, `Directive "@${d.Name}"`, d, vars);
    }
  };

  const checkArguments = (given: Obj[], defs: Obj[], unknownWhere: string, requiredWhat: string, at: Obj, vars: Set<string>) => {
    for (const a of given) {
      if (!defs.some((d) => d.Name === a.Name)) queryError(`Unknown argument "${a.Name}" on ${unknownWhere}.`, at);
      collectVariables(a.Value, vars);
    }
    for (const d of defs) {
      if (d.Type?.NonNull && !d.DefaultValue && !given.some((a) => a.Name === d.Name && a.Value && a.Value.Kind !== 6)) {
        queryError(`${requiredWhat} argument "${d.Name}" of type "${typeString(d.Type)}" is required, but it was not provided.`, at);
      }
    }
  };

  const checkSelections = (sels: unknown, parent: Obj, vars: Set<string>, seenFrags: Set<string>) => {
    for (const s of list(sels)) {
      if ('Alias' in s) {
        checkField(s, parent, vars, seenFrags);
      } else if ('TypeCondition' in s || !('Name' in s)) {
        let target = parent;
        if (s.TypeCondition) {
          const t = schema.types.get(s.TypeCondition);
          if (!t) queryError(`Unknown type "${s.TypeCondition}".`, s);
          if (!['OBJECT', 'INTERFACE', 'UNION'].includes(t.Kind)) queryError(`Fragment cannot condition on non composite type "${s.TypeCondition}".`, s);
          target = t;
        }
        checkDirectives(s.Directives, 'INLINE_FRAGMENT', vars);
        checkSelections(s.SelectionSet, target, vars, seenFrags);
      } else {
        // fragment spread
        const f = fragByName.get(s.Name);
        if (!f) queryError(`Unknown fragment "${s.Name}".`, s);
        usedFragments.add(s.Name);
        checkDirectives(s.Directives, 'FRAGMENT_SPREAD', vars);
        if (!seenFrags.has(s.Name)) {
          seenFrags.add(s.Name);
          const t = schema.types.get(f.TypeCondition);
          if (!t) queryError(`Unknown type "${f.TypeCondition}".`, f);
          checkSelections(f.SelectionSet, t, vars, seenFrags);
        }
      }
    }
  };

  const checkField = (f: Obj, parent: Obj, vars: Set<string>, seenFrags: Set<string>) => {
    const def = fieldDef(schema, parent, f.Name);
    if (!def) {
      if (parent.Kind === 'UNION' && f.Name !== '__typename') queryError(`Cannot query field "${f.Name}" on type "${parent.Name}".`, f);
      queryError(`Cannot query field "${f.Name}" on type "${parent.Name}".`, f);
    }
    checkArguments(list(f.Arguments), list(def.Arguments), `field "${parent.Name}.${f.Name}"`, `Field "${f.Name}"`, f, vars);
    checkDirectives(f.Directives, 'FIELD', vars);
    const t = schema.types.get(typeName(def.Type));
    const leaf = t && (t.Kind === 'SCALAR' || t.Kind === 'ENUM');
    const subs = list(f.SelectionSet);
    if (leaf && subs.length) queryError(`Field "${f.Name}" must not have a selection since type "${typeString(def.Type)}" has no subfields.`, f);
    if (t && !leaf && subs.length === 0) {
      queryError(`Field "${f.Name}" of type "${typeString(def.Type)}" must have a selection of subfields. Did you mean "${f.Name} { ... }"?`, f);
    }
    if (t && !leaf) checkSelections(subs, t, vars, seenFrags);
  };

  for (const op of ops) {
    const root = op.Operation === 'mutation' ? schema.mutation : op.Operation === 'subscription' ? schema.subscription : schema.query;
    if (!root) queryError(`Schema does not support operation type "${op.Operation}"`, op);
    const declared = new Map<string, Obj>();
    for (const v of list(op.VariableDefinitions)) {
      if (declared.has(v.Variable)) queryError(`There can be only one variable named "$${v.Variable}".`, v);
      declared.set(v.Variable, v);
      const t = schema.types.get(typeName(v.Type));
      if (!t) queryError(`Unknown type "${typeName(v.Type)}".`, v);
      if (!isInputKind(t.Kind)) queryError(`Variable "$${v.Variable}" cannot be non-input type "${typeString(v.Type)}".`, v);
      checkDirectives(v.Directives, 'VARIABLE_DEFINITION', new Set());
    }
    const used = new Set<string>();
    checkDirectives(op.Directives, op.Operation === 'mutation' ? 'MUTATION' : op.Operation === 'subscription' ? 'SUBSCRIPTION' : 'QUERY', used);
    checkSelections(op.SelectionSet, root, used, new Set());
    for (const u of used) {
      if (!declared.has(u)) queryError(op.Name ? `Variable "$${u}" is not defined by operation "${op.Name}".` : `Variable "$${u}" is not defined.`, op);
    }
    for (const [name, v] of declared) {
      if (!used.has(name)) queryError(op.Name ? `Variable "$${name}" is never used in operation "${op.Name}".` : `Variable "$${name}" is never used.`, v);
    }
  }
  for (const f of frags) if (!usedFragments.has(f.Name)) queryError(`Fragment "${f.Name}" is never used.`, f);
}
