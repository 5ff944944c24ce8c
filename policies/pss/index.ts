/**
 * The built-in Pod Security Standards as a policy module, in the same shape as a user's TypeScript
 * policy file: it default-exports a list of policies made with the public API.
 *
 * The implementation lives in src/policy/builtin/pss/ so that it is part of the build output;
 * this module only selects the default level and version.
 */
import { builtinPolicies } from '../../src/policy/index.js';

export default builtinPolicies({ pssLevel: 'restricted', pssVersion: 'latest' });
