/**
 * Registers every builtin family. One import and one FAMILIES entry per family file.
 */
import { registerBuiltins, type BuiltinDef } from './registry.js';
import { aggregateBuiltins } from './aggregates.js';
import { arrayBuiltins } from './arrays.js';
import { coreBuiltins } from './core.js';
import { numberBuiltins } from './numbers.js';
import { objectBuiltins } from './objects.js';
import { operatorBuiltins } from './operators.js';
import { setBuiltins } from './sets.js';
import { typeBuiltins } from './types.js';
import { stringBuiltins } from './strings.js';
import { regexBuiltins } from './regex.js';
import { globBuiltins } from './glob.js';
import { unitsBuiltins } from './units.js';
import { encodingBuiltins } from './encoding.js';
import { jsonBuiltins } from './json.js';
import { jsonPathBuiltins } from './json-paths.js';
import { timeBuiltins } from './time.js';
import { netBuiltins } from './net.js';
import { semverBuiltins } from './semver.js';
import { graphBuiltins } from './graph.js';
import { uuidBuiltins } from './uuid.js';
import { randBuiltins } from './rand.js';
import { httpBuiltins } from './http.js';
import { cryptoBuiltins } from './crypto.js';
import { jsonSchemaBuiltins } from './jsonschema.js';
import { jwtBuiltins } from './jwt.js';
import { x509Builtins } from './x509.js';
import { templateBuiltins } from './template.js';
import { awsBuiltins } from './providers-aws.js';
import { graphqlBuiltins } from './graphql.js';

export * from './registry.js';

const FAMILIES: readonly (readonly BuiltinDef[])[] = [
  operatorBuiltins,
  aggregateBuiltins,
  typeBuiltins,
  arrayBuiltins,
  setBuiltins,
  objectBuiltins,
  numberBuiltins,
  coreBuiltins,
  stringBuiltins,
  regexBuiltins,
  globBuiltins,
  unitsBuiltins,
  encodingBuiltins,
  jsonBuiltins,
  jsonPathBuiltins,
  timeBuiltins,
  netBuiltins,
  semverBuiltins,
  graphBuiltins,
  uuidBuiltins,
  randBuiltins,
  httpBuiltins,
  cryptoBuiltins,
  jsonSchemaBuiltins,
  jwtBuiltins,
  x509Builtins,
  templateBuiltins,
  awsBuiltins,
  graphqlBuiltins,
  // families are added here, one line each
];

let registered = false;

/** Register all builtin families (idempotent). */
export function registerAllBuiltins(): void {
  if (registered) return;
  registered = true;
  for (const family of FAMILIES) registerBuiltins(family);
}
