/**
 * `signet debug`: why a signed request is refused, and the request that would not be. The request comes as raw
 * HTTP (--request-file), a curl command (--curl) or a HAR entry (--har, --entry); the key from a credentials file or
 * the vault; optionally the server's answer (--response-file). Exit 0 when the request would be accepted, 1 when it
 * would not (with at least one diagnosis), 2 on bad input. Credential values never appear in the output.
 */
import { randomBytes } from 'node:crypto';
import type { DebugRun } from '../../contract/debug';
import { PublicHttpClient } from '../../http/public-http';
import type { ServerTimeEndpoint } from '../../signing/debug/server-time';
import type { DebugSource } from '../../debugger/debug-service';
import { DebugService, readPasted } from '../../debugger/debug-service';
import { AppError, isAppError } from '../../base/errors';
import { str, usageError, type OptionValues } from '../args';
import type { Command } from '../command';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../exit-code';
import type { Output } from '../output';
import { ensureUnlocked } from '../unlock';
import { epochMs, readCredentials, readText, schemeList } from './request-input';
import { block, visible } from './sign';

const MAX_REQUEST_BYTES = 1024 * 1024;
const MAX_HAR_BYTES = 16 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** A server answer as saved: an HTTP response (status line, headers, body) or the body alone. */
export function readAnswer(text: string): { status: number | null; body: string } {
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b[^\n]*\n/.exec(text);
  if (!m) return { status: null, body: text };
  const rest = text.slice(m[0].length);
  const blank = /\r?\n\r?\n/.exec(rest);
  return { status: Number(m[1]), body: blank ? rest.slice(blank.index + blank[0].length) : '' };
}

async function sourceOf(ctx: CliContext, values: OptionValues): Promise<DebugSource> {
  const given = ['request-file', 'curl', 'har'].filter((f) => str(values, f) !== undefined);
  if (given.length !== 1) throw usageError(given.length === 0 ? 'Give the request: --request-file FILE, --curl \'curl …\' or --har FILE.' : `Give one request, not ${given.map((g) => `--${g}`).join(' and ')}.`);
  const entryText = str(values, 'entry');
  if (entryText !== undefined && str(values, 'har') === undefined) throw usageError('--entry picks an entry of a --har file.');
  if (str(values, 'curl') !== undefined) return { kind: 'curl', text: str(values, 'curl')! };
  if (str(values, 'har') !== undefined) {
    if (entryText !== undefined && !/^\d{1,6}$/.test(entryText.trim())) throw usageError(`--entry: expected an entry number such as 0, not "${visible(entryText).slice(0, 20)}".`);
    return { kind: 'har', text: await readText(ctx, str(values, 'har')!, 'har', MAX_HAR_BYTES, 'HAR file'), entry: entryText === undefined ? undefined : Number(entryText.trim()) };
  }
  return { kind: 'http', text: await readText(ctx, str(values, 'request-file')!, 'request-file', MAX_REQUEST_BYTES, 'raw HTTP request') };
}

function renderDiff(out: Output, run: DebugRun): void {
  const strike = out.color ? (s: string) => `\u001b[9m${s}\u001b[29m` : (s: string) => `[-${s}-]`;
  const add = out.color ? (s: string) => out.green(s) : (s: string) => `{+${s}+}`;
  const text = run.diff.map((d) => (d.op === 'equal' ? visible(d.text) : d.op === 'delete' ? out.red(strike(visible(d.text))) : add(visible(d.text)))).join('');
  block(out, text);
}

function render(out: Output, run: DebugRun): void {
  out.line(run.valid ? out.green(out.bold('Accepted: the signature matches and the request is fresh')) : out.red(out.bold('Refused')));
  out.fields([
    ['scheme', `${run.scheme} (${run.schemeReason})`],
    ['request', `${run.request.method} ${visible(run.request.url)}`],
    ...(run.serverError ? [['server said', `${run.serverError.code}: ${run.serverError.meaning}`] as const] : []),
  ]);
  for (const note of run.notes) out.line(out.dim(`  note: ${visible(note)}`));
  if (run.diagnosis.length > 0) {
    out.line();
    out.line(out.bold('Why'));
    run.diagnosis.forEach((d, i) => {
      out.line(`  ${i + 1}. ${out.yellow(d.cause)}${d.reproduced ? '' : out.dim(' (not reproduced)')}${d.fromServer ? out.dim(' (the server’s error says so)') : ''}`);
      block(out, visible(d.explanation), '     ');
    });
  }
  out.line();
  out.line(out.bold('Signature'));
  out.fields([
    ['expected', visible(run.expected.signature) || '(none)'],
    ['received', run.received.signature === null ? '(none)' : visible(run.received.signature)],
  ]);
  out.line();
  if (run.expected.canonical === run.received.canonical) {
    out.line(out.bold('String to sign') + out.dim(' (the one the request implies is the same)'));
    block(out, visible(run.expected.canonical) || out.dim('(empty)'));
  } else {
    out.line(out.bold('String to sign') + out.dim(` (expected ${out.color ? 'as is, received in green, missing struck out' : 'as is, {+received+}, [-expected only-]'})`));
    renderDiff(out, run);
  }
  const t = run.timing;
  if (t.raw !== null) {
    out.line();
    out.line(out.bold('Time'));
    out.fields([
      ['timestamp', `${t.raw} (${t.units})`],
      ...(t.localSkewMs !== null ? [['vs this computer', `${t.localSkewMs >= 0 ? '+' : ''}${t.localSkewMs} ms`] as const] : []),
      ...(t.serverSkewMs !== null ? [['vs the exchange', `${t.serverSkewMs >= 0 ? '+' : ''}${t.serverSkewMs} ms`] as const] : []),
      ...(t.windowMs !== null ? [['window', `±${t.windowMs} ms`] as const] : []),
    ]);
  }
  out.line();
  out.line(out.bold('As a careful server checks it') + out.dim(' (in this order; it stops at the first failure)'));
  const mark = { passed: out.green('pass'), failed: out.red('FAIL'), 'not-reached': out.dim('—   '), 'not-checked': out.dim('n/a ') };
  for (const c of run.serverView.checks) out.line(`  ${mark[c.outcome]}  ${c.check}: ${out.dim(visible(c.detail))}`);
  if (run.fixed && !run.valid) {
    out.line();
    out.line(out.bold('Fixed request'));
    out.line(`  ${run.fixed.method} ${visible(run.fixed.url)}`);
    for (const [k, v] of Object.entries(run.fixed.headers)) out.line(`  ${k}: ${visible(v)}`);
    if (run.fixed.body) {
      out.line();
      block(out, visible(run.fixed.body));
    }
  }
}

