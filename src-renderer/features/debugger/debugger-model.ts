/**
 * The Debugger's rules as pure functions: the inputs as the contract's `debug:run` input (or the one line that says
 * which input is wrong, before anything is sent), which input an error from main concerns, the string-to-sign diff
 * as drawn (whitespace made visible), the fix in words, and durations as a person reads them.
 */
import type { DebugRunInput, DiffSegment, Fix } from '../../../src-main/contract/debug';
import type { DebuggerInputs, SourceKind } from './debugger-slice';

/** The inputs an error can point at. `general`: shown above the results. */
export type InputField = 'source' | 'entry' | 'record' | 'scheme' | 'key' | 'response' | 'general';

export interface InputProblem {
  readonly field: InputField;
  readonly message: string;
}

const MAX_PASTE_BYTES = 1024 * 1024;
const MAX_HAR_BYTES = 16 * 1024 * 1024;

/** The largest file each source reads (the contract's bounds). */
export function maxFileBytes(kind: Exclude<SourceKind, 'record'>): number {
  return kind === 'har' ? MAX_HAR_BYTES : MAX_PASTE_BYTES;
}

const SOURCE_WHAT: Record<Exclude<SourceKind, 'record'>, string> = { http: 'the raw HTTP request', curl: 'the curl command', har: 'the HAR file' };

/** The `debug:run` input for these inputs and key, or the problem with one of them. */
export function runInput(inputs: DebuggerInputs, entryId: string | null): { input: DebugRunInput } | { problem: InputProblem } {
  let source: DebugRunInput['source'];
  if (inputs.source === 'record') {
    if (!inputs.recordId) return { problem: { field: 'record', message: 'Choose a sent request from the Inspector.' } };
    source = { kind: 'record', recordId: inputs.recordId };
  } else {
    const text = inputs.texts[inputs.source];
    if (text.trim() === '') return { problem: { field: 'source', message: `Paste ${SOURCE_WHAT[inputs.source]} to debug, or drop its file here.` } };
    if (inputs.source === 'har') {
      const entry = inputs.harEntry.trim();
      if (entry !== '' && !/^\d{1,6}$/.test(entry)) return { problem: { field: 'entry', message: 'The entry is a number: 0 for the first entry of the HAR.' } };
      source = { kind: 'har', text, ...(entry !== '' && { entry: Number(entry) }) };
    } else {
      source = { kind: inputs.source, text };
    }
  }
  let key: DebugRunInput['key'];
  if (inputs.keyMode === 'session') key = { session: true };
  else if (entryId) key = { entryId };
  else return { problem: { field: 'key', message: 'Choose a key from the vault, or paste credentials for this session.' } };

  const status = inputs.responseStatus.trim();
  const body = inputs.responseBody;
  let response: DebugRunInput['response'] = null;
  if (status !== '' || body.trim() !== '') {
    if (status !== '' && !/^[1-5]\d\d$/.test(status)) return { problem: { field: 'response', message: 'The status is a three-digit HTTP code, such as 401.' } };
    if (body.length > 65_536) return { problem: { field: 'response', message: 'The answer’s body is limited to 64 KiB here; paste the part with the error.' } };
    response = { status: status === '' ? null : Number(status), body };
  }
  return { input: { source, scheme: inputs.scheme, key, response, serverTime: inputs.serverTime } };
}

/** Which input an error from main is about, and its message as this page says it. */
export function problemOf(code: string, message: string, source: SourceKind): InputProblem {
  if (/credentials for this session|Paste at least the secret/.test(message)) return { field: 'key', message };
  if (code === 'ERR_DEBUG_INPUT' && /^Could not tell the scheme/.test(message)) {
    return { field: 'scheme', message: 'Could not tell the scheme from the request’s headers, host or parameters: choose it here.' };
  }
  if (code === 'ERR_DEBUG_INPUT' && /does not know the .* scheme/.test(message)) return { field: 'scheme', message };
  if (code === 'ERR_UNKNOWN_SCHEME' || (code === 'ERR_SIGNING_INPUT' && /^scheme: /.test(message))) return { field: 'scheme', message: message.replace(/^scheme: /, '') };
  if (code === 'ERR_RECORD_NOT_FOUND' || (source === 'record' && code === 'ERR_DEBUG_INPUT')) return { field: 'record', message };
  if (code === 'ERR_ENTRY_NOT_FOUND' || code === 'ERR_VAULT_LOCKED' || code === 'ERR_CREDENTIALS_INVALID') return { field: 'key', message };
  if (source === 'har' && /^entry \d+:/.test(message)) return { field: 'entry', message };
  if (code === 'ERR_DEBUG_INPUT' || code === 'ERR_SIGNING_INPUT') return { field: 'source', message };
  return { field: 'general', message };
}

