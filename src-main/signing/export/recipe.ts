/**
 * `recipe` written out (the rule is in ../schemes/recipe.ts; docs/signing.md#recipe): the code does what the
 * scheme's `sign` does, on every run. It takes a fresh timestamp and nonce (a UUID), places them where the recipe
 * says, builds the string to sign from the request, hashes or HMACs it with the key read from SIGNET_SECRET (a
 * recipe is keyed with the secret only) decoded as the recipe says, encodes the result and places it.
 *
 * recipe-plan.ts settles at export time what no run changes, exactly as the scheme would edit the request; this file
 * turns the plan into the steps of a `Program`: the clock, the nonce, their RFC 3986 or JSON spellings, the body
 * hash, the string to sign, the key's decoding, the hash or HMAC and its encoding (TypeScript and Python sort the
 * query at run time; bash gets the order Signet worked out). The keyed-hash-code.ts writer has no place for plain
 * hashes, hex keys, sorted queries or body hashes, hence a writer of its own (over the same steps and language table).
 */
import { code, docsNote, envVarFor, fieldWords, ref, shellEscape, text, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { LANGUAGES, writeProgram } from './languages';
import type { Hash, HelperName, Step } from './program';
import { plan, type Fresh, type Plan } from './recipe-plan';
import { TIMESTAMP_TEXT, where } from '../schemes/recipe';

// ───────────────────────────── words for the comments ─────────────────────────────

/** One line of comment: control characters (and JavaScript's line separators) would end the comment early. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const commentSafe = (s: string): string => s.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, ' ');

function intro(p: Plan, input: SignerInput): string[] {
  const r = p.recipe;
  const env = envVarFor(p.keyField);
  const parts = p.components.map((c) => c.label).join(', ');
  const joined = r.separator === '' ? 'concatenated' : `joined with ${JSON.stringify(r.separator)}`;
  const keyText = `the ${fieldWords(p.keyField)}${r.key.decoding === 'utf8' ? ' (UTF-8)' : `, ${r.key.decoding}-decoded`}`;
  const algorithm = r.algorithm.startsWith('hmac-')
    ? `${r.algorithm.toUpperCase()} keyed with ${keyText}`
    : r.keyPosition === 'suffix'
      ? `${r.algorithm.toUpperCase()} of the string followed by ${keyText}`
      : `${r.algorithm.toUpperCase()} of ${keyText} followed by the string`;
  const sig = r.signature;
  const lines = [
    `Signed with Signet's "${input.scheme.id}" scheme${r.name ? `, recipe ${JSON.stringify(r.name)}` : ''} (${docsNote(input.scheme)}).`,
    `String to sign: ${parts}, ${joined}.`,
    `Signature: ${algorithm}, written as ${r.output}, in ${where(sig)}${sig.in === 'header' && sig.prefix ? ` after ${JSON.stringify(sig.prefix)}` : ''}.`,
  ];
  if (r.timestamp && p.timestamp) {
    lines.push(
      p.timestamp.fresh
        ? `A fresh timestamp (${TIMESTAMP_TEXT[r.timestamp.format]}) goes in ${where(r.timestamp)} on every run.`
        : `The request carries its own timestamp in ${where(r.timestamp)}, kept as typed: APIs accept it only within their time window.`,
    );
  }
  if (r.nonce && p.nonce) lines.push(p.nonce.fresh ? `A fresh nonce (a UUID) goes in ${where(r.nonce)} on every run.` : `The request carries its own nonce in ${where(r.nonce)}, kept as typed: APIs accept each nonce once.`);
  lines.push(`The ${fieldWords(p.keyField)} is read from ${env}; it is not in this file.`);
  return lines.map(commentSafe);
}

/** The query the request goes out with is non-empty: the URL gets a `?`. */
const sentQuery = (p: Plan): boolean => p.query.length > 0 || p.signatureInto?.variable === 'query';
const sentBody = (p: Plan): boolean => p.body !== null || p.signatureInto?.variable === 'body';

/** The recipe's timestamp formats as the language table's clocks (its Python reads time_ns). */
const CLOCKS = { s: 's-ns', ms: 'ms-ns', iso: 'iso-ms' } as const;
/** Steps only bash needs: TypeScript and Python write these values inline (rfc3986(nonce), a body hash). */
const CURL = ['curl'] as const;

/** Each run: fresh values and their encodings, the query and body, the string to sign, the key, the signature. */
function steps(p: Plan): Step[] {
  const r = p.recipe;
  const encodedOf = (f: Fresh): Step[] => [
    ...(p.uses.has(`rfc3986:${f}`) ? [{ let: `${f}Rfc3986`, encode: 'rfc3986', of: f, in: CURL } as const] : []),
    ...(p.uses.has(`json:${f}`) ? [{ let: `${f}Json`, encode: 'json', of: f, in: CURL } as const] : []),
  ];
  const into = p.signatureInto;
  const mutable = (v: 'query' | 'body') => into?.variable === v;
  const decoding = r.key.decoding;
  return [
    ...(p.timestamp?.fresh ? [{ let: 'timestamp', clock: CLOCKS[p.timestamp.format] }, ...encodedOf('timestamp')] : []),
    ...(p.nonce?.fresh ? [{ let: 'nonce', uuid: true } as const, ...encodedOf('nonce')] : []),
    { let: 'query', value: p.query, mutable: mutable('query') },
    sentBody(p) ? { let: 'body', value: p.body ?? [], mutable: mutable('body') } : { let: 'body', value: null, in: ['python'] },
    ...[...p.bodyHashes].map(([name, h]): Step => ({ let: name, hash: h.hash, over: p.body === null ? { empty: true } : { utf8Of: { ref: 'body' } }, output: h.encoding, in: CURL })),
    { comment: 'The string to sign, built in a variable (not with $(…), which would drop trailing newlines).', in: CURL },
    { let: 'stringToSign', join: p.components.map((c) => ({ label: commentSafe(c.label), pieces: c.pieces })), separator: r.separator },
    { comment: `The key as hex (${decoding === 'utf8' ? 'its UTF-8 bytes' : `${decoding}-decoded`}), so that any byte can be passed to openssl.`, in: CURL },
    { key: p.keyField, decoding, trim: decoding !== 'utf8' },
    { let: 'signature', hash: r.algorithm.replace(/^hmac-/, '') as Hash, keyed: r.algorithm.startsWith('hmac-') ? 'hmac' : (r.keyPosition ?? 'prefix'), over: { utf8Of: { ref: 'stringToSign' } }, output: r.output },
    ...encodedOf('signature'),
    ...(into ? [{ set: into.variable, value: into.pieces }] : []),
  ];
}

/** The `recipe` scheme's "Copy as" code; the recipe is `input.options.recipe` (an invalid one is ERR_SIGNING_INPUT). */
export function writeRecipeCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const p = plan(input);
  const r = p.recipe;
  const hmacAlg = r.algorithm.startsWith('hmac-');
  const hasHash = [...p.bodyHashes.values()];
  const needsRfc = [...p.uses].some((u) => u.startsWith('rfc3986:')) || p.uses.has('sorted');
  const needsSorted = p.uses.has('sorted');
  const needsJson = [...p.uses].some((u) => u.startsWith('json:'));
  const needsBase64 = r.key.decoding === 'base64' || r.output === 'base64' || r.output === 'base64url' || hasHash.some((h) => h.encoding === 'base64');
  const urllib = [...(needsRfc ? ['quote'] : []), ...(needsSorted ? ['unquote_to_bytes'] : [])];
  const url = sentQuery(p) ? [text(`${p.base}?`), ref('query')] : [text(p.base)];
  return writeProgram(format, {
    kind: 'signer',
    intro: intro(p, input),
    notes: {
      curl: [
        'Needs bash, GNU date, od, sed, openssl and curl. openssl gets the key as an argument: run this on a machine you trust.',
        ...(needsSorted ? ['The sorted query is in the order Signet worked out for this request; the run fills in its own values.'] : []),
      ],
    },
    imports: {
      fetch: [...(!hmacAlg || hasHash.length ? ['createHash'] : []), ...(hmacAlg ? ['createHmac'] : []), ...(p.nonce?.fresh ? ['randomUUID'] : [])],
      python: [
        ...(needsBase64 ? ['import base64'] : []),
        'import hashlib',
        ...(hmacAlg ? ['import hmac'] : []),
        ...(needsJson ? ['import json'] : []),
        'import os',
        ...(p.timestamp?.fresh && p.timestamp.format !== 'iso' ? ['import time'] : []),
        ...(p.nonce?.fresh ? ['import uuid'] : []),
        ...(p.timestamp?.fresh && p.timestamp.format === 'iso' ? ['from datetime import datetime, timezone'] : []),
        ...(urllib.length ? [`from urllib.parse import ${urllib.join(', ')}`] : []),
      ],
    },
    constants: [{ secret: p.keyField }],
    library: [
      ...([...p.uses].some((u) => u.startsWith('rfc3986:')) ? ['rfc3986' as const] : []),
      ...(needsJson ? ['jsonString' as const] : []),
      ...(r.key.decoding !== 'utf8' ? ['trim' as const] : []),
      ...(needsSorted ? ['prefixedSortedQuery' as const] : []),
    ] satisfies HelperName[],
    steps: steps(p),
    request: {
      method: [text(p.method)],
      url: [code({ curl: `"${shellEscape(p.base)}${sentQuery(p) ? '?${QUERY}' : ''}"`, fetch: LANGUAGES.fetch.expression(url), python: LANGUAGES.python.expression(url) })],
      headers: p.headers.map(([name, value]) => ({ name, value })),
      body: sentBody(p) ? [ref('body')] : null,
      clientSetsContentLength: true,
      pythonData: 'None if body is None else body.encode("utf-8")',
    },
  });
}
