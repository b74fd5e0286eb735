/**
 * Whether a request only reads, or may move money (place or cancel an order, withdraw, transfer). A production key's
 * writes are confirmed by the person before they are sent (egress.ts). HTTP methods decide for most APIs; Kraken and
 * Gemini sign every private call as a POST, reads included, so their documented read endpoints are listed (Kraken
 * https://docs.kraken.com/api/docs/rest-api/get-account-balance and neighbours, Gemini https://docs.gemini.com/rest-api/),
 * and Bitfinex v2 marks reads in the path (`/v2/auth/r/…`). A path that names a withdrawal or a transfer is a write
 * whatever its method, unless it only queries one (history, status, addresses, limits).
 */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

const POST_READS: Readonly<Record<string, RegExp>> = {
  kraken:
    /^\/0\/private\/(Balance|BalanceEx|ExtendedBalance|TradeBalance|OpenOrders|ClosedOrders|QueryOrders|OrderAmends|TradesHistory|QueryTrades|OpenPositions|Ledgers|QueryLedgers|TradeVolume|DepositMethods|DepositAddresses|DepositStatus|WithdrawMethods|WithdrawAddresses|WithdrawInfo|WithdrawStatus|GetWebSocketsToken|ExportStatus)$/,
  gemini: /^\/v1\/(balances|notionalbalances\/[a-z]+|orders|orders\/history|order\/status|mytrades|tradevolume|notionalvolume|heartbeat|account|transfers|transactions|addresses\/[a-z]+|payments\/methods|roles|approvedAddresses\/[a-z]+\/list)$/,
  bitfinex: /^\/v2\/auth\/r\//,
};

const MONEY_PATH = /withdraw|transfer/i;
const QUERY_PATH = /history|status|records?|list|quota|limits?|info|methods?|address(es)?|networks?/i;

/** True when the request only reads; false when it may place an order or move funds. */
export function isReadRequest(provider: string, method: string, url: URL): boolean {
  const m = method.toUpperCase();
  const path = url.pathname;
  if (MONEY_PATH.test(path) && !QUERY_PATH.test(path)) return false;
  if (READ_METHODS.has(m)) return true;
  return m === 'POST' && Object.hasOwn(POST_READS, provider) && POST_READS[provider]!.test(path);
}
