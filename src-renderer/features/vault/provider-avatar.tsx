/** A provider's monogram, tinted per provider, so a long list can be scanned by shape and colour. */
import { providerInfo } from '../../../src-main/contract/providers';
import { cx } from '../../shared/lib/cx';

const MONOGRAMS: Record<string, string> = {
  sandbox: 'SX',
  binance: 'BN',
  coinbase: 'CB',
  kraken: 'KR',
  okx: 'OK',
  bybit: 'BY',
  kucoin: 'KC',
  bitfinex: 'BF',
  gemini: 'GM',
  coingecko: 'CG',
  'token-metrics': 'TM',
  aws: 'AW',
  custom: '⋯',
};

export function providerName(id: string): string {
  return providerInfo(id)?.name ?? id;
}

export function ProviderAvatar({ provider, size = 'm' }: { provider: string; size?: 's' | 'm' | 'l' }) {
  const known = provider in MONOGRAMS;
  return (
    <span className={cx('avatar', `avatar-${size}`, known ? `avatar-${provider}` : 'avatar-other')} aria-hidden="true">
      {MONOGRAMS[provider] ?? provider.slice(0, 2).toUpperCase()}
    </span>
  );
}
