/**
 * `signet rotate ENTRY`: rotates a key. Where the provider has a key API (the sandbox), Signet creates the new key,
 * verifies it, switches to it and revokes the old one after the overlap; otherwise it prints the guided steps and
 * reads the new credentials (prompted on a terminal, or as JSON / `field=value` lines on stdin), verifies them with a
 * signed read-only call and switches. A rotation already in progress is resumed (or, with --finish, --rollback,
 * --cancel, steered). Exit 0 when the key was rotated (or the run moved on), 1 when a step failed, 2 on bad input.
 */
import { AppError } from '../../base/errors';
import type { RotationRun } from '../../contract/rotation';
import { ENDED_RUN_STATES, OverlapMinutes } from '../../contract/rotation';
import type { Credentials } from '../../contract/schemas';
import { CREDENTIAL_LABELS, type CredentialField } from '../../contract/providers';
import { flag, printable, str, usageError } from '../args';
import type { Command } from '../command';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../exit-code';
import type { Output } from '../output';
import { cliRotation } from '../rotation-context';
import { ensureUnlocked } from '../unlock';

/** `90m`, `1h`, `2d`, `0` → minutes. */
export function parseDurationMinutes(value: string, flagName: string): number {
  const m = /^(\d{1,6})\s*(m|min|h|d)?$/i.exec(value.trim());
  if (!m) throw usageError(`${flagName}: "${printable(value)}" is not a duration; use e.g. 0, 30m, 1h or 7d.`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  const minutes = unit === 'd' ? n * 1440 : unit === 'h' ? n * 60 : n;
  if (!OverlapMinutes.safeParse(minutes).success) throw usageError(`${flagName}: at most 30 days.`);
  return minutes;
}

/** `7d`, `7`, `0` → days (0 to 365): how long a guided rotation keeps the old key. */
export function parseArchiveDays(value: string): number {
  const m = /^(\d{1,3})\s*d?$/i.exec(value.trim());
  const days = m ? Number(m[1]) : NaN;
  if (!(days >= 0 && days <= 365)) throw usageError(`--archive: "${printable(value)}" is not a number of days from 0 to 365; use e.g. 7d (0 erases the old key at the switch).`);
  return days;
}

const SECRET_FIELDS = new Set(['secret', 'passphrase', 'privateKeyPem', 'secretAccessKey', 'sessionToken']);

/** Credentials from stdin: a JSON object, or `field=value` lines. */
function parseCredentials(text: string): Partial<Credentials> {
  const t = text.trim();
  if (t.startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(t);
    } catch {
      throw usageError('The new credentials on standard input are not valid JSON. Give {"apiKey": "…", "secret": "…"} or field=value lines.');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw usageError('The new credentials must be a JSON object of field names and values.');
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Partial<Credentials>;
  }
  const out: Record<string, string> = {};
  for (const line of t.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw usageError(`The line "${printable(line.slice(0, 40))}" on standard input is not field=value.`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out as Partial<Credentials>;
}

function renderRun(out: Output, run: RotationRun): void {
  for (const s of run.steps) {
    const mark = s.outcome === 'ok' ? out.green('✓') : s.outcome === 'failed' ? out.red('✗') : out.yellow('–');
    out.line(`${mark} ${s.step.padEnd(13)} ${out.dim(s.at.slice(0, 19).replace('T', ' '))}  ${printable(s.detail)}`);
  }
  const where: Record<string, string> = {
    overlap: `The old key stays valid until ${run.keepOldUntil}; run \`signet rotate\` again after that (or keep the app open) to revoke it, or now with --finish.`,
    archived: `The old key is kept for rollback until ${run.keepOldUntil} (--rollback goes back to it, --finish erases it now).`,
    'awaiting-credentials': 'Waiting for the new key.',
    revoking: 'Revoking the old key did not finish; run `signet rotate` again to retry, or --abandon to stop (then delete the old key at the provider).',
    'rolling-back': 'Rolling back did not finish; run `signet rotate` again to retry, or --abandon to stop (then delete the new key at the provider).',
  };
  out.line();
  out.line(`${out.bold(run.state)}${where[run.state] ? `  ${where[run.state]}` : ''}`);
  if (run.error) out.line(out.red(printable(run.error.message)));
}

async function readNewCredentials(ctx: CliContext, fields: readonly string[]): Promise<Partial<Credentials>> {
  if (ctx.prompter.canPrompt) {
    const out: Record<string, string> = {};
    for (const f of fields) {
      const v = (await ctx.prompter.ask(`New ${CREDENTIAL_LABELS[f as CredentialField] ?? f}: `, { hidden: SECRET_FIELDS.has(f) })).trim();
      if (v) out[f] = v;
    }
    return out as Partial<Credentials>;
  }
  return parseCredentials(await ctx.prompter.readAll(64 * 1024));
}

export const rotate: Command = {
  name: 'rotate',
  summary: 'Rotate a key: automated where the provider has a key API, else guided',
  synopsis: 'rotate ENTRY [--overlap DURATION | --archive DAYS] [--finish | --rollback | --cancel | --abandon] [--yes]',
  details: [
    '  ENTRY              the key (an id, a unique id prefix or a unique label)',
    '  --overlap D        automated: how long the old key stays valid after the switch (default 1h; 0 revokes',
    '                     it at once; e.g. 30m, 2h, 1d; at most 30d)',
    '  --archive DAYS     guided: days the old key is kept for rollback before it is erased (default 7d; 0-365)',
    '  --finish           end the overlap or the archive now: revoke or erase the old key',
    '  --rollback         go back to the old key while it is still kept',
    '  --cancel           stop a rotation before its switch (a key made for it is revoked)',
    '  --abandon          end a rotation that cannot finish (the provider keeps refusing): the key in use stays,',
    '                     and the key left active at the provider is named, to delete there',
    '  --yes              confirm a production key\'s key-API call without being asked',
    '',
    'Automated (the embedded sandbox; set SIGNET_SANDBOX_URL to the running one): creates a new key with the',
    'same scopes (signed with the current key), verifies it with a signed read-only call, switches, and revokes',
    'the old key after the overlap. Guided (every exchange): prints where to make the new key and what to tick,',
    'then reads it — prompted on a terminal, else from stdin as JSON {"apiKey": …, "secret": …} or field=value',
    'lines — verifies it with a signed read-only call and switches; the old key is kept for rollback.',
    'Each step is written to the vault before it is taken: a rotation interrupted anywhere resumes here.',
    'Exit codes: 0 rotated (or moved on), 1 a step failed (the current key still works), 2 bad input.',
  ].join('\n'),
  options: { overlap: { type: 'string' }, archive: { type: 'string' }, finish: { type: 'boolean' }, rollback: { type: 'boolean' }, cancel: { type: 'boolean' }, abandon: { type: 'boolean' }, yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: ['ENTRY'] },
  async run(ctx, { values, positionals }) {
    const overlap = str(values, 'overlap');
    const archive = str(values, 'archive');
    const overlapMinutes = overlap === undefined ? undefined : parseDurationMinutes(overlap, '--overlap');
    const archiveDays = archive === undefined ? undefined : parseArchiveDays(archive);
    const actions = (['finish', 'rollback', 'cancel', 'abandon'] as const).filter((a) => flag(values, a));
    if (actions.length > 1) throw usageError(`Give one of --finish, --rollback, --cancel, --abandon, not ${actions.map((a) => `--${a}`).join(' and ')}.`);
    await ensureUnlocked(ctx);
    const entry = ctx.vault.resolve(positionals[0] as string);
    const { service, close } = cliRotation(ctx, { yes: flag(values, 'yes') });
    const mode = service.modeOf(entry.provider);
    if (mode === 'guided' && overlapMinutes !== undefined) throw usageError(`--overlap is for keys Signet rotates through a key API; ${printable(entry.label)} rotates the guided way: use --archive DAYS.`);
    if (mode === 'automated' && archiveDays !== undefined) throw usageError(`--archive is for guided rotations; ${printable(entry.label)} rotates through its key API: use --overlap DURATION.`);
    const { out } = ctx;
    try {
      let run: RotationRun | null;
      const action = actions[0];
      if (action) run = await service[action](entry.id);
      else {
        const existing = ctx.vault.rotationRecord(entry.id).run;
        if (existing) {
          // Asked by a person: a step waiting to be retried is tried now.
          await service.drive(entry.id, { force: true });
          run = await service.settled(entry.id);
        } else {
          await service.start(entry.id, { ...(overlapMinutes !== undefined && { overlapMinutes }), ...(archiveDays !== undefined && { archiveDays }) });
          run = await service.settled(entry.id);
        }
        if (run?.state === 'awaiting-credentials') {
          const guide = await service.guide(entry.id);
          // The checklist goes to stderr with --json, so stdout stays one JSON value.
          const say = (line: string) => (out.json ? ctx.io.stderr.write(`${line}\n`) : out.line(line));
          say(`Rotate ${printable(entry.label)} on ${guide.providerName}${guide.keyPageUrl ? `: ${guide.keyPageUrl}` : ''}`);
          guide.steps.forEach((s, i) => say(`  ${i + 1}. ${s}`));
          if (run.nextKeyPair) say(`\n${run.nextKeyPair.publicKeyPem.trim()}\n`);
          if (run.error) say(out.red(printable(run.error.message)));
          const given = await readNewCredentials(ctx, guide.fields);
          if (Object.keys(given).length === 0) throw new AppError('ERR_CANCELLED', 'No new key given; the rotation waits. Run `signet rotate` again with the new key, or --cancel.');
          run = await service.submit(entry.id, given);
        }
      }
      const shown = run ?? ctx.vault.rotationRecord(entry.id).history[0] ?? null;
      if (!shown) throw new AppError('ERR_ROTATION_STATE', 'The rotation left no record.');
      if (out.json) out.result(shown);
      else renderRun(out, shown);
      const failed = shown.state === 'failed' || (shown.error !== null && !ENDED_RUN_STATES.includes(shown.state));
      return failed ? EXIT_FAILED : EXIT_OK;
    } finally {
      await close();
    }
  },
};
