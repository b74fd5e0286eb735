/**
 * The diagnosis engine: why a signed request is (or would be) refused, and the request that would not be.
 *
 * It verifies the request as its scheme does, then tries the known client mistakes one by one and keeps each one
 * that reproduces the received signature exactly (or, for a model that reads them off the request, each one it
 * finds: a JWT's claims): a request edit (query order, encoding, body, method, path,
 * timestamp units) checked by the scheme's own verify; a string-to-sign edit or another hash or key decoding checked
 * against the MAC (MAC schemes); the right MAC in another text encoding; another scheme's rules. A request whose
 * signature matches can still be refused, so its timestamp is judged against the API's window and the server's clock,
 * and its nonce against the history the caller passes. Causes that reproduce come first; among them, the one the
 * server's documented error points to; then the order of `CAUSES`. The first cause's fix is applied and the result
 * verified. Pure: time, the server's clock and the nonce history are inputs.
 */
import { diffChars, diffWordsWithSpace } from 'diff';
import { AppError } from '../../base/errors';
import { CAUSES, type Cause, type DebugReport, type Diagnosis, type DiffSegment, type Fix, type ServerView } from '../../contract/debug';
import { getScheme, SCHEMES } from '../registry';
import type { SchemeCredentials, SignableRequest, SignResult, VerifyResult } from '../types';
import { formatDuration } from '../window-reason';
import { encodingOf, KEY_WORDS, macMatches, otherVariants, signatureReadings } from './mac-check';
import type { DebugModel, ReadRequest } from './model';
import { debugModel, hasDebugModel } from './models';
import { timestampAsSent, UNIT_NAMES, writeTimestamp } from './models/timestamp';
import { requestCandidates } from './request-candidates';

export interface DiagnoseInput {
  readonly schemeId: string;
  /** How the scheme was chosen, shown with the verdict ("given", or what auto-detection saw). */
  readonly schemeReason?: string;
  readonly request: SignableRequest;
  readonly credentials: SchemeCredentials;
  /** Epoch ms of the local clock. */
  readonly now: number;
  readonly options?: Readonly<Record<string, string>>;
  /** The API's timestamp window; null or absent: not judged. */
  readonly window?: { readonly windowMs: number; readonly source: string } | null;
  /** The exchange's clock (epoch ms), when it was fetched. */
  readonly serverTime?: number | null;
  /** The server's documented error, read from its answer (server-errors.ts). */
  readonly server?: { readonly code: string; readonly meaning: string; readonly causes: readonly Cause[] } | null;
  /** How many earlier requests with this key sent the same nonce. */
  readonly nonceSeenBefore?: number;
  /** The nonce a replay fix signs with. */
  readonly freshNonce: string;
  /**
   * The schemes `scheme-mismatch` may try with these credentials (default: every one). A vault key passes its
   * provider's own: a key never signs with another API's rules, not even to show that it would match.
   */
  readonly otherSchemes?: readonly string[];
}

/** Most candidates one request can cost (query orders are the many). */
const MAX_CANDIDATES = 400;

interface Found {
  readonly cause: Cause;
  readonly explanation: string;
  readonly fix: Fix;
  readonly reproduced: boolean;
  readonly signedCanonical: string | null;
}

type ResignFix = Extract<Fix, { action: 'resign' }>;
const RESIGN: ResignFix = { action: 'resign', timestamp: 'keep', nonce: 'keep' };

/** A candidate's verdict (the expected signature is not asked for: it costs a private-key operation for some schemes). */
async function verifyQuietly(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, now: number, options?: Readonly<Record<string, string>>): Promise<VerifyResult | null> {
  try {
    return await getScheme(schemeId).verify(request, credentials, { now, windowMs: 0, expected: false, ...(options && { options }) });
  } catch {
    return null;
  }
}

