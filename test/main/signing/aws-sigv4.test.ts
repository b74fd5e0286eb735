import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsSigv4Scheme, normalizePath, parseAwsAuthorization } from '../../../src-main/signing/schemes/aws-sigv4';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest, SignResult } from '../../../src-main/signing/types';
import { vectorCases } from './public-vectors';
import { singleByteChanges } from './mutations';

/** The AWS suite as shipped beside the repo (aws-sig-v4-test-suite, Apache-2.0): raw .req, .creq, .sts and .authz. */
interface SuiteCase {
  readonly name: string;
  readonly req: string;
  readonly creq: string;
  readonly sts: string;
  readonly authz: string;
  readonly note?: string;
  readonly extraHeadersAfterSigning?: Record<string, string>;
}
interface Suite {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
  readonly amzDate: string;
  readonly excluded: Record<string, string>;
  readonly cases: SuiteCase[];
}
const suiteFile = process.env.SIGNET_AWS_VECTORS ?? fileURLToPath(new URL('../../fixtures/vectors/aws-sig-v4-cases.json', import.meta.url));
const SUITE = JSON.parse(readFileSync(suiteFile, 'utf8')) as Suite;
const suiteCreds = { accessKeyId: SUITE.accessKeyId, secretAccessKey: SUITE.secretAccessKey, region: SUITE.region, service: SUITE.service };
const AMZ_MS = Date.UTC(2015, 7, 30, 12, 36, 0);

/**
 * A raw suite request as a user would type it: request line, headers (Host included; repeated names joined with ",",
 * as HTTP allows), blank line, body. Continuation lines do not occur in the cases kept.
 */
function fromRaw(raw: string): SignableRequest {
  const [head, ...bodyParts] = raw.split('\n\n');
  const [requestLine, ...headerLines] = (head as string).split('\n');
  const [method, target] = (requestLine as string).split(' ') as [string, string];
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i);
    const value = line.slice(i + 1).trim();
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { method, url: `https://${headers.Host}${target}`, headers, body: bodyParts.length ? bodyParts.join('\n\n') : null };
}

function step(r: SignResult, prefix: string): string {
  const s = r.steps.find((x) => x.label.startsWith(prefix));
  if (!s) throw new Error(`no step ${prefix}`);
  return s.value;
}

