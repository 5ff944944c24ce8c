/** Type checks and conversions: is_*, type_name, to_number (and v0's cast_*). */
import { BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { parseNumber } from '../number.js';
import { isArray, isNumber, isObject, isSet, SetValue, typeName, type Value } from '../value.js';

const is = (name: string, test: (v: Value) => boolean): BuiltinDef => ({
  name,
  args: ['any'],
  result: 'boolean',
  impl: ([v]) => test(v!),
});

export const typeBuiltins: BuiltinDef[] = [
  is('is_number', isNumber),
  is('is_string', (v) => typeof v === 'string'),
  is('is_boolean', (v) => typeof v === 'boolean'),
  is('is_array', isArray),
  is('is_set', isSet),
  is('is_object', isObject),
  is('is_null', (v) => v === null),
  { name: 'type_name', args: ['any'], result: 'string', impl: ([v]) => typeName(v!) },
  {
    name: 'to_number',
    args: [['null', 'boolean', 'number', 'string']],
    result: 'number',
    impl: ([v]) => {
      if (v === null) return 0;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (isNumber(v!)) return v;
      if (typeof v === 'string') {
        if (/^[-+]?(nan|inf|infinity)$/i.test(v)) throw operandTypeError(1, v, 'valid number string');
        const n = /^\s*$/.test(v) ? undefined : parseNumber(v.trim() === v ? v.replace(/^\+/, '') : '');
        if (n === undefined) throw new BuiltinError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
        return n;
      }
      throw operandTypeError(1, v!, 'null', 'boolean', 'number', 'string');
    },
  },
  // deprecated casts (v0 only)
  { name: 'cast_array', args: ['any'], result: 'array', deprecated: true, impl: ([v]) => (isArray(v!) ? v : isSet(v!) ? v.sorted().slice() : throwType(v!, 'array', 'set')) },
  { name: 'cast_set', args: ['any'], result: 'set', deprecated: true, impl: ([v]) => (isSet(v!) ? v : isArray(v!) ? SetValue.of(v) : throwType(v!, 'array', 'set')) },
  { name: 'cast_string', args: ['any'], result: 'string', deprecated: true, impl: ([v]) => (typeof v === 'string' ? v : throwType(v!, 'string')) },
  { name: 'cast_boolean', args: ['any'], result: 'boolean', deprecated: true, impl: ([v]) => (typeof v === 'boolean' ? v : throwType(v!, 'boolean')) },
  { name: 'cast_null', args: ['any'], result: 'null', deprecated: true, impl: ([v]) => (v === null ? v : throwType(v!, 'null')) },
  { name: 'cast_object', args: ['any'], result: 'object', deprecated: true, impl: ([v]) => (isObject(v!) ? v : throwType(v!, 'object')) },
];

function throwType(v: Value, ...expected: string[]): never {
  throw operandTypeError(1, v, ...expected);
}
