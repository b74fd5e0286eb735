/**
 * The provider catalog: which credentials each provider issues, and where its API lives.
 * Shared by main (validation) and the renderer (the add/edit form). No secrets here.
 */
export const CREDENTIAL_FIELDS = [
  'apiKey',
  'secret',
  'passphrase',
  'privateKeyPem',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'region',
  'service',
] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

/** How each field is named to a person (forms, the guided rotation's steps, CLI prompts). */
export const CREDENTIAL_LABELS: Readonly<Record<CredentialField, string>> = {
  apiKey: 'API key',
  secret: 'Secret',
  passphrase: 'API passphrase',
  privateKeyPem: 'Private key (PEM)',
  accessKeyId: 'Access key ID',
  secretAccessKey: 'Secret access key',
  sessionToken: 'Session token',
  region: 'Region',
  service: 'Service',
};

/** Fields that are not secret and may be shown in full (still stored sealed). */
export const PUBLIC_CREDENTIAL_FIELDS: readonly CredentialField[] = ['apiKey', 'accessKeyId', 'region', 'service'];

export interface ProviderInfo {
  readonly id: string;
  readonly name: string;
  readonly defaultBaseUrl?: string;
  /** Each inner list is one accepted set of required fields (e.g. a secret OR a private key). */
  readonly required: readonly (readonly CredentialField[])[];
  readonly optional: readonly CredentialField[];
  readonly scopes: readonly string[];
}

const TRADING_SCOPES = ['read', 'trade', 'withdraw', 'keys:manage'] as const;

export const PROVIDERS: readonly ProviderInfo[] = [
  { id: 'sandbox', name: 'Sandbox exchange', required: [['apiKey', 'secret']], optional: [], scopes: TRADING_SCOPES },
  {
    id: 'binance',
    name: 'Binance',
    defaultBaseUrl: 'https://api.binance.com',
    required: [['apiKey', 'secret'], ['apiKey', 'privateKeyPem']],
    optional: [],
    scopes: ['read', 'trade', 'margin', 'futures', 'withdraw'],
  },
  {
    id: 'coinbase',
    name: 'Coinbase',
    defaultBaseUrl: 'https://api.coinbase.com',
    required: [['apiKey', 'privateKeyPem'], ['apiKey', 'secret']],
    optional: ['passphrase'],
    scopes: ['view', 'trade', 'transfer'],
  },
  { id: 'kraken', name: 'Kraken', defaultBaseUrl: 'https://api.kraken.com', required: [['apiKey', 'secret']], optional: [], scopes: ['query', 'trade', 'withdraw', 'deposit'] },
  { id: 'okx', name: 'OKX', defaultBaseUrl: 'https://www.okx.com', required: [['apiKey', 'secret', 'passphrase']], optional: [], scopes: ['read', 'trade', 'withdraw'] },
  { id: 'bybit', name: 'Bybit', defaultBaseUrl: 'https://api.bybit.com', required: [['apiKey', 'secret']], optional: [], scopes: ['read', 'trade', 'withdraw'] },
  { id: 'kucoin', name: 'KuCoin', defaultBaseUrl: 'https://api.kucoin.com', required: [['apiKey', 'secret', 'passphrase']], optional: [], scopes: ['general', 'trade', 'transfer'] },
  { id: 'bitfinex', name: 'Bitfinex', defaultBaseUrl: 'https://api.bitfinex.com', required: [['apiKey', 'secret']], optional: [], scopes: ['read', 'trade', 'withdraw'] },
  { id: 'gemini', name: 'Gemini', defaultBaseUrl: 'https://api.gemini.com', required: [['apiKey', 'secret']], optional: [], scopes: ['auditor', 'trader', 'fundmanager'] },
  { id: 'coingecko', name: 'CoinGecko', defaultBaseUrl: 'https://api.coingecko.com/api/v3', required: [['apiKey']], optional: [], scopes: ['read'] },
  { id: 'token-metrics', name: 'Token Metrics', defaultBaseUrl: 'https://api.tokenmetrics.com', required: [['apiKey']], optional: [], scopes: ['read'] },
  {
    id: 'aws',
    name: 'AWS (SigV4)',
    required: [['accessKeyId', 'secretAccessKey', 'region', 'service']],
    optional: ['sessionToken'],
    scopes: ['read', 'write'],
  },
  { id: 'custom', name: 'Custom API', required: [['apiKey'], ['secret']], optional: ['apiKey', 'secret', 'passphrase', 'privateKeyPem'], scopes: [...TRADING_SCOPES] },
];

export const PROVIDER_IDS = PROVIDERS.map((p) => p.id);

export function providerInfo(id: string): ProviderInfo | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

export const ENVIRONMENTS = ['dev', 'test', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
