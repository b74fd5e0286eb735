/**
 * `signet request`: signs a request with a vault key and sends it through the egress, the same path the app's
 * Request page uses (allowlist, rate limits, retries, timings, redaction). Prints the status, the timings and the
 * response body; `--json` prints the inspector record. The CLI keeps its records in memory only: the app owns the
 * persisted inspector history, and two processes appending to one file would need a lock for no benefit here.
 * Sandbox keys go to SIGNET_SANDBOX_URL (what `signet sandbox` prints).
 */
import { AppError, isAppError } from '../../base/errors';
import type { ErrorCode } from '../../contract/errors';
import type { InspectorRecord } from '../../contract/inspector';
import { Egress } from '../../http/egress';
import { InspectorStore } from '../../http/inspector-store';
import type { Command } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../exit-code';
import type { Output } from '../output';
import { ensureUnlocked } from '../unlock';
import { cliConfirm } from '../confirm';
import { REQUEST_OPTIONS, readRequestInput } from './request-input';
import { visible } from './sign';

const { credentials: _credentials, ...REQUEST_FLAGS } = REQUEST_OPTIONS;
const OPTIONS = { ...REQUEST_FLAGS, yes: { type: 'boolean' } } as const;

/** The egress names engine fields (`url: …`); here they are flags. */
function asFlagError(e: unknown): unknown {
  if (!isAppError(e) || e.code !== 'ERR_SIGNING_INPUT') return e;
  const m = /^(url|method|scheme|headers\[\d+\]\.(?:name|value)): /.exec(e.message);
  if (!m) return e;
  const flag = m[1]!.startsWith('headers') ? '--header' : `--${m[1]}`;
  return new AppError(e.code, `${flag}: ${e.message.slice(m[0].length)}`);
}

const ms = (v: number | null) => (v === null ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);

function render(out: Output, r: InspectorRecord): void {
  const paint = r.outcome === 'ok' ? out.green : r.outcome === 'failed' ? out.red : out.yellow;
  const attempts = r.attempts === 1 ? '' : out.dim(` · ${r.attempts} attempts`);
  out.line(`${paint(r.status === null ? 'no response' : `HTTP ${r.status}`)}  ${r.method} ${visible(r.url)}${attempts}`);
  const t = r.timings;
  out.line(out.dim(`dns ${ms(t.dnsMs)} · connect ${ms(t.connectMs)} · tls ${ms(t.tlsMs)} · first byte ${ms(t.firstByteMs)} · total ${ms(t.totalMs)}`));
  if (r.error && r.status !== null) out.line(`${out.red(visible(r.error.code))}: ${visible(r.error.message)}`);
  if (r.responseBody) {
    out.line();
    out.line(visible(r.responseBody));
    if (r.responseTruncated) out.note(out.dim(`(response cut: ${r.responseBytes} bytes in all)`));
  }
}

export const request: Command = {
  name: 'request',
  summary: 'Sign a request with a vault key and send it',
  synopsis: "request --key ENTRY --method M --url URL [--header 'Name: value']… [--body TEXT | --body-file FILE] [--scheme ID] [--option k=v]… [--yes]",
  details: [
    '  --key ENTRY            the vault key (an id, a unique id prefix or a unique label); unlocks the vault',
    '  --method M             GET, POST, …',
    '  --url URL              a full URL, or a path (/v1/account) joined to the key\'s base URL; for sandbox keys',
    '                         without one, to SIGNET_SANDBOX_URL (the address `signet sandbox` prints)',
    '  --header \'Name: v\'     a request header (repeat for more; a repeated name is one header, values joined',
    '                         with "," in order, as RFC 9110 combines them)',
    '  --body TEXT            the body, byte for byte; or --body-file FILE (`-` for stdin)',
    '  --scheme ID            sign with this scheme instead of the one the key\'s provider implies',
    '  --option k=v           a scheme option (see `signet sign --help`)',
    '  --yes                  confirm a production key\'s write (an order, a withdrawal: anything but a read)',
    '                         without being asked; needed when not on a terminal',
    '',
    'Sends through Signet\'s egress: only to the key\'s hosts (its provider\'s API, its base URL, the sandbox),',
    'rate-limited per key and provider, retried on 429/503 (Retry-After honoured) and, for GET and other',
    'idempotent methods, on 5xx; each retry is signed again. Prints the status, the timings and the body.',
    'With --json: the inspector record (secrets as ••••, signatures masked).',
    'Exit codes: 0 a 2xx answer, 1 any other answer or no answer (refused host, timeout, network), 2 bad input.',
    '',
    'Environment: SIGNET_SANDBOX_URL   the running sandbox, e.g. http://127.0.0.1:7420',
  ].join('\n'),
  options: OPTIONS,
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const input = await readRequestInput(ctx, values, 'request');
    if (input.source.kind !== 'key') throw new AppError('ERR_VALIDATION', 'Missing --key ENTRY: `signet request` sends with a vault key.');
    await ensureUnlocked(ctx);
    const { id } = ctx.vault.resolve(input.source.ref);
    const egress = new Egress({
      vault: ctx.vault,
      inspector: new InspectorStore({ file: null }),
      sandboxUrl: () => ctx.io.env.SIGNET_SANDBOX_URL?.trim() || null,
      // A production key's write is asked on the terminal, or needs --yes.
      confirm: cliConfirm(ctx, values.yes === true),
    });
    let record: InspectorRecord;
    try {
      record = await egress.send({
        entryId: id,
        ...(input.schemeId !== undefined && { schemeId: input.schemeId }),
        method: input.request.method,
        url: input.request.url,
        headers: Object.entries(input.request.headers).map(([name, value]) => ({ name, value })),
        body: input.request.body,
        ...(Object.keys(input.options).length > 0 && { options: input.options }),
      });
    } catch (e) {
      throw asFlagError(e);
    } finally {
      await egress.close();
    }
    const { out } = ctx;
    if (out.json) out.result(record);
    // No response: the record's error is one of the egress's codes (ERR_HOST_NOT_ALLOWED, ERR_TIMEOUT, …).
    else if (record.status === null && record.error) out.error({ code: record.error.code as ErrorCode, message: record.error.message });
    else render(out, record);
    return record.status !== null && record.status >= 200 && record.status < 300 ? EXIT_OK : EXIT_FAILED;
  },
};
