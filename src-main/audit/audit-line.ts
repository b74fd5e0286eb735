/**
 * One line of the audit log (docs/audit.md#the-line): canonical JSON of the event and its place in the chain, with
 * its MAC appended last,
 *
 *   {"actor":"cli","after":11,"at":"…","details":{…},"entry":{"id":"…","label":"…"},"seq":12,"type":"key.used","v":1,"mac":"…"}
 *
 * - `seq`: the line's number, from 1, with no gaps.
 * - `after`: the line count the vault's sealed head vouched for when the line was appended. Every line one append
 *   writes carries the same `after`, so lines past the head that all carry the head's count are an append the process
 *   did not finish (a crash), and any others are not.
 * - `queued`: the id the event had in the queue file while the vault was locked (absent for events chained at once).
 * - `mac`: HMAC-SHA256 under the audit key (an HKDF subkey of the vault key) of
 *   `signet-audit/v1\n` + the previous line's mac (empty for line 1) + `\n` + the line without its mac, which is
 *   exactly the text before `,"mac":`. Changing, dropping or moving any line breaks the next line's check too.
 *
 * Pure: no files, no clock.
 */
import { createHmac } from 'node:crypto';
import { AUDIT_ACTORS, AUDIT_TYPES, type AuditActor, type AuditEntryRef, type AuditEvent, type AuditType, type AuditValue } from '../contract/audit';
import { canonicalJson } from './canonical-json';

export const LINE_VERSION = 1;
const MAC_PREFIX = `signet-audit/v${LINE_VERSION}\n`;
/** `,"mac":"<44 base64 characters>"}`: the fixed tail every line ends with. */
const MAC_TAIL = /^,"mac":"[A-Za-z0-9+/]{43}="\}$/;
const TAIL_LENGTH = 54;
const TYPES: ReadonlySet<string> = new Set(AUDIT_TYPES);
const ACTORS: ReadonlySet<string> = new Set(AUDIT_ACTORS);

/** What an event says, before it has a place in the chain. */
export interface AuditFields {
  readonly at: string;
  readonly type: AuditType;
  readonly actor: AuditActor;
  readonly entry: AuditEntryRef | null;
  readonly details: Readonly<Record<string, AuditValue>>;
  readonly queued?: string;
}

/** A line as parsed from the file. */
export interface AuditLine extends AuditFields {
  readonly v: number;
  readonly seq: number;
  readonly after: number;
  readonly mac: string;
}

/** Where the chain stands: the last line's number and MAC (0 and '' before the first line). */
export interface ChainPoint {
  readonly seq: number;
  readonly mac: string;
}

export const GENESIS: ChainPoint = { seq: 0, mac: '' };

/** The MAC of a line's text without its mac (`body`), following the line whose MAC is `prevMac`. */
export function lineMac(key: Uint8Array, prevMac: string, body: string): string {
  return createHmac('sha256', key).update(MAC_PREFIX).update(prevMac).update('\n').update(body).digest('base64');
}

/** The next line of the chain after `prev`: its text (no newline) and the point it moves the chain to. */
export function chainLine(key: Uint8Array, prev: ChainPoint, after: number, fields: AuditFields): { text: string; point: ChainPoint } {
  const seq = prev.seq + 1;
  const body = canonicalJson({ v: LINE_VERSION, seq, after, at: fields.at, type: fields.type, actor: fields.actor, entry: fields.entry, details: fields.details, queued: fields.queued });
  const mac = lineMac(key, prev.mac, body);
  return { text: `${body.slice(0, -1)},"mac":"${mac}"}`, point: { seq, mac } };
}

/** The line's text before its MAC, and the MAC; null when the line does not end the way every line does. */
export function splitMac(text: string): { body: string; mac: string } | null {
  // The tail has a fixed length: test just that much of the line.
  const at = text.length - TAIL_LENGTH;
  if (at < 1 || !MAC_TAIL.test(text.slice(at))) return null;
  return { body: `${text.slice(0, at)}}`, mac: text.slice(at + 8, at + 8 + 44) };
}

const isEntry = (v: unknown): v is AuditEntryRef | null =>
  v === null || (typeof v === 'object' && !Array.isArray(v) && typeof (v as AuditEntryRef).id === 'string' && typeof (v as AuditEntryRef).label === 'string');
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses one line; `error` says what is wrong with it in a few words. Never throws. */
export function parseLine(text: string): { line: AuditLine; body: string } | { error: string } {
  const split = splitMac(text);
  if (!split) return { error: 'it does not end with a MAC' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'it is not valid JSON' };
  }
  const o = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'it is not a JSON object' };
  if (o.v !== LINE_VERSION) return { error: `it has format version ${JSON.stringify(o.v)}, not ${LINE_VERSION}` };
  if (!isCount(o.seq) || o.seq < 1) return { error: 'its seq is not a line number' };
  if (!isCount(o.after) || o.after >= o.seq) return { error: 'its "after" is not a line count before it' };
  if (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at))) return { error: 'its time is not a date' };
  if (typeof o.type !== 'string' || !TYPES.has(o.type)) return { error: `its type ${JSON.stringify(o.type).slice(0, 40)} is not an audit event type` };
  if (typeof o.actor !== 'string' || !ACTORS.has(o.actor)) return { error: 'its actor is not app, cli or browser-host' };
  if (!isEntry(o.entry)) return { error: 'its entry is not {id, label} or null' };
  if (typeof o.details !== 'object' || o.details === null || Array.isArray(o.details)) return { error: 'its details are not an object' };
  if (o.queued !== undefined && typeof o.queued !== 'string') return { error: 'its queue id is not text' };
  return { line: o as unknown as AuditLine, body: split.body };
}

/** The line as the Audit page gets it. */
export function toEvent(line: AuditLine): AuditEvent {
  return {
    seq: line.seq,
    at: line.at,
    type: line.type,
    actor: line.actor,
    entry: line.entry === null ? null : { id: line.entry.id, label: line.entry.label },
    details: line.details as AuditEvent['details'],
    queued: line.queued !== undefined,
  };
}
