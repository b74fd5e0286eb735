/**
 * `signet sign`: signs a request with any scheme and shows exactly what was signed. With --json, one value
 * `{scheme, request, canonical, signature, steps}`; otherwise the string to sign with its parts labelled (and
 * coloured on a terminal), the steps, the signature and the final request. `--timestamp` and `--nonce` fix time
 * and nonce, so the output is reproducible. With --key the vault key's secrets and API key are masked as `vault show`
 * masks them unless --reveal (a scheme may put the passphrase in a header).
 */
import { signRequest } from '../../lib/signing';
import { getScheme } from '../../signing/registry';
import type { CanonicalPart, SignResult } from '../../signing/types';
import { flag, str } from '../args';
import { createMasker, maskDeep } from '../../request/mask-secrets';
import type { Command } from '../command';
import type { Output, Paint } from '../output';
import { REQUEST_DETAILS, REQUEST_OPTIONS, epochMs, readRequestInput, schemeList, withCredentials } from './request-input';

export const sign: Command = {
  name: 'sign',
  summary: 'Sign a request and show what was signed',
  synopsis: "sign --scheme ID (--credentials FILE|- | --key ENTRY) --method M --url URL [--header 'Name: value']… [--body TEXT | --body-file FILE] [--timestamp EPOCH_MS] [--nonce VALUE] [--option k=v]… [--reveal]",
  details: [
    REQUEST_DETAILS,
    '  --timestamp EPOCH_MS   the signing time (default: now); for the CDP JWT it sets nbf',
    '  --nonce VALUE          the nonce (default: random); for the CDP JWT the JWT header nonce',
    '  --reveal               with --key: print the passphrase and API key in clear (masked as in `vault show`',
    '                         otherwise: passphrase ••••, API key ••••3f9a)',
    '',
    'Prints the string to sign with each part labelled, the steps, the signature and the signed request.',
    'With --json: {"scheme", "request": {"method", "url", "headers", "body"}, "canonical", "signature", "steps"}.',
    'Exit codes: 0 signed, 2 bad input (the one line names the flag or field).',
    '',
    schemeList(),
  ].join('\n'),
  options: { ...REQUEST_OPTIONS, timestamp: { type: 'string' }, nonce: { type: 'string' }, reveal: { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const input = await readRequestInput(ctx, values, 'sign');
    const timestamp = epochMs(values, 'timestamp');
    const nonce = str(values, 'nonce');
    const reveal = flag(values, 'reveal');
    const { schemeId, result } = await withCredentials(ctx, input, async (schemeId, credentials) => {
      const signed = await signRequest(schemeId, input.request, credentials, {
        ...(timestamp !== undefined && { timestamp }),
        ...(nonce !== undefined && { nonce }),
        ...(Object.keys(input.options).length > 0 && { options: input.options }),
      });
      // A vault key's passphrase (or session token) and API key are shown as `vault show` shows them, unless --reveal.
      if (input.source.kind !== 'key' || reveal) return { schemeId, result: signed };
      const { mask } = createMasker(credentials, { ids: true });
      return { schemeId, result: { ...maskDeep({ request: signed.request, canonical: signed.canonical, canonicalParts: signed.canonicalParts, steps: signed.steps }, mask), signature: signed.signature } };
    });
    if (reveal && input.source.kind === 'key' && ctx.io.isTTY && !ctx.out.json) ctx.out.note(ctx.out.yellow('Credentials shown in clear; clear your terminal scrollback when done.'));
    const { out } = ctx;
    if (out.json) {
      const { method, url, headers, body } = result.request;
      out.result({ scheme: schemeId, request: { method, url, headers, body }, canonical: result.canonical, signature: result.signature, steps: result.steps });
      return;
    }
    renderSigned(out, schemeId, result);
  },
};

/** Control characters would move the cursor or recolour the terminal: show them, keep line breaks. */
export function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => (c === '\t' ? '\\t' : c === '\r' ? '\\r' : '?'));
}

/** One colour per part, in turn, so neighbouring parts never share one. */
export function partPaints(out: Output): Paint[] {
  const code = (n: number): Paint => (out.color ? (s) => `\u001b[${n}m${s}\u001b[39m` : (s) => s);
  return [code(36), code(35), code(33), code(32), code(34)];
}

/**
 * The canonical string with each part coloured and the separators between them dim. Parts are found in order;
 * if a scheme's parts are not laid out in the string that way, the string is shown plain. Colours are opened and
 * closed on each line, so a part that spans lines (or ends in the separator) never bleeds into the indent.
 */
export function highlightCanonical(out: Output, canonical: string, parts: readonly CanonicalPart[]): string {
  const paints = partPaints(out);
  const pieces: { text: string; paint: Paint }[] = [];
  let at = 0;
  for (const [i, p] of parts.entries()) {
    if (p.value === '') continue;
    const found = canonical.indexOf(p.value, at);
    if (found < 0) return visible(canonical);
    pieces.push({ text: canonical.slice(at, found), paint: out.dim }, { text: p.value, paint: paints[i % paints.length]! });
    at = found + p.value.length;
  }
  pieces.push({ text: canonical.slice(at), paint: out.dim });
  return pieces
    .map(({ text, paint }) =>
      visible(text)
        .split('\n')
        .map((line) => (line === '' ? '' : paint(line)))
        .join('\n'),
    )
    .join('');
}

export function block(out: Output, text: string, indent = '  '): void {
  for (const line of text.split('\n')) out.line(line === '' ? '' : `${indent}${line}`);
}

export function renderCanonical(out: Output, canonical: string, parts: readonly CanonicalPart[]): void {
  out.line(out.bold('String to sign'));
  block(out, canonical === '' ? out.dim('(empty)') : highlightCanonical(out, canonical, parts));
  if (parts.length === 0) return;
  out.line();
  out.line(out.bold('Parts'));
  const paints = partPaints(out);
  const w = Math.max(...parts.map((p) => p.label.length));
  parts.forEach((p, i) => {
    const value = p.value === '' ? out.dim('(empty)') : paints[i % paints.length]!(visible(p.value).replace(/\n/g, out.dim('\\n')));
    out.line(`  ${out.dim(`${String(i + 1).padStart(2)}`)}  ${p.label.padEnd(w)}  ${value}`);
  });
}

function renderSigned(out: Output, schemeId: string, r: SignResult): void {
  const scheme = getScheme(schemeId);
  out.line(`${out.bold('Scheme')}  ${schemeId} ${out.dim(`(${scheme.title})`)}`);
  out.line();
  renderCanonical(out, r.canonical, r.canonicalParts);
  out.line();
  out.line(out.bold('Steps'));
  r.steps.forEach((s, i) => {
    out.line(`  ${out.dim(`${i + 1}.`)} ${visible(s.label)}${s.note ? out.dim(`  (${visible(s.note)})`) : ''}`);
    block(out, visible(s.value), '     ');
  });
  out.line();
  out.line(out.bold('Signature'));
  out.line(`  ${out.green(visible(r.signature))}`);
  out.line();
  out.line(out.bold('Signed request'));
  out.line(`  ${r.request.method} ${visible(r.request.url)}`);
  for (const [k, v] of Object.entries(r.request.headers)) out.line(`  ${out.dim(`${k}:`)} ${visible(v)}`);
  if (r.request.body !== null) {
    out.line();
    block(out, visible(r.request.body));
  }
}