/** An independent SigV4 for spot checks (straight from the AWS pseudo-code). */
function referenceSignature(secret: string, date: string, region: string, service: string, stringToSign: string): string {
  const h = (k: Buffer | string, m: string) => createHmac('sha256', k).update(m).digest();
  const k = h(h(h(h(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', k).update(stringToSign).digest('hex');
}

describe('aws-sigv4: the AWS SigV4 test suite (aws-sig-v4-cases.json)', () => {
  it('keeps every case the file does not exclude', () => {
    expect(SUITE.cases.length).toBe(18);
    for (const name of Object.keys(SUITE.excluded)) expect(SUITE.cases.map((c) => c.name)).not.toContain(name);
  });

  for (const c of SUITE.cases) {
    it(`${c.name}: canonical request, string to sign and Authorization as the suite publishes`, async () => {
      const r = await signRequest('aws-sigv4', fromRaw(c.req), suiteCreds, { timestamp: AMZ_MS, nonce: 'unused' });
      expect(r.request.headers.Authorization).toBe(c.authz);
      expect(step(r, 'String to sign')).toBe(c.sts);
      // The suite's post-x-www-form-urlencoded .creq signs content-length although its own .sts/.authz do not
      // (the file's note says so); its hash line proves which canonical request was signed.
      if (c.name === 'post-x-www-form-urlencoded') expect(c.sts.endsWith(createHash('sha256').update(r.canonical).digest('hex'))).toBe(true);
      else expect(r.canonical).toBe(c.creq);
      expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
      const sent = { ...r.request, headers: { ...r.request.headers, ...(c.extraHeadersAfterSigning ?? {}) } };
      expect(await verifyRequest('aws-sigv4', sent, suiteCreds, { now: AMZ_MS + 10_000 })).toMatchObject({ valid: true, reason: null, expected: r.signature });
    });
  }
});

describe('aws-sigv4: signing-public.json cases', () => {
  for (const v of vectorCases('aws-sigv4')) {
    it(`${v.name} (${v.source})`, async () => {
      const raw = v.request as SignableRequest & { rawHttp: string; addAfterSigning?: Record<string, string> };
      // get-header-key-duplicate lists value2,value2,value1 only in rawHttp: a header map cannot hold a name three
      // times, so that case is signed from its raw form (duplicates joined with ",", which HTTP allows).
      const request = v.name === 'get-header-key-duplicate' ? fromRaw(raw.rawHttp) : { method: raw.method, url: raw.url, headers: raw.headers, body: raw.body };
      const r = await awsSigv4Scheme.sign(request, v.credentials, { timestamp: AMZ_MS, nonce: 'unused' });
      const expected = v.expected as typeof v.expected & { stringToSign: string; signedHeaders: string };
      expect(r.canonical).toBe(expected.canonical);
      expect(step(r, 'String to sign')).toBe(expected.stringToSign);
      for (const [k, value] of Object.entries(expected.headers)) expect(r.request.headers[k]).toBe(value);
      expect(r.request.url).toBe(expected.url);
      expect(r.request.body).toBe(expected.body);
      const sent = { ...r.request, headers: { ...r.request.headers, ...(raw.addAfterSigning ?? {}) } };
      expect((await awsSigv4Scheme.verify(sent, v.credentials, { now: AMZ_MS, windowMs: 300_000 })).valid).toBe(true);
    });
  }
});

describe('aws-sigv4: AWS documentation examples', () => {
  it('IAM ListUsers (AWS General Reference, "Create a canonical request" / "Create a string to sign" example)', async () => {
    const r = await awsSigv4Scheme.sign(
      { method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'X-Amz-Date': '20150830T123600Z' }, body: null },
      { ...suiteCreds, service: 'iam' },
      { timestamp: AMZ_MS, nonce: 'n' },
    );
    expect(step(r, 'SHA-256 of the canonical request')).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    expect(r.request.headers.Authorization).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  const s3 = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' };
  const s3Time = Date.UTC(2013, 4, 24);
  const e3b0 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const s3Cases: { name: string; req: SignableRequest; signed: string; sig: string }[] = [
    { name: 'GET Object with Range', req: { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', headers: { Range: 'bytes=0-9' }, body: null }, signed: 'host;range;x-amz-content-sha256;x-amz-date', sig: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41' },
    { name: 'PUT Object ($ in the key, Date and storage class)', req: { method: 'PUT', url: 'https://examplebucket.s3.amazonaws.com/test$file.text', headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' }, body: 'Welcome to Amazon S3.' }, signed: 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', sig: '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd' },
    { name: 'GET Bucket Lifecycle (?lifecycle)', req: { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?lifecycle', headers: {}, body: null }, signed: 'host;x-amz-content-sha256;x-amz-date', sig: 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543' },
    { name: 'GET Bucket (List Objects) ?max-keys=2&prefix=J', req: { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J', headers: {}, body: null }, signed: 'host;x-amz-content-sha256;x-amz-date', sig: '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7' },
  ];
  for (const c of s3Cases) {
    it(`S3 ${c.name} (Amazon S3 API Reference, "Examples: Signature Calculations", sig-v4-header-based-auth)`, async () => {
      const r = await awsSigv4Scheme.sign(c.req, s3, { timestamp: s3Time, nonce: 'n' });
      expect(r.request.headers.Authorization).toBe(`AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=${c.signed}, Signature=${c.sig}`);
      expect(r.request.headers['x-amz-content-sha256']).toBe(c.req.body ? createHash('sha256').update(c.req.body).digest('hex') : e3b0);
      expect(r.request.headers['X-Amz-Date']).toBe('20130524T000000Z');
    });
  }
});

describe('aws-sigv4: rules', () => {
  const creds = { ...suiteCreds, service: 'execute-api' };
  const ctx = { timestamp: Date.UTC(2026, 0, 2, 3, 4, 5), nonce: 'n' };

  it('adds X-Amz-Date from the clock and signs a session token as X-Amz-Security-Token', async () => {
    const r = await awsSigv4Scheme.sign({ method: 'POST', url: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/items', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }, { ...creds, sessionToken: 'tok/en==' }, ctx);
    expect(r.request.headers['X-Amz-Date']).toBe('20260102T030405Z');
    expect(r.request.headers['X-Amz-Security-Token']).toBe('tok/en==');
    expect(r.request.headers.Authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,');
    expect(r.request.headers['x-amz-content-sha256']).toBeUndefined();
    const sts = step(r, 'String to sign');
    expect(r.signature).toBe(referenceSignature(creds.secretAccessKey, '20260102', 'us-east-1', 'execute-api', sts));
    expect(sts.split('\n')[3]).toBe(createHash('sha256').update(r.canonical).digest('hex'));
  });

  it('encodes a written path once more (AWS "encode twice" for non-S3), S3 paths once, and does not normalise S3 paths', async () => {
    const nonS3 = await awsSigv4Scheme.sign({ method: 'GET', url: 'https://h.amazonaws.com/documents%20and%20settings/', headers: {}, body: null }, creds, ctx);
    expect(nonS3.canonical.split('\n')[1]).toBe('/documents%2520and%2520settings/');
    const s3 = await awsSigv4Scheme.sign({ method: 'GET', url: 'https://b.s3.amazonaws.com/a%20b//c+d/', headers: {}, body: null }, { ...creds, service: 's3' }, ctx);
    expect(s3.canonical.split('\n')[1]).toBe('/a%20b//c%2Bd/');
    expect(normalizePath('/a/./b/../c//d/')).toBe('/a/c/d/');
    expect(normalizePath('/a/b/..')).toBe('/a/');
  });

  it('explains, in a step note, a raw non-ASCII path that the HTTP client will encode before sending', async () => {
    const r = await awsSigv4Scheme.sign({ method: 'GET', url: 'https://h.amazonaws.com/caf\u00e9', headers: {}, body: null }, creds, ctx);
    expect(r.steps[0]?.note).toMatch(/percent-encode/);
  });

  it('does not sign transport headers the HTTP client owns, and trims and joins header values', async () => {
    const r = await awsSigv4Scheme.sign({ method: 'POST', url: 'https://h.amazonaws.com/', headers: { 'Content-Length': '3', 'User-Agent': 'x', 'X-Custom': '  a \t b  ', 'x-custom': 'c' }, body: 'abc' }, creds, ctx);
    expect(r.request.headers.Authorization).toContain('SignedHeaders=host;x-amz-date;x-custom,');
    expect(r.canonical).toContain('\nx-custom:a b,c\n');
  });

  it('uses X-Amz-Content-Sha256 as the payload hash when the request carries it (UNSIGNED-PAYLOAD)', async () => {
    const r = await awsSigv4Scheme.sign({ method: 'PUT', url: 'https://b.s3.amazonaws.com/k', headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'data' }, { ...creds, service: 's3' }, ctx);
    expect(r.canonical.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('shows the key derivation without any key bytes or the secret', async () => {
    const r = await awsSigv4Scheme.sign({ method: 'GET', url: 'https://h.amazonaws.com/', headers: {}, body: null }, creds, ctx);
    const text = JSON.stringify(r.steps);
    expect(text).not.toContain(creds.secretAccessKey);
    for (const k of ['kDate', 'kRegion', 'kService', 'kSigning']) expect(r.steps.find((s) => s.label.startsWith(`${k} = HMAC-SHA256 keyed with`))?.value).toBe('derived (32 bytes, not shown)');
    const h = (key: Buffer | string, m: string) => createHmac('sha256', key).update(m).digest();
    const kSigning = h(h(h(h(`AWS4${creds.secretAccessKey}`, '20260102'), 'us-east-1'), 'execute-api'), 'aws4_request');
    expect(text).not.toContain(kSigning.toString('hex'));
    expect(text).not.toContain(kSigning.toString('base64'));
  });
});

describe('aws-sigv4: verify', () => {
  const creds = { ...suiteCreds, service: 'execute-api' };
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  const base = { method: 'POST', url: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items?b=2&a=%E2%82%AC', headers: { 'Content-Type': 'application/json', 'X-Trace': 't1' }, body: '{"qty":"1"}' };

  it('round-trips random methods, unicode paths, parameters and bodies, and any single-byte change to a signed part fails', async () => {
    const seg = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => s !== '.' && s !== '..' && !/[/?#\\%]/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.array(seg, { minLength: 1, maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ unit: 'grapheme', maxLength: 5 }), { maxKeys: 3 }), fc.string({ unit: 'grapheme', maxLength: 30 }), async (method, segments, params, body) => {
        const q = new URLSearchParams(params).toString();
        const request = { method, url: `https://h.execute-api.us-east-1.amazonaws.com/${segments.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`, headers: { 'X-Custom': 'v' }, body: method === 'GET' ? null : body };
        const signed = await awsSigv4Scheme.sign(request, creds, { timestamp: now, nonce: 'n' });
        expect((await awsSigv4Scheme.verify(signed.request, creds, { now, windowMs: 60_000 })).valid).toBe(true);
        const changes = singleByteChanges(signed.request, { url: 'after-origin', body: true, headers: ['X-Custom', 'X-Amz-Date', 'Authorization'] });
        changes.push({ where: 'host', request: { ...signed.request, url: signed.request.url.replace('://h.', '://g.') } }, { where: 'method', request: { ...signed.request, method: method === 'PUT' ? 'PATCH' : 'PUT' } });
        for (const change of changes) {
          const out = await (async () => awsSigv4Scheme.verify(change.request, creds, { now, windowMs: 60_000 }))().catch(() => ({ valid: false }));
          expect(out.valid, change.where).toBe(false);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives reasons a person can act on', async () => {
    const signed = await awsSigv4Scheme.sign(base, { ...creds, region: 'eu-west-1' }, { timestamp: now, nonce: 'n' });
    const ok = { ...creds, region: 'eu-west-1' };
    expect(await awsSigv4Scheme.verify(signed.request, ok, { now, windowMs: 300_000 })).toMatchObject({ valid: true });
    expect((await awsSigv4Scheme.verify({ ...signed.request, body: '{"qty":"2"}' }, ok, { now, windowMs: 300_000 })).reason).toMatch(/does not match/);
    expect((await awsSigv4Scheme.verify(signed.request, creds, { now, windowMs: 300_000 })).reason).toMatch(/scoped to eu-west-1\/execute-api.*us-east-1/);
    expect((await awsSigv4Scheme.verify(signed.request, { ...ok, accessKeyId: 'AKIAOTHER' }, { now, windowMs: 300_000 })).reason).toMatch(/access key AKIDEXAMPLE, not AKIAOTHER/);
    expect((await awsSigv4Scheme.verify(signed.request, ok, { now: now + 20 * 60_000, windowMs: 300_000 })).reason).toMatch(/X-Amz-Date is 20 min 0 s behind now; the window is ±5 min 0 s/);
    expect((await awsSigv4Scheme.verify(signed.request, ok, { now: now + 20 * 60_000, windowMs: 0 })).valid).toBe(true);
    const { 'X-Trace': _t, ...withoutTrace } = signed.request.headers;
    expect((await awsSigv4Scheme.verify({ ...signed.request, headers: withoutTrace }, ok, { now, windowMs: 300_000 })).reason).toMatch(/signed header "x-trace" is not in the request/);
    const { Authorization: _a, ...unsigned } = signed.request.headers;
    expect((await awsSigv4Scheme.verify({ ...signed.request, headers: unsigned }, ok, { now, windowMs: 300_000 })).reason).toMatch(/Authorization header is missing/);
    expect(parseAwsAuthorization('AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/s3/aws4_request, SignedHeaders=x-amz-date;host, Signature=00')).toHaveProperty('error');
  });
});

describe('aws-sigv4: bad input names the field', () => {
  const req = { method: 'GET', url: 'https://h.amazonaws.com/', headers: {}, body: null };
  const cases: [string, Record<string, string>, RegExp, SignableRequest?][] = [
    ['no secret', { accessKeyId: 'AK', region: 'us-east-1', service: 's3' }, /^credentials\.secretAccessKey:/],
    ['no region', { accessKeyId: 'AK', secretAccessKey: 's', service: 's3' }, /^credentials\.region:/],
    ['bad service', { ...suiteCreds, service: 'S3 bucket' }, /^credentials\.service:/],
    ['malformed URL', suiteCreds, /^url:/, { ...req, url: 'example.amazonaws.com/x' }],
    ['malformed X-Amz-Date', suiteCreds, /^headers\.X-Amz-Date:/, { ...req, headers: { 'X-Amz-Date': '2015-08-30T12:36:00Z' } }],
  ];
  for (const [name, credentials, message, request] of cases) {
    it(name, async () => {
      await expect(signRequest('aws-sigv4', request ?? req, credentials, { timestamp: AMZ_MS })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) });
    });
  }
});
