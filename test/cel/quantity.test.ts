import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/cel/index.js';
import { compareQuantities, parseQuantity } from '../../src/cel/quantity.js';

const q = (s: string) => {
  const v = parseQuantity(s);
  if (!v) throw new Error(`not a quantity: ${s}`);
  return v;
};

const cel = (expression: string, context: Record<string, unknown> = {}) => {
  const compiled = compileExpression(expression);
  if (!('run' in compiled)) throw new Error(JSON.stringify(compiled));
  return compiled.run(context);
};

describe('Kubernetes quantities', () => {
  it('parses binary, decimal and exponent suffixes exactly', () => {
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('100m'), q('0.1'))).toBe(0);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('1.5Gi'), q('1536Mi'))).toBe(0);
    expect(compareQuantities(q('-1'), q('0'))).toBe(-1);
    expect(compareQuantities(q('.5'), q('500m'))).toBe(0);
    expect(compareQuantities(q('1E'), q('1e18'))).toBe(0);
  });

  it('refuses what Kubernetes refuses', () => {
    for (const bad of ['', '1.2.3', '1Gb', '512mb', 'Gi', '1e999', '0x10']) expect(parseQuantity(bad)).toBeUndefined();
  });

  it('gives CEL the quantity library', () => {
    expect(cel("quantity('1Gi').compareTo(quantity('1000Mi'))")).toBe(1n);
    expect(cel("quantity(self).isGreaterThan(quantity('100Mi'))", { self: '128Mi' })).toBe(true);
    expect(cel("quantity('1.5').isInteger()")).toBe(false);
    expect(cel("quantity('2k').asInteger()")).toBe(2000n);
    expect(cel("quantity('500m').add(quantity('1500m')).asInteger()")).toBe(2n);
    expect(cel("quantity('1').sub(3).sign()")).toBe(-1n);
    expect(cel("isQuantity('1Gi') && !isQuantity('1GB')")).toBe(true);
    expect(cel("quantity('250m').asApproximateFloat()")).toBe(0.25);
    expect(() => cel("quantity('1GB')")).toThrow(/quantities must match/);
  });
});
