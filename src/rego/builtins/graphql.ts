/**
 * graphql.* builtins (OPA topdown/graphql.go): parse queries and schemas into
 * gqlparser's AST (null and empty members and positions pruned, as OPA does),
 * validate schemas and queries against schemas.
 */
import { fromJSON, isObject, isString, toJSON, type Value } from '../value.js';
import { argString, BuiltinError, type BuiltinDef } from './registry.js';
import { GraphQLSyntaxError, parseGraphQLQuery, parseGraphQLSchema, type GQueryDocument, type GSchemaDocument } from './graphql-parse.js';
import { GraphQLValidationError, validateQuery, validateSchema } from './graphql-validate.js';

/** OPA's pruneIrrelevantGraphQLASTNodes: drop nulls, empty arrays/objects and positions. */
function prune(x: unknown): unknown {
  if (Array.isArray(x)) {
    const out: unknown[] = [];
    for (const v of x) {
      if (v === null || v === undefined) continue;
      const p = prune(v);
      if (Array.isArray(p) ? p.length === 0 : p !== null && typeof p === 'object' && Object.keys(p).length === 0) continue;
      out.push(p);
    }
    return out;
  }
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === 'pos' || k === 'Position' || v === null || v === undefined) continue;
      const p = prune(v);
      if (Array.isArray(p) ? p.length === 0 : p !== null && typeof p === 'object' && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return x;
}

function syntaxError(e: unknown, what: string): never {
  if (e instanceof GraphQLSyntaxError) throw new BuiltinError(`${e.message} in GraphQL ${what} at location ${e.line}:${e.column}`);
  if (e instanceof GraphQLValidationError) throw new BuiltinError(`${e.message} in GraphQL ${what} at location ${e.line}:${e.column}`);
  throw e;
}

function queryOf(v: Value): GQueryDocument {
  if (isString(v)) {
    try {
      return parseGraphQLQuery(v);
    } catch (e) {
      return syntaxError(e, 'string');
    }
  }
  if (isObject(v)) return toJSON(v) as GQueryDocument;
  throw new BuiltinError('operand 1 must be one of {string, object}', 'eval_type_error');
}

function schemaOf(v: Value): GSchemaDocument {
  if (isString(v)) {
    try {
      return parseGraphQLSchema(v);
    } catch (e) {
      return syntaxError(e, 'string');
    }
  }
  if (isObject(v)) return toJSON(v) as GSchemaDocument;
  throw new BuiltinError('operand 2 must be one of {string, object}', 'eval_type_error');
}

/** Parse and validate; errors say where (schema problems in the schema, query problems in the query string). */
function parseAndValidate(q: Value, s: Value): [GQueryDocument, GSchemaDocument] {
  const query = queryOf(q);
  const schema = schemaOf(s);
  try {
    const full = validateSchema(schema);
    validateQuery(full, query);
  } catch (e) {
    if (e instanceof GraphQLValidationError) {
      if (e.inQuery) throw new BuiltinError(`${e.message} in GraphQL string at location ${e.line}:${e.column}`);
      throw new BuiltinError(`Error in gqlparser SchemaDocument to Schema conversion: ${e.raw}`);
    }
    throw e;
  }
  return [query, schema];
}

const ok = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof BuiltinError || e instanceof GraphQLValidationError) return false;
    throw e;
  }
};

export const graphqlBuiltins: BuiltinDef[] = [
  {
    name: 'graphql.parse_query',
    args: ['string'],
    result: 'object',
    impl: (args) => fromJSON(prune(queryOf(argString(args, 0)))),
  },
  {
    name: 'graphql.parse_schema',
    args: ['string'],
    result: 'object',
    impl: (args) => fromJSON(prune(schemaOf(argString(args, 0)))),
  },
  {
    name: 'graphql.schema_is_valid',
    args: [['string', 'object']],
    result: 'boolean',
    impl: (args) => ok(() => validateSchema(schemaOfLenient(args[0]!))),
  },
  {
    name: 'graphql.is_valid',
    args: [['string', 'object'], ['string', 'object']],
    result: 'boolean',
    impl: (args) => ok(() => parseAndValidate(args[0]!, args[1]!)),
  },
  {
    name: 'graphql.parse',
    args: [['string', 'object'], ['string', 'object']],
    result: 'array',
    impl: (args) => {
      const [q, s] = parseAndValidate(args[0]!, args[1]!);
      return [fromJSON(prune(q)), fromJSON(prune(s))];
    },
  },
  {
    name: 'graphql.parse_and_verify',
    args: [['string', 'object'], ['string', 'object']],
    result: 'array',
    impl: (args) => {
      try {
        const [q, s] = parseAndValidate(args[0]!, args[1]!);
        return [true, fromJSON(prune(q)), fromJSON(prune(s))];
      } catch (e) {
        if (e instanceof BuiltinError) return [false, fromJSON({}), fromJSON({})];
        throw e;
      }
    },
  },
];

function schemaOfLenient(v: Value): GSchemaDocument {
  if (!isString(v) && !isObject(v)) throw new BuiltinError('not a schema');
  return schemaOf(v);
}
