/**
 * Plain-scalar resolution as go-yaml v2 does it (the parser behind sigs.k8s.io/yaml, which
 * kubectl and the API server use). Both of our YAML parsers resolve scalars through these
 * rules, so a manifest means the same thing here as in the cluster: `0755` is 493, `1e3` is
 * 1000, `yes` is true, while `1:20` and `2001-12-14` stay strings.
 */
const INT_DECIMAL = /^[-+]?[0-9]+$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F]+$/;
const INT_BINARY = /^[-+]?0b[01]+$/;
const INT_OCTAL = /^[-+]?0o?[0-7]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

export const NOT_A_NUMBER = Symbol('not a number');

/** The integer a plain scalar denotes, or NOT_A_NUMBER. */
export function resolveGoInt(source: string): number | typeof NOT_A_NUMBER {
  const plain = source.replace(/_/g, '');
  const negative = plain.startsWith('-');
  const unsigned = plain.replace(/^[-+]/, '');
  let value: number;
  if (INT_HEX.test(plain)) value = parseInt(unsigned.slice(2), 16);
  else if (INT_BINARY.test(plain)) value = parseInt(unsigned.slice(2), 2);
  else if (INT_OCTAL.test(plain) && unsigned.length > 1) value = parseInt(unsigned.replace(/^0o?/, ''), 8);
  else if (INT_DECIMAL.test(plain) && !(unsigned.length > 1 && unsigned.startsWith('0'))) value = Number(unsigned);
  else return NOT_A_NUMBER;
  return negative ? -value : value;
}

/** The float a plain scalar denotes (`.5`, `1e3`, `.inf`, `.nan`), or NOT_A_NUMBER. */
export function resolveGoFloat(source: string): number | typeof NOT_A_NUMBER {
  switch (source) {
    case '.inf': case '.Inf': case '.INF': case '+.inf': case '+.Inf': case '+.INF':
      return Infinity;
    case '-.inf': case '-.Inf': case '-.INF':
      return -Infinity;
    case '.nan': case '.NaN': case '.NAN':
      return NaN;
  }
  const plain = source.replace(/_/g, '');
  return FLOAT.test(plain) ? Number(plain) : NOT_A_NUMBER;
}

export const GO_NULL = /^(?:~|null|Null|NULL)?$/;
export const GO_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;
export const GO_FALSE = /^(?:n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/;
/** Every plain scalar go-yaml v2 reads as a number (int or float). */
export const GO_NUMBER_LIKE = /^(?:[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?0o[0-7_]+|[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Resolves a plain scalar to null, boolean, number or string, as go-yaml v2 would. */
export function resolveGoPlainScalar(source: string): null | boolean | number | string {
  if (GO_NULL.test(source)) return null;
  if (GO_TRUE.test(source)) return true;
  if (GO_FALSE.test(source)) return false;
  const int = resolveGoInt(source);
  if (int !== NOT_A_NUMBER) return int;
  const float = resolveGoFloat(source);
  if (float !== NOT_A_NUMBER) return float;
  return source;
}
