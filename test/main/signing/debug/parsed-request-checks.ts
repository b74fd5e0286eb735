/** What every debugger parser promises, checked on any input: a well-formed ParsedRequest, or one ERR_DEBUG_INPUT line. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { isAppError } from '../../../../src-main/base/errors';
import { combineHeaderLines } from '../../../../src-main/signing/debug/combine-header-lines';
import type { ParsedRequest } from '../../../../src-main/signing/debug/parsed-request';

export function expectWellFormed(r: ParsedRequest): void {
  expect(typeof r.request.method).toBe('string');
  expect(r.request.method).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
  expect(['http:', 'https:']).toContain(new URL(r.request.url).protocol);
  expect(r.request.body === null || (typeof r.request.body === 'string' && r.request.body !== '')).toBe(true);
  for (const line of r.headerLines) {
    expect(line).toHaveLength(2);
    expect(line[1]).not.toMatch(/[\r\n\0]/);
  }
  expect(r.request.headers).toEqual(combineHeaderLines(r.headerLines));
  for (const note of r.notes) expect(typeof note).toBe('string');
}

/** Runs `parse`: it returns a well-formed result, or throws AppError ERR_DEBUG_INPUT with one line. Never anything else. */
export function parsesOrRefuses<T extends ParsedRequest>(parse: () => T): T | null {
  let r: T;
  try {
    r = parse();
  } catch (e) {
    expect(isAppError(e), `not an AppError: ${String(e)}`).toBe(true);
    expect((e as { code: string }).code).toBe('ERR_DEBUG_INPUT');
    expect((e as Error).message).not.toMatch(/[\r\n]/);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return null;
  }
  expectWellFormed(r);
  return r;
}

/** The ERR_DEBUG_INPUT message `parse` throws (fails the test if it returns or throws anything else). */
export function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(isAppError(e), `not an AppError: ${String(e)}`).toBe(true);
    expect((e as { code: string }).code).toBe('ERR_DEBUG_INPUT');
    return (e as Error).message;
  }
  throw new Error('expected the input to be refused, and it was parsed');
}

/** Small edits that turn valid requests into near-valid ones. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('\r', '\n', ' ', '\t', ':', '\n ', '\r\n\r\n', '#', '*', 'HTTP/1.1', '\0', 'Host: x\n', 'Transfer-Encoding: chunked\n', 'Content-Length: 7\n', "'", '"', '\\', '$', "$'", '`', '{a,b}', ' -H ', ' -d @f', ' --json ', ' | ', '&', '[', ']', '{', '}', ',') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 3 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(text: string, edits: readonly Mutation[]): string {
  let s = text;
  for (const m of edits) {
    const at = s.length ? m.at % (s.length + 1) : 0;
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.length);
    else s = s.slice(0, at) + m.text + s.slice(at + m.text.length);
  }
  return s;
}


/** A generated host label starting xn-- is (invalid) punycode, which URL refuses: a right refusal, not a round trip. */
export const notPunycode = (host: string): boolean => !/(^|\.)xn--/.test(host);