/** What was signed wrong, tried mistake by mistake; each reproducing one is kept. */
async function signatureMistakes(input: DiagnoseInput, model: DebugModel, read: ReadRequest, verified: VerifyResult): Promise<Found[]> {
  const { request, credentials, now, options } = input;
  const received = read.signature;
  const found: Found[] = [];
  if (received === null || received === '') return found;

  const expected = verified.expected;
  if (expected) {
    const expectedBytes = signatureReadings(expected)[0]?.bytes;
    const enc = expectedBytes ? encodingOf(received, expectedBytes) : null;
    if (enc && received !== expected) {
      found.push({
        cause: 'signature-encoding',
        explanation: `The signature is the right one, but written as ${enc}; this API wants ${model.mac?.output ?? 'base64'}: ${expected}.`,
        fix: { action: 'reencode-signature', from: enc, to: model.mac?.output ?? 'base64' },
        reproduced: true,
        signedCanonical: verified.canonical,
      });
      return found;
    }
  }

  let tried = 0;
  const seen = new Set<Cause>();
  for (const f of (await model.findings?.(request, credentials, verified)) ?? []) {
    seen.add(f.cause);
    found.push({ cause: f.cause, explanation: f.explanation, fix: f.fix ?? RESIGN, reproduced: true, signedCanonical: f.signedCanonical ?? null });
  }
  for (const candidate of requestCandidates(request, model, credentials)) {
    if (++tried > MAX_CANDIDATES) break;
    if (seen.has(candidate.cause)) continue;
    const v = await verifyQuietly(model.schemeId, candidate.request, credentials, now, options);
    if (v?.valid) {
      seen.add(candidate.cause);
      const explanation = candidate.explanation ?? `The client ${candidate.detail}. The server signs what it receives, so the signatures differ.`;
      found.push({ cause: candidate.cause, explanation, fix: RESIGN, reproduced: true, signedCanonical: v.canonical });
    }
  }

  const mac = model.macOf?.(request) ?? model.mac;
  if (mac) {
    const own = { hash: mac.hash, key: mac.key };
    for (const candidate of model.canonicalCandidates?.(request, verified.canonical) ?? []) {
      if (seen.has(candidate.cause)) continue;
      if (macMatches(mac, candidate.canonical, request, credentials, own, received)) {
        seen.add(candidate.cause);
        found.push({ cause: candidate.cause, explanation: `The client ${candidate.detail}.`, fix: RESIGN, reproduced: true, signedCanonical: candidate.canonical });
      }
    }
    for (const variant of otherVariants(mac)) {
      if (!macMatches(mac, verified.canonical, request, credentials, variant, received)) continue;
      const hashWrong = variant.hash !== mac.hash;
      const cause: Cause = hashWrong ? 'wrong-algorithm' : 'secret-encoding';
      if (seen.has(cause)) continue;
      seen.add(cause);
      const keyWords = variant.key === mac.key ? '' : ` keyed with ${KEY_WORDS[variant.key]} instead of ${KEY_WORDS[mac.key]}`;
      const explanation = hashWrong
        ? `The signature is HMAC-${variant.hash.toUpperCase()}${keyWords}; this API requires HMAC-${mac.hash.toUpperCase()}.`
        : `The HMAC was keyed with ${KEY_WORDS[variant.key]}; this API keys it with ${KEY_WORDS[mac.key]}.`;
      found.push({ cause, explanation, fix: RESIGN, reproduced: true, signedCanonical: verified.canonical });
    }
  }

  return found;
}

/** Another API's rules, with the same credentials, that the request satisfies exactly. */
async function otherScheme(input: DiagnoseInput, model: DebugModel): Promise<Found | null> {
  const { request, credentials, now } = input;
  for (const other of SCHEMES) {
    if (other.id === model.schemeId || other.id === 'recipe' || !hasDebugModel(other.id)) continue;
    if (input.otherSchemes && !input.otherSchemes.includes(other.id)) continue;
    const v = await verifyQuietly(other.id, request, credentials, now);
    if (v?.valid) {
      return {
        cause: 'scheme-mismatch',
        explanation: `The request is signed correctly for ${other.title} (${other.id}), not for ${getScheme(model.schemeId).title}: the client used the other API’s rules.`,
        fix: { action: 'use-scheme', scheme: other.id },
        reproduced: true,
        signedCanonical: v.canonical,
      };
    }
  }
  return null;
}

