/**
 * What the debugger's input parsers (parse-http, parse-curl, parse-har) return, and the checks they share. Every
 * refusal is one `ERR_DEBUG_INPUT` line: the problem, where (line N, the flag, the HAR entry) and what to do. Messages
 * never quote a header value or a body: a pasted request carries API keys.
 */
import { Buffer } from 'node:buffer';
import { AppError } from '../../base/errors';
import { HEADER_NAME } from '../../contract/field-rules';
import type { SignableRequest } from '../types';
import { combineHeaderLines, type HeaderLine } from './combine-header-lines';

/** A pasted request as the signing engine reads it, the header lines as written, and what the parser decided. */
export interface ParsedRequest {
  readonly request: SignableRequest;
  /** Every header line in order, repeats kept; `request.headers` combines them (combineHeaderLines). */
  readonly headerLines: readonly HeaderLine[];
  /** What the parser assumed or dropped, one sentence each (shown beside the result). */
  readonly notes: readonly string[];
}

/** Inputs larger than this are refused before any parsing: a request to debug is never near it. */
export const MAX_DEBUG_INPUT_BYTES = 1024 * 1024;

export function debugInputError(message: string): AppError {
  return new AppError('ERR_DEBUG_INPUT', message);
}

/** The text, checked for type, size and well-formed UTF-16 (`what` names the input: "the HTTP request"). */
export function limitedText(text: unknown, what: string): string {
  if (typeof text !== 'string') throw debugInputError(`${what}: expected text, got ${text === null ? 'null' : typeof text}.`);
  if (text.length > MAX_DEBUG_INPUT_BYTES || Buffer.byteLength(text, 'utf8') > MAX_DEBUG_INPUT_BYTES) {
    throw debugInputError(`${what} is larger than 1 MiB; paste the one request to debug.`);
  }
  if (/\p{Cs}/u.test(text)) throw debugInputError(`${what} is not valid text (it holds a lone UTF-16 surrogate); copy it again from its source.`);
  return text;
}

/** A short, printable rendering of something the user typed that is not secret (a flag, a method, a name). */
export function shown(text: string, max = 40): string {
  const s = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return s;
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An HTTP method token, case kept (the debugger diagnoses a method signed in the wrong case). */
export function checkMethod(method: string, where: string): string {
  if (method.length > 32 || !METHOD.test(method)) throw debugInputError(`${where}: ${shown(method, 20)} is not an HTTP method; expected GET, POST, PUT, DELETE, ….`);
  return method;
}

/** An absolute http(s) URL without whitespace or control characters; returned as written (the signature reads it so). */
export function checkUrl(url: string, where: string): URL {
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0020\u007f]/.exec(url);
  if (bad) {
    const what = bad[0] === ' ' ? 'a space' : `the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    throw debugInputError(`${where}: the URL holds ${what}; percent-encode it (a space is %20).`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw debugInputError(`${where}: ${shown(url, 60)} is not an absolute URL; expected https://host/path?query.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw debugInputError(`${where}: the URL's scheme is ${parsed.protocol.slice(0, -1)}; only http and https requests are signed.`);
  if (parsed.hostname === '') throw debugInputError(`${where}: the URL has no host; expected https://host/path?query.`);
  return parsed;
}

/** A header line's name (an RFC 9110 token) and value (one line, no NUL). */
export function checkHeader(name: string, value: string, where: string): HeaderLine {
  if (name.length === 0 || name.length > 256 || !HEADER_NAME.test(name)) {
    throw debugInputError(`${where}: ${shown(name)} is not a header name; names are letters, digits and ! # $ % & ' * + - . ^ _ \` | ~.`);
  }
  if (/[\r\n\0]/.test(value)) throw debugInputError(`${where}: the value of ${name} holds a line break or NUL; a header value is one line.`);
  return [name, value];
}

/** The value without the spaces and tabs around it (RFC 9110 OWS), by index: a regex `[ \t]+$` is quadratic on long runs. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return value.slice(start, end);
}

/** The result, headers combined from the lines; an empty body is no body. */
export function parsedRequest(method: string, url: string, headerLines: readonly HeaderLine[], body: string | null, notes: readonly string[]): ParsedRequest {
  return {
    request: { method, url, headers: combineHeaderLines(headerLines), body: body === '' ? null : body },
    headerLines,
    notes,
  };
}
