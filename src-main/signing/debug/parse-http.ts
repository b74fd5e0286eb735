/**
 * A raw HTTP/1.1 request as pasted from a proxy, a log or the docs (RFC 9112 §3 and §5): the request line
 * (`METHOD target HTTP/1.1`, the version may be left out), header lines, a blank line, the body. Lines end with CRLF
 * or LF. The target is a path (origin-form; the URL is https:// + Host + path, said in the notes) or an absolute URL,
 * which wins over Host (a disagreeing Host is noted). Refused: obsolete line folding, whitespace before a header's
 * colon (both RFC 9112 §5), a second Host, chunked bodies, `*` and authority-form targets.
 *
 * The body is everything after the blank line, byte for byte. One exception: when Content-Length says the body is
 * exactly one trailing line break shorter than pasted, that line break came from an editor and is dropped (noted).
 * Hand-written: it is a line scanner of a few dozen lines; an HTTP parser library (llhttp) wants bytes off a socket,
 * strict CRLF and a version, and would refuse the forms people paste.
 */
import { Buffer } from 'node:buffer';
import type { HeaderLine } from './combine-header-lines';
import { checkHeader, checkMethod, checkUrl, debugInputError, limitedText, parsedRequest, trimOws, shown, type ParsedRequest } from './parsed-request';

interface Line {
  readonly text: string;
  /** Offset just past the line's terminator. */
  readonly next: number;
}

function lineAt(input: string, start: number, n: number): Line {
  const lf = input.indexOf('\n', start);
  const raw = lf < 0 ? input.slice(start) : input.slice(start, lf);
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.includes('\r')) throw debugInputError(`line ${n}: a carriage return without a line feed; lines end with CRLF or LF.`);
  return { text, next: lf < 0 ? input.length : lf + 1 };
}

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const VERSION = /^HTTP\/\d(\.\d)?$/;

