import { describe, expect, it } from 'vitest';
import { call, error, json } from './helpers.js';

const schema = `
  type Query { employee(id: String!): Employee }
  type Employee { id: String! salary: Int! manager: Employee }
`;

describe('graphql builtins', () => {
  it('parses queries into the pruned gqlparser AST', () => {
    expect(json(call('graphql.parse_query', '{ node(id: 4) { id } }'))).toBe(
      '{"Operations":[{"Name":"","Operation":"query","SelectionSet":[{"Alias":"node","Arguments":[{"Name":"id","Value":{"ExpectedTypeHasDefault":false,"Kind":1,"Raw":"4"}}],"Name":"node","SelectionSet":[{"Alias":"id","Name":"id"}]}]}]}',
    );
    expect(json(call('graphql.parse_schema', '"D" type Hello { world: [String!] }'))).toBe(
      '{"Definitions":[{"BuiltIn":false,"Description":"D","Fields":[{"Description":"","Name":"world","Type":{"Elem":{"NamedType":"String","NonNull":true},"NamedType":"","NonNull":false}}],"Kind":"OBJECT","Name":"Hello"}]}',
    );
  });

  it('reports syntax errors with gqlparser wording and positions', () => {
    expect(error('graphql.parse_query', '{')).toBe('eval_builtin_error: Expected Name, found <EOF> in GraphQL string at location 1:2');
    expect(error('graphql.parse_query', '{ ...on }')).toBe('eval_builtin_error: Expected Name, found } in GraphQL string at location 1:9');
    expect(error('graphql.parse_schema', 'type Hello {}')).toBe('eval_builtin_error: expected at least one definition, found } in GraphQL string at location 1:13');
    expect(error('graphql.parse_schema', '\n  extend "D" type X { a: Int }')).toBe('eval_builtin_error: Unexpected String "D" in GraphQL string at location 2:11');
  });

  it('validates schemas and queries', () => {
    expect(call('graphql.schema_is_valid', schema)).toBe(true);
    expect(call('graphql.schema_is_valid', 'type A { b: Missing }')).toBe(false);
    expect(call('graphql.schema_is_valid', 'interface I { a: Int } type T implements I { b: Int }')).toBe(false);
    expect(call('graphql.is_valid', '{ employee(id: "a") { salary manager { id } } }', schema)).toBe(true);
    expect(call('graphql.is_valid', '{ employee(id: "a") { nope } }', schema)).toBe(false);
    expect(call('graphql.is_valid', '{ employee { salary } }', schema)).toBe(false);
    expect(call('graphql.is_valid', 'query Q($x: String!) { employee(id: "a") { id } }', schema)).toBe(false);
    expect(error('graphql.parse', '\n{\n  employee { id }\n}', schema)).toBe(
      'eval_builtin_error: Field "employee" argument "id" of type "String!" is required, but it was not provided in GraphQL string at location 3:3',
    );
    const [valid] = call('graphql.parse_and_verify', '{ employee(id: "a") { nope } }', schema) as unknown[];
    expect(valid).toBe(false);
  });
});
