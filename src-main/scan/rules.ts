/**
 * Known key formats, found without the vault: the rules table (one row per format: id, title, how it is found) and
 * the one function that runs them over a piece of text. docs/scan.md lists the same table with its reasons.
 *
 * False positives are the cost of a scanner people keep: a rule either anchors on a literal the format always
 * carries (AKIA/ASIA, `-----BEGIN … PRIVATE KEY-----`, `organizations/…/apiKeys/…`), found with indexOf before any
 * regular expression runs, or on an assignment (`NAME=value`, `"name": "value"`, `name: value`) whose name says what
 * the value is and whose value looks like a key (length, alphabet, mixed letters and digits, entropy), never on a
 * bare random-looking string (UUIDs, git SHAs, package-lock integrity hashes and base64 images are all random). The
 * AWS documentation's example keys (…EXAMPLE, …EXAMPLEKEY) are not reported.
 *
 * Text is the file's bytes read as latin1, so an index here is a byte offset.
 */

export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  /** How it is matched, for docs and `signet scan --rules`. */
  readonly description: string;
}

export interface RuleHit {
  readonly ruleId: string;
  /** The value found: what the finding points at and masks. */
  readonly start: number;
  readonly end: number;
  /** What the hit vouches for: lesser rules' hits inside this range are not reported (a CDP key's PEM). */
  readonly coverStart: number;
  readonly coverEnd: number;
}

/** Highest priority first: when two hits overlap, the earlier rule's is kept. */
export const RULES: readonly RuleInfo[] = [
  {
    id: 'coinbase-cdp-key',
    title: 'Coinbase CDP API key (JSON with its private key)',
    description: '"name": "organizations/<uuid>/apiKeys/<uuid>" with a "privateKey": "-----BEGIN EC PRIVATE KEY-----…" within 1,000 characters, in either order',
  },
  {
    id: 'private-key-pem',
    title: 'PEM private key',
    description: '-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]----- followed by a base64 body (or PEM headers), raw or JSON-escaped',
  },
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    description: 'AKIA or ASIA followed by 16 base32 capitals (A–Z, 2–7), not inside a longer word; the documentation\u2019s …EXAMPLE ids excepted',
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    description: 'a 40-character base64 value assigned to a name like aws_secret_access_key, SecretAccessKey or AWS_SECRET',
  },
  {
    id: 'binance-api-key',
    title: 'Binance API key or secret',
    description: 'a 64-character alphanumeric value assigned to a …key / …secret name, with "binance" in the name or in the 300 characters before it',
  },
  {
    id: 'generic-secret',
    title: 'Secret assigned to a secret-looking name',
    description:
      'a value of 20+ characters with letters and digits and at least 3.5 bits of entropy per character, assigned to a name with secret, password, token, api key, access key, private key, credential or …Key in it (not public…, …_id, …_name, …_url and the like); placeholders, UUIDs, dotted names and words_joined_up excepted',
  },
];

/** Characters of a name: A–Z a–z 0–9 _ . - */
const NAME_BYTE = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') NAME_BYTE[c.charCodeAt(0)] = 1;
const KEYWORD = /secret|passw|token|key|credential/i;
const SECRET_NAME = /secret|passw(?:or)?d|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|auth[-_.]?key|credential|(?:^|[-_.a-z])key$/i;
const NOT_SECRET_NAME =
  /public|publishable|pub[-_]?key|websocket|fingerprint|gpg|pgp|(?:key|token)[-_.]?(?:id|ids|name|names|file|path|paths|type|types|size|len|length|prefix|ref|alias|index|url|uri|endpoint|field|header|param|count|format|version)$|tokeniz|keyboard|keyword|keyframe|hotkey|monkey|turkey|donkey|whiskey|hockey|jockey/i;
const NOT_SECRET_CONTEXT = /gpg|pgp|fingerprint|public|websocket/i;
const PLACEHOLDER = /example|sample|dummy|placeholder|changeme|change[-_]me|your[-_]|xxxx|redacted|replace|insert|fixme|todo|(?:^|[^a-z])fake/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOTTED_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
/** Words joined up (`my-service-account-token-2`, `APP_SECRET_NAME`): names, not keys. */
const WORDY = /^(?:[A-Za-z]+\d{0,4})(?:[-_./](?:[A-Za-z]+\d{0,4}|\d{1,4}))+$/;

