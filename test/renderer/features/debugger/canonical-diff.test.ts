/**
 * The string-to-sign diff as the Debugger draws it: each side keeps the equal text and its own changed text, marked
 * as deleted (only expected) or inserted (only in what the request implies); line breaks show as ↵ and still break
 * the line; in changed text spaces and tabs are visible (· →); nothing is drawn when there is no string at all.
 * Rendered with the real component (react-dom/server), read back as HTML.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DiffSegment } from '../../../../src-main/contract/debug';
import { CanonicalDiff } from '../../../../src-renderer/features/debugger/canonical-diff';
import { diffCounts, diffPieces } from '../../../../src-renderer/features/debugger/debugger-model';

const METHOD_CASE: DiffSegment[] = [
  { op: 'delete', text: 'POST' },
  { op: 'insert', text: 'post' },
  { op: 'equal', text: '\n/v1/orders\nsymbol=BTC-USD' },
];

const render = (diff: DiffSegment[], props: { match?: boolean; found?: boolean; valid?: boolean } = {}) => renderToStaticMarkup(createElement(CanonicalDiff, { diff, match: false, found: true, ...props }));

/** The <pre> of one side, as HTML. */
function side(html: string, which: 'expected' | 'received'): string {
  const m = new RegExp(`<pre[^>]*data-side="${which}"[^>]*>([\\s\\S]*?)</pre>`).exec(html);
  if (!m) throw new Error(`no ${which} side in ${html}`);
  return m[1]!;
}

describe('the string-to-sign diff', () => {
  it('marks the expected text as deleted on the left and the request’s as inserted on the right', () => {
    const html = render(METHOD_CASE);
    expect(side(html, 'expected')).toMatch(/^<mark class="dbg-del"[^>]*>POST<\/mark>/);
    expect(side(html, 'expected')).not.toContain('post');
    expect(side(html, 'received')).toMatch(/^<mark class="dbg-ins"[^>]*>post<\/mark>/);
    expect(side(html, 'received')).not.toContain('POST');
    expect(html).toContain('4 characters only in the expected string');
    expect(html).toContain('4 characters only in what the request implies');
  });

  it('draws line breaks as ↵ that still break the line, in equal and changed text', () => {
    const expected = side(render(METHOD_CASE), 'expected');
    expect(expected).toContain('<span class="dbg-ws">↵\n</span><span>/v1/orders</span><span class="dbg-ws">↵\n</span><span>symbol=BTC-USD</span>');
    const pieces = diffPieces([{ op: 'equal', text: 'a' }, { op: 'insert', text: '\n' }, { op: 'equal', text: 'b' }], 'received');
    expect(pieces).toEqual([
      { op: 'equal', text: 'a', mark: false },
      { op: 'insert', text: '↵\n', mark: true },
      { op: 'equal', text: 'b', mark: false },
    ]);
  });

  it('makes a stray space or tab visible where the sides differ, and leaves equal spaces alone', () => {
    const diff: DiffSegment[] = [
      { op: 'equal', text: 'a b' },
      { op: 'insert', text: ' \t' },
      { op: 'equal', text: 'c' },
    ];
    expect(diffPieces(diff, 'received').map((p) => p.text)).toEqual(['a b', '·', '→', 'c']);
    expect(diffPieces(diff, 'expected').map((p) => p.text)).toEqual(['a b', 'c']);
    const received = side(render(diff), 'received');
    expect(received).toContain('<mark class="dbg-ins dbg-ws"');
    expect(received).toContain('>·</mark>');
    expect(received).toContain('>→</mark>');
    expect(diffCounts(diff)).toEqual({ deleted: 0, inserted: 2 });
  });

  it('escapes what it draws: a pasted string is text, never markup', () => {
    const html = render([{ op: 'delete', text: '<img src=x onerror=alert(1)>' }, { op: 'equal', text: '&' }]);
    expect(html).not.toContain('<img');
    expect(side(html, 'expected')).toContain('&lt;img');
  });

  it('says so when the strings are the same: accepted, the signature matches, or nothing reproduces it', () => {
    const same: DiffSegment[] = [{ op: 'equal', text: 'GET\n/v1/account' }];
    expect(render(same, { valid: true, match: true })).toContain('The request implies exactly the expected string, and its signature matches.');
    expect(render(same, { match: true })).toContain('the refusal is about something else');
    expect(render(same, { found: false })).toContain('No other string to sign reproduces the received signature');
    expect(render(same, { found: false })).toContain('not reproduced');
  });

  it('draws no columns when there is no string to sign at all', () => {
    const html = render([{ op: 'equal', text: '' }]);
    expect(html).not.toContain('<pre');
    expect(html).toContain('no string to sign');
    expect(render([])).not.toContain('<pre');
  });
});
