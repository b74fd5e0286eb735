/**
 * `signet debug` end to end, in-process: a mis-signed request as raw HTTP, curl and HAR, credentials from a file or
 * the vault, the server's answer from a file; the documented JSON shape; exit 0 accepted / 1 refused / 2 bad input
 * with one line; no secret in the output.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodedForms } from '../../../src-main/request/mask-secrets';
import { getScheme } from '../../../src-main/signing/registry';
import { runCli, tempHome, type CliResult } from './run-cli';

const KEY = { apiKey: 'sbx_debug_key', secret: 'a-secret-of-the-sandbox-0123' };
const NOW = 1_764_300_000_000;

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

function file(name: string, content: string): string {
  const p = join(home, name);
  writeFileSync(p, content);
  return p;
}

function expectBadInput(r: CliResult, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

/** A sandbox order whose client signed the method in lower case. */
async function misSigned(): Promise<{ method: string; url: string; headers: Record<string, string>; body: string }> {
  const request = { method: 'POST', url: 'http://127.0.0.1:8080/v1/orders?symbol=BTC-USD', headers: { 'Content-Type': 'application/json' }, body: '{"side":"buy","qty":1}' };
  const signed = await getScheme('hmac').sign(request, KEY, { timestamp: NOW, nonce: 'nonce-0001' });
  const wrong = createHmac('sha256', KEY.secret).update(signed.canonical.replace(/^POST/, 'post')).digest('hex');
  return { ...signed.request, headers: { ...signed.request.headers, Authorization: signed.request.headers.Authorization!.replace(signed.signature, wrong) }, body: request.body };
}

interface DebugJson {
  valid: boolean;
  scheme: string;
  expected: { canonical: string; signature: string };
  received: { signature: string | null };
  diagnosis: { cause: string; explanation: string; fix: { action: string } }[];
  fixed: { method: string; url: string; headers: Record<string, string>; body: string | null } | null;
}

describe('signet debug', () => {
  it('--curl: names the cause, prints the documented JSON, the fixed request verifies, and exit 1', async () => {
    const r0 = await misSigned();
    const curl = `curl -X POST '${r0.url}' -H 'Content-Type: application/json' -H '${`Authorization: ${r0.headers.Authorization}`}' --data-raw '${r0.body}'`;
    const r = await runCli(['debug', '--scheme', 'auto', '--credentials', file('k.json', JSON.stringify(KEY)), '--curl', curl, '--now', String(NOW + 1000), '--json'], home);
    expect(r.code, r.stderr).toBe(1);
    const out = r.json<DebugJson>();
    expect(out).toMatchObject({ valid: false, scheme: 'hmac' });
    for (const k of ['valid', 'scheme', 'expected', 'received', 'diagnosis', 'fixed']) expect(Object.keys(out)).toContain(k);
    expect(out.diagnosis[0]).toMatchObject({ cause: 'method-case', fix: { action: 'resign' } });
    const check = await getScheme('hmac').verify(out.fixed!, KEY, { now: NOW + 1000, windowMs: 30_000 });
    expect(check.valid).toBe(true);
    for (const form of encodedForms(KEY.secret)) expect(r.stdout).not.toContain(form);
  });

  it('--request-file with --response-file: the sandbox error code is read and shown; human output names the cause and the fix', async () => {
    const r0 = await misSigned();
    const raw = `POST /v1/orders?symbol=BTC-USD HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\nAuthorization: ${r0.headers.Authorization}\r\n\r\n${r0.body}`;
    const answer = 'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n{"code":"invalid_signature","message":"The signature does not match."}';
    const r = await runCli(['debug', '--scheme', 'hmac', '--credentials', file('k.json', JSON.stringify(KEY)), '--request-file', file('req.http', raw), '--response-file', file('answer.http', answer), '--now', String(NOW)], home);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('Refused');
    expect(r.stdout).toContain('method-case');
    expect(r.stdout).toContain('invalid_signature');
    expect(r.stdout).toContain('Fixed request');
    for (const form of encodedForms(KEY.secret)) expect(r.stdout + r.stderr).not.toContain(form);
  });

  it('--har with --key: a correctly signed request is accepted, exit 0', async () => {
    expect((await runCli(['vault', 'init'], home)).code).toBe(0);
    const add = await runCli(['vault', 'add', '--label', 'sbx', '--provider', 'sandbox', '--env', 'dev', '--credentials', file('k.json', JSON.stringify(KEY)), '--json'], home);
    expect(add.code, add.stderr).toBe(0);
    const signed = await getScheme('hmac').sign({ method: 'GET', url: 'http://127.0.0.1:8080/v1/account', headers: {}, body: null }, KEY, { timestamp: NOW, nonce: 'nonce-har' });
    const har = { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [{ startedDateTime: new Date(NOW).toISOString(), request: { method: 'GET', url: signed.request.url, httpVersion: 'HTTP/1.1', headers: Object.entries(signed.request.headers).map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: 0 }, response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 }, cache: {}, timings: { send: 0, wait: 1, receive: 0 } }] } };
    const r = await runCli(['debug', '--scheme', 'auto', '--key', 'sbx', '--har', file('x.har', JSON.stringify(har)), '--now', String(NOW + 500), '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<DebugJson>()).toMatchObject({ valid: true, diagnosis: [] });
  });

  it('bad input: exit 2 with one line naming the flag or the problem', async () => {
    const creds = file('k.json', JSON.stringify(KEY));
    expectBadInput(await runCli(['debug', '--credentials', creds, '--curl', 'curl https://x'], home), /--scheme/);
    expectBadInput(await runCli(['debug', '--scheme', 'hmac', '--curl', 'curl https://x'], home), /--credentials|--key/);
    expectBadInput(await runCli(['debug', '--scheme', 'hmac', '--credentials', creds], home), /--request-file|--curl|--har/);
    expectBadInput(await runCli(['debug', '--scheme', 'hmac', '--credentials', creds, '--curl', "curl 'unterminated"], home), /quote|curl/i);
    expectBadInput(await runCli(['debug', '--scheme', 'hmac', '--credentials', creds, '--request-file', file('bad.http', 'not a request at all')], home), /request/i);
    expectBadInput(await runCli(['debug', '--scheme', 'nope', '--credentials', creds, '--curl', 'curl https://x'], home), /scheme/i);
    expectBadInput(await runCli(['debug', '--scheme', 'hmac', '--credentials', creds, '--har', file('x.har', '{"log":')], home), /HAR|JSON/i);
  });
});
