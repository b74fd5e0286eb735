/**
 * The debugger's main side against the real thing: a running sandbox exchange, a vault key, the egress and its
 * Inspector. A request refused by the sandbox is diagnosed from what it answered; an Inspector record is debugged
 * as it was sent; pasted credentials live in memory until the vault locks; nothing that leaves holds a credential.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebugService } from '../../../src-main/debugger/record-source';
import type { DebugService } from '../../../src-main/debugger/debug-service';
import { Egress } from '../../../src-main/http/egress';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { getScheme } from '../../../src-main/signing/registry';
import { VaultService } from '../../../src-main/vault/vault-service';
import { encodedForms } from '../../../src-main/request/mask-secrets';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_KDF } from '../../helpers/temp-home';

const KEY = { apiKey: 'sbx-debug-0001', secret: 'debug-secret-0123456789abcdefXYZ' };
const OKX = { apiKey: 'okx-key-4f1c2d3e', secret: 'OKXSECRET0123456789ABCDEF01234567', passphrase: 'okx pass phrase 42' };

describe('DebugService', () => {
  let sandbox: RunningSandbox;
  let vault: VaultService;
  let inspector: InspectorStore;
  let egress: Egress;
  let service: DebugService;
  let entryId: string;
  let okxId: string;
  let home: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ symbols: 3, seed: 7, keys: [{ ...KEY, scopes: ['read', 'trade'] }] });
    home = mkdtempSync(join(tmpdir(), 'signet-debug-'));
    vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
    await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
    entryId = (await vault.add({ label: 'debug', provider: 'sandbox', environment: 'dev', credentials: KEY })).id;
    okxId = (await vault.add({ label: 'okx', provider: 'okx', environment: 'dev', credentials: OKX })).id;
    inspector = new InspectorStore({ file: null });
    egress = new Egress({ vault, inspector, sandboxUrl: () => sandbox.url });
    service = createDebugService({ vault, inspector, sandboxUrl: () => sandbox.url });
  });

  afterAll(async () => {
    await egress?.close();
    await sandbox?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** A request signed by the sandbox's rules but with the method signed in lower case, sent for real. */
  async function refusedByTheSandbox(): Promise<{ curl: string; status: number; body: string }> {
    const url = `${sandbox.url}/v1/account`;
    const signed = await getScheme('hmac').sign({ method: 'GET', url, headers: {}, body: null }, KEY, { timestamp: Date.now(), nonce: 'n0nce-debug-1' });
    const wrong = createHmac('sha256', KEY.secret).update(signed.canonical.replace(/^GET/, 'get')).digest('hex');
    const auth = signed.request.headers.Authorization!.replace(signed.signature, wrong);
    const res = await fetch(url, { headers: { Authorization: auth } });
    return { curl: `curl -H 'Authorization: ${auth}' '${url}'`, status: res.status, body: await res.text() };
  }

  it('diagnoses a request the sandbox refused, ranked by its answer, and the fixed request is accepted by the sandbox', async () => {
    const refused = await refusedByTheSandbox();
    expect(refused.status).toBe(401);
    const run = await service.run({ source: { kind: 'curl', text: refused.curl }, scheme: 'auto', key: { entryId }, response: { status: refused.status, body: refused.body } });
    expect(run.valid).toBe(false);
    expect(run.scheme).toBe('hmac');
    expect(run.schemeReason).toContain('Authorization: HMAC');
    expect(run.serverError?.code).toBe('invalid_signature');
    expect(run.diagnosis[0]).toMatchObject({ cause: 'method-case', reproduced: true, fromServer: true });
    // The server stops at the signature: it tells nothing about the clock or the nonce to who lacks the secret.
    expect(run.serverView.checks.map((c) => c.outcome)).toEqual(['passed', 'failed', 'not-reached', 'not-reached']);
    expect(run.diff.some((d) => d.op !== 'equal')).toBe(true);
    // The corrected request, sent as it stands, is accepted by the real sandbox.
    const res = await fetch(run.fixed!.url, { method: run.fixed!.method, headers: run.fixed!.headers });
    expect(res.status).toBe(200);
    expect(run.draft?.headers.some((h) => h.name.toLowerCase() === 'authorization')).toBe(false);
  });

  it('sends the fix of a pasted sandbox request to the running sandbox, even from a path-only request line (https assumed)', async () => {
    const refused = await refusedByTheSandbox();
    const auth = /Authorization: ([^']+)'/.exec(refused.curl)![1]!;
    const raw = `GET /v1/account HTTP/1.1\r\nHost: ${new URL(sandbox.url).host}\r\nAuthorization: ${auth}\r\n\r\n`;
    const run = await service.run({ source: { kind: 'http', text: raw }, scheme: 'hmac', key: { entryId } });
    expect(run.request.url.startsWith('https://')).toBe(true);
    expect(run.draft?.url).toBe(`${sandbox.url}/v1/account`);
    const sent = await egress.send({ entryId, method: run.draft!.method, url: run.draft!.url, headers: run.draft!.headers, body: run.draft!.body });
    expect(sent.status).toBe(200);
  });

  it('debugs an Inspector record as it was sent, with the response it got', async () => {
    const record = await egress.send({ entryId, method: 'GET', url: `${sandbox.url}/v1/account`, headers: [], body: null });
    expect(record.status).toBe(200);
    const run = await service.run({ source: { kind: 'record', recordId: record.id }, scheme: 'auto', key: { entryId } });
    expect(run.schemeReason).toContain('Inspector record');
    expect(run.valid).toBe(true);
    expect(run.diagnosis).toEqual([]);
    expect(run.expected.signature).toBe(run.received.signature);
  });

  it('counts a nonce sent before with the same key as a replay', async () => {
    const record = await egress.send({ entryId, method: 'GET', url: `${sandbox.url}/v1/account`, headers: [], body: null });
    const sent = inspector.reveal(record.id);
    const auth = sent.headers.find((h) => h.name.toLowerCase() === 'authorization')!.value;
    const again = `GET /v1/account HTTP/1.1\r\nHost: ${new URL(sandbox.url).host}\r\nAuthorization: ${auth}\r\n\r\n`;
    const run = await service.run({ source: { kind: 'http', text: again.replace('https', 'http') }, scheme: 'hmac', key: { entryId }, now: Date.now() });
    expect(run.timing.nonceSeenBefore).toBeGreaterThanOrEqual(1);
    expect(run.diagnosis.map((d) => d.cause)).toContain('replayed-nonce');
    // A careful server: the signature passes, the nonce is refused.
    expect(run.serverView.accepted).toBe(false);
    expect(run.serverView.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['well formed', 'passed'],
      ['signature (constant-time comparison)', 'passed'],
      ['timestamp within the window', 'passed'],
      ['nonce not seen before', 'failed'],
    ]);
    expect(run.fixed!.headers.Authorization).not.toContain(run.timing.nonce!);
  });

  it('keeps pasted credentials in memory for the session only, and forgets them when the vault locks', async () => {
    const refused = await refusedByTheSandbox();
    await expect(service.run({ source: { kind: 'curl', text: refused.curl }, scheme: 'hmac', key: { session: true } })).rejects.toMatchObject({ code: 'ERR_DEBUG_INPUT' });
    expect(service.setSession({ apiKey: KEY.apiKey, secret: KEY.secret })).toEqual({ fields: ['apiKey', 'secret'] });
    const run = await service.run({ source: { kind: 'curl', text: refused.curl }, scheme: 'hmac', key: { session: true } });
    expect(run.diagnosis[0]?.cause).toBe('method-case');
    await vault.lock();
    expect(service.sessionFields()).toEqual([]);
    await expect(service.run({ source: { kind: 'curl', text: refused.curl }, scheme: 'hmac', key: { session: true } })).rejects.toMatchObject({ code: 'ERR_DEBUG_INPUT' });
    await vault.unlockWithPassphrase('correct horse battery staple');
  });

  it('never returns a secret credential value, in any encoding, even when the request carries the passphrase', async () => {
    const signed = await getScheme('okx-v5').sign({ method: 'GET', url: `https://www.okx.com/api/v5/account/balance?ccy=BTC&secret=${encodeURIComponent(OKX.secret)}`, headers: {}, body: null }, OKX, { timestamp: Date.now(), nonce: 'x' });
    const lines = Object.entries(signed.request.headers).map(([k, v]) => `-H '${k}: ${v}'`);
    const run = await service.run({ source: { kind: 'curl', text: `curl ${lines.join(' ')} '${signed.request.url}'` }, scheme: 'okx-v5', key: { entryId: okxId } });
    const text = JSON.stringify(run);
    for (const value of [OKX.secret, OKX.passphrase]) for (const form of encodedForms(value)) expect(text).not.toContain(form);
  });

  it('never signs with another API’s rules for a vault key, even to show a scheme mismatch; pasted credentials may', async () => {
    const binance = await getScheme('binance-hmac-sha256').sign({ method: 'GET', url: `https://api.binance.com/api/v3/account?timestamp=${Date.now()}`, headers: {}, body: null }, KEY, { timestamp: Date.now(), nonce: 'x' });
    const curl = `curl -H 'X-MBX-APIKEY: ${KEY.apiKey}' -H 'Authorization: HMAC apiKey="${KEY.apiKey}", signature="00", timestamp="1", nonce="n"' '${binance.request.url}'`;
    const withKey = await service.run({ source: { kind: 'curl', text: curl }, scheme: 'hmac', key: { entryId } });
    expect(withKey.diagnosis.map((d) => d.cause)).not.toContain('scheme-mismatch');
    // The fix re-signs by the sandbox's rules (Authorization); the URL's Binance signature is left as it was sent.
    expect(withKey.fixed?.url).toBe(withKey.request.url);
    service.setSession(KEY);
    const pasted = await service.run({ source: { kind: 'curl', text: curl.replace(/ -H 'Authorization: [^']*'/, '') }, scheme: 'hmac', key: { session: true } });
    expect(pasted.diagnosis[0]?.cause).toBe('scheme-mismatch');
    service.forgetSession();
  });

  it('refuses a scheme the key cannot sign with, and bad input, with one clear line', async () => {
    const refused = await refusedByTheSandbox();
    await expect(service.run({ source: { kind: 'curl', text: refused.curl }, scheme: 'kraken-spot', key: { entryId } })).rejects.toMatchObject({ message: expect.stringMatching(/sandbox|scheme/i) });
    await expect(service.run({ source: { kind: 'curl', text: 'curl -X' }, scheme: 'auto', key: { entryId } })).rejects.toMatchObject({ code: 'ERR_DEBUG_INPUT' });
    await expect(service.run({ source: { kind: 'record', recordId: 'nope' }, scheme: 'auto', key: { entryId } })).rejects.toMatchObject({ code: 'ERR_RECORD_NOT_FOUND' });
  });
});
