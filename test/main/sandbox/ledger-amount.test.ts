/** The paper ledger's exact amounts: parsing, formatting and the cost of a fill, against bigint arithmetic done here. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountSchema, mulUnits, unitsFromNumber, unitsToDecimal, unitsToNumber } from '../../../src-main/sandbox/ledger-amount';

const schema = amountSchema(1e12);
const decimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 8 }))
  .map(([whole, frac]) => (frac ? `${whole}.${frac}` : `${whole}`))
  .filter((s) => /[1-9]/.test(s));

describe('ledger amounts', () => {
  it('reads every plain decimal string exactly, and writes it back without trailing zeros', () => {
    fc.assert(
      fc.property(decimal, (text) => {
        const units = schema.parse(text);
        const [w, f = ''] = text.split('.') as [string, string?];
        expect(units).toBe(BigInt(w) * 10n ** 8n + BigInt(f.padEnd(8, '0')));
        expect(unitsToDecimal(units)).toBe(text.includes('.') ? text.replace(/\.?0+$/, '') : text);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a number at its exact value rounded to 8 places, and answers the nearest number', () => {
    expect(unitsFromNumber(0.1)).toBe(10_000_000n);
    expect(unitsFromNumber(42000.5)).toBe(4_200_050_000_000n);
    // The double nearest 1.000000005 is 1.00000000499999997…: its exact value rounds down, as toFixed does.
    expect(unitsFromNumber(1.000000005)).toBe(100_000_000n);
    expect(unitsFromNumber(1.000000025)).toBe(100_000_003n); // 1.00000002500000007…: up
    expect(unitsFromNumber(-0.25)).toBe(-25_000_000n);
    expect(unitsToNumber(unitsFromNumber(0.1) * 3n - unitsFromNumber(0.2))).toBe(0.1);
    expect(unitsToDecimal(-123_456_789n)).toBe('-1.23456789');
  });

  it('rounds a cost half up to 1e-8', () => {
    expect(mulUnits(schema.parse('0.00000001'), schema.parse('0.5'))).toBe(1n);
    expect(mulUnits(schema.parse('0.00000001'), schema.parse('0.49999999'))).toBe(0n);
    expect(mulUnits(schema.parse('0.3'), schema.parse('0.1'))).toBe(3_000_000n);
  });

  it('refuses exponents, signs, spaces, leading zeros, a ninth decimal and amounts over the maximum', () => {
    for (const bad of ['1e3', '-1', '+1', ' 1', '1 ', '01', '.5', '5.', '1.123456789', '1000000000000.00000001', '0', '0.0', 1e13, -1, Number.NaN, Infinity, true, null]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(schema.parse('1000000000000')).toBe(10n ** 20n);
  });
});