/** What would still be refused with a matching signature: the timestamp and the nonce. */
function freshness(input: DiagnoseInput, model: DebugModel, read: ReadRequest): { found: Found[]; timing: DebugReport['timing'] } {
  const found: Found[] = [];
  const ts = read.timestamp;
  const sentUnits = ts ? (ts.units === 'iso' ? 'iso' : timestampAsSent(ts.raw).units) : 'none';
  const localSkewMs = ts?.atMs != null ? ts.atMs - input.now : null;
  const serverSkewMs = ts?.atMs != null && input.serverTime != null ? ts.atMs - input.serverTime : null;
  const unitsWrong = ts !== null && model.units !== 'none' && sentUnits !== 'none' && sentUnits !== model.units;
  if (unitsWrong && ts) {
    found.push({
      cause: 'timestamp-units',
      explanation: `${ts.where} is ${ts.raw}, which is ${UNIT_NAMES[sentUnits]}; this API wants ${UNIT_NAMES[model.units]}.`,
      fix: { action: 'resign', timestamp: 'now', nonce: 'keep' },
      reproduced: true,
      signedCanonical: null,
    });
  }
  const window = input.window;
  const skew = serverSkewMs ?? localSkewMs;
  if (!unitsWrong && ts && skew !== null && window && window.windowMs > 0 && Math.abs(skew) > window.windowMs) {
    const against = serverSkewMs !== null ? 'the exchange’s clock' : 'this computer’s clock';
    found.push({
      cause: 'timestamp-skew',
      explanation: `${ts.where} is ${skewWords(skew)} ${skew < 0 ? 'behind' : 'ahead of'} ${against}; the API accepts ±${formatDuration(window.windowMs)} (${window.source}). Sign just before sending${serverSkewMs !== null && localSkewMs !== null && Math.abs(serverSkewMs - localSkewMs) > 1000 ? `, and fix this computer’s clock: it is ${formatDuration(localSkewMs - serverSkewMs)} off the exchange’s` : ''}.`,
      fix: { action: 'resign', timestamp: 'now', nonce: 'keep' },
      reproduced: true,
      signedCanonical: null,
    });
  }
  const seenBefore = input.nonceSeenBefore ?? 0;
  if (read.nonce !== null && seenBefore > 0) {
    found.push({
      cause: 'replayed-nonce',
      explanation: `The nonce ${read.nonce} was already sent ${seenBefore === 1 ? 'once' : `${seenBefore} times`} with this key (Inspector history); a server refuses a nonce it has seen.`,
      fix: { action: 'resign', timestamp: 'now', nonce: 'fresh' },
      reproduced: true,
      signedCanonical: null,
    });
  }
  return {
    found,
    timing: {
      raw: ts?.raw ?? null,
      atMs: ts?.atMs ?? null,
      units: sentUnits,
      localSkewMs,
      serverSkewMs,
      serverTime: input.serverTime ?? null,
      windowMs: window?.windowMs ?? null,
      nonce: read.nonce,
      nonceSeenBefore: seenBefore,
    },
  };
}

/** A skew in words: formatDuration's, or hours and days when the clock is that far off. */
function skewWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * 86_400_000) return `${Math.round(abs / 86_400_000)} days`;
  if (abs >= 2 * 3_600_000) return `${Math.round(abs / 3_600_000)} hours`;
  return formatDuration(abs);
}

/** Signs the request again the way `fix` says; null when the scheme cannot sign it (the result says why). */
export async function applyFix(fix: Fix, input: DiagnoseInput, model: DebugModel, expectedSignature: string): Promise<SignResult | SignableRequest | null> {
  if (fix.action === 'reencode-signature') return model.withSignature(input.request, expectedSignature);
  if (fix.action === 'use-scheme') return resign(input, debugModel(fix.scheme), { action: 'resign', timestamp: 'keep', nonce: 'keep' });
  return resign(input, model, fix.action === 'resign' ? fix : RESIGN);
}

async function resign(input: DiagnoseInput, model: DebugModel, fix: ResignFix): Promise<SignResult | null> {
  const u = model.unsigned(input.request);
  let request = u.request;
  if (fix.timestamp === 'now' && model.withTimestamp) request = model.withTimestamp(request, writeTimestamp(input.now, model.units)) ?? request;
  if (fix.nonce === 'fresh' && model.withNonce) request = model.withNonce(request, { nonce: input.freshNonce, timestamp: input.now }) ?? request;
  try {
    return await getScheme(model.schemeId).sign(request, input.credentials, {
      timestamp: fix.timestamp === 'now' || u.timestamp === null ? input.now : u.timestamp,
      nonce: fix.nonce === 'fresh' || u.nonce === null ? input.freshNonce : u.nonce,
      ...((u.options ?? input.options) && { options: u.options ?? input.options }),
    });
  } catch {
    return null;
  }
}