export const debug: Command = {
  name: 'debug',
  summary: 'Explain why a signature is refused, and write the corrected request',
  synopsis: "debug --scheme ID|auto (--credentials FILE|- | --key ENTRY) (--request-file FILE | --curl 'curl …' | --har FILE [--entry N]) [--response-file FILE] [--now EPOCH_MS] [--server-time]",
  details: [
    '  --scheme ID|auto       the scheme, or auto: detected from the headers, host and parameters (the reason is shown)',
    '  --credentials FILE|-   a JSON object with the key\'s credentials (as for `signet verify`); `-` reads stdin',
    '  --key ENTRY            a vault key instead (an id, a unique id prefix or a unique label); unlocks the vault',
    '  --request-file FILE    the request as raw HTTP/1.1 text (request line, headers, blank line, body); `-` for stdin',
    "  --curl 'curl …'        the request as a curl command (-X, -H, -d/--data*, --url, -G, … quoted as bash does)",
    '  --har FILE             a HAR file; --entry N picks an entry (default: the only one, or the last signed one)',
    '  --response-file FILE   what the server answered (an HTTP response, or its body): its documented error code',
    '                         ranks the causes',
    '  --now EPOCH_MS         the time to judge the timestamp against (default: now)',
    '  --server-time          also ask the exchange its clock (one unsigned GET of its public time endpoint,',
    '                         to a documented host only) and judge the timestamp against it',
    '',
    'With --json: {"valid", "scheme", "expected": {"canonical", "signature"}, "received": {"signature", "canonical"},',
    '"diagnosis": [{"cause", "explanation", "fix", …}], "fixed": {"method", "url", "headers", "body"}, …}.',
    'Causes: scheme-mismatch, missing-component, signature-encoding, method-case, path-form, query-order,',
    'url-encoding, body-mismatch, secret-encoding, wrong-algorithm, timestamp-units, timestamp-skew, replayed-nonce,',
    'wrong-secret.',
    'Exit codes: 0 the request would be accepted, 1 it would not, 2 bad input (the one line names the flag).',
    '',
    schemeList(),
  ].join('\n'),
  options: {
    scheme: { type: 'string' },
    credentials: { type: 'string' },
    key: { type: 'string' },
    'request-file': { type: 'string' },
    curl: { type: 'string' },
    har: { type: 'string' },
    entry: { type: 'string' },
    'response-file': { type: 'string' },
    now: { type: 'string' },
    'server-time': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const v = values as Record<string, unknown>;
    const scheme = str(values, 'scheme');
    if (scheme === undefined) throw usageError('--scheme: name the scheme, or give --scheme auto to detect it.');
    if ((v.credentials === undefined) === (v.key === undefined)) throw usageError('Give the key: --credentials FILE|- or --key ENTRY (one of them).');
    const now = epochMs(values, 'now');
    const source = await sourceOf(ctx, values);
    // Read it once here so that a paste error names its flag; the service reads it again for the diagnosis.
    if (source.kind !== 'record') {
      try {
        readPasted(source);
      } catch (e) {
        if (isAppError(e) && e.code === 'ERR_DEBUG_INPUT') throw new AppError('ERR_DEBUG_INPUT', `--${source.kind === 'http' ? 'request-file' : source.kind}: ${e.message}`);
        throw e;
      }
    }
    const responseFile = str(values, 'response-file');
    const response = responseFile === undefined ? null : readAnswer(await readText(ctx, responseFile, 'response-file', MAX_RESPONSE_BYTES, 'server answer'));
    const clock = values['server-time'] === true ? new PublicHttpClient({ vault: ctx.vault, sandboxUrl: () => null }) : null;
    const service = new DebugService({
      vault: ctx.vault,
      // The CLI keeps no Inspector history: nonces are not checked against earlier runs.
      records: {
        request: () => {
          throw usageError('Inspector records are debugged in the app.');
        },
        nonceCount: () => 0,
      },
      now: Date.now,
      newNonce: () => randomBytes(16).toString('hex'),
      ...(clock && { fetchServerTime: (schemeId: string, endpoint: ServerTimeEndpoint) => clock.clock(schemeId, endpoint.url, endpoint.read) }),
    });
    let key: { entryId: string } | { session: true };
    if (v.key !== undefined) {
      await ensureUnlocked(ctx);
      key = { entryId: ctx.vault.resolve(str(values, 'key')!).id };
    } else {
      service.setSession(await readCredentials(ctx, str(values, 'credentials')!));
      key = { session: true };
    }
    try {
      const run = await service.run({ source, scheme, key, response, serverTime: clock !== null, ...(now !== undefined && { now }) });
      if (ctx.out.json) ctx.out.result(run);
      else render(ctx.out, run);
      return run.valid ? EXIT_OK : EXIT_FAILED;
    } finally {
      service.forgetSession();
      await clock?.close();
    }
  },
};