/** Two lower-case words between slashes (`/us-east-1/sqs/`, `/v1/orders`): a path or a scope, not base64. */
const PATH_LIKE = /\/[a-z]{2,}(?:-[a-z0-9]+)*\/[a-z]{2,}/;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Whether a value assigned to a secret-looking name looks like a key rather than a name, a path or a placeholder. */
export function looksLikeSecretValue(v: string): boolean {
  if (v.length < 20) return false;
  if (!/\d/.test(v) || !/[A-Za-z]/.test(v)) return false;
  if (UUID.test(v) || DOTTED_NAME.test(v) || WORDY.test(v) || PLACEHOLDER.test(v) || PATH_LIKE.test(v)) return false;
  return entropy(v) >= 3.5;
}

function push(hits: RuleHit[], ruleId: string, start: number, end: number, coverStart = start, coverEnd = end): void {
  hits.push({ ruleId, start, end, coverStart, coverEnd });
}

/** The literals the anchored rules start from, found in one pass (cheaper than one indexOf per literal, measured). */
const ANCHORS = /A[KS]IA|-----BEGIN |organizations\//g;

function anchors(s: string): { aws: number[]; pem: number[]; cdp: number[] } {
  const out = { aws: [] as number[], pem: [] as number[], cdp: [] as number[] };
  ANCHORS.lastIndex = 0;
  for (let m = ANCHORS.exec(s); m; m = ANCHORS.exec(s)) (m[0][0] === 'A' ? out.aws : m[0][0] === '-' ? out.pem : out.cdp).push(m.index);
  return out;
}

const AWS_ID = /(?:AKIA|ASIA)[A-Z2-7]{16}/y;
function awsAccessKeyIds(s: string, at: readonly number[], hits: RuleHit[]): void {
  for (const i of at) {
    if (i > 0 && /[A-Za-z0-9]/.test(s[i - 1]!)) continue;
    AWS_ID.lastIndex = i;
    if (!AWS_ID.test(s)) continue;
    const end = i + 20;
    if (end < s.length && /[A-Za-z0-9]/.test(s[end]!)) continue;
    if (s.slice(i, end).endsWith('EXAMPLE')) continue;
    push(hits, 'aws-access-key-id', i, end);
  }
}

/** The header, then line breaks (raw or JSON-escaped), then the body or PEM headers. */
const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----(?:\s|\\r|\\n){1,6}(?:([A-Za-z0-9+/]{32,})|(?:Proc-Type|DEK-Info|Version|Comment):)/y;
function pemKeys(s: string, at: readonly number[], hits: RuleHit[]): void {
  at.forEach((i) => {
    PEM_HEADER.lastIndex = i;
    const m = PEM_HEADER.exec(s);
    if (!m) return;
    const body = m[2];
    const start = body ? m.index + m[0].length - body.length : i;
    const end = body ? Math.min(start + 64, m.index + m[0].length) : m.index + m[0].length;
    push(hits, 'private-key-pem', start, end, i, m.index + m[0].length);
  });
}

const CDP_NAME = /organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}/y;
const CDP_NAME_BEFORE = /"name"\s*:\s*"$/;
const CDP_PRIVATE = /"privateKey"\s*:\s*"-----BEGIN (?:EC )?PRIVATE KEY-----/g;
function coinbaseCdpKeys(s: string, at: readonly number[], hits: RuleHit[]): void {
  at.forEach((i) => {
    CDP_NAME.lastIndex = i;
    if (!CDP_NAME.test(s)) return;
    const end = CDP_NAME.lastIndex;
    if (!CDP_NAME_BEFORE.test(s.slice(Math.max(0, i - 24), i))) return;
    const from = Math.max(0, i - 1000);
    const around = s.slice(from, Math.min(s.length, end + 1000));
    CDP_PRIVATE.lastIndex = 0;
    const pk = CDP_PRIVATE.exec(around);
    if (!pk) return;
    const pkStart = from + pk.index;
    // The key's name is what the finding points at; its PEM (reported by private-key-pem otherwise) is covered.
    push(hits, 'coinbase-cdp-key', i, end, Math.min(i, pkStart), Math.max(end, pkStart + pk[0].length + 200));
  });
}

/** The name just before an assignment's operator at `op` (`NAME=`, `"name":`, `name :`, `env['NAME'] =`), or null. */
function nameBefore(s: string, op: number): { start: number; end: number } | null {
  let end = op;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  if (s[end - 1] === ']') end--;
  if (s[end - 1] === '"' || s[end - 1] === "'" || s[end - 1] === '`') end--;
  let start = end;
  for (let c = s.charCodeAt(start - 1); start > 0 && end - start < 128 && c < 128 && NAME_BYTE[c] === 1; c = s.charCodeAt(--start - 1));
  return start < end ? { start, end } : null;
}

/** Characters of a value: A–Z a–z 0–9 + / _ . ~ - (a lookup table: the loop below runs at every `=` and `:`). */
const VALUE_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_.~-') VALUE_CHAR[c.charCodeAt(0)] = 1;