/** One drawn piece of the diff: its kind, the text as drawn, and whether it is a whitespace mark (↵ · →). */
export interface DiffPiece {
  readonly op: DiffSegment['op'];
  readonly text: string;
  readonly mark: boolean;
}

const MARKS: Record<string, string> = { '\n': '↵', '\r': '␍', '\t': '→', ' ': '·' };

/**
 * The pieces one side of the side-by-side diff draws: `expected` shows the equal and deleted text (what the API
 * signs), `received` the equal and inserted text (what the request implies). Line breaks show as ↵ and still break
 * the line; in a changed piece spaces and tabs show as · and →, so a stray space is visible; an empty changed piece
 * on one side shows nothing on that side.
 */
export function diffPieces(diff: readonly DiffSegment[], side: 'expected' | 'received'): DiffPiece[] {
  const keep = side === 'expected' ? 'delete' : 'insert';
  const out: DiffPiece[] = [];
  for (const seg of diff) {
    if (seg.op !== 'equal' && seg.op !== keep) continue;
    const visible = seg.op === 'equal' ? /[\r\n]/ : /[\r\n\t ]/;
    let run = '';
    for (const ch of seg.text) {
      if (visible.test(ch)) {
        if (run) out.push({ op: seg.op, text: run, mark: false });
        run = '';
        out.push({ op: seg.op, text: MARKS[ch]! + (ch === '\n' ? '\n' : ''), mark: true });
      } else run += ch;
    }
    if (run) out.push({ op: seg.op, text: run, mark: false });
  }
  return out;
}

/** How many characters differ on each side. */
export function diffCounts(diff: readonly DiffSegment[]): { deleted: number; inserted: number } {
  let deleted = 0;
  let inserted = 0;
  for (const s of diff) {
    if (s.op === 'delete') deleted += [...s.text].length;
    if (s.op === 'insert') inserted += [...s.text].length;
  }
  return { deleted, inserted };
}

/** The fix in one sentence. */
export function fixText(fix: Fix): string {
  switch (fix.action) {
    case 'resign': {
      const ts = fix.timestamp === 'now' ? 'a fresh timestamp' : 'the request’s own timestamp';
      const nonce = fix.nonce === 'fresh' ? 'a new nonce' : 'the same nonce';
      return `Sign it again the way the API expects, with ${ts} and ${nonce}.`;
    }
    case 'reencode-signature':
      return `Write the signature as ${fix.to}, not ${fix.from}.`;
    case 'use-scheme':
      return `Sign it with the ${fix.scheme} scheme.`;
    case 'add-component':
      return fix.where === 'credentials' ? `Add the key’s ${fix.component}.` : `Add ${fix.component} to the request’s ${fix.where}.`;
    case 'check-secret':
      return 'Check that the secret belongs to this API key (and to this environment).';
  }
}

/** "+1.2 s", "−3 min 5 s": a signed offset. */
export function formatOffset(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  return `${sign}${formatSpan(Math.abs(ms))}`;
}

/** "850 ms", "1.2 s", "3 min 5 s", "2 h 4 min", "3 days". */
export function formatSpan(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(a)} ms`;
  if (a < 60_000) return `${(a / 1000).toFixed(a < 10_000 ? 1 : 0)} s`;
  const rest = (n: number, unit: string) => (n === 0 ? '' : ` ${n} ${unit}`);
  if (a < 3_600_000) return `${Math.floor(a / 60_000)} min${rest(Math.round((a % 60_000) / 1000), 's')}`;
  if (a < 86_400_000) return `${Math.floor(a / 3_600_000)} h${rest(Math.round((a % 3_600_000) / 60_000), 'min')}`;
  return `${Math.round(a / 86_400_000)} days`;
}

/** Which source a dropped file is: a HAR (JSON), a curl command, else raw HTTP. */
export function sourceOfFile(name: string, text: string): Exclude<SourceKind, 'record'> {
  if (/\.har$/i.test(name) || /^\s*\{/.test(text)) return 'har';
  if (/^\s*curl\s/.test(text) || /\.(sh|curl)$/i.test(name)) return 'curl';
  return 'http';
}