/** The server's view: each check in a careful server's order, with what it saw. */
function serverView(read: ReadRequest, signatureOk: boolean, verified: VerifyResult, timing: DebugReport['timing'], window: DiagnoseInput['window']): ServerView {
  const checks: ServerView['checks'] = [];
  let failed = false;
  const add = (check: string, outcome: 'passed' | 'failed' | 'not-checked', detail: string) => {
    checks.push({ check, outcome: failed && outcome !== 'not-checked' ? 'not-reached' : outcome, detail: failed && outcome !== 'not-checked' ? 'an earlier check failed: a server stops there' : detail });
    if (outcome === 'failed') failed = true;
  };
  add('well formed', read.missing.length === 0 ? 'passed' : 'failed', read.missing.length === 0 ? 'every part the scheme needs is there' : read.missing.map((m) => m.component).join(', ') + ' missing');
  add('signature (constant-time comparison)', signatureOk ? 'passed' : 'failed', signatureOk ? 'matches the one recomputed from the request and the secret' : (verified.reason ?? 'does not match'));
  const skew = timing.serverSkewMs ?? timing.localSkewMs;
  if (timing.raw === null || skew === null) add('timestamp within the window', 'not-checked', 'the request carries no timestamp this scheme reads');
  else if (!window || window.windowMs <= 0) add('timestamp within the window', 'not-checked', 'this API documents no window');
  else add('timestamp within the window', Math.abs(skew) <= window.windowMs ? 'passed' : 'failed', `${skewWords(skew)} ${skew < 0 ? 'behind' : 'ahead of'} the clock; the window is ±${formatDuration(window.windowMs)}`);
  if (timing.nonce === null) add('nonce not seen before', 'not-checked', 'the request carries no nonce');
  else add('nonce not seen before', timing.nonceSeenBefore === 0 ? 'passed' : 'failed', timing.nonceSeenBefore === 0 ? 'no earlier request with this key sent it' : `sent ${timing.nonceSeenBefore} time(s) before with this key`);
  return { accepted: checks.every((c) => c.outcome === 'passed' || c.outcome === 'not-checked'), checks };
}