/**
 * Where the value after the operator at `op` starts and ends (16 to 1,024 value characters, then up to two `=` of
 * padding), or null: `==`, `!=`, `<=`, `>=` compare, `::` is a scope, and most operators are followed by something
 * short. Hand-written over indexOf rather than one regular expression: ≈ 3× faster on source code (measured).
 */
function valueAfter(s: string, op: number): { start: number; end: number } | null {
  const c0 = s.charCodeAt(op);
  let i = op + 1;
  if (c0 === 61) {
    const prev = s.charCodeAt(op - 1);
    const next = s.charCodeAt(i);
    if (next === 61 || prev === 61 || prev === 33 || prev === 60 || prev === 62) return null;
    if (next === 62) i++;
  } else {
    const next = s.charCodeAt(i);
    if (next === 61 || next === 58 || s.charCodeAt(op - 1) === 58) return null;
  }
  while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
  const q = s.charCodeAt(i);
  if (q === 34 || q === 39 || q === 96) i++;
  else if (q === 92 && (s.charCodeAt(i + 1) === 34 || s.charCodeAt(i + 1) === 39)) i += 2;
  const start = i;
  // Most values are short: one probe at the 16th character settles them before any loop.
  const probe = s.charCodeAt(start + 15);
  if (!(probe < 128 && VALUE_CHAR[probe] === 1)) return null;
  const limit = Math.min(s.length, start + 1024);
  for (let c = s.charCodeAt(i); i < limit && c < 128 && VALUE_CHAR[c] === 1; c = s.charCodeAt(++i));
  if (i - start < 16) return null;
  if (s.charCodeAt(i) === 61) i++;
  if (s.charCodeAt(i) === 61) i++;
  return { start, end: i };
}

/** Assignments of a key-length value to a secret-ish name: AWS secrets, Binance keys, and the generic rule. */
function assignments(s: string, hits: RuleHit[]): void {
  let eq = s.indexOf('=');
  let co = s.indexOf(':');
  while (eq >= 0 || co >= 0) {
    let op: number;
    if (co < 0 || (eq >= 0 && eq < co)) {
      op = eq;
      eq = s.indexOf('=', eq + 1);
    } else {
      op = co;
      co = s.indexOf(':', co + 1);
    }
    const v = valueAfter(s, op);
    if (!v) continue;
    const { start, end } = v;
    // A value that goes on in characters a key does not have ($, {, :, @, %, =) is an expression, a URL, an address
    // or another assignment.
    if (end < s.length && /[${}:@%=]/.test(s[end]!)) continue;
    const before = s.charCodeAt(op - 1);
    const at = nameBefore(s, before === 58 || before === 63 ? op - 1 : op);
    if (!at) continue;
    const name = s.slice(at.start, at.end);
    if (!KEYWORD.test(name)) continue;
    const value = s.slice(start, end);
    if (/^[A-Za-z0-9/+]{40}$/.test(value) && /secret[-_.]?access[-_.]?key|aws.{0,20}secret/i.test(name)) {
      if (!value.includes('EXAMPLE')) push(hits, 'aws-secret-access-key', start, end);
      continue;
    }
    if (/^[A-Za-z0-9]{64}$/.test(value) && /key|secret/i.test(name) && (/binance/i.test(name) || /binance/i.test(s.slice(Math.max(0, at.start - 300), at.start)))) {
      push(hits, 'binance-api-key', start, end);
      continue;
    }
    if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name) || !looksLikeSecretValue(value)) continue;
    // Prose and protocol text: "Release GPG key: …", "Sec-WebSocket-Key: …".
    if (NOT_SECRET_CONTEXT.test(s.slice(Math.max(0, at.start - 24), at.start))) continue;
    push(hits, 'generic-secret', start, end);
  }
}

/**
 * Every rule's hits in `s`, overlapping ones resolved by the table's order (and a hit inside a higher rule's cover
 * range dropped). Sorted by position.
 */
export function findRuleHits(s: string): RuleHit[] {
  const raw: RuleHit[] = [];
  const at = anchors(s);
  if (at.cdp.length) coinbaseCdpKeys(s, at.cdp, raw);
  if (at.pem.length) pemKeys(s, at.pem, raw);
  if (at.aws.length) awsAccessKeyIds(s, at.aws, raw);
  assignments(s, raw);
  const rank = (h: RuleHit) => RULES.findIndex((r) => r.id === h.ruleId);
  raw.sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  const kept: RuleHit[] = [];
  for (const h of raw) {
    if (kept.some((k) => h.start < k.coverEnd && h.end > k.coverStart)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}
