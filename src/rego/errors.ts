/**
 * Errors the engine reports, with OPA's codes. `toString()` gives OPA's wording:
 * `file:line: code: message`.
 */
export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_type_error'
  | 'eval_conflict_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_internal_error'
  | 'eval_cancel_error'
  | 'eval_limit_error';

export interface Location {
  file: string;
  line: number;
  col: number;
}

export class RegoError extends Error {
  constructor(
    readonly code: RegoErrorCode,
    readonly detail: string,
    readonly location?: Location,
  ) {
    super(formatError(code, detail, location));
    this.name = 'RegoError';
  }
}

function formatError(code: string, detail: string, loc?: Location): string {
  const where = loc ? `${loc.file}:${loc.line}: ` : '';
  return `${where}${code}: ${detail}`;
}

/** Several compile errors at once (OPA reports all it finds). */
export class RegoCompileErrors extends Error {
  constructor(readonly errors: RegoError[]) {
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} errors occurred:\n${errors.map((e) => e.message).join('\n')}`);
    this.name = 'RegoCompileErrors';
  }
}
