import { describe, expect, it } from 'vitest';
import { combineHeaderLines } from '../../../../src-main/signing/debug/combine-header-lines';

describe('combineHeaderLines (RFC 9110 §5.3)', () => {
  it('joins repeated lines with "," in order, no space, as the AWS suite signs them', () => {
    expect(combineHeaderLines([['My-Header1', 'value2'], ['My-Header1', 'value2'], ['My-Header1', 'value1']])).toEqual({ 'My-Header1': 'value2,value2,value1' });
  });

  it('compares names without case and keeps the first spelling', () => {
    expect(combineHeaderLines([['X-Trace', 'a'], ['Host', 'h'], ['x-trace', 'b'], ['X-TRACE', '']])).toEqual({ 'X-Trace': 'a,b,', Host: 'h' });
  });

  it('keeps a header named __proto__ as an own key', () => {
    const h = combineHeaderLines([['__proto__', 'x'], ['constructor', 'y']]);
    expect(Object.keys(h)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
    expect(h['__proto__']).toBe('x');
  });

  it('gives an empty record for no lines', () => {
    expect(combineHeaderLines([])).toEqual({});
  });
});
