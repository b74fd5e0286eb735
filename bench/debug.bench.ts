/**
 * The signature debugger: `diagnose` on mis-signed requests — for every scheme but recipe, requests signed
 * with a wrong secret (the worst case: every candidate is tried and none reproduces), with the query signed in
 * another order, with the JSON body re-spaced, and with the signature re-encoded — p95 over the whole set (target
 * ≤ 20 ms), and as a multiple of one plain `verify` of the same requests measured in the same run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { diagnose } from '../src-main/signing/debug/diagnose';
import { debugModel, hasDebugModel } from '../src-main/signing/debug/models';
import { getScheme, SCHEMES } from '../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest } from '../src-main/signing/types';
import { median, percentile, type Bench } from './bench-types';

const T0 = 1_764_300_000_000;
const PER_KIND = 12;

/** Credentials (key pairs made for the run) and a base URL for each scheme the bench covers: every scheme but recipe. */
const KEYS: Record<string, { credentials: SchemeCredentials; base: string; post: boolean }> = {
  hmac: { credentials: { apiKey: 'sbx', secret: 'sandbox-secret-0123456789abcdef' }, base: 'http://127.0.0.1:8080/v1/orders', post: true },
  'binance-hmac-sha256': { credentials: { apiKey: 'k'.repeat(64), secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' }, base: 'https://api.binance.com/api/v3/order', post: false },
  'okx-v5': { credentials: { apiKey: 'okx-key', secret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'pass phrase' }, base: 'https://www.okx.com/api/v5/trade/order', post: true },
  'bybit-v5': { credentials: { apiKey: 'bybit-key', secret: 'bybit-secret-0123456789abcdef' }, base: 'https://api.bybit.com/v5/order/realtime', post: false },
  'kucoin-v2': { credentials: { apiKey: 'kc-key', secret: 'kc-secret-0123456789abcdef', passphrase: 'kc pass' }, base: 'https://api.kucoin.com/api/v1/orders', post: true },
  'coinbase-exchange-hmac': { credentials: { apiKey: 'cb-key', secret: Buffer.from('coinbase-secret-bytes-0123456789').toString('base64'), passphrase: 'cb pass' }, base: 'https://api.exchange.coinbase.com/orders', post: true },
  'kraken-spot': { credentials: { apiKey: 'kr-key', secret: Buffer.from('kraken-secret-bytes-0123456789ab').toString('base64') }, base: 'https://api.kraken.com/0/private/AddOrder', post: true },
  gemini: { credentials: { apiKey: 'gm-key', secret: 'gemini-secret-0123456789' }, base: 'https://api.gemini.com/v1/order/new', post: true },
  'bitfinex-v2': { credentials: { apiKey: 'bf-key', secret: 'bitfinex-secret-0123456789' }, base: 'https://api.bitfinex.com/v2/auth/w/order/submit', post: true },
  'aws-sigv4': { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'execute-api' }, base: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders', post: true },
  'binance-ed25519': { credentials: { apiKey: 'k'.repeat(64), secret: pem('ed25519') }, base: 'https://api.binance.com/api/v3/order', post: false },
  'binance-rsa': { credentials: { apiKey: 'k'.repeat(64), secret: pem('rsa') }, base: 'https://api.binance.com/api/v3/order', post: false },
  'coinbase-advanced-cdp-jwt': { credentials: { apiKey: 'organizations/org-1/apiKeys/key-1', secret: pem('ec') }, base: 'https://api.coinbase.com/api/v3/brokerage/orders', post: true },
};

function pem(type: 'ed25519' | 'rsa' | 'ec'): string {
  const pair =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

interface Case {
  readonly schemeId: string;
  readonly request: SignableRequest;
  readonly credentials: SchemeCredentials;
  readonly now: number;
}

function unsignedRequest(schemeId: string, i: number): SignableRequest {
  const k = KEYS[schemeId]!;
  const query = `symbol=BTC${i}&side=buy&type=limit&price=${1000 + i}`;
  if (schemeId === 'kraken-spot') return { method: 'POST', url: k.base, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `nonce=${T0 * 1000 + i}&pair=XBTUSD&type=buy&volume=${i + 1}` };
  if (schemeId === 'gemini') return { method: 'POST', url: k.base, headers: {}, body: JSON.stringify({ request: '/v1/order/new', nonce: T0 + i, symbol: 'btcusd', amount: String(i + 1) }) };
  if (k.post) return { method: 'POST', url: `${k.base}?${query}`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ symbol: `BTC${i}`, side: 'buy', qty: i + 1, price: 1000 + i }) };
  return { method: 'GET', url: `${k.base}?${query}${schemeId.startsWith('binance') ? `&timestamp=${T0}` : ''}`, headers: {}, body: null };
}

/** The same kind of key, another secret: the worst case, as no mistake reproduces its signature. */
const others = new Map<string, SchemeCredentials>();
function otherKey(schemeId: string, c: SchemeCredentials): SchemeCredentials {
  const made = others.get(schemeId);
  if (made) return made;
  const key = c.secretAccessKey
    ? { ...c, secretAccessKey: `X${c.secretAccessKey.slice(1)}` }
    : c.secret?.includes('PRIVATE KEY')
      ? { ...c, secret: pem(schemeId === 'binance-rsa' ? 'rsa' : schemeId === 'binance-ed25519' ? 'ed25519' : 'ec') }
      : { ...c, secret: c.secret!.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) };
  others.set(schemeId, key);
  return key;
}

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const schemeId of Object.keys(KEYS)) {
    if (!hasDebugModel(schemeId) || !SCHEMES.some((s) => s.id === schemeId)) continue;
    const scheme = getScheme(schemeId);
    const model = debugModel(schemeId);
    const { credentials } = KEYS[schemeId]!;
    for (let i = 0; i < PER_KIND; i++) {
      const unsigned = unsignedRequest(schemeId, i);
      const ctx = { timestamp: T0, nonce: `${T0}${i}` };
      const right = await scheme.sign(unsigned, credentials, ctx);
      const other = await scheme.sign(unsigned, otherKey(schemeId, credentials), ctx);
      out.push({ schemeId, request: other.request, credentials, now: T0 + 1000 });
      const q = unsigned.url.indexOf('?');
      if (q > 0) {
        const reversed = { ...unsigned, url: `${unsigned.url.slice(0, q)}?${unsigned.url.slice(q + 1).split('&').reverse().join('&')}` };
        const wrong = await scheme.sign(reversed, credentials, ctx);
        out.push({ schemeId, request: model.withSignature(right.request, wrong.signature), credentials, now: T0 + 1000 });
      }
      if (unsigned.body?.startsWith('{')) {
        const wrong = await scheme.sign({ ...unsigned, body: JSON.stringify(JSON.parse(unsigned.body), null, 2) }, credentials, ctx);
        out.push({ schemeId, request: model.withSignature(right.request, wrong.signature), credentials, now: T0 + 1000 });
      }
      const bytes = /^[0-9a-f]+$/i.test(right.signature) ? Buffer.from(right.signature, 'hex') : Buffer.from(right.signature, 'base64');
      out.push({ schemeId, request: model.withSignature(right.request, /^[0-9a-f]+$/i.test(right.signature) ? bytes.toString('base64') : bytes.toString('hex')), credentials, now: T0 + 1000 });
    }
  }
  return out;
}

