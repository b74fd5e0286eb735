/**
 * Exact amounts for the paper ledger: an amount is a bigint count of 1e-8 (the smallest unit Binance, Kraken and
 * Coinbase quote in), so fills, reservations and balances add and subtract without float drift (0.1 + 0.2 is 0.3
 * here). Orders may give quantity and price as plain decimal strings, as those exchanges take them, or as JSON
 * numbers (their exact binary value, rounded to 8 places). Hand-written rather than decimal.js/big.js: the ledger
 * needs one fixed scale, a parse, a multiply and a format, which bigint does in a few lines.
 */
import { z } from 'zod';

export const AMOUNT_DECIMALS = 8;
const SCALE = 10n ** BigInt(AMOUNT_DECIMALS);

/** Plain decimal: digits, an optional fraction of 1 to 8 digits; no sign, exponent, spaces or leading zeros. */
const PLAIN_DECIMAL = /^(0|[1-9]\d{0,12})(\.\d{1,8})?$/;

/** "42000.5" → 4200050000000n. The text must match PLAIN_DECIMAL. */
function unitsFromDecimal(text: string): bigint {
  const [whole, frac = ''] = text.split('.') as [string, string?];
  return BigInt(whole) * SCALE + BigInt(frac.padEnd(AMOUNT_DECIMALS, '0'));
}

/** A finite number → the nearest 1e-8 of its exact value (toFixed rounds the exact binary value, never a printout). */
export function unitsFromNumber(n: number): bigint {
  const fixed = Math.abs(n).toFixed(AMOUNT_DECIMALS);
  const units = unitsFromDecimal(fixed.replace(/^0+(?=\d)/, ''));
  return n < 0 ? -units : units;
}

/** 4200050000000n → "42000.5" (no trailing zeros; exact). */
export function unitsToDecimal(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const frac = (abs % SCALE).toString().padStart(AMOUNT_DECIMALS, '0').replace(/0+$/, '');
  return `${sign}${abs / SCALE}${frac ? `.${frac}` : ''}`;
}

/** The nearest number to the exact amount, for JSON answers that were numbers before amounts were exact. */
export const unitsToNumber = (units: bigint): number => Number(unitsToDecimal(units));

/** quantity × price, rounded half up to 1e-8 (both non-negative). */
export const mulUnits = (a: bigint, b: bigint): bigint => (a * b + SCALE / 2n) / SCALE;

/**
 * A positive order amount, as a JSON number or a plain decimal string, at most `max`: its exact units. Anything else
 * (an exponent, a sign, more than 8 decimal places, spaces, 0) is an issue on the field, which the route names.
 */
export function amountSchema(max: number) {
  const maxUnits = BigInt(max) * SCALE;
  const expected = `expected a positive number or a plain decimal string such as "0.01" (no sign or exponent, at most ${AMOUNT_DECIMALS} decimal places, at most ${max})`;
  return z.union([z.number(), z.string()], { error: expected }).transform((v, ctx): bigint => {
    let units: bigint | null = null;
    if (typeof v === 'number') units = Number.isFinite(v) && Math.abs(v) <= max ? unitsFromNumber(v) : null;
    else if (PLAIN_DECIMAL.test(v)) units = unitsFromDecimal(v);
    if (units === null || units <= 0n || units > maxUnits) {
      ctx.addIssue({ code: 'custom', message: units !== null && units <= 0n ? `expected more than 0 (and at least 0.00000001); ${expected}` : expected });
      return z.NEVER;
    }
    return units;
  });
}
