/**
 * Verifies the audit log's text against the head the vault keeps sealed (docs/audit.md#what-verify-says) and names
 * the first line that is wrong and how:
 *
 *   a line that fails its MAC                          → edited
 *   a line whose seq is not its place in the file      → deleted (lines are missing before it) or reordered
 *   fewer lines than the sealed head vouches for       → truncated (the file gone altogether: missing)
 *   a line after the head that does not chain from it  → forged (appended by something without the vault key)
 *   lines after the head that chain but name a later head than the vault's → beyond-head (an older vault file)
 *
 * Two things a crash can leave are not tampering, and verification passes over them: whole lines after the head
 * that chain from it and carry its count (an append whose head write did not happen; the next append adopts them),
 * and a partial last line (a crash while writing it; not checked, taken out at the next append).
 *
 * Pure: the caller reads the files and passes the keys; nothing is written. It yields to the event loop every few
 * thousand lines, so checking a long log (100,000 lines: about half a second here) never freezes the main process.
 */
import type { AuditProblem, AuditVerification } from '../contract/audit';
import { GENESIS, lineMac, parseLine, type AuditLine, type ChainPoint } from './audit-line';

export interface VerifyInput {
  readonly path: string;
  readonly queuePath: string;
  /** The log's text; null when there is no file; `unreadable`: why it could not be read (a link, a folder). */
  readonly text: string | null | { readonly unreadable: string };
  /** What the sealed head vouches for ({0, ''} when there is none yet): the newer of audit.head's and the vault file's. */
  readonly head: ChainPoint;
  /** The count the vault file's own head vouches for. */
  readonly vaultHead: number;
  /** Why audit.head could not be used, when it could not (then only the vault file's head is checked against). */
  readonly headFile?: string | null;
  /** The audit key line `seq` was MAC'd with (the key changes when the passphrase does). */
  readonly keyFor: (seq: number) => Uint8Array;
  /** Events waiting in the queue file. */
  readonly pending: number;
  readonly now: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const span = (a: number, b: number) => (a === b ? `line ${a}` : `lines ${a}–${b}`);
/** `2026-11-28 12:00:00Z` */
export const shownTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

const YIELD_EVERY = 4096;
const turn = () => new Promise<void>((r) => setImmediate(r));

export async function verifyAuditLog(input: VerifyInput): Promise<AuditVerification> {
  const { path, head } = input;
  const base = { path, sealedLines: head.seq, vaultSealedLines: input.vaultHead, pending: input.pending, checkedAt: input.now };
  if (input.text !== null && typeof input.text === 'object') {
    const problem: AuditProblem = { line: 1, kind: 'unreadable', message: `The audit log ${path} cannot be checked: ${input.text.unreadable}.` };
    return { ...base, ok: false, status: 'tampered', lines: 0, verifiedLines: 0, problem, incompleteLastLine: null, unsealedTail: null, queued: [], summary: [problem.message, pendingSentence(input, false)].filter((x): x is string => x !== null) };
  }
  const text = input.text ?? '';
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const incomplete = last === '' ? null : { bytes: Buffer.byteLength(last, 'utf8') };
  const n = parts.length;
  let problem: AuditProblem | null = null;
  let prev: ChainPoint = GENESIS;
  let verified = 0;
  const queued = new QueuedGroups();
  const past = (pos: number) => pos > head.seq;
  const forged = (pos: number, why: string): AuditProblem => ({
    line: pos,
    kind: 'forged',
    message: `Line ${pos} comes after the last line the vault's sealed head vouches for (${head.seq === 0 ? 'none yet' : `line ${head.seq}`}) and ${why}: it was appended by something without this vault's key (forged).`,
  });

  for (let i = 0; i < n && !problem; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await turn();
    const pos = i + 1;
    const p = parseLine(parts[i] as string);
    if ('error' in p) {
      problem = past(pos) ? forged(pos, `is not a line Signet wrote (${p.error})`) : { line: pos, kind: 'malformed', message: `Line ${pos} is not a line Signet wrote (${p.error}): it was edited or damaged.` };
      break;
    }
    const { line, body } = p;
    if (line.seq !== pos) {
      if (past(pos)) problem = forged(pos, `holds event ${line.seq} where event ${pos} belongs`);
      else if (line.seq > pos && !laterHolds(parts, i + 1, pos, line.seq)) {
        const gone = line.seq - pos;
        problem = { line: pos, kind: 'deleted', message: `Line ${pos} holds event ${line.seq} where event ${pos} belongs: ${plural(gone, 'line')} before it (${gone === 1 ? `event ${pos}` : `events ${pos}–${line.seq - 1}`}) ${gone === 1 ? 'was' : 'were'} deleted.` };
      } else problem = { line: pos, kind: 'reordered', message: `Line ${pos} holds event ${line.seq} where event ${pos} belongs: lines were moved (reordered) or copied.` };
      break;
    }
    if (lineMac(input.keyFor(line.seq), prev.mac, body) !== line.mac) {
      problem = past(pos)
        ? forged(pos, line.seq === 1 ? 'does not check with this vault\'s key (a log of another vault, or a made-up line)' : 'does not chain from the line before it (its MAC does not check)')
        : { line: pos, kind: 'edited', message: `Line ${pos} (${line.type} at ${shownTime(line.at)}) fails its MAC: it was edited after Signet wrote it.` };
      break;
    }
    if (pos === head.seq && line.mac !== head.mac) {
      problem = { line: pos, kind: 'edited', message: `Line ${pos} checks, but it is not the line the vault's sealed head vouches for: the log was replaced by another one.` };
      break;
    }
    if (past(pos) && line.after !== head.seq) {
      problem = {
        line: pos,
        kind: 'beyond-head',
        message: `${span(head.seq + 1, n).replace(/^l/, 'L')} chain correctly, but line ${pos} was appended when the sealed head was at line ${line.after}, and the vault's head is at line ${head.seq}: the vault file is older than the log (an older vault.json put back, or opened by choice), or the lines were written by something holding the vault key.`,
      };
      break;
    }
    queued.add(line);
    prev = { seq: line.seq, mac: line.mac };
    verified = pos;
  }

  if (!problem && n < head.seq) {
    problem =
      input.text === null
        ? { line: 1, kind: 'missing', message: `The audit log ${path} is missing, but the vault's sealed head vouches for ${plural(head.seq, 'line')}: it was deleted or moved.` }
        : { line: n + 1, kind: 'truncated', message: `The log ends at line ${n}, but the vault's sealed head vouches for ${plural(head.seq, 'line')}: the last ${plural(head.seq - n, 'line')} (${span(n + 1, head.seq)}) ${head.seq - n === 1 ? 'was' : 'were'} removed (truncated).` };
  }
  const ok = problem === null;
  const unsealedTail = ok && n > head.seq ? { from: head.seq + 1, to: n } : null;
  const groups = queued.done();
  const summary: string[] = [];
  if (problem) {
    summary.push(problem.message);
    if (verified > 0) summary.push(`${span(1, verified).replace(/^l/, 'L')} verify.`);
  } else if (n === 0) summary.push(incomplete ? `The audit log ${path} holds no whole line yet.` : `The audit log ${path} is empty: nothing has been recorded yet.`);
  else summary.push(`The audit log ${path} is intact: ${plural(n, 'line')}, each chained to the one before${head.seq > 0 ? `, ${head.seq === n ? 'all' : head.seq.toLocaleString('en-US')} vouched for by the sealed head` : ''}.`);
  if (input.headFile) summary.push(`${input.headFile}.`);
  if (unsealedTail) {
    summary.push(`${span(unsealedTail.from, unsealedTail.to).replace(/^l/, 'L')} ${unsealedTail.from === unsealedTail.to ? 'was' : 'were'} appended just before the process stopped, before the vault's sealed head was updated (a crash): ${unsealedTail.from === unsealedTail.to ? 'it chains' : 'they chain'} from line ${head.seq}, and the next append adopts ${unsealedTail.from === unsealedTail.to ? 'it' : 'them'}.`);
  }
  if (incomplete && ok) summary.push(`The last line is incomplete (${plural(incomplete.bytes, 'byte')}; a crash while writing it): it is not checked, and the next append takes it out.`);
  for (const g of groups) {
    const when = g.chainedBy.type === 'vault.unlocked' ? `at the unlock of ${shownTime(g.chainedAt)} (line ${g.chainedBy.line})` : `on ${shownTime(g.chainedAt)} (line ${g.chainedBy.line}, ${g.chainedBy.type})`;
    summary.push(`${plural(g.count, 'event')} recorded while the vault was locked (${span(g.from, g.to)}) ${g.count === 1 ? 'was' : 'were'} not authenticated until ${g.count === 1 ? 'it was' : 'they were'} chained, ${when}.`);
  }
  const waiting = pendingSentence(input, ok);
  if (waiting) summary.push(waiting);
  return { ...base, ok, status: ok ? (n === 0 && !incomplete ? 'empty' : 'intact') : 'tampered', lines: n, verifiedLines: verified, problem, incompleteLastLine: incomplete, unsealedTail, queued: groups, summary };
}

/** Whether a line from `from` on holds a seq in [lo, hi): then the lines were moved, not deleted. */
function laterHolds(parts: readonly string[], from: number, lo: number, hi: number): boolean {
  for (let j = from; j < parts.length; j++) {
    const m = /"seq":(\d+)/.exec(parts[j] as string);
    const s = m ? Number(m[1]) : NaN;
    if (s >= lo && s < hi) return true;
  }
  return false;
}

function pendingSentence(input: VerifyInput, ok: boolean): string | null {
  if (input.pending === 0) return null;
  const what = `${plural(input.pending, 'event')} recorded while the vault was locked ${input.pending === 1 ? 'waits' : 'wait'} in ${input.queuePath}`;
  return ok
    ? `${what} to be chained at the next unlock; ${input.pending === 1 ? 'it is' : 'they are'} not authenticated until then.`
    : `${what}: Signet does not append to a log that fails verification. Keep the log as evidence; \`signet audit reset\` sets it aside and starts a new one with ${input.pending === 1 ? 'it' : 'them'}.`;
}

/**
 * Runs of lines chained from the queue, each with the line of the same append that chained them, gathered as the
 * lines go by (a long log is not kept in memory for it).
 */
class QueuedGroups {
  readonly #groups: AuditVerification['queued'] = [];
  #open: { from: AuditLine; to: AuditLine; count: number } | null = null;

  add(line: AuditLine): void {
    const g = this.#open;
    if (line.queued !== undefined) {
      if (g && g.from.after === line.after && g.to.seq === line.seq - 1) {
        g.to = line;
        g.count++;
      } else {
        this.#close(g?.to ?? null);
        this.#open = { from: line, to: line, count: 1 };
      }
      return;
    }
    if (g) this.#close(g.from.after === line.after ? line : g.to);
  }

  /** Ends the open run: `by` chained it (its last line when nothing else of its append followed). */
  #close(by: AuditLine | null): void {
    const g = this.#open;
    this.#open = null;
    if (!g || !by) return;
    this.#groups.push({ from: g.from.seq, to: g.to.seq, count: g.count, chainedAt: by.at, chainedBy: { line: by.seq, type: by.type } });
  }

  done(): AuditVerification['queued'] {
    if (this.#open) this.#close(this.#open.to);
    return this.#groups;
  }
}
