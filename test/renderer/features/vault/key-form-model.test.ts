import { describe, expect, it } from 'vitest';
import type { EntryDetail } from '../../../../src-main/contract/schemas';
import { contract } from '../../../../src-main/contract/schemas';
import {
  credentialSlots,
  emptyKeyForm,
  keyFormFromEntry,
  toEntryInput,
  toEntryPatch,
  toKeyPairInput,
  validateKeyForm,
  withProvider,
  type KeyFormState,
} from '../../../../src-renderer/features/vault/key-form-model';

const binance = (over: Partial<KeyFormState> = {}): KeyFormState => ({
  ...emptyKeyForm(),
  label: 'Binance prod bot',
  provider: 'binance',
  environment: 'prod',
  scopes: ['read', 'trade'],
  tags: ['bot'],
  credentials: { apiKey: ' AK123 \n', secret: 'S3CRET\n' },
  ...over,
});

const detail = (over: Partial<EntryDetail> = {}): EntryDetail => ({
  id: 'e1',
  label: 'OKX bot',
  provider: 'okx',
  baseUrl: null,
  environment: 'test',
  scopes: ['read', 'custom:thing'],
  tags: ['bot'],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
  lastRotatedAt: null,
  preview: '••••7f3a',
  fingerprint: 'sha256:abc',
  credentialFields: ['apiKey', 'secret', 'passphrase'],
  hasNotes: false,
  notes: '',
  credentials: [],
  ...over,
});

describe('key form: which credential fields a provider needs', () => {
  it('shows exactly the chosen alternative’s fields (Binance HMAC vs private key)', () => {
    expect(credentialSlots('binance', 0).map((s) => s.field)).toEqual(['apiKey', 'secret']);
    expect(credentialSlots('binance', 1).map((s) => [s.field, s.multiline])).toEqual([
      ['apiKey', false],
      ['privateKeyPem', true],
    ]);
  });

  it('adds optional fields after the required ones, and marks public ones as not secret', () => {
    const slots = credentialSlots('coinbase', 0);
    expect(slots.map((s) => [s.field, s.required, s.secret])).toEqual([
      ['apiKey', true, false],
      ['privateKeyPem', true, true],
      ['passphrase', false, true],
    ]);
    expect(credentialSlots('aws', 0).filter((s) => !s.secret).map((s) => s.field)).toEqual(['accessKeyId', 'region', 'service']);
    expect(credentialSlots('', 0)).toEqual([]);
  });

  it('keeps the scopes the new provider also has, and custom ones, when the provider changes', () => {
    const next = withProvider(binance({ scopes: ['read', 'margin', 'my:own'] }), 'kraken');
    expect(next.scopes).toEqual(['my:own']);
    expect(withProvider(binance({ scopes: ['read', 'trade'] }), 'okx').scopes).toEqual(['read', 'trade']);
  });
});

describe('key form: validation', () => {
  it('asks for a label, a provider and every required credential', () => {
    expect(validateKeyForm(emptyKeyForm())).toMatchObject({ label: 'Give the key a label.', provider: expect.any(String) });
    const errors = validateKeyForm(binance({ credentials: { apiKey: 'AK' } }));
    expect(errors).toEqual({ secret: 'Secret is required for Binance.' });
  });

  it('takes metadata messages from the contract schema (base URL, tags)', () => {
    const errors = validateKeyForm(binance({ baseUrl: 'ftp://user:pw@example.com', tags: ['two words'] }));
    expect(errors.baseUrl).toMatch(/http\(s\) URL/);
    expect(errors.tags).toMatch(/single words/);
  });

  it('on edit, lets a credential the entry already has stay blank', () => {
    const form = keyFormFromEntry(detail());
    expect(validateKeyForm(form, ['apiKey', 'secret', 'passphrase'])).toEqual({});
    expect(validateKeyForm(form, [])).toHaveProperty('passphrase');
  });
});

describe('key form: what is sent to main', () => {
  it('builds an EntryInput that the contract accepts, trimming pasted keys', () => {
    const input = toEntryInput(binance({ expires: '2027-03-31' }));
    expect(input.credentials).toEqual({ apiKey: 'AK123', secret: 'S3CRET' });
    expect(input.expiresAt).toMatch(/^2027-0[34]-\d\dT/);
    expect(input).not.toHaveProperty('baseUrl');
    expect(contract['vault:add'].input.safeParse(input).success).toBe(true);
  });

  it('keeps an API passphrase exactly as typed', () => {
    const input = toEntryInput({ ...emptyKeyForm(), label: 'x', provider: 'okx', credentials: { apiKey: 'k', secret: 's', passphrase: ' my pass ' } });
    expect(input.credentials.passphrase).toBe(' my pass ');
  });

  it('patches only typed credentials, and removes the ones the new auth choice no longer uses', () => {
    const original = detail({ provider: 'binance', credentialFields: ['apiKey', 'secret'], scopes: ['read'] });
    const form = { ...keyFormFromEntry(original), authSet: 1, credentials: { privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----' } };
    const patch = toEntryPatch(form, original);
    expect(patch.credentials).toEqual({ privateKeyPem: expect.stringContaining('BEGIN'), secret: null });
    expect(patch.meta).toMatchObject({ label: 'OKX bot', provider: 'binance', expiresAt: null });
    expect(contract['vault:update'].input.safeParse(patch).success).toBe(true);

    const untouched = toEntryPatch(keyFormFromEntry(detail()), detail());
    expect(untouched).not.toHaveProperty('credentials');
  });
});

describe('generating a key pair', () => {
  it('needs no credentials, and sends the metadata with the type only', () => {
    const form = { ...emptyKeyForm(), label: 'gen', provider: 'binance', keyPairType: 'ed25519' as const };
    expect(validateKeyForm(form)).toEqual({});
    expect(toKeyPairInput(form)).toEqual({ label: 'gen', provider: 'binance', environment: 'dev', scopes: [], expiresAt: null, notes: '', tags: [], type: 'ed25519' });
    expect(validateKeyForm({ ...form, keyPairType: null })).toMatchObject({ apiKey: expect.any(String), secret: expect.any(String) });
  });

  it('keeps generating when the provider changes to one that takes key pairs (its recommended type), else goes back to pasting', () => {
    const form = { ...emptyKeyForm(), provider: 'binance', keyPairType: 'rsa' as const };
    expect(withProvider(form, 'coinbase').keyPairType).toBe('p256');
    expect(withProvider(form, 'kraken').keyPairType).toBeNull();
    expect(withProvider({ ...form, keyPairType: null }, 'coinbase').keyPairType).toBeNull();
  });
});
