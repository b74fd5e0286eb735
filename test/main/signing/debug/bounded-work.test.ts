/** Inputs just under the 1 MiB limit, shaped to make a backtracking regex or a per-character allocation explode. */
import { describe, expect, it } from 'vitest';
import { MAX_DEBUG_INPUT_BYTES } from '../../../../src-main/signing/debug/parsed-request';
import { parseCurl } from '../../../../src-main/signing/debug/parse-curl';
import { parseHar } from '../../../../src-main/signing/debug/parse-har';
import { parseHttp } from '../../../../src-main/signing/debug/parse-http';
import { refusal } from './parsed-request-checks';

const N = MAX_DEBUG_INPUT_BYTES - 200;
/** Times the parse alone (the shared checks would dominate on 100,000 header lines) and checks the outcome's kind. */
const fast = (what: string, parse: () => unknown) => {
  const start = performance.now();
  let outcome: unknown;
  try {
    outcome = parse();
  } catch (e) {
    outcome = e;
  }
  const ms = performance.now() - start;
  // A quadratic path on 1 MiB takes minutes; linear ones take well under a second here (2 shared cores: slack).
  expect(ms, `${what}: ${ms.toFixed(0)} ms`).toBeLessThan(3000);
  if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'ERR_DEBUG_INPUT' });
  else expect(outcome).toHaveProperty('request');
};

describe('bounded work: near-1 MiB inputs parse in linear time', () => {
  it('HTTP: a header value with a long inner run of spaces, many header lines, a long body', () => {
    fast('spaces', () => parseHttp(`GET / HTTP/1.1\nHost: h\nX: a${' '.repeat(N)}b\n`));
    fast('lines', () => parseHttp(`GET / HTTP/1.1\nHost: h\n${'X-A: 1\n'.repeat(N / 7)}`));
    fast('body', () => parseHttp(`POST / HTTP/1.1\nHost: h\n\n${'\r\n'.repeat(N / 2)}`));
    fast('no newline', () => parseHttp('G'.repeat(N)));
  });

  it('curl: long words in each quoting, many flags, brace-like text', () => {
    fast('$\'…\'', () => parseCurl(`curl https://h -d $'${'\\x41é'.repeat(N / 8)}'`));
    fast('double', () => parseCurl(`curl https://h -d "${'\\\\a'.repeat(N / 4)}"`));
    fast('flags', () => parseCurl(`curl https://h ${'-H X:1 '.repeat(N / 8)}`));
    fast('braces', () => parseCurl(`curl https://h -d ${'{,'.repeat(N / 3)}`));
    fast('escapes', () => parseCurl(`curl https://h -d ${'\\ '.repeat(N / 3)}`));
  });

  it('HAR: a long query with no "=", many entries', () => {
    fast('query', () => parseHar(JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://h/', headers: [] } }, { request: { method: 'GET', url: `https://h/?${'sign'.repeat(N / 5)}`, headers: [] } }] } })));
    fast('entries', () => parseHar(JSON.stringify({ log: { entries: Array.from({ length: N / 60 }, () => ({ request: { method: 'GET', url: 'https://h/', headers: [] } })) } })));
  });

  it('refuses more than 1 MiB before parsing, counted in UTF-8 bytes', () => {
    expect(refusal(() => parseCurl(`curl https://h -d '${'é'.repeat(MAX_DEBUG_INPUT_BYTES / 2)}'`))).toMatch(/larger than 1 MiB/);
    expect(refusal(() => parseHar(' '.repeat(MAX_DEBUG_INPUT_BYTES + 1)))).toMatch(/larger than 1 MiB/);
  });
});
