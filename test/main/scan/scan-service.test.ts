/**
 * The secrets scan against a real vault and real folders: each encoding of a vault secret, each split form, the
 * short-value floor, a clean tree of look-alikes, and what a finding may show.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanFinding } from '../../../src-main/contract/scan';
import type { VaultService } from '../../../src-main/vault/vault-service';
import { useTempHomes } from '../../helpers/temp-home';
import { ALL_SECRETS, BINANCE, CUSTOM, EC_PEM, leakForms, OKX, plant, scanRig, SHORT } from './scan-rig';

const newDir = useTempHomes();
let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function rig(opts: { withPem?: boolean } = {}) {
  const r = await scanRig(newDir(), opts);
  vault = r.vault;
  return r;
}

const vaultHits = (findings: readonly ScanFinding[]) => findings.filter((f): f is ScanFinding & { kind: 'vault' } => f.kind === 'vault');

function expectNoSecret(value: unknown): void {
  const text = JSON.stringify(value);
  for (const s of ALL_SECRETS) for (const form of leakForms(s)) expect(text, `leaked a form of a secret: ${form.slice(0, 6)}…`).not.toContain(form);
}

describe('vault secrets in every encoding', () => {
  const b = Buffer.from(BINANCE.secret);
  const cases: [string, string, string][] = [
    ['text', `API_SECRET=${BINANCE.secret}\n`, 'text'],
    ['base64 (the value alone)', `data: ${b.toString('base64')}\n`, 'base64'],
    ['base64 inside a longer text, at offset 1', `x: ${Buffer.concat([Buffer.from('A'), b]).toString('base64')}\n`, 'base64'],
    ['base64 inside a longer text, at offset 2', `x: ${Buffer.concat([Buffer.from('AB'), b]).toString('base64')}\n`, 'base64'],
    ['base64 of the .env line', `ENV_B64=${Buffer.from(`API_SECRET=${BINANCE.secret}\n`).toString('base64')}\n`, 'base64'],
    ['hex, lower case', `key_hex = "${b.toString('hex')}"\n`, 'hex'],
    ['hex, upper case', `KEY_HEX=${b.toString('hex').toUpperCase()}\n`, 'hex-upper'],
  ];
  it.each(cases)('finds the Binance secret as %s', async (_name, content, encoding) => {
    const { scan, ids } = await rig();
    const root = newDir();
    plant(root, { 'src/config.txt': `# config\n${content}` });
    const { findings, summary } = await scan([root]);
    const hits = vaultHits(findings).filter((f) => f.field === 'secret');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ entryId: ids.binance, label: 'Binance main', encoding, line: 2, slot: 'current' });
    expect(hits[0]!.path.endsWith('src/config.txt')).toBe(true);
    expect(summary).toMatchObject({ files: 1, findings: findings.length, roots: 1 });
    expectNoSecret(findings);
  });

  it('finds base64url, URL-encoded (both percent cases) and JSON-escaped forms of a secret with special characters', async () => {
    const { scan, ids } = await rig();
    const root = newDir();
    const s = CUSTOM.secret;
    const url = encodeURIComponent(s);
    plant(root, {
      'a.txt': `u=${Buffer.from(s).toString('base64url')}\n`,
      'b.txt': `https://example.test/cb?secret=${url}&x=1\n`,
      'c.txt': `q=${url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}\n`,
      'd.json': JSON.stringify({ other: 1, s }) + '\n',
    });
    const { findings } = await scan([root]);
    const byFile = Object.fromEntries(vaultHits(findings).filter((f) => f.entryId === ids.custom && f.field === 'secret').map((f) => [f.path.split('/').pop(), f.encoding]));
    expect(byFile).toEqual({ 'a.txt': 'base64url', 'b.txt': 'url', 'c.txt': 'url', 'd.json': 'json' });
    expectNoSecret(findings);
  });

  it('finds API keys too, and the 10-character passphrase, but nothing under 8 characters', async () => {
    const { scan, ids } = await rig();
    const root = newDir();
    plant(root, { 'keys.txt': `one ${BINANCE.apiKey}\ntwo ${OKX.passphrase}\nthree ${SHORT.secret} and ${SHORT.apiKey}\n` });
    const { findings } = await scan([root]);
    const got = vaultHits(findings).map((f) => `${f.line}:${f.entryId === ids.binance ? 'binance' : f.entryId === ids.okx ? 'okx' : f.entryId === ids.short ? 'short' : '?'}:${f.field}`);
    // The short entry's API key (15 characters) is found; its 7-character secret is not.
    expect(got.sort()).toEqual(['1:binance:apiKey', '2:okx:passphrase', '3:short:apiKey']);
  });

  it('finds a PEM private key by its body lines once per block, and as base64 of the PEM file', async () => {
    const { scan, ids } = await rig({ withPem: true });
    const root = newDir();
    const escaped = JSON.stringify(EC_PEM).slice(1, -1);
    plant(root, {
      'key.pem': EC_PEM,
      'cdp.json': `{\n  "name": "x",\n  "key": "${escaped}"\n}\n`,
      'k8s.yaml': `data:\n  key.pem: ${Buffer.from(EC_PEM).toString('base64')}\n`,
    });
    const { findings } = await scan([root]);
    const pem = vaultHits(findings).filter((f) => f.entryId === ids.cdp && f.field === 'privateKeyPem');
    expect(pem.map((f) => `${f.path.split('/').pop()}:${f.line}`).sort()).toEqual(['cdp.json:3', 'k8s.yaml:2', 'key.pem:2']);
    expectNoSecret(findings);
  });
});

describe('split values', () => {
  const s = BINANCE.secret;
  const cases: [string, string][] = [
    ['JSON with " + " concatenation', `{\n  "secret": "${s.slice(0, 20)}" + "${s.slice(20)}"\n}\n`],
    ['concatenation over two lines', `const config = {\n  secret: '${s.slice(0, 30)}' +\n    '${s.slice(30)}',\n};\n`],
    ['a leading + on the next line', `SECRET = "${s.slice(0, 10)}"\n  + "${s.slice(10, 40)}"\n  + "${s.slice(40)}"\n`],
    ['shell continuations', `API_SECRET=${s.slice(0, 16)}\\\n${s.slice(16, 40)}\\\n${s.slice(40)}\n`],
    ['Python implicit concatenation in parentheses', `API_SECRET = (\n    "${s.slice(0, 32)}"\n    "${s.slice(32)}"\n)\n`],
    ['the hex form, split', `KEY_HEX: "${Buffer.from(s).toString('hex').slice(0, 50)}" + "${Buffer.from(s).toString('hex').slice(50)}"\n`],
  ];
  it.each(cases)('joins %s and finds the secret', async (_name, content) => {
    const { scan, ids } = await rig();
    const root = newDir();
    plant(root, { 'config.js': content });
    const { findings } = await scan([root]);
    const hits = vaultHits(findings).filter((f) => f.entryId === ids.binance && f.field === 'secret');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.encoding).toBe('split');
    expect(findings.filter((f) => f.kind === 'rule')).toEqual([]);
    expectNoSecret(findings);
  });

  it('does not report a split value that is not a vault secret, nor a secret cut short', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'x.js': `const a = "${s.slice(0, 20)}" + "${s.slice(20, 60)}";\nconst b = "hello" + "world";\n` });
    expect(vaultHits((await scan([root])).findings)).toEqual([]);
  });
});

describe('what a finding shows', () => {
  it('gives line and column in characters, a short excerpt with every secret masked, and the match as ••••last4', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'a.env': `# café ünïcode\nTWO="${BINANCE.apiKey}" SECRET="${BINANCE.secret}" other=${'z'.repeat(200)}\n` });
    const { findings } = await scan([root]);
    const secret = vaultHits(findings).find((f) => f.field === 'secret')!;
    const key = vaultHits(findings).find((f) => f.field === 'apiKey')!;
    expect(key).toMatchObject({ line: 2, column: 6, match: `••••${BINANCE.apiKey.slice(-4)}` });
    expect(secret).toMatchObject({ line: 2, column: 6 + BINANCE.apiKey.length + 10, match: `••••${BINANCE.secret.slice(-4)}` });
    expect(secret.excerpt.length).toBeLessThan(100);
    expect(secret.excerpt).toContain('SECRET="••••');
    expectNoSecret(findings);
  });

  it('masks a short secret completely (no last 4 of a 10-character passphrase)', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'a.txt': `pass=${OKX.passphrase}\n` });
    const [f] = (await scan([root])).findings;
    expect(f).toMatchObject({ kind: 'vault', match: '••••', excerpt: 'pass=••••' });
  });

  it('masks long key-like runs in an excerpt even when they matched nothing', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'a.txt': `k=${BINANCE.apiKey} n=Zx81Kq02Lm93Nb74Vc65Xa56\n` });
    const [f] = (await scan([root])).findings;
    expect(f!.excerpt).not.toContain('Zx81Kq02Lm93Nb74Vc65Xa56');
    expect(f!.excerpt).toContain('n=••••');
  });
});

describe('a clean tree', () => {
  it('finds nothing in realistic look-alikes: UUIDs, git SHAs, lock-file integrity hashes, base64 images, minified code', async () => {
    const { scan } = await rig();
    const root = newDir();
    const png = Buffer.from(Buffer.alloc(3000).map((_, i) => (i * 7919) % 251)).toString('base64');
    plant(root, {
      'package-lock.json': JSON.stringify({
        packages: {
          'node_modules/zod': { version: '4.6.7', resolved: 'https://registry.npmjs.org/zod/-/zod-4.6.7.tgz', integrity: 'sha512-hsBTNUqQTDwkWtcdYI2i06Y/nUBEsNEDJKjWdigLvegy8kDuJAS8uRlpkkcQpyEXL0Z/pjDy5HBmMjRCJ2gq+g==' },
        },
      }, null, 2),
      'ids.ts': `export const ids = ['3f2b8c1e-9d4a-4e5f-8a6b-7c9d0e1f2a3b', '00000000-0000-4000-8000-000000000000'];\nconst sessionToken = '550e8400-e29b-41d4-a716-446655440000';\n`,
      'CHANGELOG.md': `- fix (commit 9c866e6f1d2b3a4c5d6e7f8091a2b3c4d5e6f708)\n- Release GPG key: 3ABC01543F22DD2239285CDD818674489FBC127E\n`,
      'logo.html': `<img src="data:image/png;base64,${png}">\n`,
      'app.min.js': `var a=function(e){return e.apiKey=process.env.BINANCE_API_KEY,e.token=t.getToken(),e.secretKeyName="my-service-account-key-2",e.keyboardLayout="ABCDEFGH12345678abcdefgh"};${'x=1;'.repeat(2000)}\n`,
      'config.example.env': 'API_KEY=your-api-key-here\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nSECRET=${SECRET}\nTOKEN=changeme-changeme-123456\n',
      'ws.js': `socket.write('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n');\nif (a.token === b.tokenValueOfTheDayNumber1) {}\n`,
      'public.pem': '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYWp6yWnqU6vAD1jrUwOwH0VFYlS1CzYrY7xRz2WkAQ3yFJbL1gD9iN0ZcnV9pXoqH6w6lK0m2C9QYk0rQ5vQ7w==\n-----END PUBLIC KEY-----\n',
      'docs.md': 'Put your key in `-----BEGIN EC PRIVATE KEY-----` … `-----END EC PRIVATE KEY-----` form.\n',
    });
    const { findings, summary } = await scan([root]);
    expect(findings).toEqual([]);
    expect(summary.files).toBe(9);
  });
});

describe('the known formats', () => {
  it('reports each rule once, on its line, masked', async () => {
    const { scan } = await rig();
    const root = newDir();
    const rsa = generateRsaPem();
    plant(root, {
      'aws.env': 'AWS_ACCESS_KEY_ID=AKIAZ3MHQW5RTX7KL2PA\nAWS_SECRET_ACCESS_KEY=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\n',
      'sts.json': '{"AccessKeyId": "ASIAY34FZKBOKMUTVV7A", "SecretAccessKey": "9drTJvcXLB89EXAMPLELB8923FB892xMFI"}\n',
      'id_rsa': rsa,
      'escaped.json': `{"k": ${JSON.stringify(rsa)}}\n`,
      'cdp_api_key.json': JSON.stringify({ name: 'organizations/0e7a5c3d-1111-4222-8333-944455556666/apiKeys/1f2e3d4c-aaaa-4bbb-8ccc-dddd00001111', privateKey: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oMaMRXEbpP8zoAoGCCqGSM49\nAwEHoUQDQgAE9Ko3DTN4U8Gm5yFcuTlFlqXXe9z7oq5uHBAxzxDkOZMV8ge7pGZ/\nVuzH5hvJvU9zUM6jJqBhY0D3rTAMQbq4ag==\n-----END EC PRIVATE KEY-----\n' }, null, 2),
      'bot.js': "const client = new Binance().options({\n  APIKEY: 'Kq7vB2mN9xL4pR8sT1wY6zA3cD5eF0gH2jK4lM7nP9qS1tU3vW5xY8zA0bC2dE4f',\n});\n",
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_Zk3P9qL2mX8vB5nR7tY1wA4sD6fG0hJ2kL9p\n',
      'settings.py': "STRIPE_API_KEY = 'rk_live_51Hx2Kq7vB2mN9xL4pR8sT1wY6z'\n",
    });
    const { findings } = await scan([root]);
    const got = findings.map((f) => `${f.path.split('/').pop()}:${f.line}:${f.kind === 'rule' ? f.ruleId : 'vault'}`).sort();
    expect(got).toEqual(
      [
        '.npmrc:1:generic-secret',
        'aws.env:1:aws-access-key-id',
        'aws.env:2:aws-secret-access-key',
        'bot.js:2:binance-api-key',
        'cdp_api_key.json:2:coinbase-cdp-key',
        'escaped.json:1:private-key-pem',
        'id_rsa:2:private-key-pem',
        'settings.py:1:generic-secret',
        'sts.json:1:aws-access-key-id',
      ].sort(),
    );
    for (const f of findings) expect(f.match).toMatch(/^••••.{0,4}$/u);
    const text = JSON.stringify(findings);
    expect(text).not.toContain('AKIAZ3MHQW5RTX7KL2PA');
    expect(text).not.toContain('Xq3+Ff9/Lm1Zt8Kd2Wn5Hj7Pv0Rb4Yc6Ge8Ta2Qs');
    expect(text).not.toContain('Kq7vB2mN9xL4pR8sT1wY6zA3cD5eF0gH2jK4lM7nP9qS1tU3vW5xY8zA0bC2dE4f');
    expect(text).not.toContain(rsa.split('\n')[1]!);
  });

  it('with vault: false looks for the formats only and opens no secret', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'a.env': `S=${BINANCE.secret}\nAWS=AKIAZ3MHQW5RTX7KL2PA\n` });
    await vault!.lock();
    const { findings, summary } = await scan([root], { vault: false });
    expect(findings.map((f) => f.kind)).toEqual(['rule']);
    expect(summary.secrets).toBe(0);
  });
});

describe('the audit hook', () => {
  it('tells subscribers each run\u2019s summary: roots, files, findings, duration', async () => {
    const { scan, service } = await rig();
    const root = newDir();
    plant(root, { 'a.txt': BINANCE.secret, 'b.txt': 'clean' });
    const seen: unknown[] = [];
    const off = service.subscribe((s) => seen.push(s));
    const report = await scan([root, root]);
    off();
    await scan([root]);
    expect(seen).toEqual([report.summary]);
    expect(report.summary).toMatchObject({ roots: 2, files: 2, findings: 1, cancelled: false });
    expect(report.summary.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a locked vault with ERR_VAULT_LOCKED, and a missing folder with ERR_VALIDATION', async () => {
    const { scan } = await rig();
    await expect(scan([newDir() + '/nope'])).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringContaining('no folder or file') });
    await vault!.lock();
    await expect(scan([newDir()])).rejects.toMatchObject({ code: 'ERR_VAULT_LOCKED' });
  });
});

/** An RSA key in PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as `ssh-keygen -m PEM` writes it. */
function generateRsaPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
}
