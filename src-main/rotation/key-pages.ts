/**
 * Where each exchange makes API keys, and what it calls the permissions Signet's scopes stand for: the guided
 * rotation's checklist (rotation:guide, `signet rotate` on a provider without a key API).
 */
import { CREDENTIAL_LABELS, providerInfo, type CredentialField } from '../contract/providers';
import type { RotationGuide } from '../contract/rotation';
import type { Credentials } from '../contract/schemas';
import { describeReadCheck, readCheckFor } from './read-checks';

interface KeyPage {
  readonly url: string | null;
  /** Signet scope → the exchange's name for the permission. */
  readonly permissions: Readonly<Record<string, string>>;
  /** Anything else to do on that page. */
  readonly note?: string;
}

const KEY_PAGES: Readonly<Record<string, KeyPage>> = {
  binance: {
    url: 'https://www.binance.com/en/my/settings/api-management',
    permissions: { read: 'Enable Reading', trade: 'Enable Spot & Margin Trading', margin: 'Enable Margin Loan, Repay & Transfer', futures: 'Enable Futures', withdraw: 'Enable Withdrawals' },
    note: 'Restrict access to trusted IPs if you can (Binance requires it for trading and withdrawal permissions on some key types).',
  },
  coinbase: { url: 'https://portal.cdp.coinbase.com/projects/api-keys', permissions: { view: 'View', trade: 'Trade', transfer: 'Transfer' }, note: 'Coinbase shows the private key once: copy it before closing the dialog.' },
  kraken: { url: 'https://pro.kraken.com/app/settings/api', permissions: { query: 'Query Funds', trade: 'Create & Modify Orders', withdraw: 'Withdraw Funds', deposit: 'Deposit Funds' } },
  okx: { url: 'https://www.okx.com/account/my-api', permissions: { read: 'Read', trade: 'Trade', withdraw: 'Withdraw' }, note: 'OKX asks for a passphrase when you create the key: paste the same one here.' },
  bybit: { url: 'https://www.bybit.com/app/user/api-management', permissions: { read: 'Read-Only', trade: 'Read-Write (Orders, Positions)', withdraw: 'Withdrawal' } },
  kucoin: { url: 'https://www.kucoin.com/account/api', permissions: { general: 'General', trade: 'Spot Trading', transfer: 'Transfer' }, note: 'KuCoin asks for an API passphrase: paste the same one here.' },
  bitfinex: { url: 'https://setting.bitfinex.com/api', permissions: { read: 'Account History, Orders, Wallets (read)', trade: 'Orders (write)', withdraw: 'Withdrawals' } },
  gemini: { url: 'https://exchange.gemini.com/settings/api', permissions: { auditor: 'Auditor', trader: 'Trader', fundmanager: 'Fund Manager' } },
  coingecko: { url: 'https://www.coingecko.com/en/developers/dashboard', permissions: {} },
  'token-metrics': { url: 'https://app.tokenmetrics.com/en/api', permissions: {} },
  aws: { url: 'https://console.aws.amazon.com/iam/home#/security_credentials', permissions: {}, note: 'An IAM user may hold two access keys: create the second, switch, then deactivate and delete the first.' },
};

/** The guided checklist for a key with these scopes and credential fields. */
export function guideFor(provider: string, scopes: readonly string[], fields: readonly string[], credentials: Readonly<Credentials>): RotationGuide {
  const info = providerInfo(provider);
  const name = info?.name ?? provider;
  const page = KEY_PAGES[provider] ?? { url: null, permissions: {} };
  const permissions = scopes.map((s) => page.permissions[s] ?? s);
  const pasteFields = fields.filter((f) => f !== 'region' && f !== 'service');
  const check = describeReadCheck(readCheckFor(provider, credentials));
  const steps = [
    page.url ? `Open ${name}'s API key page and create a new key.` : `Create a new key where ${name} issues them.`,
    permissions.length ? `Give it the same permissions as the current key: ${permissions.join(', ')}.` : 'Give it the same access as the current key.',
    ...(page.note ? [page.note] : []),
    `Paste the new ${joinWords(pasteFields.map((f) => CREDENTIAL_LABELS[f as CredentialField]?.toLowerCase().replace(/^api /, 'API ') ?? f))} here. Signet keeps the current key until the new one is verified.`,
    check ? `Signet verifies the new key with a signed read-only call (${check}) and switches to it.` : 'Signet knows no read-only call for this API, so it cannot verify the new key: send a request with it afterwards.',
    `Signet keeps the old key for rollback, then erases it. Delete the old key on ${name} once you are sure the new one works.`,
  ];
  return { provider, providerName: name, keyPageUrl: page.url, permissions, steps, fields: pasteFields, verifyCall: check };
}

/** `a`, `a and b`, `a, b and c`. */
function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