/** The authority a Host header names, normalised as a URL would hold it (default port dropped), or null if it is none. */
function hostOf(scheme: string, host: string): string | null {
  if (host === '' || /[\s/?#@\\]/.test(host)) return null;
  try {
    return new URL(`${scheme}//${host}`).host;
  } catch {
    return null;
  }
}

/** Parses a pasted HTTP/1.1 request. Bad input throws AppError ERR_DEBUG_INPUT naming the line. */
export function parseHttp(text: string): ParsedRequest {
  const input = limitedText(text, 'The HTTP request');
  const notes: string[] = [];
  let pos = 0;
  let n = 1;
  let line = lineAt(input, pos, n);
  // RFC 9112 §2.2: blank lines before the request line are ignored.
  while (line.text.trim() === '' && line.next < input.length) {
    pos = line.next;
    line = lineAt(input, pos, ++n);
  }
  if (line.text.trim() === '') throw debugInputError('The HTTP request is empty; paste it from the request line (GET /path HTTP/1.1) on.');

  const requestLineNo = n;
  const parts = line.text.trim().split(/[ \t]+/);
  if (parts.length < 2) throw debugInputError(`line ${n}: expected a request line like "GET /path HTTP/1.1".`);
  if (parts.length > 3) throw debugInputError(`line ${n}: expected "METHOD target HTTP/1.1"; a space in the target must be percent-encoded (%20).`);
  const method = checkMethod(parts[0]!, `line ${n}`);
  let target = parts[1]!;
  const version = parts[2];
  if (version === undefined) notes.push(`The request line has no HTTP version; read as HTTP/1.1.`);
  else if (!VERSION.test(version)) throw debugInputError(`line ${n}: ${shown(version, 20)} is not an HTTP version; expected HTTP/1.1 (or leave it out).`);

  const headerLines: HeaderLine[] = [];
  const lineNumbers: number[] = [];
  let body: string | null = null;
  pos = line.next;
  while (pos < input.length) {
    line = lineAt(input, pos, ++n);
    pos = line.next;
    if (line.text === '') {
      body = input.slice(pos);
      break;
    }
    if (line.text.startsWith(' ') || line.text.startsWith('\t')) {
      throw debugInputError(`line ${n}: starts with whitespace, which continues the previous header (obsolete line folding, RFC 9112 §5.2); join it onto that header's line.`);
    }
    const colon = line.text.indexOf(':');
    if (colon < 0) throw debugInputError(`line ${n}: expected a header "Name: value" but found no ":"; end the headers with a blank line before the body.`);
    const name = line.text.slice(0, colon);
    if (/[ \t]$/.test(name)) throw debugInputError(`line ${n}: whitespace between the header name and ":" is not allowed (RFC 9112 §5.1); remove it.`);
    headerLines.push(checkHeader(name, trimOws(line.text.slice(colon + 1)), `line ${n}`));
    lineNumbers.push(n);
  }

  const named = (lower: string): number[] => headerLines.flatMap(([k], i) => (k.toLowerCase() === lower ? [i] : []));
  const hosts = named('host');
  if (hosts.length > 1) throw debugInputError(`line ${lineNumbers[hosts[1]!]}: a second Host header; a request has one.`);
  const host = hosts.length ? headerLines[hosts[0]!]![1] : null;
  const te = named('transfer-encoding');
  if (te.length) throw debugInputError(`line ${lineNumbers[te[0]!]}: Transfer-Encoding is not supported; paste the body decoded, with Content-Length (or none).`);

  const hash = target.indexOf('#');
  if (hash >= 0) {
    target = target.slice(0, hash);
    notes.push('The fragment (#…) of the target was dropped: it is never sent.');
  }
  let url: string;
  const where = `line ${requestLineNo}`;
  if (ABSOLUTE.test(target)) {
    const parsed = checkUrl(target, where);
    url = target;
    if (host !== null && hostOf(parsed.protocol, host) !== parsed.host) {
      notes.push(`The request line holds an absolute URL; its host ${parsed.host} is used, not the Host header's ${shown(host, 60)}.`);
    }
  } else if (target === '*') {
    throw debugInputError(`${where}: the target "*" (server-wide OPTIONS) addresses no resource and is not signed; give a path.`);
  } else if (!target.startsWith('/')) {
    throw debugInputError(`${where}: the target must be a path starting with "/" or an absolute URL (https://host/path).`);
  } else {
    if (host === null) throw debugInputError(`${where}: the target is a path and there is no Host header; add "Host: api.example.com" or write the full URL.`);
    if (hostOf('https:', host) === null) throw debugInputError(`line ${lineNumbers[hosts[0]!]}: the Host header is not a host name (with an optional :port).`);
    url = `https://${host}${target}`;
    checkUrl(url, where);
    notes.push(`https assumed: the request line gives a path, joined to Host ${host}.`);
  }

  body = fitContentLength(body, headerLines, lineNumbers, notes);
  return parsedRequest(method, url, headerLines, body, notes);
}

/** Applies Content-Length to the pasted body: drops an editor's trailing line break, notes any other disagreement. */
function fitContentLength(body: string | null, headerLines: readonly HeaderLine[], lineNumbers: readonly number[], notes: string[]): string | null {
  const at = headerLines.flatMap(([k, v], i) => (k.toLowerCase() === 'content-length' ? [{ v, n: lineNumbers[i]! }] : []));
  const bytes = body === null ? 0 : Buffer.byteLength(body, 'utf8');
  if (at.length === 0) {
    if (body !== null && /\r?\n$/.test(body)) notes.push('The body ends with a line break, kept as part of the body (no Content-Length says otherwise); remove it if your editor added it.');
    return body;
  }
  // RFC 9110 §8.6: repeated values are acceptable when they are all the same number.
  const values = at.flatMap(({ v }) => v.split(',').map((x) => x.trim()));
  const bad = at.find(({ v }) => v.split(',').some((x) => !/^\d{1,15}$/.test(x.trim())));
  if (bad) throw debugInputError(`line ${bad.n}: Content-Length must be a number of bytes such as 42.`);
  if (new Set(values.map(Number)).size > 1) throw debugInputError(`line ${at[at.length - 1]!.n}: Content-Length is given with different values; keep the right one.`);
  const length = Number(values[0]);
  if (bytes === length) return body;
  if (body !== null) {
    for (const ending of ['\r\n', '\n']) {
      if (body.endsWith(ending) && bytes - ending.length === length) {
        notes.push(`Content-Length says ${length} bytes: the line break after the body (added by an editor) was dropped.`);
        return body.slice(0, -ending.length);
      }
    }
  }
  notes.push(`Content-Length says ${length} bytes but the body has ${bytes}; the body is used as pasted (a server would read ${length}).`);
  return body;
}
