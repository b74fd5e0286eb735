/**
 * A real vault (fast scrypt, no OS slot) holding keys whose secrets the scan tests plant, real folders in a temp dir,
 * and the real ScanService over them. Every secret is made here from fixed text, so a test can write it in any
 * encoding and then assert that no output holds any of its forms.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { ScanService, type ScanOptions } from '../../../src-main/scan/scan-service';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF } from '../../helpers/temp-home';

/** From the Binance API documentation (public vectors, /work/shared/vectors/signing-public.json). */
export const BINANCE = {
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};
/** A secret with characters that change under JSON and URL encoding. */
export const CUSTOM = { apiKey: 'custom-key-4f1e9a', secret: 'p/q+r "s"&t=u??v#w%x~y>>' };
/** An OKX-style short passphrase: 10 characters, still looked for. */
export const OKX = { apiKey: 'okx-api-key-7c3d2b1a', secret: 'T1hYLXNlY3JldC1iYXNlNjQtdmFsdWUtMDAx', passphrase: 'Hunter2xyz' };
/** Below the 8-character floor: never looked for. */
export const SHORT = { apiKey: 'short-key-id-99', secret: 'Ab3$xyz' };

export const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();

/** Every form a test could leak: for the "no secret in the output" assertions. */
export function leakForms(value: string): string[] {
  const b = Buffer.from(value, 'utf8');
  return [value, b.toString('base64'), b.toString('base64url'), b.toString('hex'), b.toString('hex').toUpperCase(), encodeURIComponent(value)].filter((f) => f.length >= 8);
}

export const ALL_SECRETS = [BINANCE.secret, CUSTOM.secret, OKX.secret, OKX.passphrase, ...EC_PEM.split('\n').filter((l) => l.length > 40)];

export async function scanRig(home: string, opts: { withPem?: boolean } = {}) {
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF, autoLockMinutes: 0 });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
  const binance = await vault.add({ label: 'Binance main', provider: 'binance', environment: 'prod', credentials: BINANCE });
  const custom = await vault.add({ label: 'Custom API', provider: 'custom', environment: 'dev', credentials: CUSTOM });
  const okx = await vault.add({ label: 'OKX trading', provider: 'okx', environment: 'prod', credentials: OKX });
  const short = await vault.add({ label: 'Short one', provider: 'custom', environment: 'test', credentials: SHORT });
  const cdp = opts.withPem
    ? await vault.add({ label: 'Coinbase CDP', provider: 'coinbase', environment: 'prod', credentials: { apiKey: 'organizations/0e7a5c3d-1111-4222-8333-944455556666/apiKeys/1f2e3d4c-aaaa-4bbb-8ccc-dddd00001111', privateKeyPem: EC_PEM } })
    : null;
  const service = new ScanService({ vault });
  const ids = { binance: binance.id, custom: custom.id, okx: okx.id, short: short.id, cdp: cdp?.id };
  return {
    vault,
    service,
    ids,
    scan: (roots: string[], o: Omit<ScanOptions, 'roots'> = {}) => service.run({ roots, ...o }),
  };
}

/** Writes files under `root` ({ 'a/b.txt': 'text' }). */
export function plant(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
}