function rank(found: readonly Found[], server: DiagnoseInput['server']): Diagnosis[] {
  const hinted = server?.causes ?? [];
  const score = (f: Found): [number, number, number] => [f.reproduced ? 0 : 1, hinted.includes(f.cause) ? hinted.indexOf(f.cause) : hinted.length, CAUSES.indexOf(f.cause)];
  return [...found]
    .sort((a, b) => {
      const [x, y] = [score(a), score(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    })
    .map((f) => ({ ...f, fromServer: hinted.includes(f.cause) }));
}

/**
 * expected → received, for people: word by word (jsdiff's diffWordsWithSpace, so a reordered query reads as a moved
 * parameter, not as scattered letters), then character by character inside a replaced word that is mostly the same
 * (a letter's case, an escape, a digit), so the one changed character stands out.
 */
function diffOf(expected: string, received: string): DiffSegment[] {
  if (expected === received) return expected === '' ? [] : [{ op: 'equal', text: expected }];
  const words = diffWordsWithSpace(expected, received).map((c): DiffSegment => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
  const out: DiffSegment[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as DiffSegment;
    const b = words[i + 1];
    if (a.op === 'delete' && b?.op === 'insert') {
      const chars = diffChars(a.text, b.text);
      const same = chars.filter((c) => !c.added && !c.removed).reduce((n, c) => n + c.value.length, 0);
      if (same * 2 >= Math.max(a.text.length, b.text.length)) {
        for (const c of chars) out.push({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value });
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** Diagnoses one request. Bad input (an unknown scheme, credentials the scheme cannot use) throws an AppError. */
export async function diagnose(input: DiagnoseInput): Promise<DebugReport> {
  const scheme = getScheme(input.schemeId);
  if (!hasDebugModel(scheme.id)) throw new AppError('ERR_DEBUG_INPUT', `The debugger does not know the ${scheme.id} scheme yet.`);
  const base = debugModel(scheme.id);
  const model = base.forOptions?.(input.options) ?? base;
  const read = model.read(input.request, input.credentials);
  const verified = await scheme.verify(input.request, input.credentials, { now: input.now, windowMs: 0, ...(input.options && { options: input.options }) });

  const found: Found[] = read.missing.map((m) => ({
    cause: 'missing-component' as const,
    explanation: m.explanation,
    fix: { action: 'add-component' as const, component: m.component, where: m.where },
    reproduced: true,
    signedCanonical: null,
  }));
  const signatureOk = verified.valid;
  if (!signatureOk) {
    const mistakes = await signatureMistakes(input, model, read, verified);
    if (mistakes.length === 0) {
      const other = await otherScheme(input, model);
      if (other) mistakes.push(other);
    }
    found.push(...mistakes);
    const receivedMatches = read.signature !== null && verified.expected !== '' && signatureReadings(verified.expected).some((r) => encodingOf(read.signature ?? '', r.bytes) !== null);
    if (mistakes.length === 0 && read.missing.length === 0) {
      if (read.signature === null || read.signature === '') {
        found.push({ cause: 'missing-component', explanation: verified.reason ?? 'The request carries no signature.', fix: RESIGN, reproduced: true, signedCanonical: null });
      } else if (receivedMatches) {
        // The signature is right but verify still says no: another key named, or a part of the request it refuses.
        found.push({ cause: 'wrong-secret', explanation: verified.reason ?? 'The request does not match this key.', fix: { action: 'check-secret' }, reproduced: false, signedCanonical: null });
      } else {
        found.push({
          cause: 'wrong-secret',
          explanation: `No known mistake reproduces the received signature, and the request is otherwise well formed: it was most likely signed with another secret than this key’s. ${verified.reason ?? ''}`.trim(),
          fix: { action: 'check-secret' },
          reproduced: false,
          signedCanonical: null,
        });
      }
    }
  }
  const fresh = freshness(input, model, read);
  // A timestamp in the wrong units that the scheme cannot read was already reproduced as a signature mistake: once is enough.
  found.push(...fresh.found.filter((f) => !found.some((g) => g.cause === f.cause && g.reproduced)));
  if (found.length === 0 && input.server && input.server.causes.length > 0) {
    if (signatureOk && input.server.causes.includes('wrong-secret')) {
      // Signed right with this key, refused by the server: the server holds another secret for this API key.
      found.push({
        cause: 'wrong-secret',
        explanation: `The request is signed correctly with this key’s secret, yet the server answered ${input.server.code} (${input.server.meaning}). The server holds another secret for this API key: the one in the vault was mistyped, rotated or belongs to another key or environment.`,
        fix: { action: 'check-secret' },
        reproduced: true,
        signedCanonical: null,
      });
    } else {
      const cause = input.server.causes[0] as Cause;
      found.push({ cause, explanation: `The server answered ${input.server.code}: ${input.server.meaning} Signet cannot reproduce it from the request: check it against what the server received.`, fix: RESIGN, reproduced: false, signedCanonical: null });
    }
  }

  const diagnosis = rank(found, input.server);
  const keep = await resign(input, model, RESIGN);
  let fixed: SignableRequest | null = null;
  const first = diagnosis[0];
  if (first) {
    // Every resign the diagnoses ask for at once: a skewed timestamp and a replayed nonce are one new signature.
    const resigns = diagnosis.map((d) => d.fix).filter((f): f is ResignFix => f.action === 'resign');
    const fix: Fix =
      first.fix.action === 'resign' || first.fix.action === 'add-component' || first.fix.action === 'check-secret'
        ? { action: 'resign', timestamp: resigns.some((f) => f.timestamp === 'now') ? 'now' : 'keep', nonce: resigns.some((f) => f.nonce === 'fresh') ? 'fresh' : 'keep' }
        : first.fix;
    const applied = await applyFix(fix, input, model, verified.expected);
    fixed = applied === null ? null : 'canonical' in applied ? applied.request : applied;
  }
  const receivedCanonical = diagnosis.find((d) => d.signedCanonical !== null)?.signedCanonical ?? verified.canonical;
  return {
    valid: diagnosis.length === 0,
    scheme: scheme.id,
    schemeReason: input.schemeReason ?? 'given',
    expected: { canonical: verified.canonical, signature: verified.expected || keep?.signature || '' },
    received: { signature: read.signature, canonical: receivedCanonical },
    diff: diffOf(verified.canonical, receivedCanonical),
    steps: keep?.steps.map((s) => ({ ...s })) ?? [],
    timing: fresh.timing,
    serverError: input.server ? { code: input.server.code, meaning: input.server.meaning } : null,
    diagnosis,
    serverView: serverView(read, signatureOk, verified, fresh.timing, input.window),
    fixed: fixed && { method: fixed.method, url: fixed.url, headers: { ...fixed.headers }, body: fixed.body },
  };
}