const bench: Bench = {
  name: 'debug',
  async run() {
    const set = await cases();
    const run = (c: Case) => diagnose({ schemeId: c.schemeId, request: c.request, credentials: c.credentials, now: c.now, freshNonce: 'f'.repeat(16), window: { windowMs: 30_000, source: 'bench' } });
    const verify = (c: Case) => getScheme(c.schemeId).verify(c.request, c.credentials, { now: c.now, windowMs: 30_000 });
    // Warm up both paths (JIT, key caches) before anything is timed.
    for (const c of set) {
      await run(c);
      await verify(c);
    }
    const diagnoseMs: number[] = [];
    const verifyMs: number[] = [];
    const bySchemeMs = new Map<string, number[]>();
    for (let round = 0; round < 3; round++) {
      for (const c of set) {
        let t = performance.now();
        for (let i = 0; i < 20; i++) await verify(c);
        verifyMs.push((performance.now() - t) / 20);
        t = performance.now();
        await run(c);
        const ms = performance.now() - t;
        diagnoseMs.push(ms);
        bySchemeMs.set(c.schemeId, [...(bySchemeMs.get(c.schemeId) ?? []), ms]);
      }
    }
    const p95 = percentile(diagnoseMs, 95);
    const verifyMedian = median(verifyMs);
    const schemes = new Set(set.map((c) => c.schemeId)).size;
    console.log(`${set.length} mis-signed requests over ${schemes} schemes, each diagnosed 3 times`);
    for (const [id, ms] of bySchemeMs) console.log(`  ${id.padEnd(28)} p95 ${percentile(ms, 95).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms`);
    return [
      { metric: 'diagnose p95 (ms)', value: p95, unit: 'ms', target: 20, better: 'lower' },
      { metric: 'diagnose median (ms)', value: median(diagnoseMs), unit: 'ms', target: null, better: 'lower' },
      { metric: 'diagnose max (ms)', value: Math.max(...diagnoseMs), unit: 'ms', target: null, better: 'lower' },
      { metric: 'verify median (ms, baseline)', value: verifyMedian, unit: 'ms', target: null, better: 'lower' },
      { metric: 'diagnose p95 ÷ verify median', value: p95 / verifyMedian, unit: '×', target: null, better: 'lower' },
      { metric: 'requests in the set', value: set.length, unit: '', target: null, better: 'higher' },
    ];
  },
};

export default bench;
