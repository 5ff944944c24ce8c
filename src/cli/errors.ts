/** A mistake the user can fix (bad flag, missing path): printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export const EXIT = { pass: 0, findings: 1, error: 2 } as const;
